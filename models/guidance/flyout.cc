#include "models/guidance/flyout.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "models/earth/geodesy.h"
#include "models/flight/integrators.h"
#include "models/flight/root_finding.h"
#include "models/guidance/flyout_envelope.h"

namespace bmd::guidance {
namespace {

using Vec6 = flight::StateVec<6>;

struct FlyoutRhs {
  const InterceptorModel& m;
  int stage;
  const Eigen::Vector3d& d;
  Vec6 operator()(double tau, const Vec6& x) const {
    const Eigen::Vector3d r = x.head<3>(), v = x.tail<3>();
    return flight::StateDerivative(x, FlyoutAccel(m, stage, tau, r, v, d));
  }
};


// Integrates the unguided flyout; `on_step(dp)` is called after each accepted step and
// returns true to stop. Returns the right-hand-side evaluation count.
template <class OnStep>
int Integrate(const InterceptorModel& m, const Eigen::Vector3d& site,
              const Eigen::Vector3d& d, double max_time_s, double rtol, OnStep&& on_step) {
  const flight::Dp54Options dp_opt{rtol, rtol * 1e6};
  Vec6 x;
  x << site, Eigen::Vector3d::Zero();
  double tau = 0.0;
  int evals = 0;
  for (int stage = 0; stage <= m.num_stages; ++stage) {
    const double seg_end =
        stage < m.num_stages
            ? std::min(m.burnout_s[static_cast<std::size_t>(stage)], max_time_s)
            : max_time_s;
    if (seg_end <= tau) continue;
    FlyoutRhs rhs{m, stage, d};
    flight::DormandPrince54<6> dp(dp_opt);
    dp.Start(rhs, tau, x);
    while (dp.t() < seg_end) {
      if (!dp.Step(rhs, seg_end)) return evals + static_cast<int>(dp.evaluations());
      if (on_step(dp, rhs)) return evals + static_cast<int>(dp.evaluations());
    }
    evals += static_cast<int>(dp.evaluations());
    x = dp.x();
    tau = dp.t();
  }
  return evals;
}

}  // namespace

FlyoutPoint FlyToward(const InterceptorModel& m, const Eigen::Vector3d& site_ecef,
                      const Eigen::Vector3d& d_ecef, const Eigen::Vector3d& p_ecef,
                      double max_time_s, double rtol) {
  FlyoutPoint best;
  best.miss_m = (site_ecef - p_ecef).norm();
  best.r_ecef = site_ecef;
  if (!d_ecef.allFinite() || !p_ecef.allFinite()) return best;
  const double r_ground2 = std::pow(earth::kWgs84B - 1.0, 2);
  auto on_step = [&](const flight::DormandPrince54<6>& dp, auto& rhs) {
    const Vec6& x0 = dp.x_prev();
    const Vec6& x1 = dp.x();
    const Eigen::Vector3d r1 = x1.head<3>();
    const double g0 = (x0.head<3>() - p_ecef).dot(x0.tail<3>());
    const double g1 = (r1 - p_ecef).dot(x1.tail<3>());
    if (g0 < 0.0 && g1 >= 0.0) {
      auto g = [&](double t) {
        const Vec6 xt = dp.DenseOutput(t);
        return (xt.head<3>() - p_ecef).dot(xt.tail<3>());
      };
      const double tc = flight::BrentRoot(g, dp.t_prev(), dp.t(), g0, g1, 1e-9);
      // The state there from a fresh 5th-order step (the 4th-order dense output can be off
      // by metres inside a long coast step, and not smoothly in the launch direction).
      Vec6 k1 = dp.f_prev();
      const Vec6 xc = tc > dp.t_prev()
                          ? flight::Dp54Step<6>(rhs, dp.t_prev(), x0, tc - dp.t_prev(), k1).x
                          : x0;
      best.passed = true;
      best.time_of_flight_s = tc;
      best.r_ecef = xc.head<3>();
      best.v_ecef = xc.tail<3>();
      best.miss_m = (best.r_ecef - p_ecef).norm();
      return true;
    }
    const double dist = (r1 - p_ecef).norm();
    if (dist < best.miss_m) {
      best.miss_m = dist;
      best.time_of_flight_s = dp.t();
      best.r_ecef = r1;
      best.v_ecef = x1.tail<3>();
    }
    // Ground impact: below the polar radius is below the surface everywhere; otherwise
    // test the height only when close to the ground.
    if (dp.t() > 2.0 && (r1.squaredNorm() < r_ground2 ||
                         (r1.squaredNorm() < std::pow(earth::kWgs84A, 2) &&
                          earth::FastAltitude(r1, m.earth.shape) < 0.0))) {
      return true;
    }
    return false;
  };
  best.evaluations = Integrate(m, site_ecef, d_ecef, max_time_s, rtol, on_step);
  return best;
}

FlyoutPath FlyPath(const InterceptorModel& m, const Eigen::Vector3d& site_ecef,
                   const Eigen::Vector3d& d_ecef, double max_time_s, double range_step_m,
                   int n_range, double alt_step_m, int n_alt, double rtol) {
  FlyoutPath path;
  path.by_range.assign(static_cast<std::size_t>(std::max(n_range, 0)), PathCrossing{});
  path.by_alt.assign(static_cast<std::size_t>(std::max(n_alt, 0)), PathCrossing{});
  const earth::Shape shape = m.earth.shape;
  const Eigen::Vector3d site_unit = site_ecef.normalized();
  const double r_ground2 = std::pow(earth::kWgs84B - 1.0, 2);
  auto crossing = [&](const Vec6& x, double t) {
    PathCrossing c;
    c.reached = true;
    c.t_s = t;
    const Eigen::Vector3d r = x.head<3>();
    c.alt_m = earth::FastAltitude(r, shape);
    c.range_m = GroundRangeBetweenUnits(site_unit, r.normalized());
    c.climb_mps = x.tail<3>().dot(r.normalized());  // geocentric radial rate (height rate)
    c.r_ecef = r;
    return c;
  };
  // The launch itself is range level 0 and altitude level 0.
  Vec6 x0;
  x0 << site_ecef, Eigen::Vector3d::Zero();
  if (n_range > 0) path.by_range[0] = crossing(x0, 0.0);
  if (n_alt > 0) path.by_alt[0] = crossing(x0, 0.0);
  int next_range = 1, next_alt = 1;
  double range_prev = 0.0, alt_prev = earth::FastAltitude(site_ecef, shape);
  auto on_step = [&](const flight::DormandPrince54<6>& dp, auto& /*rhs*/) {
    const Eigen::Vector3d r1 = dp.x().head<3>();
    const double range1 = GroundRangeBetweenUnits(site_unit, r1.normalized());
    const double alt1 = earth::FastAltitude(r1, shape);
    // Levels passed inside this step: located on the dense output.
    auto locate = [&](auto&& level_of, double level, double f0, double f1) {
      auto f = [&](double t) { return level_of(dp.DenseOutput(t)) - level; };
      const double t = flight::BrentRoot(f, dp.t_prev(), dp.t(), f0 - level, f1 - level, 1e-5);
      return crossing(dp.DenseOutput(t), t);
    };
    auto range_of = [&](const Vec6& x) {
      return GroundRangeBetweenUnits(site_unit, x.head<3>().normalized());
    };
    auto alt_of = [&](const Vec6& x) { return earth::FastAltitude(x.head<3>(), shape); };
    while (next_range < n_range && range1 >= next_range * range_step_m) {
      const double level = next_range * range_step_m;
      path.by_range[static_cast<std::size_t>(next_range)] =
          range_prev < level ? locate(range_of, level, range_prev, range1)
                             : crossing(dp.x(), dp.t());
      ++next_range;
    }
    while (next_alt < n_alt && alt1 >= next_alt * alt_step_m) {
      const double level = next_alt * alt_step_m;
      path.by_alt[static_cast<std::size_t>(next_alt)] =
          alt_prev < level ? locate(alt_of, level, alt_prev, alt1) : crossing(dp.x(), dp.t());
      ++next_alt;
    }
    range_prev = range1;
    alt_prev = alt1;
    if (next_range >= n_range && n_range > 1 && range1 > (n_range - 1) * range_step_m) return true;
    path.end_range_m = range1;
    // Ground impact, as in FlyToward.
    path.impacted = dp.t() > 2.0 && (r1.squaredNorm() < r_ground2 ||
                                     (r1.squaredNorm() < std::pow(earth::kWgs84A, 2) && alt1 < 0.0));
    return path.impacted;
  };
  if (!d_ecef.allFinite()) return path;
  path.evaluations = Integrate(m, site_ecef, d_ecef, max_time_s, rtol, on_step);
  return path;
}

BurnoutState FlyToBurnout(const InterceptorModel& m, const Eigen::Vector3d& site_ecef,
                          const Eigen::Vector3d& d_ecef) {
  BurnoutState out;
  auto on_step = [&](const flight::DormandPrince54<6>& dp, auto& /*rhs*/) {
    out.t_s = dp.t();
    out.r_ecef = dp.x().head<3>();
    out.v_ecef = dp.x().tail<3>();
    return false;
  };
  Integrate(m, site_ecef, d_ecef, m.final_burnout_s, 1e-10, on_step);
  return out;
}

Eigen::Vector3d LaunchDirection(const earth::Geodetic& site, double azimuth_rad,
                                double elevation_rad, earth::Shape shape) {
  (void)shape;  // the ENU axes are geodetic on WGS-84 and radial on the sphere alike
  const Eigen::Matrix3d R = earth::REcefFromEnu(site.lat_rad, site.lon_rad);
  const double ce = std::cos(elevation_rad);
  return R * Eigen::Vector3d(ce * std::sin(azimuth_rad), ce * std::cos(azimuth_rad),
                             std::sin(elevation_rad));
}

namespace {

// The shooting solve (flyout.h). geometric_start: the first Jacobian from the geometry of
// the first flyout instead of finite differences.
LaunchSolution Shoot(const InterceptorModel& m, const earth::Geodetic& site,
                     const Eigen::Vector3d& p_ecef, const LaunchSolution* guess,
                     const ShootingOptions& opt, bool geometric_start) {
  LaunchSolution sol;
  const double max_time = opt.max_time_s > 0.0 ? opt.max_time_s : m.spec.max_flight_time_s;
  const Eigen::Vector3d s_ecef = earth::GeodeticToEcef(site, m.earth.shape);
  const Eigen::Matrix3d R = earth::REcefFromEnu(site.lat_rad, site.lon_rad);
  const Eigen::Vector3d los = p_ecef - s_ecef;
  const double dist = los.norm();
  if (dist < opt.miss_tolerance_m) {
    sol.ok = true;
    sol.launch_dir_ecef = R.col(2);
    sol.elevation_rad = std::numbers::pi / 2;
    return sol;
  }
  const Eigen::Vector3d los_enu = R.transpose() * los / dist;
  // Two axes for the 2-D residual: normal to the arrival velocity of the first flyout (the
  // miss at a closest approach is normal to the velocity, so no component of it is lost),
  // or to the line of sight until a flyout has passed the point.
  Eigen::Vector3d b1, b2;
  auto set_axes = [&](const Eigen::Vector3d& normal) {
    const Eigen::Vector3d u = normal.normalized();
    b1 = u.cross(R.col(2));
    if (b1.norm() < 1e-6) b1 = u.cross(R.col(0));
    b1.normalize();
    b2 = u.cross(b1);
  };
  set_axes(los);
  bool axes_from_velocity = false;

  double az, el;
  // A vertical guess has no azimuth information (singular Jacobian): start afresh.
  if (guess != nullptr && guess->ok && guess->elevation_rad < 1.5) {
    az = guess->azimuth_rad;
    el = guess->elevation_rad;
  } else {
    // Ideal-rocket burnout speed, a flight time at ~70 % of it, and the gravity drop.
    double dv = 0.0;
    for (int i = 0; i < m.num_stages; ++i) {
      const auto k = static_cast<std::size_t>(i);
      const double m0 = m.mass_ignition_kg[k];
      dv += m.spec.stages[k].isp_s * earth::kG0 *
            std::log(m0 / (m0 - m.spec.stages[k].propellant_mass_kg));
    }
    const double t_est = dist / (0.7 * dv) + 0.5 * m.final_burnout_s;
    az = std::atan2(los_enu.x(), los_enu.y());
    el = std::asin(std::clamp(los_enu.z(), -1.0, 1.0)) +
         std::atan(0.5 * earth::kG0 * t_est * t_est / dist);
    el = std::clamp(el, 0.0, std::numbers::pi / 2 - 1e-3);
  }

  auto residual = [&](double a, double e, FlyoutPoint& fp) {
    fp = FlyToward(m, s_ecef, LaunchDirection(site, a, e, m.earth.shape), p_ecef, max_time,
                   opt.rtol);
    ++sol.flyouts;
    const Eigen::Vector3d miss = fp.r_ecef - p_ecef;
    return Eigen::Vector2d(miss.dot(b1), miss.dot(b2));
  };
  constexpr double kFd = 1e-5;  // rad: ~10 m at 1,000 km, far above the integration noise
  FlyoutPoint fp, fp_fd;
  Eigen::Matrix2d J = Eigen::Matrix2d::Zero();
  bool have_j = false, fresh_j = false, tried_geometric = !geometric_start;
  Eigen::Vector2d x(az, el);
  Eigen::Vector2d e0 = residual(x.x(), x.y(), fp);
  if (fp.passed && fp.v_ecef.norm() > 0.0) {
    set_axes(fp.v_ecef);
    axes_from_velocity = true;
    const Eigen::Vector3d miss = fp.r_ecef - p_ecef;
    e0 = Eigen::Vector2d(miss.dot(b1), miss.dot(b2));
  }
  for (int it = 0; it < opt.max_iterations; ++it) {
    if (fp.passed && fp.miss_m <= opt.miss_tolerance_m) {
      sol.ok = fp.time_of_flight_s <= max_time;
      sol.launch_dir_ecef = LaunchDirection(site, x.x(), x.y(), m.earth.shape);
      sol.azimuth_rad = x.x();
      sol.elevation_rad = x.y();
      sol.time_of_flight_s = fp.time_of_flight_s;
      sol.miss_m = fp.miss_m;
      return sol;
    }
    if (!have_j && !tried_geometric && fp.passed) {
      // First Jacobian from the geometry of the flyout just flown (no extra flyouts):
      // azimuth turns the launch direction about the site's up axis U, and the path with it,
      // so dr/daz = -U x (r - s) (exact for a gravity field and atmosphere symmetric about
      // U; Earth rotation, J2 and the tilt of the geocentric radial from U make it
      // approximate). Elevation turns d about A = d x dd/del in the firing plane; it turns
      // the gravity-free part of the path, r - s minus the drop 0.5 g tau^2 over the coast
      // time tau (the boost is gravity-compensated), so dr/del = A x (r - s - drop).
      // Components along the arrival velocity only move the closest approach in time and
      // drop out of the projection on b1, b2. The Broyden updates refine it; a step that
      // does not shrink the miss replaces it by finite differences (below).
      tried_geometric = true;
      const Eigen::Vector3d up = R.col(2);
      const double se = std::sin(x.y()), ce = std::cos(x.y());
      const double sa = std::sin(x.x()), ca = std::cos(x.x());
      const Eigen::Vector3d d = R * Eigen::Vector3d(ce * sa, ce * ca, se);
      const Eigen::Vector3d dd_del = R * Eigen::Vector3d(-se * sa, -se * ca, ce);
      const Eigen::Vector3d axis_el = d.cross(dd_del);
      const double tau = std::max(0.0, fp.time_of_flight_s - m.final_burnout_s);
      const Eigen::Vector3d mid = 0.5 * (s_ecef + fp.r_ecef);
      const double g_mid = earth::kGM / mid.squaredNorm();
      const Eigen::Vector3d rel = fp.r_ecef - s_ecef;
      const Eigen::Vector3d free = rel + 0.5 * g_mid * tau * tau * mid.normalized();
      const Eigen::Vector3d dr_daz = -up.cross(rel);
      const Eigen::Vector3d dr_del = axis_el.cross(free);
      J << dr_daz.dot(b1), dr_del.dot(b1), dr_daz.dot(b2), dr_del.dot(b2);
      have_j = true;
      fresh_j = false;
    }
    if (!have_j) {
      const double el_fd = x.y() + kFd < std::numbers::pi / 2 ? kFd : -kFd;
      J.col(0) = (residual(x.x() + kFd, x.y(), fp_fd) - e0) / kFd;
      J.col(1) = (residual(x.x(), x.y() + el_fd, fp_fd) - e0) / el_fd;
      have_j = fresh_j = true;
    }
    const double det = J.determinant();
    if (!std::isfinite(det) || std::abs(det) < 1e-12 * J.squaredNorm()) break;
    Eigen::Vector2d step = -J.inverse() * e0;
    const double n = step.norm();
    if (n > 0.2) step *= 0.2 / n;  // trust region: 0.2 rad per iteration
    Eigen::Vector2d x_new = x + step;
    if (!x_new.allFinite()) break;
    x_new.y() = std::clamp(x_new.y(), -0.2, std::numbers::pi / 2 - 1e-4);
    step = x_new - x;
    FlyoutPoint fp_new;
    const Eigen::Vector2d e_new = residual(x_new.x(), x_new.y(), fp_new);
    if (e_new.norm() >= e0.norm() && !fresh_j) {
      // No progress with an updated Jacobian: refresh it by finite differences and retry.
      have_j = false;
      continue;
    }
    fresh_j = false;
    // Broyden rank-one update: J += (de - J dx) dx^T / |dx|^2.
    if (step.squaredNorm() > 0.0) J += (e_new - e0 - J * step) * step.transpose() / step.squaredNorm();
    x = x_new;
    e0 = e_new;
    fp = fp_new;
    if (!axes_from_velocity && fp.passed && fp.v_ecef.norm() > 0.0) {
      set_axes(fp.v_ecef);
      axes_from_velocity = true;
      const Eigen::Vector3d miss = fp.r_ecef - p_ecef;
      e0 = Eigen::Vector2d(miss.dot(b1), miss.dot(b2));
      have_j = false;  // the Jacobian was in the old axes
    }
  }
  az = x.x();
  el = x.y();
  sol.ok = false;
  sol.azimuth_rad = az;
  sol.elevation_rad = el;
  sol.launch_dir_ecef = LaunchDirection(site, az, el, m.earth.shape);
  sol.time_of_flight_s = fp.time_of_flight_s;
  sol.miss_m = fp.miss_m;
  return sol;
}

}  // namespace

LaunchSolution SolveLaunchDirection(const InterceptorModel& m, const earth::Geodetic& site,
                                    const Eigen::Vector3d& p_ecef, const LaunchSolution* guess,
                                    const ShootingOptions& opt) {
  // The geometric first Jacobian saves the two finite-difference flyouts of the usual case.
  // Near the edge of reach (where the range stops growing with elevation, which the
  // geometry does not see) it can fail to converge: the solve then starts over with the
  // finite-difference Jacobian, so what is reachable is exactly what it was.
  if (!opt.geometric_jacobian) return Shoot(m, site, p_ecef, guess, opt, false);
  LaunchSolution sol = Shoot(m, site, p_ecef, guess, opt, true);
  if (sol.ok) return sol;
  const int flyouts = sol.flyouts;
  sol = Shoot(m, site, p_ecef, guess, opt, false);
  sol.flyouts += flyouts;
  return sol;
}

}  // namespace bmd::guidance
