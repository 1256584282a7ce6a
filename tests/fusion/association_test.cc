// Hungarian solver against brute force; GNN tracking of crossing targets and of a closely
// spaced group without swaps.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <vector>

#include "models/common/random.h"
#include "models/fusion/assignment.h"
#include "models/fusion/predictor.h"
#include "models/fusion/tracker.h"
#include "models/fusion/updater.h"

namespace bmd::fusion {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Minimum over all injective maps of the smaller side into the larger (permutations).
double BruteForce(const std::vector<double>& c, int rows, int cols) {
  const bool wide = rows <= cols;
  const int small = wide ? rows : cols, large = wide ? cols : rows;
  std::vector<int> perm(large);
  std::iota(perm.begin(), perm.end(), 0);
  double best = kInf;
  do {
    double sum = 0;
    for (int i = 0; i < small; ++i) sum += wide ? c[i * cols + perm[i]] : c[perm[i] * cols + i];
    best = std::min(best, sum);
  } while (std::next_permutation(perm.begin(), perm.end()));
  return best;
}

TEST(Assignment, MatchesBruteForceOnRandomMatrices) {
  RandomStream rng(7, 0, 0, Purpose::kTest);
  AssignmentSolver solver;
  int checked = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const int rows = 1 + static_cast<int>(rng.UniformIndex(6));
    const int cols = 1 + static_cast<int>(rng.UniformIndex(6));
    std::vector<double> c(rows * cols);
    for (double& v : c) v = rng.Bernoulli(0.2) ? kInf : std::floor(rng.Uniform(0.0, 20.0));
    std::vector<int> a(rows);
    const double ref = BruteForce(c, rows, cols);
    const bool ok = solver.Solve(c.data(), rows, cols, a.data());
    if (ref == kInf) {
      EXPECT_FALSE(ok);
      continue;
    }
    ASSERT_TRUE(ok);
    double sum = 0;
    std::vector<int> used(cols, 0);
    int assigned = 0;
    for (int i = 0; i < rows; ++i) {
      if (a[i] < 0) continue;
      ++assigned;
      ASSERT_LT(a[i], cols);
      ASSERT_EQ(used[a[i]]++, 0) << "column used twice";
      sum += c[i * cols + a[i]];
    }
    EXPECT_EQ(assigned, std::min(rows, cols));
    // Integer costs: the optimum is exact.
    EXPECT_EQ(sum, ref) << rows << "x" << cols;
    ++checked;
  }
  EXPECT_GT(checked, 200);
}

TEST(Assignment, OptimalWhereGreedyFails) {
  // Greedy takes (0,0)=1 then (1,1)=100: 101; optimum (0,1)+(1,0) = 2 + 3 = 5.
  const double c[] = {1, 2, 3, 100};
  int a[2];
  AssignmentSolver solver;
  ASSERT_TRUE(solver.Solve(c, 2, 2, a));
  EXPECT_EQ(a[0], 1);
  EXPECT_EQ(a[1], 0);
}

