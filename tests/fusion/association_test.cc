// Hungarian solver (and its separable shortcut) against brute force; GNN tracking of crossing
// targets and of a closely spaced group without swaps; the EKF range pre-gate against the full
// gate.
#include <gtest/gtest.h>

#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <vector>

#include "models/common/random.h"
#include "models/fusion/assignment.h"
#include "models/fusion/association.h"
#include "models/fusion/predictor.h"
#include "models/fusion/tracker.h"
#include "models/fusion/updater.h"
#include "models/sensors/measurement.h"

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

// Separable problems (no column finite in two rows: gates that share no measurement) take
// the shortcut; it must return exactly the general algorithm's columns, ties included (the
// lowest-index cheapest column), and the brute-force optimum. Costs are drawn from a few
// values so that ties within a row are frequent.
TEST(Assignment, SeparableShortcutMatchesHungarianAndBruteForce) {
  RandomStream rng(8, 0, 0, Purpose::kTest);
  AssignmentSolver solver;
  int separable = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    const int rows = 1 + static_cast<int>(rng.UniformIndex(5));
    const int cols = rows + static_cast<int>(rng.UniformIndex(5));
    std::vector<double> c(static_cast<std::size_t>(rows) * cols, kInf);
    // Each column finite in at most one row (most trials), or in two (shortcut refused).
    const bool shared = rng.Bernoulli(0.2);
    for (int j = 0; j < cols; ++j) {
      if (rng.Bernoulli(0.3)) continue;
      const int i = static_cast<int>(rng.UniformIndex(rows));
      c[static_cast<std::size_t>(i) * cols + j] = std::floor(rng.Uniform(0.0, 4.0));
      if (shared) c[rng.UniformIndex(rows) * cols + j] = std::floor(rng.Uniform(0.0, 4.0));
    }
    std::vector<int> a(rows), b(rows);
    const bool ok_a = solver.Solve(c.data(), rows, cols, a.data());
    const bool ok_b = solver.SolveHungarian(c.data(), rows, cols, b.data());
    ASSERT_EQ(ok_a, ok_b) << trial;
    ASSERT_EQ(a, b) << trial;
    const double ref = BruteForce(c, rows, cols);
    if (ref == kInf) {
      EXPECT_FALSE(ok_a);
      continue;
    }
    double sum = 0;
    for (int i = 0; i < rows; ++i) sum += c[static_cast<std::size_t>(i) * cols + a[i]];
    EXPECT_EQ(sum, ref) << trial;  // integer costs: exact
    separable += shared ? 0 : 1;
  }
  EXPECT_GT(separable, 500);
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
  // Shallow crossing (2 deg): the objects stay within a few sigma for several scans. The
  // separation 70 - 3.5 t m is below 2 sqrt(2) sigma = 14.1 m (twice the standard deviation of
  // the difference of two measurements) at t = 16..24 s: in those 9 scans the measurements
  // themselves cannot tell the objects apart, so each may feed the other track (the tracks
  // still must not swap).
  RunNoSwapCase({{-2000, -35, 5000}, {-2000, 35, 5000}}, {{100, 1.75, 0}, {100, -1.75, 0}}, 5.0, 40,
                300.0, 9);
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

// Range pre-gate, closed form: site at the origin with ENU = frame axes, target 1,000 km
// north, P_rr = diag(100, 400, 900) m^2, sigma_range 20 m: the line of sight is the y axis,
// so S_00 = 400 + 400 = 800 m^2 and the pre-gate rejects exactly when the range residual
// exceeds sqrt(1.001 g 800).
TEST(RangePreGate, ClosedFormThreshold) {
  sensors::Measurement m;
  m.kind = sensors::MeasurementKind::kRangeAzElRate;
  m.sigma << 20.0, 1e-3, 1e-3, 5.0;
  const Eigen::Vector3d r(0.0, 1.0e6, 0.0);
  const Eigen::Matrix3d p_rr = Eigen::Vector3d(100.0, 400.0, 900.0).asDiagonal();
  const double g = 16.0;
  const double limit = std::sqrt(kRangeGateMargin * g * 800.0);  // 113.2 m
  for (const double sign : {-1.0, 1.0}) {
    m.z[0] = 1.0e6 + sign * limit * 1.0001;
    EXPECT_TRUE(RangeResidualExceedsGate(r, p_rr, m, g));
    m.z[0] = 1.0e6 + sign * limit * 0.9999;
    EXPECT_FALSE(RangeResidualExceedsGate(r, p_rr, m, g));
  }
  // Kinds without a range never pre-gate here.
  m.z[0] = 2.0e6;
  m.kind = sensors::MeasurementKind::kAngles;
  EXPECT_FALSE(RangeResidualExceedsGate(r, p_rr, m, g));
  m.kind = sensors::MeasurementKind::kPosition;
  EXPECT_FALSE(RangeResidualExceedsGate(r, p_rr, m, g));
}

