#pragma once
/// Satellite positions for space-based sensors: a geostationary slot or a circular orbit
/// propagated with two-body Kepler motion. ECI here is the inertial frame aligned with ECEF
/// at t = 0 (earth::EciToEcefPosition); no precession, nutation or polar motion.
#include <Eigen/Core>

namespace bmd::sensors {

enum class OrbitKind { kGeostationary, kCircular };

struct OrbitSpec {
  OrbitKind kind = OrbitKind::kGeostationary;
  double geo_longitude_rad = 0.0;   ///< kGeostationary: sub-satellite longitude (fixed in ECEF)
  double altitude_m = 0.0;          ///< kCircular: height above the equatorial radius a
  double inclination_rad = 0.0;     ///< kCircular
  double raan_rad = 0.0;            ///< kCircular: right ascension of the ascending node at t = 0
  double arg_latitude0_rad = 0.0;   ///< kCircular: argument of latitude u at t = 0
};

/// Geostationary radius (GM / omega^2)^(1/3) = 42,164.17 km.
double GeostationaryRadius();

/// Satellite state and the sensor's reference axes (columns of R_ecef_from_sensor):
///   x = along the local east (z_ecef x r, or x_ecef x r over a pole), y = nadir (-r/|r|),
///   z = x cross y (toward local north). Used as the Measurement's R_frame_from_enu, so
///   lines of sight to the Earth below have azimuth ~ 0 and elevation ~ 0 (well conditioned).
struct SatelliteState {
  double t_s = 0.0;
  Eigen::Vector3d r_ecef = Eigen::Vector3d::Zero();
  Eigen::Vector3d v_ecef = Eigen::Vector3d::Zero();
  Eigen::Matrix3d R_ecef_from_sensor = Eigen::Matrix3d::Identity();
};

/// Circular two-body orbit: radius a = kWgs84A + altitude, mean motion n = sqrt(GM / a^3),
/// u(t) = u0 + n t, r_eci = a [cos W cos u - sin W sin u cos i, sin W cos u + cos W sin u cos i,
/// sin u sin i]; then ECI -> ECEF. Geostationary: fixed ECEF point on the equator.
SatelliteState OrbitState(const OrbitSpec& orbit, double t_s);

}  // namespace bmd::sensors
