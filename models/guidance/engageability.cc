#include "models/guidance/engageability.h"

#include <algorithm>
#include <cmath>

#include "models/earth/atmosphere.h"
#include "models/flight/forces.h"
#include "models/flight/integrators.h"

namespace bmd::guidance {

void PredictedPath::Clear(double t0, double dt, earth::Shape surface) {
  shape = surface;
  t0_s = t0;
  dt_s = dt;
  r_ecef.clear();
  v_ecef.clear();
  unit_ecef.clear();
  alt_m.clear();
  max_speed_mps = 0.0;
}

void PredictedPath::Push(const Eigen::Vector3d& r, const Eigen::Vector3d& v) {
  r_ecef.push_back(r);
  v_ecef.push_back(v);
  unit_ecef.push_back(r.normalized());
  alt_m.push_back(earth::FastAltitude(r, shape));
  max_speed_mps = std::max(max_speed_mps, v.norm());
}

Eigen::Vector3d PredictedPath::PositionAt(double t) const {
  const int n = size();
  const double x = std::clamp((t - t0_s) / dt_s, 0.0, static_cast<double>(n - 1));
  const int i = std::min(static_cast<int>(x), std::max(n - 2, 0));
  if (n < 2) return r_ecef.front();
  const double s = x - i, s2 = s * s, s3 = s2 * s;
  const auto k = static_cast<std::size_t>(i);
  return (2 * s3 - 3 * s2 + 1) * r_ecef[k] + (s3 - 2 * s2 + s) * dt_s * v_ecef[k] +
         (-2 * s3 + 3 * s2) * r_ecef[k + 1] + (s3 - s2) * dt_s * v_ecef[k + 1];
}

void PredictBallistic(const earth::EarthConfig& earth, double t0_s, const Eigen::Vector3d& r0,
                      const Eigen::Vector3d& v0, double drag_area_per_mass, double dt_s,
                      double max_duration_s, PredictedPath& path) {
  using Vec6 = flight::StateVec<6>;
  flight::CoastRhs rhs{earth, drag_area_per_mass};
  path.Clear(t0_s, dt_s, earth.shape);
  const int n_max = static_cast<int>(max_duration_s / dt_s);
  Vec6 x;
  x << r0, v0;
  path.Push(r0, v0);
  // Steps. Where drag stays negligible over the next kVacuumSamples samples (no drag, above
  // the drag ceiling, or a bound on drag below kDragMacro_mps2, i.e. above ~80 km for an RV
  // class object) one RK4 step spans them: its local error ~ |r| (n h)^5 / 120 with n = sqrt(GM / r^3)
  // ~ 1.2e-3 /s is ~4e-7 m at h = 5 s, and the samples in between come from the cubic Hermite
  // interpolant of the step's end states (position error <= h^4 max|d4r/dt4| / 384 ~ 2e-5 m,
  // velocity ~ 1e-4 m/s, with |d4r/dt4| ~ n^4 |r|). In the air one RK4 step per sample, or
  // kSubDrag sub-steps where drag can matter: its largest value over the interval (density
  // at the lowest height the interval can reach, speed grown by 10 m/s^2, plus 500 m/s of
  // Earth rotation) exceeds kDragNegligible_mps2. Below that a single step per second is as
  // exact as four (measured: a whole MRBM reentry predicted with one step per second
  // everywhere stays within 0.15 m of the adaptive truth), so the 4 sub-steps are kept only
  // for the last tens of seconds of a reentry instead of everything below 150 km.
  constexpr int kVacuumSamples = 5;
  constexpr int kSubDrag = 4;
  constexpr double kDragNegligible_mps2 = 0.5;
  constexpr double kDragMacro_mps2 = 0.05;
  const bool drag = earth.atmosphere != earth::AtmosphereModel::kNone && drag_area_per_mass > 0.0;
  // Largest drag acceleration (m/s^2) the next `span` seconds can see: density at the lowest
  // |r| reachable (|d|r|/dt| <= |v|, |v| grows by < 10 m/s^2), air-relative speed at most the
  // grown speed plus 500 m/s of Earth rotation; 0 above the drag ceiling or without drag.
  auto drag_bound = [&](double span) {
    if (!drag) return 0.0;
    const double r_norm = x.head<3>().norm(), speed = x.tail<3>().norm() + 10.0 * span;
    const double low = r_norm - speed * span;
    if (low > flight::kDragCeilingRadius_m) return 0.0;
    const Eigen::Vector3d r_low = x.head<3>() * (low / r_norm);
    const double rho = earth::DensityFast(std::max(0.0, earth::FastAltitude(r_low, earth.shape)));
    return 0.5 * rho * (speed + 500.0) * (speed + 500.0) * drag_area_per_mass;
  };
  for (int i = 1; i <= n_max;) {
    const double macro_s = kVacuumSamples * dt_s;
    if (i + kVacuumSamples - 1 <= n_max && drag_bound(macro_s) <= kDragMacro_mps2) {
      const Vec6 x0 = x;
      x = flight::Rk4Step<6>(rhs, 0.0, x0, macro_s);
      bool impacted = false;
      for (int j = 1; j <= kVacuumSamples && !impacted; ++j) {
        Eigen::Vector3d r = x.head<3>(), v = x.tail<3>();
        if (j < kVacuumSamples) {  // cubic Hermite on [x0, x], s in (0, 1)
          const double s = static_cast<double>(j) / kVacuumSamples, s2 = s * s, s3 = s2 * s;
          r = (2 * s3 - 3 * s2 + 1) * x0.head<3>() + (s3 - 2 * s2 + s) * macro_s * x0.tail<3>() +
              (-2 * s3 + 3 * s2) * x.head<3>() + (s3 - s2) * macro_s * x.tail<3>();
          v = (6 * s2 - 6 * s) / macro_s * (x0.head<3>() - x.head<3>()) +
              (3 * s2 - 4 * s + 1) * x0.tail<3>() + (3 * s2 - 2 * s) * x.tail<3>();
        }
        path.Push(r, v);
        impacted = path.alt_m.back() < 0.0 && r.dot(v) < 0.0;
      }
      if (impacted) break;
      i += kVacuumSamples;
      continue;
    }
    const int sub = drag_bound(dt_s) > kDragNegligible_mps2 ? kSubDrag : 1;
    const double h = dt_s / sub;
    for (int k = 0; k < sub; ++k) x = flight::Rk4Step<6>(rhs, 0.0, x, h);
    const Eigen::Vector3d r = x.head<3>(), v = x.tail<3>();
    path.Push(r, v);
    if (path.alt_m.back() < 0.0 && r.dot(v) < 0.0) break;
    ++i;
  }
}

void BallisticStateAt(const earth::EarthConfig& earth, const PredictedPath& path,
                      double drag_area_per_mass, double t_s, Eigen::Vector3d& r, Eigen::Vector3d& v) {
  using Vec6 = flight::StateVec<6>;
  const int n = path.size();
  const double x = std::clamp((t_s - path.t0_s) / path.dt_s, 0.0, static_cast<double>(std::max(n - 1, 0)));
  const int i = std::min(static_cast<int>(x), std::max(n - 1, 0));
  const auto k = static_cast<std::size_t>(i);
  const double dt = (x - i) * path.dt_s;
  Vec6 s;
  s << path.r_ecef[k], path.v_ecef[k];
  if (dt > 0.0) {
    flight::CoastRhs rhs{earth, drag_area_per_mass};
    constexpr int kSub = 4;
    for (int j = 0; j < kSub; ++j) s = flight::Rk4Step<6>(rhs, 0.0, s, dt / kSub);
  }
  r = s.head<3>();
  v = s.tail<3>();
}

EngageSite MakeEngageSite(const earth::Geodetic& site, earth::Shape shape) {
  EngageSite s;
  s.geodetic = site;
  s.r_ecef = earth::GeodeticToEcef(site, shape);
  s.unit_ecef = s.r_ecef.normalized();
  return s;
}

namespace {

struct Margins {
  double time_s;   ///< smallest constraint margin expressed in seconds (>= 0: feasible)
  double range_m;
  double tof_s;
};

class Checker {
 public:
  Checker(const FlyoutEnvelope& env, const EngageSite& site, const PredictedPath& path,
          double t_launch)
      : env_(env), site_(site), path_(path), t_launch_(t_launch) {
    v_ = std::max(path.max_speed_mps, 1.0);
    lipschitz_ = 1.0 + env.max_slowness_s_per_m() * v_;
  }

