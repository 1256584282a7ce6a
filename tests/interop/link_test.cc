// Data-link model: exact delivery times, loss, capacity, outages, random failures.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "models/common/random.h"
#include "models/interop/link.h"

namespace bmd::interop {
namespace {

constexpr std::uint64_t kSeed = 20270314;

Message TrackMessage() {
  Message m;
  m.sender_node = 1;
  m.sender_nation = 0;
  m.payload = TrackReport{};
  return m;
}

// Independent re-implementation of the documented truncated-normal draw.
double ExpectedNormalLatency(RandomStream& rng, double fixed, double jitter) {
  for (int i = 0; i < 64; ++i) {
    const double l = fixed + jitter * rng.Normal();
    if (l >= 0.0) return l;
  }
  return 0.0;
}

TEST(Link, DeliveryTimeIsSendTimePlusLatencyDrawExactly) {
  LinkConfig cfg;
  cfg.latency = {LatencyDistribution::kNormal, 0.15, 0.10, 0.0};  // jitter large: some redraws
  const LinkStreams streams = LinkStreams::For(kSeed, 3, 42, 0);
  Link link(cfg, streams);
  RandomStream reference = streams.latency;  // same key, same counter: same draws
  std::vector<double> expected;
  for (int i = 0; i < 2000; ++i) {
    const double t = 0.01 * i;
    ASSERT_EQ(link.Send(TrackMessage(), t), SendOutcome::kScheduled);
    expected.push_back(t + ExpectedNormalLatency(reference, 0.15, 0.10));
  }
  std::vector<Message> out;
  link.Deliver(1e9, &out);
  ASSERT_EQ(out.size(), expected.size());
  for (std::size_t k = 0; k < out.size(); ++k) {
    EXPECT_EQ(out[k].t_delivered_s, expected[out[k].seq]);  // bit-exact: same arithmetic
    EXPECT_EQ(out[k].t_sent_s, 0.01 * static_cast<double>(out[k].seq));
    EXPECT_GE(out[k].t_delivered_s, out[k].t_sent_s);  // truncated at >= 0
    if (k > 0) {
      const bool ordered = out[k - 1].t_delivered_s < out[k].t_delivered_s ||
                           (out[k - 1].t_delivered_s == out[k].t_delivered_s &&
                            out[k - 1].seq < out[k].seq);
      EXPECT_TRUE(ordered) << k;
    }
  }
  EXPECT_EQ(link.counters().delivered, 2000);
}

TEST(Link, DeliverReleasesOnlyDueMessagesAndTiesBySequence) {
  LinkConfig cfg;
  cfg.latency.fixed_s = 0.5;
  Link link(cfg, LinkStreams::For(kSeed, 0, 1, 0));
  for (int i = 0; i < 3; ++i) link.Send(TrackMessage(), 1.0);  // three ties at 1.5 s
  link.Send(TrackMessage(), 2.0);
  std::vector<Message> out;
  EXPECT_EQ(link.Deliver(1.4999, &out), 0);
  EXPECT_EQ(link.Deliver(1.5, &out), 3);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].seq, 0u);
  EXPECT_EQ(out[1].seq, 1u);
  EXPECT_EQ(out[2].seq, 2u);
  EXPECT_EQ(link.in_flight(), 1u);
  EXPECT_EQ(link.Deliver(2.5, &out), 1);
}

