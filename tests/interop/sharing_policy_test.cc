// Sharing / releasability policy, nations and alliances, track quality.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "models/earth/geodesy.h"
#include "models/interop/link.h"
#include "models/interop/messages.h"
#include "models/interop/nations.h"
#include "models/interop/sharing_policy.h"

namespace bmd::interop {
namespace {

constexpr std::uint64_t kSeed = 7;

struct Trilateral {
  NationTable nations;
  NationId us, rok, gbr;
  Trilateral() {
    const std::vector<std::string> nato = {"NATO"};
    us = nations.AddNation("US", nato);
    rok = nations.AddNation("ROK");
    gbr = nations.AddNation("GBR", nato);
  }
};

Message Track(const Eigen::Vector3d& r) {
  TrackReport tr;
  tr.r_ecef = r;
  tr.v_ecef = Eigen::Vector3d(100, 200, 300);
  tr.P = fusion::Matrix6d::Identity() * 400.0;  // 20 m per axis
  tr.quality = TrackQualityFromCovariance(tr.P.topLeftCorner<3, 3>());
  Message m;
  m.payload = tr;
  return m;
}

Message Cue() {
  Message m;
  m.payload = CueReport{};
  return m;
}

TEST(Nations, AlliancesResolveToMemberSets) {
  Trilateral t;
  EXPECT_EQ(t.nations.Resolve("NATO"), SetOf(t.us) | SetOf(t.gbr));
  EXPECT_EQ(t.nations.Resolve("ROK"), SetOf(t.rok));
  EXPECT_EQ(t.nations.Resolve("*"), kAllNations);
  EXPECT_EQ(t.nations.Resolve("XYZ"), 0u);
  const std::vector<std::string> to = {"ROK", "NATO"};
  EXPECT_EQ(t.nations.ResolveAll(to), SetOf(t.us) | SetOf(t.rok) | SetOf(t.gbr));
  const std::vector<std::string> bad = {"ROK", "NATOO"};
  EXPECT_THROW(t.nations.ResolveAll(bad), std::invalid_argument);
  EXPECT_THROW(t.nations.AddNation("US"), std::invalid_argument);
  EXPECT_THROW(t.nations.AddNation("NATO"), std::invalid_argument);
}

TEST(TrackQuality, OneStepPerDoublingOfSigma) {
  auto tq = [](double sigma) {
    return TrackQualityFromCovariance(Eigen::Matrix3d::Identity() * sigma * sigma);
  };
  EXPECT_EQ(tq(0.0), 15);
  EXPECT_EQ(tq(10.0), 15);
  EXPECT_EQ(tq(10.5), 14);
  EXPECT_EQ(tq(20.0), 14);
  EXPECT_EQ(tq(20.5), 13);
  EXPECT_EQ(tq(1000.0), 8);   // 1000/10 = 100, ceil(log2 100) = 7
  EXPECT_EQ(tq(1e6), 0);      // 1e5 = 2^16.6 -> 15 - 17 < 0
  // RMS over axes: diag(300^2, 0, 0) is sigma = 300/sqrt(3) = 173 m -> ceil(log2 17.3) = 5.
  EXPECT_EQ(TrackQualityFromCovariance(Eigen::Vector3d(90000, 0, 0).asDiagonal()), 10);
  EXPECT_EQ(TrackQualityFromCovariance(Eigen::Matrix3d::Identity() * NAN), 0);
}

// The sketch's policy: US releases tracks/cues/status to ROK and GBR; ROK tracks+status to
// US; ROK tracks to GBR delayed 2 s; GBR tracks+status degraded to 1 km to US and ROK.
SharingPolicyConfig SketchPolicy(const Trilateral& t) {
  SharingPolicyConfig cfg;
  cfg.default_release = Release::Deny();
  const DataClassSet tracks = SetOf(DataClass::kTracks);
  const DataClassSet status = SetOf(DataClass::kEngagementStatus);
  cfg.rules.push_back({SetOf(t.us), SetOf(t.rok) | SetOf(t.gbr),
                       static_cast<DataClassSet>(tracks | SetOf(DataClass::kCues) | status),
                       Release::Allow()});
  cfg.rules.push_back({SetOf(t.rok), SetOf(t.us), static_cast<DataClassSet>(tracks | status),
                       Release::Allow()});
  cfg.rules.push_back({SetOf(t.rok), SetOf(t.gbr), tracks, Release::Delayed(2.0)});
  Degradation d;
  d.position_quantum_m = 1000.0;
  cfg.rules.push_back({SetOf(t.gbr), SetOf(t.us) | SetOf(t.rok),
                       static_cast<DataClassSet>(tracks | status), Release::Degraded(d)});
  return cfg;
}

TEST(SharingPolicy, LookupFollowsFirstMatchingRuleThenDefault) {
  Trilateral t;
  SharingPolicy p(SketchPolicy(t), t.nations.size());
  EXPECT_EQ(p.Lookup(t.us, t.gbr, DataClass::kCues).action, ReleaseAction::kAllow);
  EXPECT_EQ(p.Lookup(t.us, t.gbr, DataClass::kKillAssessment).action, ReleaseAction::kDeny);
  EXPECT_EQ(p.Lookup(t.rok, t.us, DataClass::kCues).action, ReleaseAction::kDeny);
  EXPECT_EQ(p.Lookup(t.rok, t.gbr, DataClass::kTracks).action, ReleaseAction::kDelay);
  EXPECT_EQ(p.Lookup(t.gbr, t.rok, DataClass::kTracks).action, ReleaseAction::kDegrade);
  EXPECT_EQ(p.Lookup(t.rok, t.rok, DataClass::kCues).action, ReleaseAction::kAllow);  // own
  // First match wins: a later broader rule does not override an earlier one.
  SharingPolicyConfig cfg = SketchPolicy(t);
  cfg.rules.push_back({kAllNations, kAllNations, kAllDataClasses, Release::Allow()});
  SharingPolicy q(cfg, t.nations.size());
  EXPECT_EQ(q.Lookup(t.rok, t.gbr, DataClass::kTracks).action, ReleaseAction::kDelay);
  EXPECT_EQ(q.Lookup(t.rok, t.gbr, DataClass::kCues).action, ReleaseAction::kAllow);
}

TEST(SharingPolicy, AllianceRuleCoversEveryMember) {
  Trilateral t;
  SharingPolicyConfig cfg;
  cfg.rules.push_back({t.nations.Resolve("NATO"), t.nations.Resolve("ROK"), kAllDataClasses,
                       Release::Allow()});
  SharingPolicy p(cfg, t.nations.size());
  EXPECT_EQ(p.Lookup(t.us, t.rok, DataClass::kTracks).action, ReleaseAction::kAllow);
  EXPECT_EQ(p.Lookup(t.gbr, t.rok, DataClass::kTracks).action, ReleaseAction::kAllow);
  EXPECT_EQ(p.Lookup(t.rok, t.us, DataClass::kTracks).action, ReleaseAction::kDeny);
  EXPECT_EQ(p.Lookup(t.us, t.gbr, DataClass::kTracks).action, ReleaseAction::kDeny);
}

TEST(SharingPolicy, DenyNeverLetsAMessageThroughAndCountsIt) {
  Trilateral t;
  SharingPolicy p(SketchPolicy(t), t.nations.size());
  Link link({}, LinkStreams::For(kSeed, 0, 1, 0));
  for (int i = 0; i < 500; ++i) {
    const ReleaseResult r = ReleaseAndSend(p, link, Cue(), t.rok, t.gbr, 0.01 * i);
    EXPECT_FALSE(r.sent);
    ReleaseAndSend(p, link, Track(Eigen::Vector3d(1, 2, 3)), t.us, t.rok, 0.01 * i);  // allowed
  }
  std::vector<Message> out;
  link.Deliver(1e9, &out);
  EXPECT_EQ(link.counters().withheld, 500);
  EXPECT_EQ(link.counters().sent, 500);
  EXPECT_EQ(p.counters(t.rok, t.gbr, DataClass::kCues).withheld, 500);
  EXPECT_EQ(p.counters(t.us, t.rok, DataClass::kTracks).allowed, 500);
  EXPECT_EQ(p.counters(t.us, t.rok, DataClass::kTracks).withheld, 0);
  EXPECT_EQ(p.total_withheld(), 500);
  for (const Message& m : out) EXPECT_NE(m.data_class(), DataClass::kCues);
}

TEST(SharingPolicy, DelayedAddsExactlyTheDelay) {
  Trilateral t;
  SharingPolicy p(SketchPolicy(t), t.nations.size());
  LinkConfig cfg;
  cfg.latency = {LatencyDistribution::kNormal, 0.15, 0.05, 0.0};
  // Two links with identical streams: one through the delayed rule, one plain.
  Link delayed(cfg, LinkStreams::For(kSeed, 0, 2, 0));
  Link plain(cfg, LinkStreams::For(kSeed, 0, 2, 0));
  for (int i = 0; i < 200; ++i) {
    const ReleaseResult r = ReleaseAndSend(p, delayed, Track(Eigen::Vector3d::Zero()), t.rok, t.gbr, i * 0.1);
    EXPECT_EQ(r.action, ReleaseAction::kDelay);
    plain.Send(Track(Eigen::Vector3d::Zero()), i * 0.1);
  }
  std::vector<Message> a, b;
  delayed.Deliver(1e9, &a);
  plain.Deliver(1e9, &b);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].seq, b[i].seq);
    // One rounding of the sum start + L + 2 s: 1e-12 s.
    EXPECT_NEAR(a[i].t_delivered_s - b[i].t_delivered_s, 2.0, 1e-12);
  }
  EXPECT_EQ(p.counters(t.rok, t.gbr, DataClass::kTracks).delayed, 200);
}

