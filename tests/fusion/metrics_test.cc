// NEES, OSPA, GOSPA and SIAP against hand-computed cases.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "models/common/random.h"
#include "models/fusion/assignment.h"
#include "models/fusion/metrics.h"

namespace bmd::fusion {
namespace {

using V = Eigen::Vector3d;

TEST(Metrics, NeesHandComputed) {
  GaussianState s;
  s.P = Matrix6d::Zero();
  s.P.diagonal() << 4, 9, 16, 1, 1, 1;
  s.x << 2, 3, 4, 1, 0, 0;  // error (2, 3, 4, 1, 0, 0) against a truth at rest at the origin
  const EstimateErrors e = ComputeErrors(s, V::Zero(), V::Zero());
  EXPECT_NEAR(e.nees, 4.0, 1e-12);           // 4/4 + 9/9 + 16/16 + 1/1
  EXPECT_NEAR(e.nees_position, 3.0, 1e-12);
  EXPECT_NEAR(e.position_error_m, std::sqrt(29.0), 1e-12);
  EXPECT_NEAR(e.velocity_error_mps, 1.0, 1e-12);
}

TEST(Metrics, OspaAndGospaHandComputed) {
  // X = {0, 10 e_x}, Y = {e_x, (10, 3, 0), 50 e_x}; c = 5, p = 2. Best assignment: 0-e_x (d 1),
  // 10e_x-(10,3,0) (d 3); 50e_x is unassigned (false).
  const std::vector<V> x{V(0, 0, 0), V(10, 0, 0)};
  const std::vector<V> y{V(1, 0, 0), V(10, 3, 0), V(50, 0, 0)};
  // OSPA = sqrt((1 + 9 + 25 * 1) / 3).
  EXPECT_NEAR(Ospa(x, y, 5.0, 2.0), std::sqrt(35.0 / 3.0), 1e-12);
  EXPECT_NEAR(Ospa(y, x, 5.0, 2.0), std::sqrt(35.0 / 3.0), 1e-12);  // symmetric
  // GOSPA^2 = 1 + 9 + 25 / 2 (one false target).
  const GospaResult g = Gospa(x, y, 5.0, 2.0);
  EXPECT_NEAR(g.distance, std::sqrt(22.5), 1e-12);
  EXPECT_NEAR(g.localisation, 10.0, 1e-12);
  EXPECT_NEAR(g.false_tracks, 12.5, 1e-12);
  EXPECT_NEAR(g.missed, 0.0, 1e-12);
  EXPECT_EQ(g.num_assigned, 2);
  EXPECT_EQ(g.num_false, 1);
  EXPECT_EQ(g.num_missed, 0);
  // Swapped roles: the extra object is now a missed truth.
  const GospaResult h = Gospa(y, x, 5.0, 2.0);
  EXPECT_NEAR(h.distance, std::sqrt(22.5), 1e-12);
  EXPECT_NEAR(h.missed, 12.5, 1e-12);
  EXPECT_EQ(h.num_missed, 1);
}

TEST(Metrics, GospaReportsItsAssignment) {
  // Same sets as above: estimates e_x -> truth 0, (10, 3, 0) -> truth 1, 50 e_x -> none.
  const std::vector<V> x{V(0, 0, 0), V(10, 0, 0)};
  const std::vector<V> y{V(1, 0, 0), V(10, 3, 0), V(50, 0, 0)};
  std::vector<int> est_to_truth(3, 7);
  const GospaResult g = Gospa(x, y, 5.0, 2.0, est_to_truth);
  EXPECT_NEAR(g.distance, std::sqrt(22.5), 1e-12);
  EXPECT_EQ(est_to_truth, (std::vector<int>{0, 1, -1}));
  // More truths than estimates (the solver works on the swapped problem): estimate 0 at
  // (10, 1, 0) belongs to truth 1; estimate 1 at (0, 6, 0) is 6 >= c from every truth.
  std::vector<int> two(2, 7);
  Gospa(x, std::vector<V>{V(10, 1, 0), V(0, 6, 0)}, 5.0, 2.0, two);
  EXPECT_EQ(two, (std::vector<int>{1, -1}));
}

TEST(Metrics, CutOffCases) {
  // One truth, one estimate 7 m away, c = 5, p = 1: OSPA = min(7, 5) = 5; GOSPA counts the
  // pair as one missed + one false, 2.5 + 2.5 = 5.
  const std::vector<V> x{V(0, 0, 0)}, y{V(7, 0, 0)}, none;
  EXPECT_NEAR(Ospa(x, y, 5.0, 1.0), 5.0, 1e-12);
  const GospaResult g = Gospa(x, y, 5.0, 1.0);
  EXPECT_NEAR(g.distance, 5.0, 1e-12);
  EXPECT_EQ(g.num_assigned, 0);
  EXPECT_EQ(g.num_missed, 1);
  EXPECT_EQ(g.num_false, 1);
  // Empty sets.
  EXPECT_EQ(Ospa(none, none, 5.0, 2.0), 0.0);
  EXPECT_NEAR(Ospa(none, y, 5.0, 2.0), 5.0, 1e-12);
  EXPECT_NEAR(Gospa(none, std::vector<V>{V(0, 0, 0), V(1, 1, 1)}, 4.0, 2.0).distance,
              std::sqrt(16.0), 1e-12);  // two false: 2 * 16 / 2
}

TEST(Metrics, OspaUsesOptimalNotGreedyAssignment) {
  // Greedy (x0 to its nearest y0 at 1, then x1 to y1 at 4) gives 1 + 16 = 17 with p = 2;
  // the optimum x0-y1 (2), x1-y0 (2) gives 8.
  const std::vector<V> x{V(0, 0, 0), V(3, 0, 0)};
  const std::vector<V> y{V(1, 0, 0), V(-2, 0, 0)};
  // x0-y0 = 1, x0-y1 = 2, x1-y0 = 2, x1-y1 = 5 (cut to c = 10: no cut).
  EXPECT_NEAR(Ospa(x, y, 10.0, 2.0), std::sqrt((4.0 + 4.0) / 2.0), 1e-12);
}

TEST(Metrics, OspaFromGospaEqualsOspa) {
  // Hand case: truths at 0 and 30, estimates at 1 and 100 (c = 10, p = 2): the optimal
  // assignment pairs 0-1 (d = 1) and leaves 30 and 100 unassigned (d = 70 >= c), so
  // OSPA = sqrt((1 + 100) / 2) whether computed directly or from the GOSPA terms.
  const std::vector<V> truths{V(0, 0, 0), V(30, 0, 0)};
  const std::vector<V> est{V(1, 0, 0), V(100, 0, 0)};
  const GospaResult g = Gospa(truths, est, 10.0, 2.0);
  EXPECT_NEAR(OspaFromGospa(g, 10.0, 2.0), std::sqrt(101.0 / 2.0), 1e-12);
  // Sets of different sizes, orders 1 and 2, some pairs beyond the cut-off: the same as the
  // direct OSPA (its own hand cases are above). Points on a deterministic pseudo-random grid.
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<V> x, y;
    for (int i = 0; i < trial % 7; ++i) x.push_back(V((37 * i + 11 * trial) % 23, (13 * i) % 7, 0.0));
    for (int j = 0; j < (trial / 7) % 6; ++j) y.push_back(V((29 * j + 5 * trial) % 19, (17 * j) % 5, 1.0));
    for (double p : {1.0, 2.0}) {
      const double c = 6.0;
      EXPECT_NEAR(OspaFromGospa(Gospa(x, y, c, p), c, p), Ospa(x, y, c, p), 1e-12) << trial;
    }
  }
  EXPECT_EQ(OspaFromGospa(Gospa({}, {}, 5.0, 2.0), 5.0, 2.0), 0.0);
}

TEST(Metrics, GospaAndOspaEqualTheDenseAssignmentOnClusters) {
  // GOSPA/OSPA solve only the rows that compete for a column below the cut-off (see
  // CutoffAssignment in metrics.cc). Reference: the dense m x n problem on min(d, c)^p solved
  // by the assignment algorithm without shortcuts, as the metrics did before. Points in
  // clusters a few cut-offs wide (some pairs compete, some are alone, some beyond c), sets of
  // 0..11 points, orders 1, 2 and 3, both roles (more truths or more estimates). With
  // continuous random coordinates the optimum is unique, so the pairs below the cut-off are
  // the same and every figure is equal to the last bit (same pairs, summed in row order).
  RandomStream rng(7, 0, 0, Purpose::kTest);
  AssignmentSolver dense;
  // x^p and s^(1/p) by the same operations as the metrics (multiplication and sqrt for
  // p = 2), so that equal pairs give equal sums to the last bit.
  const auto pow_p = [](double x, double p) { return p == 2.0 ? x * x : p == 1.0 ? x : std::pow(x, p); };
  const auto root_p = [](double s, double p) { return p == 2.0 ? std::sqrt(s) : p == 1.0 ? s : std::pow(s, 1.0 / p); };
  int competing_cases = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const double c = 5.0;
    const double p = 1.0 + trial % 3;
    const int n_clusters = 1 + trial % 4;
    std::vector<V> centres;
    for (int k = 0; k < n_clusters; ++k) centres.push_back(V(rng.Uniform(0, 40), rng.Uniform(0, 40), 0.0));
    auto points = [&](int count) {
      std::vector<V> v;
      for (int i = 0; i < count; ++i) {
        const V& o = centres[static_cast<std::size_t>(rng.UniformIndex(centres.size()))];
        v.push_back(o + V(rng.Normal(0, 3.0), rng.Normal(0, 3.0), rng.Normal(0, 1.0)));
      }
      return v;
    };
    const std::vector<V> truths = points(static_cast<int>(rng.UniformIndex(12)));
    const std::vector<V> est = points(static_cast<int>(rng.UniformIndex(12)));
    // Dense reference on the smaller set as rows.
    const bool swapped = truths.size() > est.size();
    const std::vector<V>& x = swapped ? est : truths;
    const std::vector<V>& y = swapped ? truths : est;
    const int m = static_cast<int>(x.size()), n = static_cast<int>(y.size());
    std::vector<double> cost(static_cast<std::size_t>(m) * n);
    for (int i = 0; i < m; ++i) {
      for (int j = 0; j < n; ++j) cost[i * n + j] = pow_p(std::min((x[i] - y[j]).norm(), c), p);
    }
    std::vector<int> a(static_cast<std::size_t>(m), -1);
    if (m > 0) dense.SolveHungarian(cost.data(), m, n, a.data());
    double loc = 0.0, ospa_sum = pow_p(c, p) * (n - m);
    int assigned = 0;
    std::vector<int> est_to_truth_ref(est.size(), -1);
    for (int i = 0; i < m; ++i) {
      ospa_sum += cost[i * n + a[i]];
      const double d = (x[i] - y[a[i]]).norm();
      if (d >= c) continue;
      ++assigned;
      loc += pow_p(d, p);
      if (swapped) est_to_truth_ref[i] = a[i];
      else est_to_truth_ref[a[i]] = i;
    }
    // Rows competing for one column below the cut-off (the case the dense solver is for).
    for (int j = 0; j < n; ++j) {
      int rows_below_c = 0;
      for (int i = 0; i < m; ++i) rows_below_c += (x[i] - y[j]).norm() < c ? 1 : 0;
      if (rows_below_c > 1) {
        ++competing_cases;
        break;
      }
    }
    std::vector<int> est_to_truth(est.size(), 7);
    const GospaResult g = Gospa(truths, est, c, p, est_to_truth);
    EXPECT_EQ(g.num_assigned, assigned) << trial;
    EXPECT_EQ(g.localisation, loc) << trial;
    EXPECT_EQ(est_to_truth, est_to_truth_ref) << trial;
    EXPECT_EQ(g.num_missed, static_cast<int>(truths.size()) - assigned) << trial;
    EXPECT_EQ(g.num_false, static_cast<int>(est.size()) - assigned) << trial;
    const double ospa_ref = n == 0 ? 0.0 : root_p(ospa_sum / n, p);
    EXPECT_EQ(Ospa(truths, est, c, p), ospa_ref) << trial;
  }
  // The cases must include rows that compete (else only the shortcut was tested).
  EXPECT_GT(competing_cases, 100);
}