TEST(Link, UniformAndLognormalLatencyDraws) {
  // Uniform: fixed +- jitter sqrt(3); reproduce exactly.
  LinkConfig cfg;
  cfg.latency = {LatencyDistribution::kUniform, 0.25, 0.01, 0.0};
  LinkStreams streams = LinkStreams::For(kSeed, 0, 7, 1);
  Link uni(cfg, streams);
  RandomStream ref = streams.latency;
  for (int i = 0; i < 500; ++i) uni.Send(TrackMessage(), i * 0.1);
  std::vector<Message> out;
  uni.Deliver(1e9, &out);
  ASSERT_EQ(out.size(), 500u);
  for (const Message& m : out) {
    const double expected = 0.25 + 0.01 * std::sqrt(3.0) * (2.0 * ref.Uniform() - 1.0);
    EXPECT_EQ(m.t_delivered_s - m.t_sent_s, (m.t_sent_s + expected) - m.t_sent_s);
    EXPECT_LE(std::abs(m.t_delivered_s - m.t_sent_s - 0.25), 0.01 * std::sqrt(3.0) + 1e-12);
  }
  // Lognormal random part with mean m and standard deviation s on top of the fixed part:
  // sample mean within 5 standard errors of fixed + m, sample sd within 10 % of s
  // (n = 20000; the sd of a lognormal sd estimate at s/m = 0.5 is ~1-2 %).
  cfg.latency = {LatencyDistribution::kLognormal, 0.25, 0.05, 0.10};
  Link logn(cfg, LinkStreams::For(kSeed, 0, 8, 0));
  for (int i = 0; i < 20000; ++i) logn.Send(TrackMessage(), i * 0.01);
  out.clear();
  logn.Deliver(1e9, &out);
  const LatencyStats& st = logn.counters().latency;
  EXPECT_EQ(st.count, 20000);
  EXPECT_NEAR(st.Mean(), 0.35, 5.0 * 0.05 / std::sqrt(20000.0));
  EXPECT_NEAR(st.StdDev(), 0.05, 0.005);
  EXPECT_GT(st.min_s, 0.25);  // the random part is positive
}

TEST(Link, LossRateMatchesProbability) {
  LinkConfig cfg;
  cfg.loss_probability = 0.07;
  Link link(cfg, LinkStreams::For(kSeed, 1, 2, 0));
  const int n = 100000;
  for (int i = 0; i < n; ++i) link.Send(TrackMessage(), i * 1e-3);
  std::vector<Message> out;
  link.Deliver(1e9, &out);
  const double p_hat = static_cast<double>(link.counters().lost) / n;
  // Binomial: sd = sqrt(p (1-p) / n) = 8.1e-4; 4.5 sd leaves a 1e-5 false-failure chance.
  EXPECT_NEAR(p_hat, 0.07, 4.5 * std::sqrt(0.07 * 0.93 / n));
  EXPECT_EQ(link.counters().delivered + link.counters().lost, n);
  EXPECT_EQ(static_cast<int>(out.size()), link.counters().delivered);
}

TEST(Link, CapacityQueueDropsOldestAtTheClosedFormRate) {
  // Deterministic arrivals at lambda = 300 msg/s into C = 200 msg/s with a queue of 10:
  // the transmitter is never idle after t = 0, so by the last arrival t_L it has started
  // floor(C t_L) + 1 transmissions, then the 10 queued messages go out; every other message
  // is pushed out of the queue. In the full queue a waiting message moves one place forward
  // at every transmission and at every arrival that pushes the oldest out: together these
  // happen at the arrival rate lambda, so a survivor waits queue_limit / lambda.
  LinkConfig cfg;
  cfg.capacity_msg_per_s = 200.0;
  cfg.queue_limit = 10;
  cfg.latency.fixed_s = 0.1;
  Link link(cfg, LinkStreams::For(kSeed, 0, 3, 0));
  const int n = 30000;
  const double lambda = 300.0;
  std::vector<Message> out;
  out.reserve(n);
  for (int i = 0; i < n; ++i) {
    link.Send(TrackMessage(), i / lambda);
    link.Deliver(i / lambda, &out);
  }
  link.Deliver(1e9, &out);
  const double t_last = (n - 1) / lambda;
  const double expected_delivered = std::floor(200.0 * t_last) + 1 + 10;
  // +-2: floating-point ties between slot and arrival times may shift one slot either way.
  EXPECT_NEAR(static_cast<double>(link.counters().delivered), expected_delivered, 2.0);
  EXPECT_EQ(link.counters().dropped_capacity + link.counters().delivered, n);
  // Drop fraction tends to 1 - C / lambda = 1/3.
  EXPECT_NEAR(static_cast<double>(link.counters().dropped_capacity) / n, 1.0 / 3.0, 1e-3);
  // The newest message survives (the oldest are dropped); in steady state each delivered
  // message waited queue_limit / lambda = 33.3 ms before its 100 ms latency (+- two arrival
  // intervals: the places advance in whole steps at the discrete arrival/slot instants).
  EXPECT_EQ(out.back().seq, static_cast<std::uint64_t>(n - 1));
  const Message& mid = out[out.size() / 2];
  EXPECT_NEAR(mid.t_delivered_s - mid.t_sent_s, 0.1 + 10.0 / lambda, 2.0 / lambda);
  // Slots are 1/C apart: consecutive deliveries (fixed latency) are exactly 5 ms apart.
  EXPECT_NEAR(out[out.size() / 2 + 1].t_delivered_s - mid.t_delivered_s, 1.0 / 200.0, 1e-9);
}