TEST(SharingPolicy, DegradedQuantisesPositionAndInflatesCovariance) {
  Trilateral t;
  SharingPolicy p(SketchPolicy(t), t.nations.size());
  Message m = Track(Eigen::Vector3d(-3051234.4, 4049499.9, 3861500.1));
  const Release& r = p.Apply(&m, t.gbr, t.us);
  ASSERT_EQ(r.action, ReleaseAction::kDegrade);
  const TrackReport& tr = std::get<TrackReport>(m.payload);
  // Hand-rounded to the 1 km ECEF grid.
  EXPECT_EQ(tr.r_ecef, Eigen::Vector3d(-3051000.0, 4049000.0, 3862000.0));
  EXPECT_EQ(tr.v_ecef, Eigen::Vector3d(100, 200, 300));
  // P_rr + q^2/12 I = 400 + 83333.33; velocity block and cross terms unchanged.
  EXPECT_NEAR(tr.P(0, 0), 400.0 + 1e6 / 12.0, 1e-9);
  EXPECT_NEAR(tr.P(2, 2), 400.0 + 1e6 / 12.0, 1e-9);
  EXPECT_EQ(tr.P(0, 1), 0.0);
  EXPECT_EQ(tr.P(3, 3), 400.0);
  // TQ from sigma = sqrt(83733) = 289 m: ceil(log2 28.9) = 5 -> 10 (was 14 at 20 m).
  EXPECT_EQ(tr.quality, 10);
  EXPECT_EQ(p.counters(t.gbr, t.us, DataClass::kTracks).degraded, 1);
  // Engagement status carries no position: released unchanged, counted as degraded.
  Message s;
  s.payload = EngagementStatus{3, t.gbr, 17, EngagementState::kEngaging, 300.0, 250.0};
  EXPECT_EQ(p.Apply(&s, t.gbr, t.rok).action, ReleaseAction::kDegrade);
  EXPECT_EQ(std::get<EngagementStatus>(s.payload).target_network_track, 17);
}

