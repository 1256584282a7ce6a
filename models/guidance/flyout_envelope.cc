#include "models/guidance/flyout_envelope.h"

#include <algorithm>
#include <cmath>

#include "models/guidance/flyout.h"

namespace bmd::guidance {

double GroundRangeBetweenUnits(const Eigen::Vector3d& a, const Eigen::Vector3d& b) {
  const double x = 0.5 * (a - b).norm();  // sin(theta / 2)
  double half;
  if (x <= 0.2) {
    // asin series; the first omitted term (945/42240) x^11 < 5e-10 rad (3 mm) at x = 0.2.
    const double x2 = x * x;
    half = x * (1.0 + x2 * (1.0 / 6 + x2 * (3.0 / 40 + x2 * (15.0 / 336 + x2 * (105.0 / 3456)))));
  } else {
    half = std::asin(std::min(x, 1.0));
  }
  return 2.0 * half * earth::kSphereRadius;
}

Eigen::Vector3d PointAtRangeAltitude(const Eigen::Vector3d& site_ecef, double azimuth_rad,
                                     double range_m, double alt_m, earth::Shape shape) {
  const Eigen::Vector3d s = site_ecef.normalized();
  const Eigen::Vector3d east = Eigen::Vector3d::UnitZ().cross(s).normalized();
  const Eigen::Vector3d north = s.cross(east);
  const Eigen::Vector3d t = std::sin(azimuth_rad) * east + std::cos(azimuth_rad) * north;
  const double theta = range_m / earth::kSphereRadius;
  const Eigen::Vector3d p = std::cos(theta) * s + std::sin(theta) * t;
  // Surface radius along p: FastAltitude(R p) = R - R_surface(p) for any R.
  const double r_surface = earth::kWgs84A - earth::FastAltitude(earth::kWgs84A * p, shape);
  return (r_surface + alt_m) * p;
}

FlyoutEnvelope FlyoutEnvelope::Build(const InterceptorModel& m, const EnvelopeOptions& opt) {
  FlyoutEnvelope env;
  const InterceptorTypeSpec& spec = m.spec;
  env.nr_ = std::max(2, opt.range_nodes);
  env.na_ = std::max(2, opt.alt_nodes);
  const double dr = spec.max_range_m / (env.nr_ - 1);
  const double dalt = spec.max_intercept_alt_m / (env.na_ - 1);
  env.inv_dr_ = 1.0 / dr;
  env.inv_dalt_ = 1.0 / dalt;
  env.max_range_m_ = spec.max_range_m;
  env.min_alt_m_ = spec.min_intercept_alt_m;
  env.max_alt_m_ = spec.max_intercept_alt_m;
  env.reaction_time_s_ = spec.reaction_time_s;
  env.t_.assign(static_cast<std::size_t>(env.nr_ * env.na_), kInf);

  const earth::Geodetic& site = opt.reference_site;
  const Eigen::Vector3d site_ecef = earth::GeodeticToEcef(site, m.earth.shape);
  // Every node is solved from the shooting's own first guess (no continuation from a
  // neighbour): the table then holds exactly the direct solutions the PIP solver finds, and a
  // region reachable only by a lofted path (e.g. far and low in thick air) is unreachable
  // here as it is for the solver. A column with no reachable node ends the build.
  bool any_in_last_column = true;
  for (int i = 0; i < env.nr_ && any_in_last_column; ++i) {
    any_in_last_column = false;
    for (int j = 0; j < env.na_; ++j) {
      const Eigen::Vector3d p = PointAtRangeAltitude(site_ecef, opt.reference_azimuth_rad, i * dr,
                                                     j * dalt, m.earth.shape);
      const LaunchSolution sol = SolveLaunchDirection(m, site, p, nullptr, opt.shooting);
      env.flyouts_ += sol.flyouts;
      if (!sol.ok) continue;
      env.t_[static_cast<std::size_t>(j * env.nr_ + i)] = sol.time_of_flight_s;
      any_in_last_column = true;
    }
  }
  // Gradient bound of the bilinear interpolant: its partial derivatives inside a cell are
  // convex combinations of the cell's edge differences.
  double gr = 0.0, ga = 0.0;
  for (int j = 0; j < env.na_; ++j) {
    for (int i = 0; i < env.nr_; ++i) {
      const double t = env.NodeTime(i, j);
      if (!std::isfinite(t)) continue;
      if (i + 1 < env.nr_ && std::isfinite(env.NodeTime(i + 1, j))) {
        gr = std::max(gr, std::abs(env.NodeTime(i + 1, j) - t) / dr);
      }
      if (j + 1 < env.na_ && std::isfinite(env.NodeTime(i, j + 1))) {
        ga = std::max(ga, std::abs(env.NodeTime(i, j + 1) - t) / dalt);
      }
    }
  }
  env.max_slowness_ = std::hypot(gr, ga);
  return env;
}

const FlyoutEnvelope& EnvelopeCache::Get(const InterceptorModel& m, const EnvelopeOptions& opt) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = by_name_.find(m.spec.name);
  if (it == by_name_.end()) {
    it = by_name_.emplace(m.spec.name, std::make_unique<FlyoutEnvelope>(FlyoutEnvelope::Build(m, opt)))
             .first;
  }
  return *it->second;
}

}  // namespace bmd::guidance