TEST(Link, CapacityBelowLoadDropsNothing) {
  LinkConfig cfg;
  cfg.capacity_msg_per_s = 200.0;
  cfg.queue_limit = 2;
  Link link(cfg, LinkStreams::For(kSeed, 0, 4, 0));
  for (int i = 0; i < 5000; ++i) link.Send(TrackMessage(), i / 150.0);
  std::vector<Message> out;
  link.Deliver(1e9, &out);
  EXPECT_EQ(link.counters().dropped_capacity, 0);
  EXPECT_EQ(link.counters().delivered, 5000);
  EXPECT_EQ(link.counters().latency.max_s, 0.0);  // never waited: arrivals slower than slots
}

TEST(Link, QueueLimitZeroDropsArrivalsWhileBusy) {
  LinkConfig cfg;
  cfg.capacity_msg_per_s = 10.0;
  cfg.queue_limit = 0;
  Link link(cfg, LinkStreams::For(kSeed, 0, 5, 0));
  EXPECT_EQ(link.Send(TrackMessage(), 0.0), SendOutcome::kScheduled);
  EXPECT_EQ(link.Send(TrackMessage(), 0.05), SendOutcome::kCapacity);  // slot busy until 0.1
  EXPECT_EQ(link.Send(TrackMessage(), 0.1), SendOutcome::kScheduled);
  EXPECT_EQ(link.counters().dropped_capacity, 1);
}

TEST(Link, ScheduledOutageDeliversNothingInItsWindow) {
  LinkConfig cfg;
  cfg.latency.fixed_s = 0.5;
  cfg.outages = {{10.0, 20.0}};
  Link link(cfg, LinkStreams::For(kSeed, 0, 6, 0));
  int expected_outage = 0;
  for (int i = 0; i < 400; ++i) {
    const double t = 0.1 * i;
    link.Send(TrackMessage(), t);
    // Lost if sent in the window or arriving in it (sent in [9.5, 10)).
    if (t + 0.5 >= 10.0 && t < 20.0) ++expected_outage;
  }
  std::vector<Message> out;
  link.Deliver(1e9, &out);
  for (const Message& m : out) {
    EXPECT_FALSE(m.t_delivered_s >= 10.0 && m.t_delivered_s < 20.0) << m.t_delivered_s;
  }
  EXPECT_EQ(link.counters().outage, expected_outage);
  EXPECT_EQ(link.counters().delivered + link.counters().outage, 400);
  EXPECT_FALSE(link.IsUp(15.0));
  EXPECT_TRUE(link.IsUp(20.0));  // half-open window
}

