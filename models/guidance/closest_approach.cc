#include "models/guidance/closest_approach.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace bmd::guidance {
namespace {

constexpr int kMaxDegree = 5;

// Polynomial c[0] + c[1] t + ... + c[deg] t^deg (Horner).
double Eval(const double* c, int deg, double t) {
  double s = c[deg];
  for (int k = deg - 1; k >= 0; --k) s = s * t + c[k];
  return s;
}

// Root of a polynomial monotone on [lo, hi] with a sign change, by bisection until the
// interval cannot shrink any more (about 60 halvings for doubles).
double Bisect(const double* c, int deg, double lo, double hi, double f_lo) {
  for (int it = 0; it < 200; ++it) {
    const double mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    const double f_mid = Eval(c, deg, mid);
    if (f_mid == 0.0) return mid;
    if ((f_mid < 0.0) == (f_lo < 0.0)) {
      lo = mid;
      f_lo = f_mid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

// All real roots of the polynomial in the open interval (a, b), ascending; returns count.
// The roots of the derivative (recursively) split (a, b) into pieces on which the
// polynomial is monotone, so each piece holds at most one root.
int RootsIn(const double* c, int deg, double a, double b, double* roots) {
  while (deg > 0 && c[deg] == 0.0) --deg;
  if (deg <= 0) return 0;
  std::array<double, kMaxDegree + 2> knots{};
  int n_knots = 0;
  knots[n_knots++] = a;
  if (deg >= 2) {
    std::array<double, kMaxDegree> dc{};
    for (int k = 1; k <= deg; ++k) dc[k - 1] = k * c[k];
    std::array<double, kMaxDegree> crit{};
    const int n_crit = RootsIn(dc.data(), deg - 1, a, b, crit.data());
    for (int k = 0; k < n_crit; ++k) knots[n_knots++] = crit[k];
  }
  knots[n_knots++] = b;
  int n = 0;
  for (int k = 0; k + 1 < n_knots; ++k) {
    const double lo = knots[k], hi = knots[k + 1];
    const double f_lo = Eval(c, deg, lo), f_hi = Eval(c, deg, hi);
    if (k > 0 && f_lo == 0.0) {
      roots[n++] = lo;  // exact root at an interior knot
      continue;
    }
    if ((f_lo < 0.0 && f_hi > 0.0) || (f_lo > 0.0 && f_hi < 0.0)) {
      roots[n++] = Bisect(c, deg, lo, hi, f_lo);
    }
  }
  return n;
}

// Minimum of |p(t)| over [0, dt] where p(t) = sum_k P[k] t^k (vector coefficients) and
// g = p . p' has coefficients g[0..2*deg_p-1].
template <int DegP>
ClosestApproach MinimiseDistance(const std::array<Eigen::Vector3d, DegP + 1>& p, double dt_s) {
  constexpr int kDegG = 2 * DegP - 1;
  std::array<double, kDegG + 1> g{};
  for (int i = 0; i <= DegP; ++i) {
    for (int j = 1; j <= DegP; ++j) g[i + j - 1] += j * p[i].dot(p[j]);
  }
  auto dist = [&](double t) {
    Eigen::Vector3d s = p[DegP];
    for (int k = DegP - 1; k >= 0; --k) s = s * t + p[k];
    return s.norm();
  };
  ClosestApproach best{0.0, dist(0.0)};
  if (!(dt_s > 0.0)) return best;
  std::array<double, kMaxDegree + 1> roots{};
  const int n = RootsIn(g.data(), kDegG, 0.0, dt_s, roots.data());
  for (int k = 0; k < n; ++k) {
    const double d = dist(roots[k]);
    if (d < best.miss_m) best = {roots[k], d};
  }
  const double d_end = dist(dt_s);
  if (d_end < best.miss_m) best = {dt_s, d_end};
  return best;
}

}  // namespace

ClosestApproach ClosestApproachLinear(const Eigen::Vector3d& r_m, const Eigen::Vector3d& v_mps,
                                      double dt_s) {
  const double vv = v_mps.squaredNorm();
  double t = 0.0;
  if (vv > 0.0 && dt_s > 0.0) t = std::clamp(-r_m.dot(v_mps) / vv, 0.0, dt_s);
  return {t, (r_m + v_mps * t).norm()};
}

ClosestApproach ClosestApproachConstantAccel(const Eigen::Vector3d& r_m, const Eigen::Vector3d& v_mps,
                                             const Eigen::Vector3d& a_mps2, double dt_s) {
  const std::array<Eigen::Vector3d, 3> p = {r_m, v_mps, 0.5 * a_mps2};
  return MinimiseDistance<2>(p, dt_s);
}

ClosestApproach ClosestApproachConstantAccel(const Eigen::Vector3d& r1_m, const Eigen::Vector3d& v1_mps,
                                             const Eigen::Vector3d& a1_mps2, const Eigen::Vector3d& r2_m,
                                             const Eigen::Vector3d& v2_mps, const Eigen::Vector3d& a2_mps2,
                                             double dt_s) {
  return ClosestApproachConstantAccel(r2_m - r1_m, v2_mps - v1_mps, a2_mps2 - a1_mps2, dt_s);
}

ClosestApproach ClosestApproachHermite(const Eigen::Vector3d& r0_m, const Eigen::Vector3d& v0_mps,
                                       const Eigen::Vector3d& r1_m, const Eigen::Vector3d& v1_mps,
                                       double dt_s) {
  if (!(dt_s > 0.0)) return {0.0, r0_m.norm()};
  // p(t) = r0 + v0 t + c2 t^2 + c3 t^3 matching r1, v1 at t = dt.
  const double h = dt_s;
  const Eigen::Vector3d dr = r1_m - r0_m - v0_mps * h;
  const Eigen::Vector3d dv = v1_mps - v0_mps;
  const Eigen::Vector3d c2 = (3.0 * dr - dv * h) / (h * h);
  const Eigen::Vector3d c3 = (dv * h - 2.0 * dr) / (h * h * h);
  const std::array<Eigen::Vector3d, 4> p = {r0_m, v0_mps, c2, c3};
  return MinimiseDistance<3>(p, dt_s);
}

}  // namespace bmd::guidance