  // Margin at a point with geocentric unit u and altitude alt at time t. Unreachable cells
  // inside the altitude/range window return -inf-like margins of one sample.
  Margins At(double t, const Eigen::Vector3d& u, double alt) const {
    const double range = GroundRangeBetweenUnits(site_.unit_ecef, u);
    double m = std::min({(env_.max_range_m() - range) / v_, (alt - env_.min_alt_m()) / v_,
                         (env_.max_alt_m() - alt) / v_});
    double tof = FlyoutEnvelope::kInf;
    if (m >= 0.0) {
      tof = env_.TimeToReach(range, alt);
      m = std::isfinite(tof) ? std::min(m, (t - t_launch_ - tof) / lipschitz_) : -path_.dt_s;
    }
    return {m, range, tof};
  }
  Margins AtSample(int i) const {
    const auto k = static_cast<std::size_t>(i);
    return At(path_.TimeAt(i), path_.unit_ecef[k], path_.alt_m[k]);
  }
  Margins AtTime(double t) const {
    const Eigen::Vector3d r = path_.PositionAt(t);
    return At(t, r.normalized(), earth::FastAltitude(r, path_.shape));
  }
  // Samples to skip after a negative margin (a lower bound on the time to feasibility).
  int Skip(double margin_s) const {
    return std::max(1, static_cast<int>(std::ceil(-margin_s / path_.dt_s - 1e-9)));
  }
  // Boundary between an infeasible time ta and a feasible tb (either order) by regula falsi
  // (Illinois) on the margin.
  double Refine(double ta, double ma, double tb, double mb) const {
    double side = 0;
    for (int it = 0; it < 3; ++it) {
      if (!(mb - ma != 0.0) || !std::isfinite(ma)) break;
      const double t = tb - mb * (tb - ta) / (mb - ma);
      const double m = AtTime(t).time_s;
      if (m >= 0.0) {
        tb = t;
        mb = m;
        if (side == +1) ma *= 0.5;
        side = +1;
      } else {
        ta = t;
        ma = m;
        if (side == -1) mb *= 0.5;
        side = -1;
      }
    }
    return tb;  // always a feasible end
  }
  int visited = 0;