TEST(Link, RandomFailureAvailabilityMatchesMtbfOverMtbfPlusMttr) {
  LinkConfig cfg;
  cfg.mtbf_s = 100.0;
  cfg.mttr_s = 25.0;
  Link link(cfg, LinkStreams::For(kSeed, 2, 9, 0));
  const double horizon = 400000.0;
  int up = 0, n = 0;
  for (double t = 0.5; t < horizon; t += 1.0, ++n) up += link.IsUp(t) ? 1 : 0;
  const double a = 100.0 / 125.0;
  // Alternating renewal process with exponential up (mean mu) and down (mean nu) times:
  // Var(fraction of time up over T) ~ 2 mu^2 nu^2 / (T (mu + nu)^3) (renewal-reward CLT);
  // grid sampling at 1 s << nu adds negligible variance. 4.5 sd tolerance.
  const double sd = std::sqrt(2.0 * 100.0 * 100.0 * 25.0 * 25.0 / (horizon * std::pow(125.0, 3)));
  EXPECT_NEAR(static_cast<double>(up) / n, a, 4.5 * sd);
  // Same process through traffic: zero latency, a message every 2 s is delivered iff up.
  Link link2(cfg, LinkStreams::For(kSeed, 2, 9, 1));  // same failure stream (shared per link)
  std::vector<Message> out;
  int sent = 0;
  for (double t = 0.25; t < horizon; t += 2.0, ++sent) link2.Send(TrackMessage(), t);
  link2.Deliver(1e9, &out);
  EXPECT_NEAR(static_cast<double>(link2.counters().delivered) / sent, a, 4.5 * sd);
  // Both directions of the link share the failure timeline.
  ASSERT_GE(link2.failures().size(), 100u);
  for (std::size_t i = 0; i < 100; ++i) {
    EXPECT_EQ(link.failures()[i].start_s, link2.failures()[i].start_s);
  }
}

TEST(Link, DeterministicAndCountersBalance) {
  LinkConfig cfg;
  cfg.latency = {LatencyDistribution::kNormal, 0.3, 0.1, 0.0};
  cfg.loss_probability = 0.05;
  cfg.capacity_msg_per_s = 50.0;
  cfg.queue_limit = 5;
  cfg.outages = {{3.0, 4.0}};
  cfg.mtbf_s = 30.0;
  cfg.mttr_s = 2.0;
  auto run = [&](std::vector<Message>* out) {
    Link link(cfg, LinkStreams::For(kSeed, 5, 11, 0));
    for (int i = 0; i < 3000; ++i) {
      link.Send(TrackMessage(), i * 0.015);
      if (i % 10 == 0) link.Deliver(i * 0.015, out);
    }
    const LinkCounters& c = link.counters();
    EXPECT_EQ(c.sent, c.delivered + c.lost + c.dropped_capacity + c.outage +
                          static_cast<std::int64_t>(link.queued() + link.in_flight()));
    EXPECT_GT(c.lost, 0);
    EXPECT_GT(c.dropped_capacity, 0);
    EXPECT_GT(c.outage, 0);
    link.Deliver(1e9, out);
    return c.delivered;
  };
  std::vector<Message> a, b;
  EXPECT_EQ(run(&a), run(&b));
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].seq, b[i].seq);
    EXPECT_EQ(a[i].t_delivered_s, b[i].t_delivered_s);
  }
}

TEST(Link, DropLogRecordsReasons) {
  LinkConfig cfg;
  cfg.outages = {{1.0, 2.0}};
  cfg.loss_probability = 1.0;
  Link link(cfg, LinkStreams::For(kSeed, 0, 12, 0));
  std::vector<DropRecord> log;
  link.set_drop_log(&log);
  link.Send(TrackMessage(), 0.5);
  link.Send(TrackMessage(), 1.5);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].reason, DropReason::kLost);
  EXPECT_EQ(log[1].reason, DropReason::kOutage);
  EXPECT_EQ(log[1].seq, 1u);
}

