// The engine's form of true PN / APN (guidance_law.cc: -N' kappa (v - kappa r), no square
// root, no cross product) against the definitions of the file comment of guidance_law.h
// (LOS unit u = r / R, LOS rate W = r x v / R^2, Vc = -(r . v) / R, N' Vc W x u and
// (N'/2) (a_T - (a_T . u) u)) evaluated independently in long double.
#include <gtest/gtest.h>

#include <Eigen/Geometry>
#include <cmath>
#include <random>

#include "models/guidance/guidance_law.h"

namespace bmd::guidance {
namespace {

using Vec3L = Eigen::Matrix<long double, 3, 1>;

// The definitions, term by term, in long double (64-bit mantissa: 2^11 times finer than the
// double result it checks).
Eigen::Vector3d DefinitionCommand(GuidanceLawKind kind, double n, const RelativeState& rel) {
  const Vec3L r = rel.r_m.cast<long double>(), v = rel.v_mps.cast<long double>();
  const Vec3L at = rel.target_accel_mps2.cast<long double>();
  const long double range = std::sqrt(r.squaredNorm());
  const Vec3L u = r / range;
  const Vec3L w = r.cross(v) / (range * range);
  const long double vc = -r.dot(v) / range;
  Vec3L a = static_cast<long double>(n) * vc * w.cross(u);
  if (kind == GuidanceLawKind::kAugmentedPn) a += 0.5L * static_cast<long double>(n) * (at - at.dot(u) * u);
  return a.cast<double>();
}

// Geometries of the engine's end games: ranges 10 m .. 300 km, closing speeds 1-10 km/s,
// lateral rates from nearly collision-course (1e-6 of the closing speed) to 30 %,
// target accelerations 0-100 m/s^2.
TEST(GuidanceLawClosedForm, TruePnAndApnMatchLosRateDefinitions) {
  std::mt19937_64 gen(20270314);
  std::uniform_real_distribution<double> uni(-1.0, 1.0);
  auto unit = [&] {
    Eigen::Vector3d x(uni(gen), uni(gen), uni(gen));
    return Eigen::Vector3d(x.normalized());
  };
  int checked = 0;
  for (int i = 0; i < 20000; ++i) {
    RelativeState rel;
    const double range = std::pow(10.0, 1.0 + 4.5 * (0.5 + 0.5 * uni(gen)));
    const double vc = std::pow(10.0, 3.0 + 0.5 + 0.5 * uni(gen));
    const double lateral = vc * std::pow(10.0, -6.0 + 2.75 * (1.0 + uni(gen)));
    const Eigen::Vector3d u = unit();
    Eigen::Vector3d e = unit();
    e = (e - e.dot(u) * u).normalized();
    rel.r_m = range * u;
    rel.v_mps = -vc * u + lateral * e;
    rel.target_accel_mps2 = 100.0 * (0.5 + 0.5 * uni(gen)) * unit();
    for (auto kind : {GuidanceLawKind::kTruePn, GuidanceLawKind::kAugmentedPn}) {
      const double n = 4.0;
      const Eigen::Vector3d a = CommandedAccel(GuidanceConfig{kind, n}, rel);
      const Eigen::Vector3d ref = DefinitionCommand(kind, n, rel);
      // Both forms subtract the LOS component of v from v (explicitly here, through
      // r x v in the definition), so the rounding of either is a few ulp of the natural
      // scale N' (Vc / R) |v| (+ N' |a_T|), not of the (possibly tiny) result. 1e-13 of
      // that scale is ~450 ulp: a wrong term or sign is off by O(1) of it.
      const double scale = n * (vc / range) * rel.v_mps.norm() +
                           (kind == GuidanceLawKind::kAugmentedPn ? n * rel.target_accel_mps2.norm() : 0.0);
      ASSERT_LE((a - ref).norm(), 1e-13 * scale) << "case " << i << " kind " << static_cast<int>(kind);
      ++checked;
    }
  }
  EXPECT_EQ(checked, 40000);
}

TEST(GuidanceLawClosedForm, LimitAndOpeningBehaveAsDefined) {
  RelativeState rel;
  rel.r_m = {1000.0, 0.0, 0.0};
  rel.v_mps = {-500.0, 100.0, 0.0};
  rel.target_accel_mps2 = {0.0, 0.0, 20.0};
  // APN hand case: 3 * 500 * 0.1 = 150 along +y, plus 1.5 * 20 along +z; clamped to 100.
  const Eigen::Vector3d a = CommandedAccel(GuidanceConfig{GuidanceLawKind::kAugmentedPn, 3.0, 100.0}, rel);
  EXPECT_NEAR(a.norm(), 100.0, 1e-12);
  EXPECT_NEAR(a.z() / a.y(), 30.0 / 150.0, 1e-15);
  // Opening (r . v > 0) and zero range command nothing.
  rel.v_mps = {500.0, 100.0, 0.0};
  EXPECT_EQ(CommandedAccel(GuidanceConfig{GuidanceLawKind::kAugmentedPn, 3.0}, rel), Eigen::Vector3d::Zero());
  rel.r_m.setZero();
  EXPECT_EQ(CommandedAccel(GuidanceConfig{GuidanceLawKind::kTruePn, 3.0}, rel), Eigen::Vector3d::Zero());
}

}  // namespace
}  // namespace bmd::guidance