 private:
  const FlyoutEnvelope& env_;
  const EngageSite& site_;
  const PredictedPath& path_;
  double t_launch_;
  double v_ = 1.0, lipschitz_ = 1.0;
};

}  // namespace

Engageability CheckEngageability(const FlyoutEnvelope& env, const EngageSite& site,
                                 const PredictedPath& path, double t_launch_s) {
  Engageability out;
  const int n = path.size();
  if (n < 2 || path.end_time_s() <= t_launch_s) return out;
  Checker c(env, site, path, t_launch_s);
  int i = std::max(0, static_cast<int>(std::ceil((t_launch_s - path.t0_s) / path.dt_s)));
  Margins mi{};
  int visited = 0;
  for (; i < n; ++visited) {
    mi = c.AtSample(i);
    if (mi.time_s >= 0.0) break;
    i += c.Skip(mi.time_s);
  }
  if (i >= n) {
    out.samples_visited = visited;
    return out;
  }
  int j = n - 1;
  Margins mj{};
  for (; j > i; ++visited) {
    mj = c.AtSample(j);
    if (mj.time_s >= 0.0) break;
    j -= c.Skip(mj.time_s);
  }
  if (j <= i) j = i;
  out.engageable = true;
  // Earliest: refine between sample i-1 (infeasible, or the launch time) and i.
  out.t_earliest_s = path.TimeAt(i);
  if (i > 0 && path.TimeAt(i - 1) >= t_launch_s - path.dt_s) {
    const double ta = std::max(path.TimeAt(i - 1), t_launch_s);
    const Margins ma = c.AtTime(ta);
    if (ma.time_s < 0.0) out.t_earliest_s = c.Refine(ta, ma.time_s, path.TimeAt(i), mi.time_s);
    else out.t_earliest_s = ta;
  }
  out.t_latest_s = path.TimeAt(j);
  if (j + 1 < n) {
    const Margins mb = c.AtSample(j + 1);
    const double mj_s = j == i ? mi.time_s : mj.time_s;
    if (mb.time_s < 0.0) out.t_latest_s = c.Refine(path.TimeAt(j + 1), mb.time_s, path.TimeAt(j), mj_s);
  }
  out.pip_ecef = path.PositionAt(out.t_earliest_s);
  const Margins mp = c.AtTime(out.t_earliest_s);
  out.pip_range_m = mp.range_m;
  out.pip_alt_m = earth::FastAltitude(out.pip_ecef, path.shape);
  out.time_of_flight_s = mp.tof_s;
  out.samples_visited = visited;
  return out;
}

}  // namespace bmd::guidance
