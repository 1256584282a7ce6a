#include "models/guidance/engageability.h"

#include <algorithm>
#include <cmath>

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

void PredictedPath::StateAt(double t, Eigen::Vector3d& r, Eigen::Vector3d& v) const {
  const int n = size();
  if (n < 2) {
    r = r_ecef.front();
    v = v_ecef.front();
    return;
  }
  const double x = std::clamp((t - t0_s) / dt_s, 0.0, static_cast<double>(n - 1));
  const int i = std::min(static_cast<int>(x), n - 2);
  const double s = x - i, s2 = s * s, s3 = s2 * s;
  const auto k = static_cast<std::size_t>(i);
  r = (2 * s3 - 3 * s2 + 1) * r_ecef[k] + (s3 - 2 * s2 + s) * dt_s * v_ecef[k] +
      (-2 * s3 + 3 * s2) * r_ecef[k + 1] + (s3 - s2) * dt_s * v_ecef[k + 1];
  v = ((6 * s2 - 6 * s) / dt_s) * (r_ecef[k] - r_ecef[k + 1]) + (3 * s2 - 4 * s + 1) * v_ecef[k] +
      (3 * s2 - 2 * s) * v_ecef[k + 1];
}

namespace {

// Quintic Hermite interpolant of one integration step of length h from (r0, v0, a0) to
// (r1, v1, a1): the unique quintic in s = (t - t0) / h in [0, 1] matching position, velocity
// and acceleration at both ends, r(s) = r0 + s (c1 + s (c2 + s (c3 + s (c4 + s c5)))), with
// D = r1 - r0, V = h v, A = h^2 a:
//   c1 = V0, c2 = A0 / 2, c3 = 10 D - 6 V0 - 4 V1 - 3/2 A0 + 1/2 A1,
//   c4 = -15 D + 8 V0 + 7 V1 + 3/2 A0 - A1, c5 = 6 D - 3 V0 - 3 V1 - 1/2 A0 + 1/2 A1,
// and v(s) = r'(s) / h. Position error <= h^6 / 46080 max|d6r/dt6| (the remainder
// s^3 (1 - s)^3 / 720), velocity O(h^5).
struct QuinticStep {
  Eigen::Vector3d r0, c1, c2, c3, c4, c5;
  double inv_h = 1.0;
  QuinticStep(const flight::StateVec<6>& x0, const flight::StateVec<6>& f0,
              const flight::StateVec<6>& x1, const flight::StateVec<6>& f1, double h) {
    r0 = x0.head<3>();
    const Eigen::Vector3d d = x1.head<3>() - r0;
    const Eigen::Vector3d v0 = h * x0.tail<3>(), v1 = h * x1.tail<3>();
    const Eigen::Vector3d a0 = (h * h) * f0.tail<3>(), a1 = (h * h) * f1.tail<3>();
    c1 = v0;
    c2 = 0.5 * a0;
    c3 = 10.0 * d - 6.0 * v0 - 4.0 * v1 - 1.5 * a0 + 0.5 * a1;
    c4 = -15.0 * d + 8.0 * v0 + 7.0 * v1 + 1.5 * a0 - a1;
    c5 = 6.0 * d - 3.0 * v0 - 3.0 * v1 - 0.5 * (a0 - a1);
    inv_h = 1.0 / h;
  }
  void At(double s, Eigen::Vector3d& r, Eigen::Vector3d& v) const {
    r = r0 + s * (c1 + s * (c2 + s * (c3 + s * (c4 + s * c5))));
    v = inv_h * (c1 + s * (2.0 * c2 + s * (3.0 * c3 + s * (4.0 * c4 + s * (5.0 * c5)))));
  }
};

}  // namespace

