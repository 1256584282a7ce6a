#include "models/sensors/orbit.h"

#include <Eigen/Geometry>

#include <cmath>

#include "models/earth/earth_model.h"
#include "models/earth/gravity.h"

namespace bmd::sensors {

double GeostationaryRadius() {
  return std::cbrt(earth::kGM / (earth::kOmegaEarth * earth::kOmegaEarth));
}

SatelliteState OrbitState(const OrbitSpec& orbit, double t_s) {
  SatelliteState s;
  s.t_s = t_s;
  if (orbit.kind == OrbitKind::kGeostationary) {
    const double r = GeostationaryRadius();
    s.r_ecef = Eigen::Vector3d(r * std::cos(orbit.geo_longitude_rad),
                               r * std::sin(orbit.geo_longitude_rad), 0.0);
  } else {
    const double a = earth::kWgs84A + orbit.altitude_m;
    const double n = std::sqrt(earth::kGM / (a * a * a));
    const double u = orbit.arg_latitude0_rad + n * t_s;
    const double cw = std::cos(orbit.raan_rad), sw = std::sin(orbit.raan_rad);
    const double ci = std::cos(orbit.inclination_rad), si = std::sin(orbit.inclination_rad);
    const double cu = std::cos(u), su = std::sin(u);
    const Eigen::Vector3d r_eci(a * (cw * cu - sw * su * ci), a * (sw * cu + cw * su * ci),
                                a * su * si);
    const Eigen::Vector3d v_eci(a * n * (-cw * su - sw * cu * ci),
                                a * n * (-sw * su + cw * cu * ci), a * n * cu * si);
    s.r_ecef = earth::EciToEcefPosition(r_eci, t_s);
    s.v_ecef = earth::EciToEcefVelocity(r_eci, v_eci, t_s);
  }
  const Eigen::Vector3d nadir = -s.r_ecef.normalized();
  Eigen::Vector3d x = Eigen::Vector3d::UnitZ().cross(s.r_ecef);
  if (x.norm() < 1e-6 * s.r_ecef.norm()) x = Eigen::Vector3d::UnitX().cross(s.r_ecef);
  x.normalize();
  s.R_ecef_from_sensor.col(0) = x;
  s.R_ecef_from_sensor.col(1) = nadir;
  s.R_ecef_from_sensor.col(2) = x.cross(nadir);
  return s;
}

}  // namespace bmd::sensors
