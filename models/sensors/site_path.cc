#include "models/sensors/site_path.h"

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "models/common/angles.h"

namespace bmd::sensors {
namespace {

SiteState StateFromGeodetic(double t_s, const earth::Geodetic& g) {
  SiteState s;
  s.t_s = t_s;
  s.geodetic = g;
  s.r_ecef = earth::GeodeticToEcef(g);
  s.R_ecef_from_enu = earth::REcefFromEnu(g.lat_rad, g.lon_rad);
  return s;
}

}  // namespace

SitePath::SitePath(const earth::Geodetic& fixed) : waypoints_{{0.0, fixed}} {
  fixed_state_ = StateFromGeodetic(0.0, fixed);
}

SitePath::SitePath(std::vector<SiteWaypoint> waypoints) : waypoints_(std::move(waypoints)) {
  if (waypoints_.empty()) throw std::invalid_argument("SitePath: no waypoints");
  for (size_t i = 1; i < waypoints_.size(); ++i) {
    if (!(waypoints_[i].t_s > waypoints_[i - 1].t_s)) {
      throw std::invalid_argument("SitePath: waypoint times must increase strictly");
    }
  }
  if (IsFixed()) fixed_state_ = StateFromGeodetic(0.0, waypoints_[0].at);
}

SiteState SitePath::StateAt(double t_s) const {
  if (waypoints_.empty()) return SiteState{t_s, {}, {}, {}, Eigen::Matrix3d::Identity()};
  if (IsFixed()) {
    SiteState s = fixed_state_;
    s.t_s = t_s;
    return s;
  }
  if (t_s <= waypoints_.front().t_s) return StateFromGeodetic(t_s, waypoints_.front().at);
  if (t_s >= waypoints_.back().t_s) return StateFromGeodetic(t_s, waypoints_.back().at);
  // Segment containing t_s (few waypoints: linear scan is fine).
  size_t i = 1;
  while (waypoints_[i].t_s < t_s) ++i;
  const SiteWaypoint& a = waypoints_[i - 1];
  const SiteWaypoint& b = waypoints_[i];
  const double dt = b.t_s - a.t_s;
  const double f = (t_s - a.t_s) / dt;
  const double dlat = b.at.lat_rad - a.at.lat_rad;
  const double dlon = WrapPi(b.at.lon_rad - a.at.lon_rad);
  const double dalt = b.at.alt_m - a.at.alt_m;
  const earth::Geodetic g{a.at.lat_rad + f * dlat, a.at.lon_rad + f * dlon, a.at.alt_m + f * dalt};
  SiteState s = StateFromGeodetic(t_s, g);
  // Exact derivative of the geodetic -> ECEF map along the segment.
  const double sl = std::sin(g.lat_rad);
  const double w = std::sqrt(1.0 - earth::kWgs84E2 * sl * sl);
  const double n_radius = earth::kWgs84A / w;
  const double m_radius = earth::kWgs84A * (1.0 - earth::kWgs84E2) / (w * w * w);
  const Eigen::Vector3d v_enu((n_radius + g.alt_m) * std::cos(g.lat_rad) * dlon / dt,
                              (m_radius + g.alt_m) * dlat / dt, dalt / dt);
  s.v_ecef = s.R_ecef_from_enu * v_enu;
  return s;
}

}  // namespace bmd::sensors
