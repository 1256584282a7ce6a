// Nonlinear 3-D homing sanity checks: PN hits a non-manoeuvring target from a large heading
// error, APN beats PN against a manoeuvring target when the interceptor is g-limited, and
// the divert budget is honoured.
#include "models/guidance/point_mass_engagement.h"

#include <gtest/gtest.h>

#include <Eigen/Geometry>
#include <cmath>

namespace bmd::guidance {
namespace {

constexpr double kG = 9.80665;

struct Geometry {
  PointMassState missile, target;
};

// Head-on-ish end game in 3-D: target ~20 km away, 2 km/s, interceptor 3 km/s launched
// heading_error_deg off the initial line of sight (about an arbitrary oblique axis, so that
// the command uses all three axes).
Geometry EndGame(double heading_error_deg) {
  Geometry g;
  g.target.r_m = {20000.0, 3000.0, 2000.0};
  g.target.v_mps = {-1800.0, -300.0, 600.0};
  const Eigen::Vector3d los = g.target.r_m.normalized();
  const Eigen::Vector3d axis = los.cross(Eigen::Vector3d(0.2, 0.5, 1.0)).normalized();
  g.missile.v_mps = Eigen::AngleAxisd(heading_error_deg * 3.14159265358979323846 / 180.0, axis) * los * 3000.0;
  return g;
}

TEST(PointMassEngagement, PnHitsNonManoeuvringTarget) {
  for (auto kind : {GuidanceLawKind::kTruePn, GuidanceLawKind::kPurePn}) {
    for (double n_prime : {3.0, 4.0, 5.0}) {
      const Geometry g = EndGame(15.0);
      PointMassEngagementConfig cfg;
      cfg.guidance = {kind, n_prime};
      cfg.dt_s = 1e-3;
      const PointMassEngagementResult r = RunPointMassEngagement(g.missile, g.target, cfg);
      ASSERT_TRUE(r.reached_cpa);
      // Brief: < 1 m. Zero-order hold at 1 ms leaves a residual of order
      // a_c dt^2 ~ 1e-4 m at the end, far inside the bound.
      EXPECT_LT(r.miss_m, 1.0) << "N' " << n_prime;
      // Without guidance the same geometry misses by kilometres: the test is not trivial.
      PointMassEngagementConfig ballistic = cfg;
      ballistic.guidance.nav_ratio = 0.0;
      EXPECT_GT(RunPointMassEngagement(g.missile, g.target, ballistic).miss_m, 1000.0);
    }
  }
}

// Missile launched on the collision course against a non-manoeuvring target (constant
// bearing): its velocity normal to the LOS equals the target's, |v_m| = 3000 m/s.
Geometry CollisionCourse() {
  Geometry g = EndGame(0.0);
  const Eigen::Vector3d u = g.target.r_m.normalized();
  const Eigen::Vector3d vt_perp = g.target.v_mps - g.target.v_mps.dot(u) * u;
  const double along = std::sqrt(3000.0 * 3000.0 - vt_perp.squaredNorm());
  g.missile.v_mps = vt_perp + along * u;
  return g;
}

TEST(PointMassEngagement, CollisionCourseNeedsNoCommand) {
  // Zero LOS rate, so PN spends nothing and hits.
  const Geometry g = CollisionCourse();
  const Eigen::Vector3d u = g.target.r_m.normalized();
  PointMassEngagementConfig cfg;
  cfg.guidance = {GuidanceLawKind::kTruePn, 4.0};
  const PointMassEngagementResult r = RunPointMassEngagement(g.missile, g.target, cfg);
  EXPECT_LT(r.miss_m, 1e-6);          // straight-line kinematics, rounding only
  EXPECT_LT(r.delta_v_used_mps, 1e-6);
  // Intercept time: R / closing speed (exact for straight lines).
  const double vc = (g.missile.v_mps - g.target.v_mps).dot(u);
  EXPECT_NEAR(r.t_cpa_s, g.target.r_m.norm() / vc, 1e-9);
}

TEST(PointMassEngagement, ApnBeatsPnAgainstManoeuvringTargetWhenGLimited) {
  // 5 g target manoeuvre normal to the LOS, 10 g interceptor, N' = 3. Linear theory:
  // PN needs N'/(N'-2) n_T = 15 g near the end and saturates; APN needs (N'/2) n_T = 7.5 g
  // at the start and less afterwards, so it stays inside the limit. Launched on the
  // collision course, so the manoeuvre is the only thing to correct.
  const Geometry g = CollisionCourse();
  const Eigen::Vector3d u = g.target.r_m.normalized();
  const Eigen::Vector3d normal = u.cross(Eigen::Vector3d::UnitZ()).normalized();
  PointMassEngagementConfig cfg;
  cfg.target_accel_mps2 = 5.0 * kG * normal;
  cfg.guidance = {GuidanceLawKind::kTruePn, 3.0, 10.0 * kG};
  const PointMassEngagementResult pn = RunPointMassEngagement(g.missile, g.target, cfg);
  cfg.guidance.kind = GuidanceLawKind::kAugmentedPn;
  const PointMassEngagementResult apn = RunPointMassEngagement(g.missile, g.target, cfg);
  EXPECT_GT(pn.miss_m, 1.0);           // PN saturated: a real miss
  EXPECT_LT(apn.miss_m, 1.0);          // APN: a hit
  EXPECT_LT(apn.miss_m, 0.1 * pn.miss_m);
  EXPECT_NEAR(pn.max_accel_mps2, 10.0 * kG, 1e-9);  // the limit was reached...
  EXPECT_LE(apn.max_accel_mps2, 10.0 * kG + 1e-9);  // ...and never exceeded
  // APN spends less delta-v too (Zarchan ch. 8).
  EXPECT_LT(apn.delta_v_used_mps, pn.delta_v_used_mps);
}

TEST(PointMassEngagement, DivertBudgetLimitsDeltaVAndCostsMiss) {
  const Geometry g = EndGame(10.0);
  PointMassEngagementConfig cfg;
  cfg.guidance = {GuidanceLawKind::kTruePn, 4.0};
  const PointMassEngagementResult free_run = RunPointMassEngagement(g.missile, g.target, cfg);
  ASSERT_LT(free_run.miss_m, 1.0);
  // Half the delta-v the unconstrained run used: the kill vehicle runs dry and misses.
  cfg.divert_delta_v_mps = 0.5 * free_run.delta_v_used_mps;
  const PointMassEngagementResult starved = RunPointMassEngagement(g.missile, g.target, cfg);
  EXPECT_LE(starved.delta_v_used_mps, cfg.divert_delta_v_mps * (1.0 + 1e-12));
  EXPECT_GT(starved.miss_m, 10.0);
  // A budget 20 % above the need changes nothing.
  cfg.divert_delta_v_mps = 1.2 * free_run.delta_v_used_mps;
  EXPECT_NEAR(RunPointMassEngagement(g.missile, g.target, cfg).miss_m, free_run.miss_m, 1e-9);
}

TEST(PointMassEngagement, NoisySeekerStillHomesWithinNoiseScale) {
  // The law only sees what it is given: feed it a relative position with a fixed 5 m bias
  // normal to the LOS (a stand-in for a seeker error) through a custom loop using the
  // public pieces. The miss grows to the order of the bias, not beyond.
  const Geometry g = EndGame(10.0);
  PointMassState m = g.missile, t = g.target;
  const GuidanceConfig law{GuidanceLawKind::kTruePn, 4.0};
  const Eigen::Vector3d bias = 5.0 * g.target.r_m.normalized().cross(Eigen::Vector3d::UnitZ()).normalized();
  double miss = INFINITY;
  const double dt = 1e-3;
  for (int k = 0; k < 20000 && !std::isfinite(miss); ++k) {
    RelativeState seen = MakeRelativeState(m.r_m, m.v_mps, t.r_m + bias, t.v_mps);
    const Eigen::Vector3d a = CommandedAccel(law, seen);
    const Eigen::Vector3d r = t.r_m - m.r_m, v = t.v_mps - m.v_mps;
    const double t_cpa = -r.dot(v) / v.squaredNorm();  // ballistic look-ahead for the stop test
    if (t_cpa < dt) miss = (r + v * std::max(0.0, t_cpa)).norm();
    m.r_m += m.v_mps * dt + 0.5 * a * dt * dt;
    m.v_mps += a * dt;
    t.r_m += t.v_mps * dt;
  }
  ASSERT_TRUE(std::isfinite(miss));
  EXPECT_LT(miss, 10.0);  // homes on the biased point: miss ~ the 5 m bias, never far beyond
  EXPECT_GT(miss, 1.0);   // and the bias really reached the law
}

}  // namespace
}  // namespace bmd::guidance
