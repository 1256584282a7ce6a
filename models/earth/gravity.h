#pragma once
/// Gravity and rotating-frame accelerations in ECEF. SI units.
#include <Eigen/Core>

#include <cmath>

#include "models/earth/earth_model.h"

namespace bmd::earth {

/// Gravitational acceleration at r_ecef: point mass, plus the J2 zonal term when cfg.j2:
///   a = -GM r / |r|^3 - (3/2) J2 GM a_e^2 / |r|^5 * [x (1 - 5 z^2/r^2), y (1 - 5 z^2/r^2), z (3 - 5 z^2/r^2)]
inline Eigen::Vector3d GravityEcef(const Eigen::Vector3d& r, bool j2) {
  const double r2 = r.squaredNorm();
  const double inv_r = 1.0 / std::sqrt(r2);
  const double inv_r3 = inv_r * inv_r * inv_r;
  if (!j2) return -kGM * inv_r3 * r;
  const double z2_r2 = r.z() * r.z() / r2;
  const double k = 1.5 * kJ2 * kWgs84A * kWgs84A / r2;
  const double f_xy = 1.0 + k * (1.0 - 5.0 * z2_r2);
  const double f_z = 1.0 + k * (3.0 - 5.0 * z2_r2);
  return -kGM * inv_r3 * Eigen::Vector3d(r.x() * f_xy, r.y() * f_xy, r.z() * f_z);
}

/// Apparent acceleration in the rotating ECEF frame: Coriolis -2 w x v plus centrifugal
/// -w x (w x r), with w = (0, 0, kOmegaEarth).
inline Eigen::Vector3d RotatingFrameAccel(const Eigen::Vector3d& r, const Eigen::Vector3d& v) {
  constexpr double w = kOmegaEarth;
  return {2.0 * w * v.y() + w * w * r.x(), -2.0 * w * v.x() + w * w * r.y(), 0.0};
}

/// Sum of gravity and (when cfg.rotation) rotating-frame terms: the acceleration of an
/// unpowered body in vacuum, in ECEF.
inline Eigen::Vector3d FreeFallAccelEcef(const EarthConfig& cfg, const Eigen::Vector3d& r,
                                         const Eigen::Vector3d& v) {
  Eigen::Vector3d a = GravityEcef(r, cfg.j2);
  if (cfg.rotation) a += RotatingFrameAccel(r, v);
  return a;
}

/// ECEF <-> ECI (inertial, aligned with ECEF at t = 0) for velocities and positions at time t.
Eigen::Vector3d EcefToEciPosition(const Eigen::Vector3d& r_ecef, double t_s);
Eigen::Vector3d EcefToEciVelocity(const Eigen::Vector3d& r_ecef, const Eigen::Vector3d& v_ecef,
                                  double t_s);
Eigen::Vector3d EciToEcefPosition(const Eigen::Vector3d& r_eci, double t_s);
Eigen::Vector3d EciToEcefVelocity(const Eigen::Vector3d& r_eci, const Eigen::Vector3d& v_eci,
                                  double t_s);

}  // namespace bmd::earth
