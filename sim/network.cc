#include "sim/network.h"

#include <algorithm>
#include <bit>
#include <limits>

#include "models/common/random.h"

namespace bmd::sim {
namespace {
// Relay keys a node is expected to see in a run (cues, engagement status, kill
// assessments): its key set is sized for this many up front.
constexpr std::size_t kExpectedRelayKeys = 4096;

// Stream entities of links: 50000 + link index (threats < 1000, sensors 1000+,
// interceptors 100000+).
std::uint64_t LinkEntity(std::size_t link) { return 50000u + link; }

// Identity of a relayed message's content (the same report arriving over two paths is
// forwarded once): its fields mixed word by word (a 64-bit key; distinct contents collide
// with probability ~2^-64 per pair, as with any 64-bit hash).
std::uint64_t MixWord(std::uint64_t h, std::uint64_t word) { return Mix64(h ^ word); }
std::uint64_t Word(double x) { return std::bit_cast<std::uint64_t>(x); }
std::uint64_t Word(std::int64_t x) { return static_cast<std::uint64_t>(x); }

std::uint64_t RelayKey(const interop::Message& m) {
  std::uint64_t h = static_cast<std::uint64_t>(m.data_class()) + 1;
  if (const auto* s = std::get_if<interop::EngagementStatus>(&m.payload)) {
    h = MixWord(h, Word(std::int64_t{s->fire_unit}) << 8 | static_cast<std::uint64_t>(s->state));
    h = MixWord(h, Word(s->target_network_track));
    h = MixWord(h, Word(s->t_s));
  } else if (const auto* k = std::get_if<interop::KillAssessmentReport>(&m.payload)) {
    h = MixWord(h, Word(std::int64_t{k->fire_unit}));
    h = MixWord(h, Word(k->target_network_track));
    h = MixWord(h, Word(k->intercept_s));
  } else if (const auto* c = std::get_if<interop::CueReport>(&m.payload)) {
    h = MixWord(h, Word(std::int64_t{c->source_sensor}));
    h = MixWord(h, Word(c->t_s));
    h = MixWord(h, Word(c->launch_time_s));
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
  const int n_nations = p.nations.size();
  known_nations_ = n_nations >= interop::kMaxNations ? ~interop::NationSet{0}
                                                     : (interop::NationSet{1} << n_nations) - 1;
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
  inbox_.assign(n * interop::kNumDataClasses, {});
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
  const interop::NationId from_nation = p_.node_nation[static_cast<std::size_t>(from)];
  const interop::NationId to_nation = p_.node_nation[static_cast<std::size_t>(to)];
  const auto data_class = static_cast<interop::DataClass>(payload.index());
  // The policy decides from the class and the nations alone, so it runs before the message
  // is built; degradations are applied afterwards in the same (originator) order, and a
  // denied message is never built. Counters and results are those of Apply in turn.
  // Originators outside the nation table are ignored (they would end the loop in nation order).
  const interop::NationSet known = (originators | interop::SetOf(from_nation)) & known_nations_;
  bool withheld = false;
  double delay_s = 0.0;
  const interop::Degradation* degrade[interop::kMaxNations];
  int n_degrade = 0;
  if ((known & ~policy_->AllowedFrom(to_nation, data_class)) == 0) {
    // Every originator allows (the usual case): the same counts, nothing else to decide.
    policy_->CountAllowed(known, to_nation, data_class);
  } else {
    for (interop::NationSet rest = known; rest != 0; rest &= rest - 1) {
      const auto c = static_cast<interop::NationId>(std::countr_zero(rest));
      const interop::Release& r = policy_->Decide(c, to_nation, data_class);
      if (r.action == interop::ReleaseAction::kDeny) {
        withheld = true;
        break;
      }
      if (r.action == interop::ReleaseAction::kDelay) delay_s = std::max(delay_s, r.delay_s);
      if (r.action == interop::ReleaseAction::kDegrade) degrade[n_degrade++] = &r.degrade;
    }
  }
  if (record_messages_) {
    LinkMessageRecord lr;
    lr.t_send_s = t_s;
    lr.link = d.link;
    lr.from_node = from;
    lr.to_node = to;
    lr.kind = data_class;
    lr.status = withheld ? MessageStatus::kWithheld : MessageStatus::kInFlight;
    if (!withheld) d.record_of_seq.push_back(rec_.messages.size());
    rec_.messages.push_back(lr);
  }
  if (withheld) {
    d.link_model.CountWithheld();
    ++rec_.withheld;
    return false;
  }
  // Built once, in the link's own storage.
  interop::Message& msg = d.link_model.Compose();
  msg.sender_node = from;
  msg.sender_nation = from_nation;
  msg.receiver_node = to;
  msg.payload = payload;
  for (int k = 0; k < n_degrade; ++k) interop::DegradePayload(*degrade[k], &msg.payload);
  d.link_model.SendComposed(t_s, delay_s);
  next_due_s_ = std::min(next_due_s_, d.link_model.next_due_s());
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
  // Nothing queued or in flight on any link is due by t_s: no delivery, no drop, no relay.
  if (t_s < next_due_s_) return;
  // Deliveries of this tick first, straight from the links into the inboxes, then relays
  // (sent at t_s, so never delivered this tick unless a link has zero latency: those are
  // picked up on the next tick).
  to_relay_.clear();
  double next_due_s = std::numeric_limits<double>::infinity();
  for (auto& dp : dirs_) {
    Direction& d = *dp;
    interop::Link& link = d.link_model;
    if (link.next_due_s() <= t_s) {
      while (const interop::Message* m = link.NextDelivery(t_s)) {
        if (record_messages_ && m->seq < d.record_of_seq.size()) {
          auto& lr = rec_.messages[d.record_of_seq[m->seq]];
          lr.status = MessageStatus::kDelivered;
          lr.t_recv_s = m->t_delivered_s;
        }
        const interop::DataClass c = m->data_class();
        const std::size_t box = static_cast<std::size_t>(m->receiver_node) * interop::kNumDataClasses +
                                static_cast<std::size_t>(c);
        inbox_[box].push_back(*m);
        if (c != interop::DataClass::kTracks) {
          to_relay_.push_back({static_cast<std::uint32_t>(box), static_cast<std::uint32_t>(inbox_[box].size() - 1)});
        }
      }
      Consume(d);
    }
    next_due_s = std::min(next_due_s, link.next_due_s());
  }
  next_due_s_ = next_due_s;
  // Relays only send (they never touch an inbox), so the references stay valid.
  for (const RelayRef& r : to_relay_) {
    const interop::Message& m = inbox_[r.box][r.index];
    Relay(m.receiver_node, m.sender_node, m, t_s);
  }
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
