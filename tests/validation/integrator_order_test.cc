// (g) Convergence order: RK4 and DP54 (5th-order solution, fixed steps) on a Kepler orbit with
// the exact solution from Kepler's equation; the log-log slope of the error against the step
// must be the theoretical order (4 and 5).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "models/flight/forces.h"
#include "models/flight/integrators.h"
#include "tests/validation/kepler_reference.h"

namespace bmd::flight {
namespace {

using Vec6 = StateVec<6>;

struct Orbit {
  Vec6 x0;
  testing::KeplerOrbit ref;
  double period;
};

Orbit MakeOrbit() {
  // e = 0.2, a = 8,000 km, started at periapsis.
  const double a = 8000e3, e = 0.2;
  const double rp = a * (1 - e);
  const double vp = std::sqrt(earth::kGM * (1 + e) / rp);
  Orbit o;
  o.x0 << rp, 0, 0, 0, vp * 0.8, vp * 0.6;
  o.ref = testing::KeplerOrbit::FromState(o.x0.head<3>(), o.x0.tail<3>(), earth::kGM);
  o.period = 2 * M_PI / o.ref.n;
  return o;
}

double Slope(const std::vector<double>& h, const std::vector<double>& err) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  const double n = static_cast<double>(h.size());
  for (std::size_t i = 0; i < h.size(); ++i) {
    const double x = std::log(h[i]), y = std::log(err[i]);
    sx += x, sy += y, sxx += x * x, sxy += x * y;
  }
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

template <class StepFn>
std::pair<std::vector<double>, std::vector<double>> Errors(const Orbit& o,
                                                           const std::vector<int>& steps,
                                                           StepFn step) {
  const earth::EarthConfig cfg = earth::EarthConfig::Kepler();
  auto rhs = [&](double, const Vec6& x) {
    const Eigen::Vector3d r = x.head<3>(), v = x.tail<3>();
    return StateDerivative(x, CoastAccel(cfg, r, v, 0.0));
  };
  Eigen::Vector3d r_ref, v_ref;
  const double T = 0.7 * o.period;  // ends past apoapsis: exercises the whole speed range
  o.ref.StateAt(T, r_ref, v_ref);
  std::vector<double> hs, errs;
  for (int n : steps) {
    const double h = T / n;
    Vec6 x = o.x0;
    for (int i = 0; i < n; ++i) x = step(rhs, i * h, x, h);
    hs.push_back(h);
    errs.push_back((x.head<3>() - r_ref).norm());
  }
  return {hs, errs};
}

TEST(IntegratorOrder, Rk4IsFourthOrder) {
  const Orbit o = MakeOrbit();
  auto [h, err] = Errors(o, {100, 200, 400, 800}, [](auto& f, double t, const Vec6& x, double h) {
    return Rk4Step<6>(f, t, x, h);
  });
  // Errors well above round-off (~1e-6 m at 8,000 km) at the finest step.
  ASSERT_GT(err.back(), 1e-4);
  // +-0.25: the slope of the asymptotic regime; higher-order terms bend it by a few percent.
  EXPECT_NEAR(Slope(h, err), 4.0, 0.25);
}

TEST(IntegratorOrder, Dp54IsFifthOrder) {
  const Orbit o = MakeOrbit();
  auto [h, err] = Errors(o, {40, 80, 160, 320}, [](auto& f, double t, const Vec6& x, double h) {
    const Vec6 k1 = f(t, x);
    return Dp54Step<6>(f, t, x, h, k1).x;
  });
  ASSERT_GT(err.back(), 1e-4);
  EXPECT_NEAR(Slope(h, err), 5.0, 0.3);
}

TEST(IntegratorOrder, Dp54ErrorEstimateIsFifthOrderLocally) {
  // The embedded estimate (5th minus 4th order solution) is the local error of the 4th-order
  // solution: O(h^5) per step.
  const Orbit o = MakeOrbit();
  const earth::EarthConfig cfg = earth::EarthConfig::Kepler();
  auto rhs = [&](double, const Vec6& x) {
    const Eigen::Vector3d r = x.head<3>(), v = x.tail<3>();
    return StateDerivative(x, CoastAccel(cfg, r, v, 0.0));
  };
  std::vector<double> hs, est;
  for (double h : {200.0, 100.0, 50.0, 25.0}) {
    const Vec6 k1 = rhs(0.0, o.x0);
    hs.push_back(h);
    est.push_back(Dp54Step<6>(rhs, 0.0, o.x0, h, k1).err.head<3>().norm());
  }
  EXPECT_NEAR(Slope(hs, est), 5.0, 0.3);
}

}  // namespace
}  // namespace bmd::flight
