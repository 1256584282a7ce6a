#pragma once
/// Scalar root finding and minimisation used for event location and targeting.
#include <algorithm>
#include <cmath>
#include <utility>

namespace bmd::flight {

/// Brent's method (Brent 1973): root of g in [a, b] given g(a) = ga and g(b) = gb of opposite
/// signs (or one of them zero). Stops when the bracket is shorter than x_tol or g is exactly 0.
/// Returns the end of the final bracket with the smaller |g|.
template <class G>
double BrentRoot(G&& g, double a, double b, double ga, double gb, double x_tol,
                 int max_iter = 100) {
  if (ga == 0.0) return a;
  if (gb == 0.0) return b;
  if (std::abs(ga) < std::abs(gb)) {
    std::swap(a, b);
    std::swap(ga, gb);
  }
  double c = a, gc = ga, d = 0.0;
  bool bisected = true;
  for (int i = 0; i < max_iter && gb != 0.0 && std::abs(b - a) > x_tol; ++i) {
    double s;
    if (ga != gc && gb != gc) {
      // Inverse quadratic interpolation.
      s = a * gb * gc / ((ga - gb) * (ga - gc)) + b * ga * gc / ((gb - ga) * (gb - gc)) +
          c * ga * gb / ((gc - ga) * (gc - gb));
    } else {
      s = b - gb * (b - a) / (gb - ga);  // secant
    }
    const double lo = std::min((3.0 * a + b) / 4.0, b), hi = std::max((3.0 * a + b) / 4.0, b);
    if (!(s > lo && s < hi) || (bisected && std::abs(s - b) >= std::abs(b - c) / 2.0) ||
        (!bisected && std::abs(s - b) >= std::abs(c - d) / 2.0) ||
        (bisected && std::abs(b - c) < x_tol) || (!bisected && std::abs(c - d) < x_tol)) {
      s = 0.5 * (a + b);
      bisected = true;
    } else {
      bisected = false;
    }
    const double gs = g(s);
    d = c;
    c = b;
    gc = gb;
    if ((ga < 0.0) != (gs < 0.0)) {
      b = s;
      gb = gs;
    } else {
      a = s;
      ga = gs;
    }
    if (std::abs(ga) < std::abs(gb)) {
      std::swap(a, b);
      std::swap(ga, gb);
    }
  }
  return b;
}

/// Golden-section search for the maximum of a unimodal f on [a, b], to an interval shorter
/// than x_tol. Returns {argmax, max}.
template <class F>
std::pair<double, double> GoldenMaximize(F&& f, double a, double b, double x_tol) {
  constexpr double kInvPhi = 0.6180339887498949;
  double x1 = b - kInvPhi * (b - a), x2 = a + kInvPhi * (b - a);
  double f1 = f(x1), f2 = f(x2);
  while (std::abs(b - a) > x_tol) {
    if (f1 < f2) {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + kInvPhi * (b - a);
      f2 = f(x2);
    } else {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - kInvPhi * (b - a);
      f1 = f(x1);
    }
  }
  return f1 >= f2 ? std::pair{x1, f1} : std::pair{x2, f2};
}

}  // namespace bmd::flight