// Range pre-gate against the full EKF gate on radar geometry (ground site, targets 100-2,000
// km away, random SPD covariances with condition numbers up to 1e8, random angle and range-rate
// residuals): every pair it rejects has d2 > g, also with the range residual placed within
// +-10 % of the pre-gate's own bound; and beyond the bound plus its 0.1 % margin (and the
// roundings, 1e-5 here) it does reject.
TEST(RangePreGate, NeverRejectsAPairTheFullGateKeeps) {
  RandomStream rng(9, 0, 0, Purpose::kTest);
  const EkfUpdater updater;
  const Eigen::Vector3d site(-3.05e6, 4.04e6, 3.73e6);  // ~36 N 127 E
  const double lat = 36.0 * std::numbers::pi / 180, lon = 127.0 * std::numbers::pi / 180;
  Eigen::Matrix3d r_enu;  // columns east, north, up
  r_enu << -std::sin(lon), -std::sin(lat) * std::cos(lon), std::cos(lat) * std::cos(lon),
      std::cos(lon), -std::sin(lat) * std::sin(lon), std::cos(lat) * std::sin(lon),
      0.0, std::cos(lat), std::sin(lat);
  const GateThresholds gates(0.9997);
  int rejected = 0, near_bound = 0;
  for (int n = 0; n < 20000; ++n) {
    sensors::Measurement m;
    m.kind = rng.Bernoulli(0.5) ? sensors::MeasurementKind::kRangeAzElRate
                                : sensors::MeasurementKind::kRangeAzEl;
    m.site_pos = site;
    m.R_frame_from_enu = r_enu;
    m.sigma << rng.Uniform(5.0, 200.0), rng.Uniform(2e-4, 5e-3), rng.Uniform(2e-4, 5e-3),
        rng.Uniform(0.1, 10.0);
    GaussianState s;
    const double range = rng.Uniform(100e3, 2000e3);
    const double az = rng.Uniform(-3.14, 3.14), el = rng.Uniform(0.05, 1.0);
    s.x.head<3>() = site + r_enu * sensors::RangeAzElToEnu(range, az, el);
    for (int i = 3; i < 6; ++i) s.x[i] = rng.Uniform(-3e3, 3e3);
    Matrix6d a;
    for (int i = 0; i < 6; ++i)
      for (int j = 0; j < 6; ++j) a(i, j) = rng.Normal();
    Vector6d lam;
    for (int i = 0; i < 6; ++i) lam[i] = std::pow(10.0, rng.Uniform(0.0, 8.0));
    const Eigen::HouseholderQR<Matrix6d> qr(a);
    const Matrix6d q = qr.householderQ();
    s.P = q * lam.asDiagonal() * q.transpose();
    s.P = (0.5 * (s.P + s.P.transpose())).eval();
    // Noise-free measurement, then residuals: angles and rate random, range at k times the
    // pre-gate's bound sqrt(g S_00) (S_00 from the updater itself).
    m.z = sensors::PredictMeasurement(m, s.x.head<3>(), s.x.tail<3>());
    const Innovation at_truth = updater.PredictInnovation(s, m);
    ASSERT_TRUE(at_truth.ok);
    const double gate = gates[m.Dim()];
    const double bound = std::sqrt(gate * at_truth.S(0, 0));
    const double k = rng.Bernoulli(0.5) ? rng.Uniform(0.9, 1.1) : rng.Uniform(0.0, 3.0);
    m.z[0] += (rng.Bernoulli(0.5) ? k : -k) * bound;
    m.z[1] += rng.Normal() * std::sqrt(at_truth.S(1, 1));
    m.z[2] += rng.Normal() * std::sqrt(at_truth.S(2, 2));
    m.z[3] += rng.Normal() * std::sqrt(at_truth.S(3, 3));
    const Innovation inn = updater.PredictInnovation(s, m);
    ASSERT_TRUE(inn.ok);
    const bool rejects =
        RangeResidualExceedsGate(s.x.head<3>(), s.P.topLeftCorner<3, 3>(), m, gate);
    if (rejects) {
      ++rejected;
      ASSERT_GT(inn.d2, gate) << n;
    }
    // Past the margin (0.1 %) by more than rounding: always rejected (range residual alone).
    const double y0 = inn.y[0];
    if (y0 * y0 > kRangeGateMargin * (1.0 + 1e-5) * gate * inn.S(0, 0)) {
      EXPECT_TRUE(rejects) << n;
    }
    if (std::abs(y0 * y0 / (gate * inn.S(0, 0)) - 1.0) < 0.01) ++near_bound;
  }
  EXPECT_GT(rejected, 5000);
  EXPECT_GT(near_bound, 200);  // the boundary itself was exercised
}

}  // namespace
}  // namespace bmd::fusion
