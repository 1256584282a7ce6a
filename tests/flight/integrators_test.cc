// Unit tests of the integrators and scalar solvers against hand-computed closed forms.
#include "models/flight/integrators.h"

#include <gtest/gtest.h>

#include <cmath>

#include "models/flight/root_finding.h"

namespace bmd::flight {
namespace {

using Vec1 = StateVec<1>;
using Vec2 = StateVec<2>;

TEST(Rk4, ExponentialErrorShrinksSixteenfoldPerHalving) {
  auto f = [](double, const Vec1& x) { return Vec1(x); };
  auto solve = [&](int n) {
    Vec1 x(1.0);
    for (int i = 0; i < n; ++i) x = Rk4Step<1>(f, i * (1.0 / n), x, 1.0 / n);
    return std::abs(x[0] - std::exp(1.0));
  };
  // Global error of RK4 on y' = y, h = 0.1: ~2.1e-6 (e * h^4 / 120 per unit time).
  EXPECT_LT(solve(10), 5e-6);
  EXPECT_NEAR(solve(10) / solve(20), 16.0, 1.5);  // order 4: 2^4
}

TEST(Dp54, OneStepIsExactForQuarticSolutions) {
  // A 5th-order method integrates y' = 5 t^4 (y = t^5) exactly in one step; the embedded
  // 4th-order solution does not, so the error estimate is non-zero. The dense output is
  // 4th-order: exact for y = t^4.
  auto f5 = [](double t, const Vec1&) { return Vec1(5.0 * std::pow(t, 4)); };
  const auto s = Dp54Step<1>(f5, 0.0, Vec1(0.0), 1.0, f5(0.0, Vec1(0.0)));
  EXPECT_NEAR(s.x[0], 1.0, 1e-14);
  EXPECT_GT(std::abs(s.err[0]), 1e-4);

  auto f4 = [](double t, const Vec1&) { return Vec1(4.0 * t * t * t); };
  DormandPrince54<1> dp(Dp54Options{1e-3, 1e-3, 2.0});
  dp.Start(f4, 0.0, Vec1(0.0));
  ASSERT_TRUE(dp.Step(f4, 2.0));
  for (double t : {0.1, 0.37, 1.0, 1.5, 1.93}) {
    EXPECT_NEAR(dp.DenseOutput(t)[0], std::pow(t, 4), 1e-12) << t;
  }
}

TEST(Dp54, AdaptiveHarmonicOscillatorMeetsTolerance) {
  // x'' = -x, x(0) = 1: x = cos t. Global error stays within a small multiple of the
  // tolerance over ~3 periods; tighter tolerances take more steps.
  auto f = [](double, const Vec2& x) { return Vec2(x[1], -x[0]); };
  for (double tol : {1e-6, 1e-9, 1e-12}) {
    DormandPrince54<2> dp(Dp54Options{tol, tol});
    dp.Start(f, 0.0, Vec2(1.0, 0.0));
    double worst = 0.0;
    while (dp.t() < 20.0) {
      ASSERT_TRUE(dp.Step(f, 20.0));
      worst = std::max(worst, std::abs(dp.x()[0] - std::cos(dp.t())));
      // Dense output in the middle of the step.
      const double tm = 0.5 * (dp.t_prev() + dp.t());
      worst = std::max(worst, std::abs(dp.DenseOutput(tm)[0] - std::cos(tm)));
    }
    EXPECT_EQ(dp.t(), 20.0);  // lands exactly on the end time
    EXPECT_LT(worst, 100 * tol) << tol;  // global error ~ steps * local tolerance
  }
}

TEST(Hermite, ReproducesCubicMotion) {
  // r(t) = c0 + c1 t + c2 t^2 + c3 t^3 is reproduced exactly by the cubic Hermite position;
  // its velocity (a quadratic) exactly by the velocity Hermite.
  const Eigen::Vector3d c0(1, 2, 3), c1(-1, 0.5, 2), c2(0.3, -0.2, 1), c3(0.05, 0.1, -0.4);
  auto r = [&](double t) { return Eigen::Vector3d(c0 + c1 * t + c2 * t * t + c3 * t * t * t); };
  auto v = [&](double t) { return Eigen::Vector3d(c1 + 2 * c2 * t + 3 * c3 * t * t); };
  auto a = [&](double t) { return Eigen::Vector3d(2 * c2 + 6 * c3 * t); };
  const double t0 = 1.0, h = 2.5;
  for (double s : {0.0, 0.2, 0.5, 0.9, 1.0}) {
    Eigen::Vector3d ri, vi;
    HermiteInterpolate(r(t0), v(t0), a(t0), r(t0 + h), v(t0 + h), a(t0 + h), h, s, ri, vi);
    EXPECT_LT((ri - r(t0 + s * h)).norm(), 1e-12);
    EXPECT_LT((vi - v(t0 + s * h)).norm(), 1e-12);
  }
}

TEST(RootFinding, BrentAndGolden) {
  // Dottie number: the root of cos x = x.
  auto g = [](double x) { return std::cos(x) - x; };
  EXPECT_NEAR(BrentRoot(g, 0.0, 1.0, g(0.0), g(1.0), 1e-14), 0.7390851332151607, 1e-13);
  auto [x, fx] = GoldenMaximize([](double x) { return -(x - 2.0) * (x - 2.0) + 3.0; }, 0, 5, 1e-8);
  EXPECT_NEAR(x, 2.0, 1e-7);
  EXPECT_NEAR(fx, 3.0, 1e-12);
}

}  // namespace
}  // namespace bmd::flight
