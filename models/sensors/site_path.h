#pragma once
/// Sensor site position over time: a fixed geodetic point (land radar) or piecewise-linear
/// geodetic waypoints (ship), and the per-tick site state the sensor models consume.
#include <Eigen/Core>

#include <vector>

#include "models/earth/geodesy.h"

namespace bmd::sensors {

/// One waypoint: geodetic position (radians, metres above the WGS-84 ellipsoid) at t_s.
struct SiteWaypoint {
  double t_s = 0.0;
  earth::Geodetic at;
};

/// Where a sensor is at one instant, in ECEF, with its local east/north/up axes.
/// Computed once per tick per sensor (GeographicLib calls), then reused for every dwell.
struct SiteState {
  double t_s = 0.0;
  earth::Geodetic geodetic;
  Eigen::Vector3d r_ecef = Eigen::Vector3d::Zero();   ///< m
  Eigen::Vector3d v_ecef = Eigen::Vector3d::Zero();   ///< m/s, relative to the rotating Earth
  Eigen::Matrix3d R_ecef_from_enu = Eigen::Matrix3d::Identity();
};

/// Site trajectory. Between waypoints latitude, longitude (shortest way round) and height
/// vary linearly in time; before the first / after the last waypoint the site holds still.
/// Velocity is the exact time derivative of that path:
///   v = (M + h) dlat/dt * north + (N + h) cos(lat) dlon/dt * east + dh/dt * up,
/// with M, N the WGS-84 meridian and prime-vertical radii of curvature.
class SitePath {
 public:
  SitePath() = default;
  /// A fixed site.
  explicit SitePath(const earth::Geodetic& fixed);
  /// A moving site; waypoints must be in strictly increasing time (throws otherwise).
  explicit SitePath(std::vector<SiteWaypoint> waypoints);

  SiteState StateAt(double t_s) const;
  bool IsFixed() const { return waypoints_.size() <= 1; }
  const std::vector<SiteWaypoint>& waypoints() const { return waypoints_; }

 private:
  std::vector<SiteWaypoint> waypoints_;
  SiteState fixed_state_;  // cached when IsFixed()
};

}  // namespace bmd::sensors