void PredictBallistic(const earth::EarthConfig& earth, double t0_s, const Eigen::Vector3d& r0,
                      const Eigen::Vector3d& v0, double drag_area_per_mass, double dt_s,
                      double max_duration_s, PredictedPath& path) {
  using Vec6 = flight::StateVec<6>;
  // Adaptive Dormand-Prince 5(4) (5th-order solution propagated, FSAL) with the samples
  // interpolated inside each accepted step (QuinticStep from the step's end states and
  // accelerations, which the FSAL stages provide). Step control on the embedded error
  // estimate e = (e_r, e_v) of each step:
  //   E = max(|e_r|, kVelocityWeight_s |e_v|) / kTol_m,  accepted when E <= 1,
  //   next h = h clamp(0.8 E^(-1/5), 0.2, 2)   (no growth right after a rejection),
  // i.e. each step's position error, and the position error its velocity error causes over
  // kVelocityWeight_s, below a centimetre (the estimate is that of the 4th-order solution, a
  // bound on the propagated 5th-order one). A centimetre per step is decimetres over a
  // flight: far inside the error of the assumed beta and of the track the prediction starts
  // from (tens to hundreds of metres). The former 1 mm took 1.7 times the force evaluations
  // (2.4 per 1 s sample in the baseline scenario, now 1.4) for nothing the engagement logic
  // can use. Steps run to tens of seconds in vacuum and shrink to ~0.1-1 s at peak drag of a
  // reentry. The cautious controller (0.8, growth <= 2)
  // keeps rejections to about a quarter of the steps (half as many as the usual 0.9 and 5)
  // in spite of the density table's kinks (piecewise linear every 50 m), which no error
  // estimate sees smoothly. Measured against a tight reference integration of the same
  // forces (tests/guidance/predict_ballistic_test.cc): within 25 cm (0.015 m/s) over whole
  // SRBM and MRBM flights from burnout to impact.
  constexpr double kTol_m = 1e-2;
  constexpr double kVelocityWeight_s = 100.0;
  constexpr double kFirstStep_s = 2.0;
  constexpr double kMaxStep_s = 60.0;
  constexpr double kMinStep_s = 1e-6;  // a non-finite state shrinks the step to this: stop
  flight::CoastRhs rhs{earth, drag_area_per_mass};
  path.Clear(t0_s, dt_s, earth.shape);
  path.Push(r0, v0);
  const int n_max = static_cast<int>(max_duration_s / dt_s);
  const double tau_end = n_max * dt_s;  // time since t0 of the last sample allowed
  Vec6 x;
  x << r0, v0;
  Vec6 f = rhs(0.0, x);
  double tau = 0.0, h = kFirstStep_s;
  bool rejected = false;
  int next = 1;  // next sample, at tau = next * dt_s
  while (next <= n_max && h >= kMinStep_s) {
    const bool last = h >= tau_end - tau;
    if (last) h = tau_end - tau;
    const flight::Dp54StepResult<6> st = flight::Dp54Step<6>(rhs, tau, x, h, f);
    const double err =
        std::max(st.err.head<3>().norm(), kVelocityWeight_s * st.err.tail<3>().norm()) / kTol_m;
    if (!(err <= 1.0)) {
      h *= std::isfinite(err) ? std::max(0.2, 0.8 * std::pow(err, -0.2)) : 0.2;
      rejected = true;
      continue;
    }
    const double tau1 = last ? tau_end : tau + h;
    if (next * dt_s <= tau1) {
      const QuinticStep q(x, f, st.x, st.k7, h);
      for (; next <= n_max && next * dt_s <= tau1; ++next) {
        Eigen::Vector3d r, v;
        q.At((next * dt_s - tau) * q.inv_h, r, v);
        path.Push(r, v);
        // The path ends at the first sample below the surface, descending.
        if (path.alt_m.back() < 0.0 && r.dot(v) < 0.0) return;
      }
    }
    x = st.x;
    f = st.k7;
    tau = tau1;
    const double grow = err > 0.0 ? 0.8 * std::pow(err, -0.2) : 2.0;
    h = std::min(kMaxStep_s, h * std::clamp(grow, 0.2, rejected ? 1.0 : 2.0));
    rejected = false;
  }
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
