// Guidance laws against hand-computed cases (geometry chosen so that every number can be
// checked on paper) and structural identities between the laws.
#include "models/guidance/guidance_law.h"

#include <gtest/gtest.h>

#include <Eigen/Geometry>
#include <cmath>

namespace bmd::guidance {
namespace {

// Target 1 km down the x axis, closing at 500 m/s, drifting +y at 100 m/s:
// R = 1000 m, Vc = 500 m/s, W = r x v / R^2 = (0, 0, 0.1) rad/s.
RelativeState HandCase() {
  RelativeState rel;
  rel.r_m = {1000.0, 0.0, 0.0};
  rel.v_mps = {-500.0, 100.0, 0.0};
  rel.missile_velocity_mps = {400.0, 0.0, 0.0};
  return rel;
}

// Tolerance for hand-computed values: a few ulps of the 1e2..1e3 magnitudes involved.
constexpr double kTight = 1e-10;

TEST(LosKinematics, HandCase) {
  const LosKinematics k = ComputeLos(HandCase());
  EXPECT_NEAR(k.range_m, 1000.0, kTight);
  EXPECT_NEAR(k.closing_speed_mps, 500.0, kTight);
  EXPECT_NEAR(k.time_to_go_s, 2.0, kTight);
  EXPECT_TRUE(k.los_rate_radps.isApprox(Eigen::Vector3d(0.0, 0.0, 0.1), kTight));
  EXPECT_TRUE(k.los_unit.isApprox(Eigen::Vector3d::UnitX(), kTight));
}

TEST(TruePn, HandCase) {
  GuidanceConfig cfg{GuidanceLawKind::kTruePn, 3.0};
  // N' Vc |W| = 3 * 500 * 0.1 = 150 m/s^2, along +y (the way the LOS turns).
  const Eigen::Vector3d a = CommandedAccel(cfg, HandCase());
  EXPECT_NEAR((a - Eigen::Vector3d(0.0, 150.0, 0.0)).norm(), 0.0, kTight);
}

TEST(PurePn, PerpendicularToMissileVelocity) {
  RelativeState rel = HandCase();
  rel.missile_velocity_mps = Eigen::Vector3d(1.0, 1.0, 0.0) * 300.0;  // 45 deg off the LOS
  GuidanceConfig cfg{GuidanceLawKind::kPurePn, 3.0};
  const Eigen::Vector3d a = CommandedAccel(cfg, rel);
  // W x m = 0.1 (0,0,1) x (1,1,0)/sqrt2 = 0.1 (-1,1,0)/sqrt2, times N' Vc = 1500.
  const double c = 150.0 / std::sqrt(2.0);
  EXPECT_NEAR((a - Eigen::Vector3d(-c, c, 0.0)).norm(), 0.0, kTight);
  EXPECT_NEAR(a.dot(rel.missile_velocity_mps), 0.0, 1e-9);
}

TEST(AugmentedPn, AddsHalfNavRatioTimesNormalTargetAccel) {
  RelativeState rel = HandCase();
  rel.target_accel_mps2 = {10.0, 20.0, 30.0};  // the x part lies along the LOS: ignored
  GuidanceConfig cfg{GuidanceLawKind::kAugmentedPn, 3.0};
  const Eigen::Vector3d a = CommandedAccel(cfg, rel);
  EXPECT_NEAR((a - Eigen::Vector3d(0.0, 150.0 + 30.0, 45.0)).norm(), 0.0, kTight);
}

TEST(ZeroEffortMiss, EqualsApnWithRangeOverClosingTimeToGo) {
  // Identity: r is along u, so ZEM_perp = (v_perp t_go + a_T,perp t_go^2/2) and with
  // t_go = R/Vc, N' ZEM_perp / t_go^2 = N' Vc v_perp / R + N'/2 a_T,perp = APN.
  RelativeState rel;
  rel.r_m = {3000.0, -1200.0, 800.0};
  rel.v_mps = {-2500.0, 300.0, -150.0};
  rel.target_accel_mps2 = {12.0, -40.0, 25.0};
  GuidanceConfig zem{GuidanceLawKind::kZeroEffortMiss, 4.0};
  GuidanceConfig apn{GuidanceLawKind::kAugmentedPn, 4.0};
  EXPECT_TRUE(CommandedAccel(zem, rel).isApprox(CommandedAccel(apn, rel), 1e-12));
  rel.target_accel_mps2.setZero();
  GuidanceConfig tpn{GuidanceLawKind::kTruePn, 4.0};
  EXPECT_TRUE(CommandedAccel(zem, rel).isApprox(CommandedAccel(tpn, rel), 1e-12));
}

TEST(ZeroEffortMiss, UsesCallerTimeToGo) {
  RelativeState rel = HandCase();
  rel.time_to_go_s = 4.0;  // instead of R/Vc = 2 s
  // ZEM = r + v * 4 = (1000 - 2000, 400, 0); perpendicular to x: (0, 400, 0);
  // a = 3 * 400 / 16 = 75 m/s^2 along +y.
  GuidanceConfig cfg{GuidanceLawKind::kZeroEffortMiss, 3.0};
  EXPECT_NEAR((CommandedAccel(cfg, rel) - Eigen::Vector3d(0.0, 75.0, 0.0)).norm(), 0.0, kTight);
}

TEST(GuidanceLaw, ZeroCommandWhenOpeningOrOnCollisionCourse) {
  RelativeState rel = HandCase();
  rel.v_mps = {+500.0, 100.0, 0.0};  // range opening
  for (auto kind : {GuidanceLawKind::kTruePn, GuidanceLawKind::kPurePn, GuidanceLawKind::kAugmentedPn,
                    GuidanceLawKind::kZeroEffortMiss}) {
    EXPECT_EQ(CommandedAccel(GuidanceConfig{kind, 4.0}, rel), Eigen::Vector3d::Zero());
  }
  rel.v_mps = -0.5 * rel.r_m;  // pure closing along the LOS: no LOS rate, no command
  EXPECT_NEAR(CommandedAccel(GuidanceConfig{GuidanceLawKind::kTruePn, 4.0}, rel).norm(), 0.0, 1e-12);
}

TEST(GuidanceLaw, AccelerationLimitClampsMagnitudeKeepsDirection) {
  GuidanceConfig cfg{GuidanceLawKind::kTruePn, 3.0, 100.0};
  const Eigen::Vector3d a = CommandedAccel(cfg, HandCase());  // unclamped: 150 along +y
  EXPECT_NEAR((a - Eigen::Vector3d(0.0, 100.0, 0.0)).norm(), 0.0, kTight);
  cfg.accel_limit_mps2 = 1000.0;  // not binding
  EXPECT_NEAR(CommandedAccel(cfg, HandCase()).y(), 150.0, kTight);
}

TEST(GuidanceLaw, CommandRotatesWithTheGeometry) {
  // A law written in 3-D must not prefer any axis: rotating the whole geometry rotates the
  // command by the same rotation.
  RelativeState rel;
  rel.r_m = {5000.0, 1000.0, -700.0};
  rel.v_mps = {-3000.0, 150.0, 220.0};
  rel.target_accel_mps2 = {5.0, -30.0, 12.0};
  rel.missile_velocity_mps = {2500.0, -100.0, -200.0};
  const Eigen::Matrix3d rot =
      Eigen::AngleAxisd(0.7, Eigen::Vector3d(0.3, -0.5, 0.81).normalized()).toRotationMatrix();
  RelativeState rel_rot = rel;
  rel_rot.r_m = rot * rel.r_m;
  rel_rot.v_mps = rot * rel.v_mps;
  rel_rot.target_accel_mps2 = rot * rel.target_accel_mps2;
  rel_rot.missile_velocity_mps = rot * rel.missile_velocity_mps;
  for (auto kind : {GuidanceLawKind::kTruePn, GuidanceLawKind::kPurePn, GuidanceLawKind::kAugmentedPn,
                    GuidanceLawKind::kZeroEffortMiss}) {
    const GuidanceConfig cfg{kind, 4.0};
    EXPECT_TRUE((rot * CommandedAccel(cfg, rel)).isApprox(CommandedAccel(cfg, rel_rot), 1e-12));
  }
}

TEST(DivertBudget, ConsumesAndLimitsDeltaV) {
  DivertBudget budget(10.0);
  // |a| = 50 for 0.1 s: 5 m/s used, 5 left.
  Eigen::Vector3d a = budget.Apply({30.0, 40.0, 0.0}, 0.1);
  EXPECT_NEAR((a - Eigen::Vector3d(30.0, 40.0, 0.0)).norm(), 0.0, 1e-12);
  EXPECT_NEAR(budget.remaining_mps(), 5.0, 1e-12);
  // 50 for 0.2 s would need 10: scaled to 25 m/s^2 so exactly the 5 left are spent.
  a = budget.Apply({30.0, 40.0, 0.0}, 0.2);
  EXPECT_NEAR((a - Eigen::Vector3d(15.0, 20.0, 0.0)).norm(), 0.0, 1e-12);
  EXPECT_NEAR(budget.remaining_mps(), 0.0, 1e-12);
  EXPECT_NEAR(budget.used_mps(), 10.0, 1e-12);
  EXPECT_TRUE(budget.exhausted());
  EXPECT_EQ(budget.Apply({1.0, 0.0, 0.0}, 0.1), Eigen::Vector3d::Zero());
}

TEST(DivertBudget, DefaultIsUnlimitedButCounts) {
  DivertBudget budget;
  EXPECT_EQ(budget.Apply({300.0, 0.0, 0.0}, 1.0), Eigen::Vector3d(300.0, 0.0, 0.0));
  EXPECT_NEAR(budget.used_mps(), 300.0, 1e-12);
  EXPECT_FALSE(budget.exhausted());
}

}  // namespace
}  // namespace bmd::guidance