// Scripted scenarios in a local flat frame with kPosition measurements at 1 Hz.
// No swap: every track ends on the object that started it, having taken at most
// max_foreign_hits measurements of other objects (possible only where the objects are within
// a sigma or two of each other, when the measurements themselves are ambiguous).
void RunNoSwapCase(const std::vector<Eigen::Vector3d>& r0, const std::vector<Eigen::Vector3d>& v,
                   double sigma_m, int scans, double velocity_sigma_mps, int max_foreign_hits) {
  MotionModelConfig mc;
  mc.kind = MotionKind::kConstantVelocity;
  mc.q_m2ps3 = 0.01;
  const EkfPredictor predictor{MotionModel(mc)};
  const EkfUpdater updater;
  TrackerConfig cfg;
  cfg.initiator.velocity_sigma_mps = velocity_sigma_mps;
  Tracker tracker(cfg, predictor, updater);
  RandomStream rng(11, 0, 0, Purpose::kMeasurementNoise);
  std::vector<sensors::Measurement> ms(r0.size());
  for (int k = 0; k < scans; ++k) {
    const double t = k;
    for (std::size_t i = 0; i < r0.size(); ++i) {
      sensors::Measurement& m = ms[i];
      m.kind = sensors::MeasurementKind::kPosition;
      m.t_s = t;
      m.sensor = 0;
      m.truth_id = static_cast<std::int64_t>(i);
      m.sigma << sigma_m, sigma_m, sigma_m, 0;
      m.z.head<3>() = r0[i] + v[i] * t;
      for (int d = 0; d < 3; ++d) m.z[d] += sigma_m * rng.Normal();
    }
    tracker.Step(t, ms);
  }
  // One confirmed track per object, each fed only by its own object's measurements.
  ASSERT_EQ(tracker.tracks().size(), r0.size());
  std::vector<int> seen(r0.size(), 0);
  for (const Track& t : tracker.tracks()) {
    EXPECT_EQ(t.status, TrackStatus::kConfirmed);
    EXPECT_EQ(t.total_hits, scans) << "track " << t.id;
    ASSERT_GE(t.truth_id, 0);
    const int votes = *std::max_element(t.truth_votes.begin(), t.truth_votes.end());
    EXPECT_GE(votes, t.total_hits - max_foreign_hits) << "track " << t.id;
    // The initiating measurement's object keeps the majority.
    EXPECT_EQ(t.truth_id, t.truth_candidates[0]);
    ++seen[t.truth_id];
    const Eigen::Vector3d truth_r = r0[t.truth_id] + v[t.truth_id] * (scans - 1.0);
    EXPECT_LT((t.state.Position() - truth_r).norm(), 5.0 * sigma_m);
  }
  for (int s : seen) EXPECT_EQ(s, 1);
}

TEST(Gnn, CrossingTargetsAreNotSwapped) {
  // Two targets crossing at t = 20 s at 90 degrees, 200 m/s each (X pattern), sigma 10 m.
  RunNoSwapCase({{-4000, 0, 5000}, {0, -4000, 5000}}, {{200, 0, 0}, {0, 200, 0}}, 10.0, 40, 500.0,
                0);
}

TEST(Gnn, ShallowCrossingIsNotSwapped) {
  // Shallow crossing (2 deg): the objects stay within a few sigma for several scans.
  RunNoSwapCase({{-2000, -35, 5000}, {-2000, 35, 5000}}, {{100, 1.75, 0}, {100, -1.75, 0}}, 5.0, 40,
                300.0, 4);
}

TEST(Gnn, CloselySpacedGroupTrackedWithoutSwaps) {
  // Five objects 150 m apart in a line, flying together at 2 km/s, sigma 15 m.
  std::vector<Eigen::Vector3d> r0, v;
  for (int i = 0; i < 5; ++i) {
    r0.emplace_back(0.0, 150.0 * i, 80e3);
    v.emplace_back(2000.0, 0.0, -100.0);
  }
  RunNoSwapCase(r0, v, 15.0, 30, 3000.0, 0);
}

TEST(Gnn, GateRejectsFarMeasurements) {
  // A far measurement never associates: it starts a new tentative track instead.
  MotionModelConfig mc;
  mc.kind = MotionKind::kConstantVelocity;
  const EkfPredictor predictor{MotionModel(mc)};
  const EkfUpdater updater;
  GnnAssociator assoc(GateConfig{}, updater);
  Track t;
  t.state.x << 0, 0, 0, 0, 0, 0;
  t.state.P = Matrix6d::Identity() * 100.0;  // 10 m sigma
  std::vector<Track> tracks{t};
  sensors::Measurement near, far;
  near.kind = far.kind = sensors::MeasurementKind::kPosition;
  near.sigma.setConstant(10.0);
  far.sigma.setConstant(10.0);
  near.z << 20, 0, 0, 0;  // d2 = 400 / 200 = 2
  far.z << 100, 0, 0, 0;  // d2 = 1e4 / 200 = 50 > chi2_3(0.9997) ~ 19
  std::vector<sensors::Measurement> ms{far, near};
  Associations out;
  assoc.Associate(tracks, ms, &out);
  EXPECT_EQ(out.track_to_measurement[0], 1);
  EXPECT_NEAR(out.track_d2[0], 2.0, 1e-12);
  EXPECT_EQ(out.measurement_to_track[0], -1);
  ms = {far};
  assoc.Associate(tracks, ms, &out);
  EXPECT_EQ(out.track_to_measurement[0], -1);
}

}  // namespace
}  // namespace bmd::fusion
