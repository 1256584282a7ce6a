#include "models/guidance/pip.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bmd::guidance {
namespace {

void Fill(const InterceptorModel& m, const EngageSite& site, const PredictedPath& path,
          double t, const LaunchSolution& sol, PipSolution& out) {
  out.t_intercept_s = t;
  out.pip_ecef = path.PositionAt(t);
  out.time_of_flight_s = sol.time_of_flight_s;
  out.launch_dir_ecef = sol.launch_dir_ecef;
  out.shooting_miss_m = sol.miss_m;
  out.launch = sol;
  out.pip_range_m = GroundRangeBetweenUnits(site.unit_ecef, out.pip_ecef.normalized());
  out.pip_alt_m = earth::FastAltitude(out.pip_ecef, m.earth.shape);
}

bool InWindow(const InterceptorModel& m, const PipSolution& p) {
  return p.pip_alt_m >= m.spec.min_intercept_alt_m && p.pip_alt_m <= m.spec.max_intercept_alt_m &&
         p.pip_range_m <= m.spec.max_range_m;
}

}  // namespace

PipSolution SolvePip(const InterceptorModel& m, const FlyoutEnvelope& env, const EngageSite& site,
                     const PredictedPath& path, double t_launch_s, const PipOptions& opt) {
  PipSolution out;
  out.t_launch_s = t_launch_s;
  const Engageability e = CheckEngageability(env, site, path, t_launch_s);
  if (!e.engageable) return out;
  const double t_lo = t_launch_s, t_hi = path.end_time_s();
  LaunchSolution warm;
  auto h = [&](double t, LaunchSolution& sol) {
    sol = SolveLaunchDirection(m, site.geodetic, path.PositionAt(t), warm.ok ? &warm : nullptr,
                               opt.shooting);
    out.flyouts += sol.flyouts;
    if (!sol.ok) return std::numeric_limits<double>::quiet_NaN();
    warm = sol;
    return t_launch_s + sol.time_of_flight_s - t;
  };
  // Secant on t from the table's root and a point 1 s later.
  LaunchSolution sa, sb;
  double ta = e.t_earliest_s, tb = std::min(e.t_earliest_s + 1.0, t_hi);
  double ha = h(ta, sa);
  if (!std::isfinite(ha)) return out;
  if (ha <= 0.0) {
    // The window (altitude / range), not the flight time, limits the earliest intercept: a
    // launch at t_launch would arrive early, so the launch is delayed to t - T.
    Fill(m, site, path, ta, sa, out);
    out.t_launch_s = ta - sa.time_of_flight_s;
    out.ok = InWindow(m, out);
    return out;
  }
  double hb = h(tb, sb);
  if (!std::isfinite(hb)) {
    tb = ta;
    hb = ha;
    sb = sa;
  }
  for (out.iterations = 0; out.iterations < opt.max_iterations; ++out.iterations) {
    if (std::abs(hb) < opt.time_tolerance_s) break;
    double tn = (hb != ha) ? tb - hb * (tb - ta) / (hb - ha) : tb + hb;
    tn = std::clamp(tn, t_lo, t_hi);
    LaunchSolution sn;
    const double hn = h(tn, sn);
    if (!std::isfinite(hn)) return out;
    ta = tb;
    ha = hb;
    tb = tn;
    hb = hn;
    sb = sn;
  }
  out.time_residual_s = std::abs(hb);
  Fill(m, site, path, tb, sb, out);
  out.ok = out.time_residual_s < opt.time_tolerance_s && InWindow(m, out);
  return out;
}

PipSolution SolveLaunchForIntercept(const InterceptorModel& m, const EngageSite& site,
                                    const PredictedPath& path, double t_intercept_s,
                                    const PipOptions& opt) {
  PipSolution out;
  const LaunchSolution sol =
      SolveLaunchDirection(m, site.geodetic, path.PositionAt(t_intercept_s), nullptr, opt.shooting);
  out.flyouts = sol.flyouts;
  if (!sol.ok) return out;
  Fill(m, site, path, t_intercept_s, sol, out);
  out.t_launch_s = t_intercept_s - sol.time_of_flight_s;
  out.ok = InWindow(m, out);
  return out;
}

}  // namespace bmd::guidance
