// Network track-number management (scripted cases) and picture metrics (hand-computed).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "models/fusion/predictor.h"
#include "models/interop/network_track_manager.h"
#include "models/interop/picture_metrics.h"

namespace bmd::interop {
namespace {

fusion::EkfPredictor CvPredictor() {
  fusion::MotionModelConfig mc;
  mc.kind = fusion::MotionKind::kConstantVelocity;
  mc.q_m2ps3 = 0.0;
  return fusion::EkfPredictor(fusion::MotionModel(mc));
}

// A stationary object at x metres east; 100 m position sigma, 10 m/s velocity sigma.
// Offsets of several km against sqrt(2) * 100 m give d2 >> 22.5 (the 6-dof 0.999 gate).
ManagedReport Report(std::int32_t source, std::int64_t local, double x, double t) {
  ManagedReport r;
  r.source = source;
  r.local_number = local;
  r.nation = source;
  r.state.x << x, 0, 0, 0, 0, 0;
  r.state.P = fusion::Vector6d(1e4, 1e4, 1e4, 100, 100, 100).asDiagonal();
  r.state.t_s = t;
  return r;
}

fusion::TruthPoint Truth(std::int64_t id, double x) {
  fusion::TruthPoint p;
  p.id = id;
  p.r = Eigen::Vector3d(x, 0, 0);
  return p;
}

int CountEvents(const NetworkTrackManager& m, TrackNumberEventKind kind) {
  int n = 0;
  for (const TrackNumberEvent& e : m.events()) n += e.kind == kind ? 1 : 0;
  return n;
}

TEST(PredictToTime, ShortAgesUseTheGatingCovarianceWithinTenPartsPerMillion) {
  // Ballistic EKF: a state aged by at most 2 s gets the EKF mean bit for bit and a covariance
  // that drops only the gravity-gradient terms of the transition (|da/dr| ~ 3e-6 /s^2 near
  // the ground), so it agrees with the full prediction to ~1e-5 of the largest entries;
  // longer ages get the full prediction itself. A midcourse-like state at 300 km.
  fusion::MotionModelConfig mc;
  mc.q_m2ps3 = 1.0;
  const fusion::EkfPredictor ekf{fusion::MotionModel(mc)};
  fusion::GaussianState s;
  s.t_s = 100.0;
  s.x << 6.0e6, 1.0e6, 2.5e6, -1.5e3, 2.0e3, 3.0e3;
  s.P = fusion::Vector6d(400.0 * 400.0, 300.0 * 300.0, 500.0 * 500.0, 30.0 * 30.0, 20.0 * 20.0, 25.0 * 25.0)
            .asDiagonal();
  s.P(0, 3) = s.P(3, 0) = 0.5 * 400.0 * 30.0;  // some position-velocity correlation
  s.P(2, 5) = s.P(5, 2) = -0.3 * 500.0 * 25.0;
  for (const double dt : {0.1, 0.5, 1.0, 2.0}) {
    const fusion::GaussianState full = ekf.Predict(s, s.t_s + dt);
    const fusion::GaussianState aged = PredictToTime(ekf, s, s.t_s + dt);
    EXPECT_EQ((aged.x - full.x).norm(), 0.0) << dt;
    EXPECT_EQ(aged.t_s, full.t_s);
    // The dropped terms are ~|da/dr| dt^2 relative (measured 3.5e-6 at 1 s, 9.8e-6 at 2 s);
    // a missing velocity term (dt P_vv) would be ~1e-2.
    const double rel = (aged.P - full.P).norm() / full.P.norm();
    EXPECT_LT(rel, 2e-5) << dt;
    EXPECT_GT(rel, 0.0) << dt;  // it is the cheaper transition, not the full one
  }
  for (const double dt : {2.5, 10.0}) {
    const fusion::GaussianState full = ekf.Predict(s, s.t_s + dt);
    const fusion::GaussianState aged = PredictToTime(ekf, s, s.t_s + dt);
    EXPECT_EQ((aged.x - full.x).norm(), 0.0) << dt;
    EXPECT_EQ((aged.P - full.P).norm(), 0.0) << dt;
  }
}

TEST(NetworkTrackManager, ConsistentSourcesShareOneNumber) {
  const auto pred = CvPredictor();
  NetworkTrackManager m({}, pred);
  for (int k = 0; k < 10; ++k) {
    const std::vector<ManagedReport> reps = {Report(0, 11, 0.0, k), Report(1, 21, 50.0, k)};
    m.Update(k, reps);
  }
  ASSERT_EQ(m.tracks().size(), 1u);
  EXPECT_EQ(m.NumberOf(0, 11), 1);
  EXPECT_EQ(m.NumberOf(1, 21), 1);
  EXPECT_EQ(m.number_changes(), 0);
  EXPECT_EQ(m.tracks()[0].num_reports, 2);
  EXPECT_EQ(m.tracks()[0].nations, SetOf(0) | SetOf(1));
  // CI of two equal-covariance estimates: P(w) = (w P^-1 + (1-w) P^-1)^-1 = P for every w
  // (no false gain in confidence), x = w x1 + (1-w) x2 lies between them.
  EXPECT_GE(m.tracks()[0].state.x[0], -1e-9);
  EXPECT_LE(m.tracks()[0].state.x[0], 50.0 + 1e-9);
  EXPECT_NEAR(m.tracks()[0].state.P(0, 0), 1e4, 1e-6);
}

TEST(NetworkTrackManager, DecorrelatesAfterKGateFailuresAndRenumbers) {
  const auto pred = CvPredictor();
  NetworkTrackManagerConfig cfg;
  cfg.decorrelate_after = 3;
  NetworkTrackManager m(cfg, pred);
  for (int k = 0; k < 5; ++k) {
    m.Update(k, std::vector<ManagedReport>{Report(0, 11, 0.0, k), Report(1, 21, 0.0, k)});
  }
  ASSERT_EQ(m.NumberOf(1, 21), 1);
  // Source 1's track jumps 8 km away: held on number 1 for K-1 = 2 cycles (not fused), then
  // decorrelated on the 3rd failure and given a new number.
  for (int k = 5; k < 7; ++k) {
    m.Update(k, std::vector<ManagedReport>{Report(0, 11, 0.0, k), Report(1, 21, 8000.0, k)});
    EXPECT_EQ(m.NumberOf(1, 21), 1) << k;
    EXPECT_EQ(m.FailuresOf(1, 21), k - 4);
    ASSERT_EQ(m.tracks().size(), 1u);
    EXPECT_NEAR(m.tracks()[0].state.x[0], 0.0, 1e-9);  // the held report is not fused
    EXPECT_EQ(m.tracks()[0].num_reports, 1);
  }
  m.Update(7, std::vector<ManagedReport>{Report(0, 11, 0.0, 7), Report(1, 21, 8000.0, 7)});
  EXPECT_EQ(m.decorrelations(), 1);
  EXPECT_EQ(m.number_changes(), 1);
  EXPECT_EQ(m.NumberOf(1, 21), 2);
  EXPECT_EQ(m.tracks().size(), 2u);
  EXPECT_EQ(CountEvents(m, TrackNumberEventKind::kDecorrelated), 1);
  EXPECT_EQ(CountEvents(m, TrackNumberEventKind::kNewTrack), 1);
  EXPECT_EQ(CountEvents(m, TrackNumberEventKind::kNumberChange), 1);
  // Stays apart: no further changes.
  for (int k = 8; k < 12; ++k) {
    m.Update(k, std::vector<ManagedReport>{Report(0, 11, 0.0, k), Report(1, 21, 8000.0, k)});
  }
  EXPECT_EQ(m.number_changes(), 1);
}

TEST(NetworkTrackManager, ShortGlitchKeepsTheNumber) {
  const auto pred = CvPredictor();
  NetworkTrackManager m({}, pred);  // K = 3
  for (int k = 0; k < 12; ++k) {
    const double x1 = (k == 5 || k == 6) ? 8000.0 : 0.0;  // two bad cycles < K
    m.Update(k, std::vector<ManagedReport>{Report(0, 11, 0.0, k), Report(1, 21, x1, k)});
  }
  EXPECT_EQ(m.number_changes(), 0);
  EXPECT_EQ(m.decorrelations(), 0);
  EXPECT_EQ(m.FailuresOf(1, 21), 0);
  EXPECT_EQ(m.tracks().size(), 1u);
}

TEST(NetworkTrackManager, DualTracksMergeIntoTheOlderNumber) {
  const auto pred = CvPredictor();
  NetworkTrackManager m({}, pred);
  // Two sources 6 km apart (a registration error): two network tracks.
  m.Update(0, std::vector<ManagedReport>{Report(0, 11, 0.0, 0), Report(1, 21, 6000.0, 0)});
  ASSERT_EQ(m.tracks().size(), 2u);
  EXPECT_EQ(m.NumberOf(1, 21), 2);
  // Error corrected: the two tracks now correlate and share no source -> merged into 1.
  m.Update(1, std::vector<ManagedReport>{Report(0, 11, 0.0, 1), Report(1, 21, 30.0, 1)});
  m.Update(2, std::vector<ManagedReport>{Report(0, 11, 0.0, 2), Report(1, 21, 30.0, 2)});
  EXPECT_EQ(m.tracks().size(), 1u);
  EXPECT_EQ(m.NumberOf(1, 21), 1);
  EXPECT_EQ(m.merges(), 1);
  EXPECT_EQ(m.number_changes(), 1);
  // With merging off the dual track persists (FusionNode's behaviour).
  NetworkTrackManagerConfig cfg;
  cfg.merge_duplicates = false;
  NetworkTrackManager n(cfg, pred);
  n.Update(0, std::vector<ManagedReport>{Report(0, 11, 0.0, 0), Report(1, 21, 6000.0, 0)});
  for (int k = 1; k < 5; ++k) {
    n.Update(k, std::vector<ManagedReport>{Report(0, 11, 0.0, k), Report(1, 21, 30.0, k)});
  }
  EXPECT_EQ(n.tracks().size(), 2u);
}

TEST(NetworkTrackManager, AdoptsRemoteNumbersAndDropsStaleTracks) {
  const auto pred = CvPredictor();
  NetworkTrackManagerConfig cfg;
  cfg.first_number = 4711;
  cfg.drop_after_s = 5.0;
  NetworkTrackManager m(cfg, pred);
  ManagedReport remote = Report(3, 99, 0.0, 0);
  remote.remote_network_number = 4711;  // the sender already uses 4711
  m.Update(0, std::vector<ManagedReport>{remote, Report(0, 11, 50e3, 0)});
  EXPECT_EQ(m.NumberOf(3, 99), 4711);
  EXPECT_EQ(m.NumberOf(0, 11), 4712);  // own block skips the adopted number
  // TrackReport round trip carries the number.
  const TrackReport tr = m.MakeReport(m.tracks()[0]);
  EXPECT_EQ(tr.network_track_number, 4711);
  EXPECT_EQ(ManagedReport::FromTrackReport(tr, 5, 2).remote_network_number, 4711);
  // Source 0 stops reporting: its track is dropped after drop_after_s.
  for (int k = 1; k <= 6; ++k) m.Update(k, std::vector<ManagedReport>{Report(3, 99, 0.0, k)});
  EXPECT_EQ(m.tracks().size(), 1u);
  EXPECT_EQ(CountEvents(m, TrackNumberEventKind::kDropped), 1);
}

// Two sources report one object at the same time, source 1 offset by `offset` from source 0,
// both with covariance p. One Update: source 1's report joins source 0's new track iff the
// correlation test passes.
bool JoinsOneTrack(const NetworkTrackManagerConfig& cfg, const fusion::Matrix6d& p,
                   const Eigen::Vector3d& offset) {
  const auto pred = CvPredictor();
  NetworkTrackManager m(cfg, pred);
  ManagedReport a = Report(0, 11, 0.0, 0), b = Report(1, 21, 0.0, 0);
  a.state.P = p;
  b.state.P = p;
  b.state.x.head<3>() = offset;
  m.Update(0, std::vector<ManagedReport>{a, b});
  return m.tracks().size() == 1;
}

TEST(NetworkTrackManager, GateDecidesOnTheFullChiSquareTestWithCorrelatedCovariances) {
  // Chi-square 0.999 quantiles (scipy.stats.chi2.ppf): 3 dof 16.26623619623813, 6 dof
  // 22.457744484825323 (the manager computes them with boost). Position covariance with
  // correlation 0.9 between east and north: eigenvalues
  // a + c = 1.9e4 along (1, 1, 0)/sqrt 2, a - c = 1e3 along (1, -1, 0)/sqrt 2, a on z; the
  // difference covariance is S = 2 P. Independent reference d2 = s^2 / (2 lambda) along an
  // eigenvector at distance s. Offsets are placed at d2 = f * gate with f far from 1 where a
  // per-axis bound and the full test would disagree, so rounding cannot decide the case.
  const double a = 1e4, c = 0.9e4;
  fusion::Matrix6d p = fusion::Matrix6d::Zero();
  p.topLeftCorner<3, 3>() << a, c, 0, c, a, 0, 0, 0, a;
  p.bottomRightCorner<3, 3>() = 100.0 * Eigen::Matrix3d::Identity();
  const Eigen::Vector3d along_wide = Eigen::Vector3d(1, 1, 0).normalized();     // lambda 1.9e4
  const Eigen::Vector3d along_narrow = Eigen::Vector3d(1, -1, 0).normalized();  // lambda 1e3
  for (const bool position_only : {true, false}) {
    NetworkTrackManagerConfig cfg;
    cfg.position_only_gate = position_only;
    const double gate = position_only ? 16.26623619623813 : 22.457744484825323;
    auto at = [&](const Eigen::Vector3d& dir, double lambda, double f) {
      return Eigen::Vector3d(std::sqrt(f * gate * 2.0 * lambda) * dir);
    };
    // Narrow direction: per-axis d_x^2 / S_xx is only 1/20 of d2 there, so only the full
    // test rejects at 1.1 x gate.
    EXPECT_TRUE(JoinsOneTrack(cfg, p, at(along_narrow, a - c, 0.9))) << position_only;
    EXPECT_FALSE(JoinsOneTrack(cfg, p, at(along_narrow, a - c, 1.1))) << position_only;
    // Wide direction: per-axis bound 0.95 d2, so at 1.1 x gate each axis alone exceeds it.
    EXPECT_TRUE(JoinsOneTrack(cfg, p, at(along_wide, a + c, 0.9))) << position_only;
    EXPECT_FALSE(JoinsOneTrack(cfg, p, at(along_wide, a + c, 1.1))) << position_only;
    // Along z (uncorrelated axis) the per-axis bound is d2 itself: 1e-4 either side of the
    // gate (well above the 1e-16 rounding of d2, well outside the pre-gate's 1e-6 margin).
    EXPECT_TRUE(JoinsOneTrack(cfg, p, at(Eigen::Vector3d::UnitZ(), a, 1.0 - 1e-4))) << position_only;
    EXPECT_FALSE(JoinsOneTrack(cfg, p, at(Eigen::Vector3d::UnitZ(), a, 1.0 + 1e-4))) << position_only;
  }
}

TEST(NetworkTrackManager, MakeReportMatchesSetState) {
  // MakeReport builds the report in place and takes the track's TQ; a report filled by
  // SetState (which recomputes TQ from P) must be identical.
  const auto pred = CvPredictor();
  NetworkTrackManager m({}, pred);
  ManagedReport r = Report(0, 11, 123.0, 2.5);
  r.state.P(0, 0) = 4e6;  // a TQ other than the diagonal default's
  r.state.x[4] = -7.0;
  r.truth_id = 42;
  m.Update(2.5, std::vector<ManagedReport>{r});
  ASSERT_EQ(m.tracks().size(), 1u);
  const ManagedTrack& t = m.tracks()[0];
  const TrackReport got = m.MakeReport(t);
  TrackReport want;
  want.network_track_number = t.number;
  want.local_track_number = t.number;
  want.SetState(t.state);
  want.contributing_nations = t.nations;
  want.truth_id = t.truth_id;
  EXPECT_EQ(got.network_track_number, want.network_track_number);
  EXPECT_EQ(got.local_track_number, want.local_track_number);
  EXPECT_EQ(got.t_s, want.t_s);
  EXPECT_EQ(got.r_ecef, want.r_ecef);
  EXPECT_EQ(got.v_ecef, want.v_ecef);
  EXPECT_EQ(got.P, want.P);
  EXPECT_EQ(got.quality, want.quality);
  EXPECT_EQ(got.contributing_nations, want.contributing_nations);
  EXPECT_EQ(got.truth_id, 42);
}

TEST(PictureMetrics, DualTracksSpuriousAndErrorHandComputed) {
  const std::vector<fusion::TruthPoint> truths = {Truth(1, 0.0), Truth(2, 10e3)};
  const std::vector<PictureTrack> tracks = {
      {5, {100, 0, 0}, 1}, {6, {0, 300, 0}, 1}, {7, {10e3, 0, 200}, 2}, {8, {50e3, 0, 0}, -1}};
  const PictureScan s = EvaluatePicture(tracks, truths, 1000.0);
  EXPECT_EQ(s.truths_tracked, 2);
  EXPECT_EQ(s.dual_tracks, 1);
  EXPECT_EQ(s.truths_with_dual_tracks, 1);
  EXPECT_EQ(s.spurious_tracks, 1);
  EXPECT_EQ(s.associated_tracks, 3);
  EXPECT_NEAR(s.mean_position_error_m, (100.0 + 300.0 + 200.0) / 3.0, 1e-9);
  const PictureScan l = EvaluatePicture(tracks, truths, 1.0, TruthAssociation::kByLabel);
  EXPECT_EQ(l.dual_tracks, 1);
  EXPECT_EQ(l.spurious_tracks, 1);
}

TEST(PictureMetrics, CommonalityOfTwoPictures) {
  const std::vector<fusion::TruthPoint> truths = {Truth(1, 0.0), Truth(2, 10e3), Truth(3, 20e3)};
  // A tracks 1 and 2; B tracks 1 (same number, 50 m apart) and 3.
  const std::vector<PictureTrack> a = {{5, {0, 0, 0}, -1}, {6, {10e3, 0, 0}, -1}};
  const std::vector<PictureTrack> b = {{5, {0, 50, 0}, -1}, {9, {20e3, 0, 0}, -1}};
  const Commonality c = PictureCommonality(a, b, truths, 1000.0);
  EXPECT_EQ(c.truths_in_either, 3);
  EXPECT_EQ(c.truths_in_both, 1);
  EXPECT_NEAR(c.common_fraction, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(c.same_number_fraction, 1.0, 1e-12);
  EXPECT_NEAR(c.mean_disagreement_m, 50.0, 1e-9);
  // Different number on the shared truth.
  std::vector<PictureTrack> b2 = b;
  b2[0].number = 77;
  EXPECT_EQ(PictureCommonality(a, b2, truths, 1000.0).same_number, 0);
}

TEST(PictureMetrics, RepresentativesAreTheNearestAssociatedTrackAndServeEveryPair) {
  const std::vector<fusion::TruthPoint> truths = {Truth(1, 0.0), Truth(2, 10e3), Truth(3, 20e3)};
  // Truth 1: tracks 0 (400 m) and 2 (100 m) -> 2; truth 2: track 1 (900 m, inside the
  // 1 km cut-off); truth 3: only track 3, 1.5 km away -> none.
  const std::vector<PictureTrack> a = {{5, {400, 0, 0}, -1},
                                       {6, {10.9e3, 0, 0}, -1},
                                       {7, {0, 100, 0}, -1},
                                       {8, {21.5e3, 0, 0}, -1}};
  std::vector<int> rep_a;
  PictureRepresentatives(a, truths, 1000.0, TruthAssociation::kByDistance, rep_a);
  EXPECT_EQ(rep_a, (std::vector<int>{2, 1, -1}));
  // B tracks truths 1 (number 7, 30 m from A's representative) and 3.
  const std::vector<PictureTrack> b = {{7, {0, 130, 0}, -1}, {9, {20e3, 0, 0}, -1}};
  std::vector<int> rep_b;
  PictureRepresentatives(b, truths, 1000.0, TruthAssociation::kByDistance, rep_b);
  EXPECT_EQ(rep_b, (std::vector<int>{0, -1, 1}));
  const Commonality c = PictureCommonality(a, rep_a, b, rep_b);
  EXPECT_EQ(c.truths_in_either, 3);
  EXPECT_EQ(c.truths_in_both, 1);
  EXPECT_EQ(c.same_number, 1);
  EXPECT_NEAR(c.mean_disagreement_m, 30.0, 1e-9);
  EXPECT_NEAR(c.max_disagreement_m, 30.0, 1e-9);
}

TEST(PictureMetrics, OnePassEvaluationEqualsTheTwoCalls) {
  // EvaluatePicture with representatives: the hand case above (truth 1: tracks 0 at 400 m
  // and 2 at 100 m -> representative 2, one dual track; truth 2: track 1 at 900 m; track 3
  // 1.5 km from truth 3: spurious) gives the figures and representatives of the two calls.
  const std::vector<fusion::TruthPoint> truths = {Truth(1, 0.0), Truth(2, 10e3), Truth(3, 20e3)};
  const std::vector<PictureTrack> a = {{5, {400, 0, 0}, 1},
                                       {6, {10.9e3, 0, 0}, 2},
                                       {7, {0, 100, 0}, 1},
                                       {8, {21.5e3, 0, 0}, 3}};
  for (const TruthAssociation mode : {TruthAssociation::kByDistance, TruthAssociation::kByLabel}) {
    std::vector<int> rep{9, 9};
    const PictureScan s = EvaluatePicture(a, truths, 1000.0, mode, rep);
    const PictureScan ref = EvaluatePicture(a, truths, 1000.0, mode);
    std::vector<int> rep_ref;
    PictureRepresentatives(a, truths, 1000.0, mode, rep_ref);
    EXPECT_EQ(rep, rep_ref);
    EXPECT_EQ(s.truths_tracked, ref.truths_tracked);
    EXPECT_EQ(s.associated_tracks, ref.associated_tracks);
    EXPECT_EQ(s.spurious_tracks, ref.spurious_tracks);
    EXPECT_EQ(s.dual_tracks, ref.dual_tracks);
    EXPECT_EQ(s.mean_position_error_m, ref.mean_position_error_m);
  }
  std::vector<int> rep;
  const PictureScan s = EvaluatePicture(a, truths, 1000.0, TruthAssociation::kByDistance, rep);
  EXPECT_EQ(rep, (std::vector<int>{2, 1, -1}));
  EXPECT_EQ(s.dual_tracks, 1);
  EXPECT_EQ(s.spurious_tracks, 1);
  EXPECT_NEAR(s.mean_position_error_m, (400.0 + 900.0 + 100.0) / 3.0, 1e-9);
  // By label, track 3 belongs to truth 3 (1.5 km away) and is its representative.
  EvaluatePicture(a, truths, 1000.0, TruthAssociation::kByLabel, rep);
  EXPECT_EQ(rep, (std::vector<int>{2, 1, 3}));
}

}  // namespace
}  // namespace bmd::interop
