#include "sim/network.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "models/common/random.h"

namespace bmd::sim {
namespace {
// Relay keys a node is expected to see in a run (cues, engagement status, kill
// assessments): its key set is sized for this many up front.
constexpr std::size_t kExpectedRelayKeys = 4096;

// Stream entities of links: 50000 + link index (threats < 1000, sensors 1000+,
// interceptors 100000+).
std::uint64_t LinkEntity(std::size_t link) { return 50000u + link; }

std::uint64_t HashBytes(std::uint64_t h, const void* data, std::size_t n) {
  const auto* b = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  return h;
}
template <typename T>
std::uint64_t Hash(std::uint64_t h, const T& v) { return HashBytes(h, &v, sizeof v); }

// Identity of a relayed message's content (the same report arriving over two paths is
// forwarded once).
std::uint64_t RelayKey(const interop::Message& m) {
  std::uint64_t h = 1469598103934665603ull;
  h = Hash(h, static_cast<std::uint8_t>(m.data_class()));
  if (const auto* s = std::get_if<interop::EngagementStatus>(&m.payload)) {
    h = Hash(h, s->fire_unit);
    h = Hash(h, s->target_network_track);
    h = Hash(h, static_cast<std::uint8_t>(s->state));
    h = Hash(h, s->t_s);
  } else if (const auto* k = std::get_if<interop::KillAssessmentReport>(&m.payload)) {
    h = Hash(h, k->fire_unit);
    h = Hash(h, k->target_network_track);
    h = Hash(h, k->intercept_s);
  } else if (const auto* c = std::get_if<interop::CueReport>(&m.payload)) {
    h = Hash(h, c->source_sensor);
    h = Hash(h, c->t_s);
    h = Hash(h, c->launch_time_s);
  }
  return Mix64(h);
}

}  // namespace

const char* MessageStatusName(MessageStatus s) {
  switch (s) {
    case MessageStatus::kDelivered: return "delivered";
    case MessageStatus::kLost: return "lost";
    case MessageStatus::kWithheld: return "withheld";
    case MessageStatus::kDroppedCapacity: return "dropped_capacity";
    case MessageStatus::kOutage: return "outage";
    case MessageStatus::kInFlight: return "in_flight";
  }
  return "unknown";
}

const char* DataClassName(interop::DataClass c) {
  switch (c) {
    case interop::DataClass::kTracks: return "track";
    case interop::DataClass::kCues: return "cue";
    case interop::DataClass::kEngagementStatus: return "engagement_status";
    case interop::DataClass::kKillAssessment: return "kill_assessment";
  }
  return "unknown";
}

struct Network::Direction {
  int link = -1;
  int from = -1;
  int to = -1;
  interop::Link link_model;
  std::vector<interop::DropRecord> drops;
  std::vector<std::size_t> record_of_seq;  ///< seq -> index into rec_.messages (recording)
  Direction(const interop::LinkConfig& cfg, const interop::LinkStreams& s) : link_model(cfg, s) {}
};

Network::Network(const PreparedScenario& p, std::uint64_t seed, std::uint64_t run, bool record_messages)
    : p_(p), record_messages_(record_messages) {
  const Scenario& sc = *p.scenario;
  const std::size_t n = sc.nodes.size();
  policy_ = std::make_unique<interop::SharingPolicy>(p.sharing, p.nations.size());
  neighbors_.assign(n, {});
  dir_index_.assign(n * n, -1);
  for (std::size_t l = 0; l < sc.links.size(); ++l) {
    const auto& spec = sc.links[l];
    for (int dir = 0; dir < 2; ++dir) {
      const int from = dir == 0 ? spec.node_a : spec.node_b;
      const int to = dir == 0 ? spec.node_b : spec.node_a;
      auto d = std::make_unique<Direction>(spec.config, interop::LinkStreams::For(seed, run, LinkEntity(l), dir));
      d->link = static_cast<int>(l);
      d->from = from;
      d->to = to;
      d->link_model.set_drop_log(&d->drops);
      dir_index_[static_cast<std::size_t>(from) * n + static_cast<std::size_t>(to)] = static_cast<int>(dirs_.size());
      neighbors_[static_cast<std::size_t>(from)].push_back(to);
      dirs_.push_back(std::move(d));
    }
  }
  for (auto& nb : neighbors_) std::sort(nb.begin(), nb.end());
  inbox_.assign(n, std::vector<std::vector<interop::Message>>(interop::kNumDataClasses));
  seen_.assign(n, KeySet(kExpectedRelayKeys));
}

Network::~Network() = default;

int Network::DirectionOf(int from, int to) const {
  const std::size_t n = neighbors_.size();
  return dir_index_[static_cast<std::size_t>(from) * n + static_cast<std::size_t>(to)];
}

bool Network::Send(int from, int to, const interop::Payload& payload, interop::NationSet originators,
                   double t_s) {
  const int di = DirectionOf(from, to);
  if (di < 0) return false;
  Direction& d = *dirs_[static_cast<std::size_t>(di)];
  interop::Message msg;
  msg.sender_node = from;
  msg.sender_nation = p_.node_nation[static_cast<std::size_t>(from)];
  msg.receiver_node = to;
  msg.payload = payload;
  const interop::NationId to_nation = p_.node_nation[static_cast<std::size_t>(to)];
  originators |= interop::SetOf(msg.sender_nation);
  bool withheld = false;
  double delay_s = 0.0;
  for (interop::NationSet rest = originators; rest != 0; rest &= rest - 1) {
    const auto c = static_cast<interop::NationId>(std::countr_zero(rest));
    if (c >= p_.nations.size()) break;
    const interop::Release& r = policy_->Apply(&msg, c, to_nation);
    if (r.action == interop::ReleaseAction::kDeny) {
      withheld = true;
      break;
    }
    if (r.action == interop::ReleaseAction::kDelay) delay_s = std::max(delay_s, r.delay_s);
  }
  if (record_messages_) {
    LinkMessageRecord lr;
    lr.t_send_s = t_s;
    lr.link = d.link;
    lr.from_node = from;
    lr.to_node = to;
    lr.kind = msg.data_class();
    lr.status = withheld ? MessageStatus::kWithheld : MessageStatus::kInFlight;
    if (!withheld) d.record_of_seq.push_back(rec_.messages.size());
    rec_.messages.push_back(lr);
  }
  if (withheld) {
    d.link_model.CountWithheld();
    ++rec_.withheld;
    return false;
  }
  d.link_model.Send(msg, t_s, delay_s);
  Consume(d);
  return true;
}

void Network::SendToNeighbors(int from, const interop::Payload& payload, interop::NationSet originators,
                              double t_s) {
  for (int to : neighbors_[static_cast<std::size_t>(from)]) Send(from, to, payload, originators, t_s);
}

// Drop log entries -> message records.
void Network::Consume(Direction& d) {
  if (record_messages_) {
    for (const auto& dr : d.drops) {
      if (dr.seq >= d.record_of_seq.size()) continue;
      auto& lr = rec_.messages[d.record_of_seq[dr.seq]];
      lr.status = dr.reason == interop::DropReason::kLost       ? MessageStatus::kLost
                  : dr.reason == interop::DropReason::kCapacity ? MessageStatus::kDroppedCapacity
                                                                : MessageStatus::kOutage;
    }
  }
  d.drops.clear();
}

void Network::Relay(int at_node, int came_from, const interop::Message& m, double t_s) {
  if (m.data_class() == interop::DataClass::kTracks) return;
  auto& seen = seen_[static_cast<std::size_t>(at_node)];
  const std::uint64_t key = RelayKey(m);
  if (!seen.Insert(key)) return;  // relayed once (thousands of keys per run)
  interop::NationSet origin = interop::SetOf(m.sender_nation);
  if (const auto* s = std::get_if<interop::EngagementStatus>(&m.payload)) origin = interop::SetOf(s->nation);
  if (const auto* k = std::get_if<interop::KillAssessmentReport>(&m.payload)) origin = interop::SetOf(k->nation);
  if (const auto* c = std::get_if<interop::CueReport>(&m.payload)) {
    if (c->source_sensor >= 0) origin = interop::SetOf(p_.sensor_nation[static_cast<std::size_t>(c->source_sensor)]);
  }
  for (int to : neighbors_[static_cast<std::size_t>(at_node)]) {
    if (to == came_from) continue;
    const std::size_t before = rec_.messages.size();
    Send(at_node, to, m.payload, origin, t_s);
    if (record_messages_) {
      for (std::size_t i = before; i < rec_.messages.size(); ++i) rec_.messages[i].relayed = true;
    }
  }
}

void Network::Deliver(double t_s) {
  // Deliveries of this tick first, then relays (sent at t_s, so never delivered this tick
  // unless a link has zero latency: those are picked up on the next tick).
  delivered_.clear();
  for (auto& dp : dirs_) {
    Direction& d = *dp;
    const std::size_t before = delivered_.size();
    d.link_model.Deliver(t_s, &delivered_);
    Consume(d);
    if (record_messages_) {
      for (std::size_t i = before; i < delivered_.size(); ++i) {
        const auto& m = delivered_[i];
        if (m.seq >= d.record_of_seq.size()) continue;
        auto& lr = rec_.messages[d.record_of_seq[m.seq]];
        lr.status = MessageStatus::kDelivered;
        lr.t_recv_s = m.t_delivered_s;
      }
    }
  }
  for (const auto& m : delivered_) {
    const int to = m.receiver_node;
    auto& box = inbox_[static_cast<std::size_t>(to)][static_cast<std::size_t>(m.data_class())];
    box.push_back(m);
  }
  for (const auto& m : delivered_) Relay(m.receiver_node, m.sender_node, m, t_s);
}

std::vector<interop::Message>& Network::Inbox(int node, interop::DataClass c) {
  return inbox_[static_cast<std::size_t>(node)][static_cast<std::size_t>(c)];
}

void Network::Finish() {
  for (auto& dp : dirs_) {
    Consume(*dp);
    rec_.links.push_back(LinkDirectionSummary{dp->link, dp->from, dp->to, dp->link_model.counters()});
  }
  const int n = p_.nations.size();
  for (int f = 0; f < n; ++f) {
    for (int t = 0; t < n; ++t) {
      for (int c = 0; c < interop::kNumDataClasses; ++c) {
        const auto& k = policy_->counters(f, t, static_cast<interop::DataClass>(c));
        if (k.allowed + k.withheld + k.delayed + k.degraded == 0) continue;
        rec_.policy.push_back({f, t, static_cast<interop::DataClass>(c), k});
      }
    }
  }
}

}  // namespace bmd::sim
