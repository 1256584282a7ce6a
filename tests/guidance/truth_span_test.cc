// TruthSpanInterpolator (the target truth inside a tick, power form + Horner) against
// (a) the closed form of a cubic motion, which the cubic Hermite reproduces exactly, and
// (b) the basis-function form of flight::HermiteInterpolate evaluated in long double.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "models/flight/integrators.h"
#include "models/guidance/interceptor_flight.h"

namespace bmd::guidance {
namespace {

// Exactly representable cubic motion r(t) = p0 + p1 t + p2 t^2 + p3 t^3 (v = r', a = v'):
// the position interpolant (r, v ends) and the velocity interpolant (v, a ends) are both
// exact for it.
TEST(TruthSpanInterpolator, ReproducesCubicMotion) {
  const Eigen::Vector3d p0(-3.1e6, 4.2e6, 3.9e6), p1(2500.0, -1800.0, 900.0), p2(-4.5, 2.0, -3.0),
      p3(0.25, -0.5, 0.125);
  auto r = [&](double t) { return Eigen::Vector3d(p0 + t * (p1 + t * (p2 + t * p3))); };
  auto v = [&](double t) { return Eigen::Vector3d(p1 + t * (2.0 * p2 + 3.0 * t * p3)); };
  auto a = [&](double t) { return Eigen::Vector3d(2.0 * p2 + 6.0 * t * p3); };
  const double t0 = 100.0, t1 = 100.1;
  const TargetTruthSpan span{t0, t1, r(t0), v(t0), a(t0), r(t1), v(t1), a(t1)};
  TruthSpanInterpolator at(span);
  for (int k = 0; k <= 10; ++k) {
    const double t = t0 + 0.01 * k;
    Eigen::Vector3d rr, vv;
    at.At(t, rr, vv);
    // Rounding only: a few ulp of |r| ~ 6.6e6 m (ulp 9.3e-10 m) and of |v| ~ 3.2e3 m/s
    // (ulp 4.5e-13 m/s), plus the rounding of t - t0 times |v| (~1e-14 s x 3e3 m/s).
    EXPECT_LT((rr - r(t)).norm(), 1e-8) << t;
    EXPECT_LT((vv - v(t)).norm(), 1e-10) << t;
  }
  // The ends are the end states themselves.
  Eigen::Vector3d rr, vv;
  at.At(t0, rr, vv);
  EXPECT_EQ(rr, span.r0_ecef);
  EXPECT_EQ(vv, span.v0_ecef);
  at.At(t1, rr, vv);
  EXPECT_EQ(rr, span.r1_ecef);
  EXPECT_EQ(vv, span.v1_ecef);
}

// A threat-like span (ECEF radius 6.4e6-7.0e6 m, speed 2-7 km/s, acceleration up to 50 g
// as in reentry, tick 0.05-0.5 s; the ends need not be consistent with each other): the
// power form stays within a few ulp of the basis form computed in long double. The engine's
// former double basis form is checked against the same reference, so the bound says the
// new form is as accurate as the old one.
TEST(TruthSpanInterpolator, MatchesBasisFormToRounding) {
  std::mt19937_64 gen(6);
  std::uniform_real_distribution<double> uni(-1.0, 1.0);
  auto vec = [&](double scale) { return Eigen::Vector3d(scale * uni(gen), scale * uni(gen), scale * uni(gen)); };
  using Vec3L = Eigen::Matrix<long double, 3, 1>;
  double worst_r = 0.0, worst_v = 0.0, worst_old_r = 0.0, worst_old_v = 0.0;
  for (int i = 0; i < 2000; ++i) {
    TargetTruthSpan span;
    span.t0_s = 500.0 * (1.0 + uni(gen));
    const double h = 0.05 + 0.45 * (0.5 + 0.5 * uni(gen));
    span.t1_s = span.t0_s + h;
    span.r0_ecef = (6.4e6 + 3e5 * (1.0 + uni(gen))) * vec(1.0).normalized();
    span.v0_ecef = (2e3 + 2.5e3 * (1.0 + uni(gen))) * vec(1.0).normalized();
    span.a0_ecef = vec(500.0);
    span.a1_ecef = span.a0_ecef + vec(50.0);
    span.v1_ecef = span.v0_ecef + h * 0.5 * (span.a0_ecef + span.a1_ecef) + vec(1.0);
    span.r1_ecef = span.r0_ecef + h * 0.5 * (span.v0_ecef + span.v1_ecef) + vec(1.0);
    TruthSpanInterpolator at(span);
    for (int k = 1; k < 8; ++k) {
      const double t = span.t0_s + h * k / 8.0;
      Eigen::Vector3d r, v;
      at.At(t, r, v);
      // Reference: the basis form in long double at the same s.
      const long double s = (static_cast<long double>(t) - span.t0_s) / (static_cast<long double>(span.t1_s) - span.t0_s);
      const long double hl = static_cast<long double>(span.t1_s) - span.t0_s;
      const long double s2 = s * s, s3 = s2 * s;
      const long double h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s, h01 = -2 * s3 + 3 * s2, h11 = s3 - s2;
      const Vec3L r_ref = h00 * span.r0_ecef.cast<long double>() + h10 * hl * span.v0_ecef.cast<long double>() +
                          h01 * span.r1_ecef.cast<long double>() + h11 * hl * span.v1_ecef.cast<long double>();
      const Vec3L v_ref = h00 * span.v0_ecef.cast<long double>() + h10 * hl * span.a0_ecef.cast<long double>() +
                          h01 * span.v1_ecef.cast<long double>() + h11 * hl * span.a1_ecef.cast<long double>();
      worst_r = std::max(worst_r, static_cast<double>((r.cast<long double>() - r_ref).norm()));
      worst_v = std::max(worst_v, static_cast<double>((v.cast<long double>() - v_ref).norm()));
      Eigen::Vector3d r_old, v_old;
      flight::HermiteInterpolate(span.r0_ecef, span.v0_ecef, span.a0_ecef, span.r1_ecef, span.v1_ecef,
                                 span.a1_ecef, span.t1_s - span.t0_s, (t - span.t0_s) / (span.t1_s - span.t0_s),
                                 r_old, v_old);
      worst_old_r = std::max(worst_old_r, static_cast<double>((r_old.cast<long double>() - r_ref).norm()));
      worst_old_v = std::max(worst_old_v, static_cast<double>((v_old.cast<long double>() - v_ref).norm()));
    }
  }
  // ulp(7e6 m) = 9.3e-10 m and ulp(8e3 m/s) = 9.1e-13 m/s; the double t - t0 and h carry
  // ~1e-13 s of rounding (t ~ 1e3 s), worth ~1e-9 m at 7 km/s. 5e-9 m and 5e-12 m/s allow a
  // handful of each; the old form must meet the same bound (it did: same error class).
  EXPECT_LT(worst_r, 5e-9);
  EXPECT_LT(worst_v, 5e-12);
  EXPECT_LT(worst_old_r, 5e-9);
  EXPECT_LT(worst_old_v, 5e-12);
  std::printf("worst |r - ref| %.3g m (basis form %.3g m), |v - ref| %.3g m/s (basis form %.3g m/s)\n",
              worst_r, worst_old_r, worst_v, worst_old_v);
}

}  // namespace
}  // namespace bmd::guidance
