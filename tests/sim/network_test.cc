// The run's data-link network (sim/network.h): what reaches the inboxes is exactly what the
// links deliver, tick by tick (including the ticks Deliver skips because nothing is due);
// releases (degrade, deny) are applied as documented; cues and engagement status are relayed
// once through a hub, track reports never.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "models/interop/link.h"
#include "sim/network.h"

namespace bmd::sim {
namespace {

constexpr std::uint64_t kSeed = 7;
constexpr std::uint64_t kRun = 3;

// Three nodes in a chain A - B - C, one nation each (0, 1, 2), both links with `cfg`.
PreparedScenario Chain(const interop::LinkConfig& cfg, const interop::SharingPolicyConfig& sharing) {
  auto sc = std::make_shared<Scenario>();
  sc->nodes.resize(3);
  sc->links.push_back({"ab", 0, 1, cfg});
  sc->links.push_back({"bc", 1, 2, cfg});
  PreparedScenario p;
  p.scenario = sc;
  p.nations.AddNation("AAA");
  p.nations.AddNation("BBB");
  p.nations.AddNation("CCC");
  p.node_nation = {0, 1, 2};
  p.sensor_nation = {0};
  p.sharing = sharing;
  return p;
}

interop::SharingPolicyConfig AllowAll() {
  interop::SharingPolicyConfig c;
  c.default_release = interop::Release::Allow();
  return c;
}

interop::LinkConfig FixedLatency(double latency_s) {
  interop::LinkConfig cfg;
  cfg.latency.fixed_s = latency_s;
  return cfg;
}

interop::TrackReport Track(std::int64_t number) {
  interop::TrackReport r;
  r.local_track_number = number;
  r.r_ecef = Eigen::Vector3d(number, 2.0 * number, -3.0 * number);
  return r;
}

// Reference: one interop::Link per direction with the streams the network documents
// (entity 50000 + link index, direction 0 = node_a -> node_b), fed through the copying
// Send / Deliver(vector) path, delivered direction by direction at every tick.
TEST(Network, InboxesHoldExactlyWhatTheLinksDeliverTickByTick) {
  interop::LinkConfig cfg;
  cfg.latency = {interop::LatencyDistribution::kNormal, 0.4, 0.2, 0.0};
  cfg.loss_probability = 0.05;
  cfg.capacity_msg_per_s = 20.0;
  cfg.queue_limit = 8;  // bursts of 12 overflow it: capacity drops too
  const PreparedScenario p = Chain(cfg, AllowAll());
  Network net(p, kSeed, kRun, /*record_messages=*/true);

  struct RefDir {
    int from, to;
    interop::Link link;
  };
  std::vector<RefDir> ref;
  for (int l = 0; l < 2; ++l) {
    const auto& spec = p.scenario->links[static_cast<std::size_t>(l)];
    ref.push_back({spec.node_a, spec.node_b, interop::Link(cfg, interop::LinkStreams::For(kSeed, kRun, 50000u + l, 0))});
    ref.push_back({spec.node_b, spec.node_a, interop::Link(cfg, interop::LinkStreams::For(kSeed, kRun, 50000u + l, 1))});
  }
  std::vector<std::vector<interop::Message>> expected(3);
  std::vector<interop::Message> out;
  std::int64_t number = 0;
  int empty_ticks = 0;
  for (int tick = 0; tick <= 1200; ++tick) {
    const double t = 0.1 * tick;
    net.Deliver(t);
    for (auto& d : ref) {
      out.clear();
      d.link.Deliver(t, &out);
      for (auto& m : out) expected[static_cast<std::size_t>(m.receiver_node)].push_back(m);
    }
    bool any = false;
    for (int node = 0; node < 3; ++node) {
      auto& box = net.Inbox(node, interop::DataClass::kTracks);
      auto& want = expected[static_cast<std::size_t>(node)];
      any = any || !want.empty();
      ASSERT_EQ(box.size(), want.size()) << "t " << t << " node " << node;
      for (std::size_t k = 0; k < box.size(); ++k) {
        EXPECT_EQ(box[k].sender_node, want[k].sender_node);
        EXPECT_EQ(box[k].sender_nation, want[k].sender_nation);
        EXPECT_EQ(box[k].seq, want[k].seq);
        EXPECT_EQ(box[k].t_sent_s, want[k].t_sent_s);
        EXPECT_EQ(box[k].t_delivered_s, want[k].t_delivered_s);
        const auto& a = std::get<interop::TrackReport>(box[k].payload);
        const auto& b = std::get<interop::TrackReport>(want[k].payload);
        EXPECT_EQ(a.local_track_number, b.local_track_number);
        EXPECT_EQ(a.r_ecef, b.r_ecef);
      }
      box.clear();
      want.clear();
    }
    if (!any) ++empty_ticks;
    // Bursts every second for 30 s, then one every 5 s: many ticks with nothing due.
    if (tick % 10 == 0 && (tick < 300 || tick % 50 == 0)) {
      for (int from = 0; from < 3; ++from) {
        for (int i = 0; i < 12; ++i) {
          const interop::Payload payload{Track(++number)};
          net.SendToNeighbors(from, payload, interop::SetOf(from), t);
          for (auto& d : ref) {
            if (d.from != from) continue;
            interop::Message m;
            m.sender_node = from;
            m.sender_nation = from;
            m.receiver_node = d.to;
            m.payload = payload;
            d.link.Send(m, t);
          }
        }
      }
    }
  }
  EXPECT_GT(empty_ticks, 500);  // the early return was exercised
  net.Finish();
  ASSERT_EQ(net.record().links.size(), ref.size());
  std::int64_t dropped = 0;
  for (std::size_t k = 0; k < ref.size(); ++k) {
    const auto& c = net.record().links[k].counters;
    const auto& e = ref[k].link.counters();
    EXPECT_EQ(c.sent, e.sent);
    EXPECT_EQ(c.delivered, e.delivered);
    EXPECT_EQ(c.lost, e.lost);
    EXPECT_EQ(c.dropped_capacity, e.dropped_capacity);
    dropped += c.lost + c.dropped_capacity;
  }
  EXPECT_GT(dropped, 0);
  // Message records: every sent message has its final status.
  std::int64_t delivered = 0;
  for (const auto& r : net.record().messages) {
    if (r.status == MessageStatus::kDelivered) {
      ++delivered;
      EXPECT_GE(r.t_recv_s, r.t_send_s);
    }
  }
  std::int64_t expected_delivered = 0;
  for (const auto& d : ref) expected_delivered += d.link.counters().delivered;
  EXPECT_EQ(delivered, expected_delivered);
}

// Releases, hand-computed. AAA -> BBB degraded on a 1 km ECEF grid, CCC -> BBB on a 3 km grid,
// BBB -> AAA denied. A report carrying AAA and CCC data is degraded by both, in originator
// order: r = (1234, -2600, 7490) -> (1000, -3000, 7000) -> (0, -3000, 6000), and P_rr gains
// q^2/12 for each quantum.
TEST(Network, DegradesInOriginatorOrderAndDenyWithholds) {
  interop::SharingPolicyConfig sharing = AllowAll();
  interop::Degradation d1;
  d1.position_quantum_m = 1000.0;
  interop::Degradation d3;
  d3.position_quantum_m = 3000.0;
  sharing.rules.push_back({interop::SetOf(0), interop::SetOf(1), interop::kAllDataClasses, interop::Release::Degraded(d1)});
  sharing.rules.push_back({interop::SetOf(2), interop::SetOf(1), interop::kAllDataClasses, interop::Release::Degraded(d3)});
  sharing.rules.push_back({interop::SetOf(1), interop::SetOf(0), interop::kAllDataClasses, interop::Release::Deny()});
  const PreparedScenario p = Chain(FixedLatency(0.1), sharing);
  Network net(p, kSeed, kRun, /*record_messages=*/false);

  interop::TrackReport r;
  r.r_ecef = Eigen::Vector3d(1234.0, -2600.0, 7490.0);
  r.P = 4.0 * fusion::Matrix6d::Identity();
  r.local_track_number = 1;
  EXPECT_TRUE(net.Send(0, 1, interop::Payload{r}, interop::SetOf(0), 0.0));
  r.local_track_number = 2;
  EXPECT_TRUE(net.Send(0, 1, interop::Payload{r}, interop::SetOf(0) | interop::SetOf(2), 0.0));
  EXPECT_FALSE(net.Send(1, 0, interop::Payload{r}, interop::SetOf(1), 0.0));
  EXPECT_FALSE(net.Send(1, 0, interop::Payload{interop::EngagementStatus{}}, interop::SetOf(1), 0.0));

  net.Deliver(0.05);  // nothing due yet
  EXPECT_TRUE(net.Inbox(1, interop::DataClass::kTracks).empty());
  net.Deliver(0.1);
  const auto& box = net.Inbox(1, interop::DataClass::kTracks);
  ASSERT_EQ(box.size(), 2u);
  const auto& a = std::get<interop::TrackReport>(box[0].payload);
  EXPECT_EQ(a.r_ecef, Eigen::Vector3d(1000.0, -3000.0, 7000.0));
  // One addition to the diagonal: exact up to the rounding of 4 + q^2/12 (same operations).
  EXPECT_EQ(a.P(0, 0), 4.0 + 1000.0 * 1000.0 / 12.0);
  EXPECT_EQ(a.P(3, 3), 4.0);  // velocity untouched
  EXPECT_EQ(a.P(0, 1), 0.0);
  // sigma = sqrt(4 + 83333.3) = 288.7 m: ceil(log2(28.87)) = 5 steps below TQ 15.
  EXPECT_EQ(a.quality, 10);
  const auto& b = std::get<interop::TrackReport>(box[1].payload);
  EXPECT_EQ(b.r_ecef, Eigen::Vector3d(0.0, -3000.0, 6000.0));
  // Two roundings in sequence; the hand sum differs by at most an ulp or two.
  EXPECT_DOUBLE_EQ(b.P(2, 2), 4.0 + 1000.0 * 1000.0 / 12.0 + 3000.0 * 3000.0 / 12.0);
  EXPECT_TRUE(net.Inbox(0, interop::DataClass::kTracks).empty());
  EXPECT_TRUE(net.Inbox(0, interop::DataClass::kEngagementStatus).empty());

  EXPECT_EQ(net.policy().counters(0, 1, interop::DataClass::kTracks).degraded, 2);
  EXPECT_EQ(net.policy().counters(2, 1, interop::DataClass::kTracks).degraded, 1);
  EXPECT_EQ(net.policy().counters(1, 0, interop::DataClass::kTracks).withheld, 1);
  EXPECT_EQ(net.policy().counters(1, 0, interop::DataClass::kEngagementStatus).withheld, 1);
  net.Finish();
  EXPECT_EQ(net.record().withheld, 2);
  EXPECT_EQ(net.record().links[1].counters.withheld, 2);  // direction B -> A
  EXPECT_EQ(net.record().links[1].counters.sent, 0);
}

// Relays: B is the only path between A and C. A cue from A reaches C through B once, even
// when A sends it twice; engagement status from C reaches A the same way; a track report
// from A never reaches C (track data travels by fusion, not by relay).
TEST(Network, HubRelaysCuesAndStatusOnceAndTracksNever) {
  const PreparedScenario p = Chain(FixedLatency(0.1), AllowAll());
  Network net(p, kSeed, kRun, /*record_messages=*/true);
  interop::CueReport cue;
  cue.source_sensor = 0;
  cue.t_s = 0.0;
  cue.launch_time_s = -30.0;
  cue.r_ecef = Eigen::Vector3d(1.0, 2.0, 3.0);
  interop::EngagementStatus es;
  es.fire_unit = 4;
  es.nation = 2;
  es.target_network_track = 77;
  es.t_s = 0.0;
  net.SendToNeighbors(0, interop::Payload{cue}, interop::SetOf(0), 0.0);
  net.SendToNeighbors(2, interop::Payload{es}, interop::SetOf(2), 0.0);
  net.SendToNeighbors(0, interop::Payload{Track(5)}, interop::SetOf(0), 0.0);
  std::vector<interop::Message> cues_at_c, status_at_a;
  for (int tick = 1; tick <= 20; ++tick) {
    const double t = 0.1 * tick;
    if (tick == 5) net.SendToNeighbors(0, interop::Payload{cue}, interop::SetOf(0), t);  // again
    net.Deliver(t);
    auto& c = net.Inbox(2, interop::DataClass::kCues);
    cues_at_c.insert(cues_at_c.end(), c.begin(), c.end());
    c.clear();
    auto& s = net.Inbox(0, interop::DataClass::kEngagementStatus);
    status_at_a.insert(status_at_a.end(), s.begin(), s.end());
    s.clear();
    EXPECT_TRUE(net.Inbox(2, interop::DataClass::kTracks).empty());
  }
  ASSERT_EQ(cues_at_c.size(), 1u);
  EXPECT_EQ(cues_at_c[0].sender_node, 1);  // forwarded by the hub
  EXPECT_DOUBLE_EQ(cues_at_c[0].t_delivered_s, 0.2);  // two hops of 0.1 s (0.1 + 0.1)
  EXPECT_EQ(std::get<interop::CueReport>(cues_at_c[0].payload).r_ecef, cue.r_ecef);
  ASSERT_EQ(status_at_a.size(), 1u);
  EXPECT_EQ(std::get<interop::EngagementStatus>(status_at_a[0].payload).target_network_track, 77);
  // The hub got both copies of the cue (one relay) and the track report.
  EXPECT_EQ(net.Inbox(1, interop::DataClass::kCues).size(), 2u);
  EXPECT_EQ(net.Inbox(1, interop::DataClass::kTracks).size(), 1u);
  net.Finish();
  int relayed = 0;
  for (const auto& r : net.record().messages) relayed += r.relayed ? 1 : 0;
  EXPECT_EQ(relayed, 2);  // the cue B -> C and the status B -> A
}

}  // namespace
}  // namespace bmd::sim
