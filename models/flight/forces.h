#pragma once
/// Force models that compose (one acceleration per contribution; the flight model sums them).
///
/// Integration frame: Earth-centred, Earth-fixed (ECEF), SI units. The equation of motion of
/// a body of mass m at r, v (both ECEF) is
///   dv/dt = g(r)                      gravity: point mass, + J2 when EarthConfig::j2
///         - 2 w x v - w x (w x r)     Coriolis + centrifugal, only when EarthConfig::rotation
///         - rho(h) |v_air| v_air / (2 beta)   drag, only when atmosphere != kNone
///         + T u / m                   thrust along the unit vector u
/// with w = (0, 0, kOmegaEarth), beta = m / (Cd A) the ballistic coefficient (kg/m^2),
/// rho = USSA 1976 density at the height above the configured shape (earth::DensityFast, the
/// tabulated fast form of earth::Ussa1976, at earth::FastAltitudeSeries, FastAltitude to 4 mm).
///
/// Air-relative velocity (choice): the atmosphere is at rest relative to the Earth's surface.
/// With rotation on, the ECEF frame co-rotates with the air, so v_air = v_ecef. With rotation
/// off the Earth model is a non-rotating Earth *including its atmosphere* (the launch site and
/// the air are both at rest in the inertial frame), so again v_air = v. Hence v_air = v always;
/// the rotation switch changes the frame terms, never the drag.
///
/// Drag ceiling: drag is skipped when |r| > kDragCeilingRadius_m = a + 150 km, i.e. only where
/// the height is above 150 km at every latitude (on both shapes). USSA 1976 density there is
/// < 2.1e-9 kg/m^3: for beta >= 1,000 kg/m^2 at 7 km/s the neglected acceleration is
/// < 5e-5 m/s^2, tens of metres over a whole midcourse at most. The test is a squared radius
/// compare, so exo-atmospheric steps cost no altitude or density evaluation.
#include <Eigen/Core>

#include <cmath>

#include "models/earth/atmosphere.h"
#include "models/earth/earth_model.h"
#include "models/earth/geodesy.h"
#include "models/earth/gravity.h"

namespace bmd::flight {

inline constexpr double kDragCeilingRadius_m = earth::kWgs84A + 150e3;

/// Gravity contribution (m/s^2, ECEF): -GM r/|r|^3 (+ J2 zonal term when earth.j2).
inline Eigen::Vector3d GravityAccel(const earth::EarthConfig& earth, const Eigen::Vector3d& r) {
  return earth::GravityEcef(r, earth.j2);
}

/// Rotating-frame contribution (m/s^2, ECEF): -2 w x v - w x (w x r) when earth.rotation,
/// else zero (the ECEF frame is then inertial).
inline Eigen::Vector3d FrameAccel(const earth::EarthConfig& earth, const Eigen::Vector3d& r,
                                  const Eigen::Vector3d& v) {
  if (!earth.rotation) return Eigen::Vector3d::Zero();
  return earth::RotatingFrameAccel(r, v);
}

/// Air-relative velocity (m/s). Always v_ecef: see the header comment.
inline const Eigen::Vector3d& AirRelativeVelocity(const Eigen::Vector3d& v_ecef) {
  return v_ecef;
}

/// Drag contribution (m/s^2, ECEF): -0.5 rho |v_air| v_air * drag_area_per_mass, where
/// drag_area_per_mass = Cd A / m = 1 / beta (m^2/kg). Zero in vacuum, above the drag ceiling
/// or for drag_area_per_mass <= 0.
inline Eigen::Vector3d DragAccel(const earth::EarthConfig& earth, const Eigen::Vector3d& r,
                                 const Eigen::Vector3d& v_ecef, double drag_area_per_mass) {
  if (earth.atmosphere == earth::AtmosphereModel::kNone || drag_area_per_mass <= 0.0 ||
      r.squaredNorm() > kDragCeilingRadius_m * kDragCeilingRadius_m) {
    return Eigen::Vector3d::Zero();
  }
  const Eigen::Vector3d& v_air = AirRelativeVelocity(v_ecef);
  const double rho = earth::DensityFast(earth::FastAltitudeSeries(r, r.norm(), earth.shape));
  return (-0.5 * rho * v_air.norm() * drag_area_per_mass) * v_air;
}

/// Thrust contribution (m/s^2): thrust_n / mass_kg along the unit vector u_ecef.
inline Eigen::Vector3d ThrustAccel(double thrust_n, double mass_kg, const Eigen::Vector3d& u_ecef) {
  return (thrust_n / mass_kg) * u_ecef;
}

/// Unpowered acceleration: gravity + frame terms + drag.
inline Eigen::Vector3d CoastAccel(const earth::EarthConfig& earth, const Eigen::Vector3d& r,
                                  const Eigen::Vector3d& v, double drag_area_per_mass) {
  return GravityAccel(earth, r) + FrameAccel(earth, r, v) +
         DragAccel(earth, r, v, drag_area_per_mass);
}

/// Translational state derivative d/dt [r; v] = [v; a] for a 6-vector state.
inline Eigen::Matrix<double, 6, 1> StateDerivative(const Eigen::Matrix<double, 6, 1>& x,
                                                   const Eigen::Vector3d& a) {
  Eigen::Matrix<double, 6, 1> d;
  d << x.tail<3>(), a;
  return d;
}

/// Right-hand side d/dt [r; v] = [v; CoastAccel(r, v)] of unpowered flight, for the RK4 and
/// DP54 integrators (integrators.h): threat truth, ballistic prediction, interceptor track
/// estimates.
struct CoastRhs {
  const earth::EarthConfig& earth;
  double drag_area_per_mass;
  Eigen::Matrix<double, 6, 1> operator()(double /*t*/, const Eigen::Matrix<double, 6, 1>& x) const {
    const Eigen::Vector3d r = x.head<3>(), v = x.tail<3>();
    return StateDerivative(x, CoastAccel(earth, r, v, drag_area_per_mass));
  }
};

}  // namespace bmd::flight