TEST(SharingPolicy, DegradedInLocalEnuGridAndByScale) {
  const earth::Geodetic origin{36.5 * earth::kDeg, 127.25 * earth::kDeg, 0.0};
  Degradation d;
  d.position_quantum_m = 500.0;
  d.frame = QuantisationFrame::kEnu;
  d.enu = earth::EnuFrame::At(origin);
  const Eigen::Vector3d enu(12345.0, -67890.0, 150321.0);
  Eigen::Vector3d r = d.enu.ToEcef(enu);
  Eigen::Matrix3d P = Eigen::Matrix3d::Identity();
  DegradePosition(d, &r, &P);
  // Grid points of the ENU frame (rounded by hand): (12500, -68000, 150500).
  EXPECT_NEAR((d.enu.ToEnu(r) - Eigen::Vector3d(12500.0, -68000.0, 150500.0)).norm(), 0.0, 1e-6);
  EXPECT_NEAR(P(1, 1), 1.0 + 250000.0 / 12.0, 1e-9);
  // Scale factor: whole covariance times s.
  SharingPolicyConfig cfg;
  Degradation sc;
  sc.position_quantum_m = 1.0;
  sc.inflation = CovarianceInflation::kScale;
  sc.covariance_scale = 4.0;
  cfg.default_release = Release::Degraded(sc);
  SharingPolicy p(cfg, 2);
  Message m = Track(Eigen::Vector3d(0.4, 0.6, -0.4));
  p.Apply(&m, 0, 1);
  const TrackReport& tr = std::get<TrackReport>(m.payload);
  EXPECT_EQ(tr.r_ecef, Eigen::Vector3d(0.0, 1.0, -0.0));
  EXPECT_EQ(tr.P(4, 4), 1600.0);
  EXPECT_EQ(tr.P(0, 0), 1600.0);
}

TEST(SharingPolicy, RejectsInvalidReleases) {
  SharingPolicyConfig cfg;
  cfg.rules.push_back({1, 2, kAllDataClasses, Release::Delayed(-1.0)});
  EXPECT_THROW(SharingPolicy(cfg, 2), std::invalid_argument);
  SharingPolicyConfig cfg2;
  Degradation d;
  d.position_quantum_m = 0.0;
  cfg2.default_release = Release::Degraded(d);
  EXPECT_THROW(SharingPolicy(cfg2, 2), std::invalid_argument);
}

}  // namespace
}  // namespace bmd::interop
