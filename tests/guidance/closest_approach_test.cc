// Closest point of approach inside a step against closed forms and against dense sampling.
#include "models/guidance/closest_approach.h"

#include <gtest/gtest.h>

#include <cmath>

namespace bmd::guidance {
namespace {

TEST(ClosestApproachLinear, HandCases) {
  // Passing 50 m abeam at 10 m/s: CPA at t = 100/10 = 10 s, miss 50 m.
  ClosestApproach c = ClosestApproachLinear({100.0, 50.0, 0.0}, {-10.0, 0.0, 0.0}, 20.0);
  EXPECT_NEAR(c.t_s, 10.0, 1e-12);
  EXPECT_NEAR(c.miss_m, 50.0, 1e-12);
  // Step too short: CPA at the step end, distance hypot(100 - 50, 50).
  c = ClosestApproachLinear({100.0, 50.0, 0.0}, {-10.0, 0.0, 0.0}, 5.0);
  EXPECT_NEAR(c.t_s, 5.0, 1e-12);
  EXPECT_NEAR(c.miss_m, std::hypot(50.0, 50.0), 1e-12);
  // Opening: CPA at the start.
  c = ClosestApproachLinear({100.0, 50.0, 0.0}, {10.0, 0.0, 0.0}, 5.0);
  EXPECT_EQ(c.t_s, 0.0);
  EXPECT_NEAR(c.miss_m, std::hypot(100.0, 50.0), 1e-12);
}

TEST(ClosestApproachConstantAccel, OffsetPassClosedForm) {
  // x(t) = 300 - 200 t + 10 t^2 (a_x = 20), constant offsets y = 3, z = -4:
  // the distance is minimal where x = 0 and x' != 0 there, i.e. the first root
  // t = (200 - sqrt(200^2 - 4*10*300)) / 20; miss = hypot(3, 4) = 5.
  const double t_ref = (200.0 - std::sqrt(200.0 * 200.0 - 4.0 * 10.0 * 300.0)) / 20.0;
  const ClosestApproach c =
      ClosestApproachConstantAccel({300.0, 3.0, -4.0}, {-200.0, 0.0, 0.0}, {20.0, 0.0, 0.0}, 2.5);
  EXPECT_NEAR(c.t_s, t_ref, 1e-12);
  EXPECT_NEAR(c.miss_m, 5.0, 1e-9);
}

TEST(ClosestApproachConstantAccel, DirectHitIsZeroMiss) {
  const ClosestApproach c =
      ClosestApproachConstantAccel({1000.0, 0.0, 0.0}, {-500.0, 0.0, 0.0}, {0.0, 0.0, 0.0}, 3.0);
  EXPECT_NEAR(c.t_s, 2.0, 1e-12);
  EXPECT_NEAR(c.miss_m, 0.0, 1e-9);
}

TEST(ClosestApproachConstantAccel, TwoObjectFormIsRelativeMotion) {
  const Eigen::Vector3d r1(10.0, 20.0, 30.0), v1(1000.0, 0.0, 0.0), a1(0.0, 50.0, 0.0);
  const Eigen::Vector3d r2(1210.0, 40.0, 25.0), v2(-1000.0, 10.0, 5.0), a2(0.0, -30.0, -9.8);
  const ClosestApproach a = ClosestApproachConstantAccel(r1, v1, a1, r2, v2, a2, 1.0);
  const ClosestApproach b = ClosestApproachConstantAccel(r2 - r1, v2 - v1, a2 - a1, 1.0);
  EXPECT_EQ(a.t_s, b.t_s);
  EXPECT_EQ(a.miss_m, b.miss_m);
}

// Reference: the minimum of |p(t)| over 2e6 + 1 equally spaced samples, then the exact
// answer must be no larger than the sampled minimum and within the sampling error of it
// (|p| changes by at most max|p'| * h/2 between samples).
TEST(ClosestApproachConstantAccel, MatchesDenseSamplingOnCurvedPaths) {
  struct Case {
    Eigen::Vector3d r, v, a;
    double dt;
  };
  const Case cases[] = {
      {{500.0, -300.0, 200.0}, {-400.0, 250.0, -100.0}, {30.0, 80.0, -60.0}, 2.0},
      {{50.0, 0.0, 0.0}, {0.0, 40.0, 0.0}, {-25.0, -40.0, 0.0}, 3.0},  // curling path
      {{-20.0, 10.0, 5.0}, {3.0, -1.0, 0.5}, {1.0, 2.0, -3.0}, 10.0},
  };
  for (const Case& k : cases) {
    const ClosestApproach c = ClosestApproachConstantAccel(k.r, k.v, k.a, k.dt);
    const int n = 2000000;
    const double h = k.dt / n;
    double best = INFINITY, best_t = 0.0, max_speed = 0.0;
    for (int i = 0; i <= n; ++i) {
      const double t = i * h;
      const double d = (k.r + k.v * t + 0.5 * k.a * t * t).norm();
      max_speed = std::max(max_speed, (k.v + k.a * t).norm());
      if (d < best) {
        best = d;
        best_t = t;
      }
    }
    EXPECT_LE(c.miss_m, best + 1e-9);
    EXPECT_GE(c.miss_m, best - max_speed * h);
    EXPECT_NEAR(c.t_s, best_t, 10.0 * h) << "dt " << k.dt;
  }
}

TEST(ClosestApproachHermite, ExactForConstantAcceleration) {
  // The Hermite cubic through the end states of constant-acceleration motion is that motion.
  const Eigen::Vector3d r0(500.0, -300.0, 200.0), v0(-400.0, 250.0, -100.0), a(30.0, 80.0, -60.0);
  const double dt = 2.0;
  const Eigen::Vector3d r1 = r0 + v0 * dt + 0.5 * a * dt * dt, v1 = v0 + a * dt;
  const ClosestApproach h = ClosestApproachHermite(r0, v0, r1, v1, dt);
  const ClosestApproach c = ClosestApproachConstantAccel(r0, v0, a, dt);
  EXPECT_NEAR(h.t_s, c.t_s, 1e-10);
  EXPECT_NEAR(h.miss_m, c.miss_m, 1e-8);
}

TEST(ClosestApproachHermite, ExactForCubicMotion) {
  // Relative motion with linearly varying acceleration (jerk j): p = r + v t + a t^2/2 + j t^3/6.
  // Reference: 2e6-sample minimum, as above.
  const Eigen::Vector3d r(800.0, 60.0, -30.0), v(-900.0, -20.0, 10.0), a(50.0, 30.0, 0.0), j(-20.0, 15.0, 8.0);
  const double dt = 1.5;
  auto p = [&](double t) { return Eigen::Vector3d(r + v * t + a * t * t / 2.0 + j * t * t * t / 6.0); };
  auto pd = [&](double t) { return Eigen::Vector3d(v + a * t + j * t * t / 2.0); };
  const ClosestApproach c = ClosestApproachHermite(p(0.0), pd(0.0), p(dt), pd(dt), dt);
  const int n = 2000000;
  double best = INFINITY;
  for (int i = 0; i <= n; ++i) best = std::min(best, p(dt * i / n).norm());
  EXPECT_LE(c.miss_m, best + 1e-9);
  EXPECT_GE(c.miss_m, best - 1000.0 * dt / n);  // |p'| < 1000 m/s on this arc
}

TEST(ClosestApproach, MissDoesNotDependOnTickLength) {
  // A fly-by with constant relative acceleration, cut into ticks of different lengths; the
  // engine looks for the CPA in the tick where the range stops decreasing. The miss and
  // CPA time must agree across tick lengths to rounding.
  const Eigen::Vector3d r0(20000.0, 150.0, -80.0), v0(-4000.0, 10.0, 30.0), a(0.0, -20.0, 15.0);
  double ref_miss = -1.0, ref_t = -1.0;
  for (double dt : {0.5, 0.1, 0.0137, 0.001}) {
    double t0 = 0.0;
    for (int k = 0; k < 100000; ++k) {
      const Eigen::Vector3d r = r0 + v0 * t0 + 0.5 * a * t0 * t0;
      const Eigen::Vector3d v = v0 + a * t0;
      const ClosestApproach c = ClosestApproachConstantAccel(r, v, a, dt);
      if (c.t_s < dt) {
        if (ref_miss < 0.0) {
          ref_miss = c.miss_m;
          ref_t = t0 + c.t_s;
        }
        // Rounding: the state at the tick start carries ~1e-16 * 2e4 m = 1e-12 m error per
        // accumulated term; 1e-7 m / 1e-9 s bounds it with a wide margin.
        EXPECT_NEAR(c.miss_m, ref_miss, 1e-7) << "dt " << dt;
        EXPECT_NEAR(t0 + c.t_s, ref_t, 1e-9) << "dt " << dt;
        break;
      }
      t0 += dt;
    }
  }
  EXPECT_GT(ref_miss, 0.0);
}

}  // namespace
}  // namespace bmd::guidance