TEST(Metrics, SiapScriptedCase) {
  // Truth A (id 1) at the origin, B (id 2) 10 km away, both with velocity (100, 0, 0) m/s.
  // Scans at t = 0, 1, 2, 3:
  //   t0: track 10 on A (3 m off), spurious track 99 far away; B untracked
  //   t1: track 10 on A, tracks 20 (3 m) and 21 (5 m) on B
  //   t2: track 11 on A (number change), 20 on B;  t3: same as t2
  const V vel(100, 0, 0), a(0, 0, 0), b(10e3, 0, 0);
  const std::vector<TruthPoint> truths{{1, a, vel}, {2, b, vel}};
  auto trk = [&](std::int64_t n, const V& r, double off) {
    return TrackPoint{n, r + V(0, off, 0), vel + V(0, 0, 1.0)};
  };
  SiapAccumulator siap(500.0);
  siap.AddScan(0.0, truths, std::vector<TrackPoint>{trk(10, a, 3), trk(99, V(50e3, 0, 0), 0)});
  siap.AddScan(1.0, truths, std::vector<TrackPoint>{trk(10, a, 3), trk(20, b, 3), trk(21, b, 5)});
  siap.AddScan(2.0, truths, std::vector<TrackPoint>{trk(11, a, 3), trk(20, b, 3)});
  siap.AddScan(3.0, truths, std::vector<TrackPoint>{trk(11, a, 3), trk(20, b, 3)});
  const SiapResult r = siap.Result();
  // N_T = 8, N_JT = 1+2+2+2 = 7, N_A = 1+3+2+2 = 8, N_S = 1, N_tracks = 9.
  EXPECT_NEAR(r.completeness, 7.0 / 8.0, 1e-12);
  EXPECT_NEAR(r.ambiguity, 8.0 / 7.0, 1e-12);
  EXPECT_NEAR(r.spuriousness, 1.0 / 9.0, 1e-12);
  EXPECT_NEAR(r.positional_accuracy_m, (7 * 3.0 + 5.0) / 8.0, 1e-12);
  EXPECT_NEAR(r.velocity_accuracy_mps, 1.0, 1e-12);
  // One change (A: 10 -> 11) over 3 s (A) + 3 s (B) of tracked time.
  EXPECT_EQ(r.track_number_changes, 1);
  EXPECT_NEAR(r.track_number_change_rate_per_s, 1.0 / 6.0, 1e-12);
  // A: longest run 2 of 4 scans; B: 3 of 4.
  EXPECT_NEAR(r.longest_track_segment, (0.5 + 0.75) / 2.0, 1e-12);
}

}  // namespace
}  // namespace bmd::fusion