// Hand-computed capacity case: fixed latency 0.5 s, 2 msg/s (one slot per 0.5 s), three
// messages at t = 0 start at 0, 0.5 and 1.0 s and arrive at 0.5, 1.0 and 1.5 s. next_due_s is
// the earliest of the next arrival and the next queued start; before it nothing happens.
TEST(Link, NextDueIsEarliestArrivalOrQueuedStart) {
  LinkConfig cfg;
  cfg.latency.fixed_s = 0.5;
  cfg.capacity_msg_per_s = 2.0;
  Link link(cfg, LinkStreams::For(kSeed, 0, 20, 0));
  EXPECT_EQ(link.next_due_s(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(link.NextDelivery(1e9), nullptr);
  for (int i = 0; i < 3; ++i) {
    Message m = TrackMessage();
    std::get<TrackReport>(m.payload).local_track_number = 10 + i;
    link.Send(m, 0.0);
  }
  EXPECT_EQ(link.queued(), 2u);
  EXPECT_EQ(link.next_due_s(), 0.5);
  EXPECT_EQ(link.NextDelivery(0.4999), nullptr);
  EXPECT_EQ(link.counters().delivered, 0);
  EXPECT_EQ(link.queued(), 2u);  // nothing started before its slot

  const Message* m = link.NextDelivery(0.5);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->seq, 0u);
  EXPECT_EQ(m->t_delivered_s, 0.5);
  EXPECT_EQ(std::get<TrackReport>(m->payload).local_track_number, 10);
  EXPECT_EQ(link.NextDelivery(0.5), nullptr);
  // The second message started at 0.5 s: arrival 1.0 s, third start 1.0 s.
  EXPECT_EQ(link.queued(), 1u);
  EXPECT_EQ(link.next_due_s(), 1.0);

  std::vector<Message> out;
  EXPECT_EQ(link.Deliver(2.0, &out), 2);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].t_delivered_s, 1.0);
  EXPECT_EQ(out[1].t_delivered_s, 1.5);
  EXPECT_EQ(std::get<TrackReport>(out[0].payload).local_track_number, 11);
  EXPECT_EQ(std::get<TrackReport>(out[1].payload).local_track_number, 12);
  EXPECT_EQ(link.next_due_s(), std::numeric_limits<double>::infinity());
}

// Compose/SendComposed against an independent replay of the documented draws (one loss
// uniform, then one latency draw, per transmitted message, unlimited capacity): every
// delivered message carries its own payload (the slot pool reuses storage, never content
// still queued or in flight) and arrives at exactly t + L.
TEST(Link, ComposedMessagesKeepTheirPayloadAndDrawsInOrder) {
  LinkConfig cfg;
  cfg.latency = {LatencyDistribution::kNormal, 0.3, 0.1, 0.0};
  cfg.loss_probability = 0.1;
  cfg.reserve_in_flight = 4;  // the pool grows past its reserve: contents must survive
  const LinkStreams streams = LinkStreams::For(kSeed, 1, 21, 1);
  Link link(cfg, streams);
  RandomStream loss = streams.loss;
  RandomStream latency = streams.latency;
  std::vector<double> expected_t;  // by seq; NaN when lost
  std::vector<Message> out;
  int kinds[2] = {0, 0};
  for (int i = 0; i < 3000; ++i) {
    const double t = 0.02 * i;
    Message& m = link.Compose();
    EXPECT_EQ(&link.Compose(), &m);  // same storage until sent
    EXPECT_EQ(m.sender_node, -1);     // header reset even when the slot is reused
    m.sender_node = i % 7;
    if (i % 3 == 0) {
      CueReport c;
      c.launch_time_s = i;
      c.r_ecef = Eigen::Vector3d(i, -i, 2.0 * i);
      m.payload = c;
    } else {
      TrackReport r;
      r.local_track_number = i;
      r.P(2, 4) = i;
      m.payload = r;
    }
    link.SendComposed(t, 0.0);
    const bool lost = loss.Uniform() < 0.1;
    expected_t.push_back(lost ? std::numeric_limits<double>::quiet_NaN()
                              : t + ExpectedNormalLatency(latency, 0.3, 0.1));
    while (const Message* d = link.NextDelivery(t)) out.push_back(*d);
  }
  link.Deliver(1e9, &out);
  std::size_t delivered = 0;
  for (const auto& m : out) {
    const auto i = static_cast<int>(m.seq);
    ASSERT_LT(m.seq, expected_t.size());
    EXPECT_EQ(m.t_delivered_s, expected_t[m.seq]) << i;  // bit-exact: same arithmetic
    EXPECT_EQ(m.sender_node, i % 7);
    if (i % 3 == 0) {
      ASSERT_EQ(m.data_class(), DataClass::kCues);
      const auto& c = std::get<CueReport>(m.payload);
      EXPECT_EQ(c.launch_time_s, i);
      EXPECT_EQ(c.r_ecef, Eigen::Vector3d(i, -i, 2.0 * i));
      ++kinds[0];
    } else {
      ASSERT_EQ(m.data_class(), DataClass::kTracks);
      const auto& r = std::get<TrackReport>(m.payload);
      EXPECT_EQ(r.local_track_number, i);
      EXPECT_EQ(r.P(2, 4), i);
      ++kinds[1];
    }
    ++delivered;
  }
  const auto lost = std::count_if(expected_t.begin(), expected_t.end(), [](double x) { return std::isnan(x); });
  EXPECT_EQ(delivered + static_cast<std::size_t>(lost), expected_t.size());
  EXPECT_EQ(link.counters().lost, lost);
  EXPECT_GT(kinds[0], 0);
  EXPECT_GT(kinds[1], 0);
}

// Bursts through a full queue (hand-computed): 10 msg/s, queue 4, fixed latency 50 ms, six
// messages at each whole second k. Message 0 starts at once; 1..4 queue; 5 pushes out the
// oldest waiting one (1). Delivered: 0, 2, 3, 4, 5 at k + 0.05, 0.15, 0.25, 0.35, 0.45 s,
// each with its own payload although the pool recycles slots every burst.
TEST(Link, QueuedMessagesKeepTheirPayloadThroughCapacityDrops) {
  LinkConfig cfg;
  cfg.latency.fixed_s = 0.05;
  cfg.capacity_msg_per_s = 10.0;
  cfg.queue_limit = 4;
  Link link(cfg, LinkStreams::For(kSeed, 0, 22, 0));
  const int order[5] = {0, 2, 3, 4, 5};
  std::vector<Message> out;
  for (int k = 0; k < 20; ++k) {
    for (int i = 0; i < 6; ++i) {
      Message& m = link.Compose();
      TrackReport r;
      r.local_track_number = 100 * k + i;
      m.payload = r;
      link.SendComposed(k, 0.0);
    }
    out.clear();
    for (int tick = 1; tick <= 100; ++tick) {
      while (const Message* d = link.NextDelivery(k + 0.01 * tick)) out.push_back(*d);
    }
    ASSERT_EQ(out.size(), 5u) << k;
    for (int j = 0; j < 5; ++j) {
      EXPECT_EQ(std::get<TrackReport>(out[static_cast<std::size_t>(j)].payload).local_track_number,
                100 * k + order[j]);
      // Slot starts accumulate 0.1 s steps: a few ulps of k.
      EXPECT_NEAR(out[static_cast<std::size_t>(j)].t_delivered_s, k + 0.05 + 0.1 * j, 1e-12);
    }
  }
  EXPECT_EQ(link.counters().dropped_capacity, 20);
  EXPECT_EQ(link.counters().delivered, 100);
}

// A delivered message sent on again over the same link (an echo) lives in a free slot, the
// one the link reuses first: it must go out unchanged.
TEST(Link, EchoOfADeliveredMessageIsSentUnchanged) {
  LinkConfig cfg;
  cfg.latency.fixed_s = 0.25;
  Link link(cfg, LinkStreams::For(kSeed, 0, 23, 0));
  Message m = TrackMessage();
  std::get<TrackReport>(m.payload).local_track_number = 42;
  m.sender_node = 5;
  link.Send(m, 0.0);
  const Message* d = link.NextDelivery(0.25);
  ASSERT_NE(d, nullptr);
  link.Send(*d, 0.25);
  std::vector<Message> out;
  EXPECT_EQ(link.Deliver(0.5, &out), 1);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].seq, 1u);
  EXPECT_EQ(out[0].sender_node, 5);
  EXPECT_EQ(out[0].t_sent_s, 0.25);
  EXPECT_EQ(out[0].t_delivered_s, 0.5);
  EXPECT_EQ(std::get<TrackReport>(out[0].payload).local_track_number, 42);
}

TEST(Link, ValidateReportsEveryError) {
  LinkConfig cfg;
  cfg.loss_probability = 1.5;
  cfg.mtbf_s = 10.0;
  cfg.outages = {{5.0, 4.0}};
  try {
    cfg.Validate();
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("loss_probability"), std::string::npos);
    EXPECT_NE(what.find("mttr_s"), std::string::npos);
    EXPECT_NE(what.find("outages[0]"), std::string::npos);
  }
}

}  // namespace
}  // namespace bmd::interop
