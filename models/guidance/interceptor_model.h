#pragma once
/// The immutable, derived flight model of one interceptor type (built once per type at
/// catalog load, shared read-only by every run) and its force model.
///
/// Frame: ECEF, SI units, the same forces as the threats (flight/forces.h: gravity with J2,
/// Coriolis + centrifugal, USSA 1976 drag). Times tau_s are seconds since launch.
///
/// Boost steering (open loop, "lead with gravity compensation"): the thrust direction u is
/// chosen so that the thrust cancels the component of every other acceleration a_n (gravity,
/// frame terms, drag) normal to the launch direction d:
///   u = sqrt(1 - |a_n_perp / a_T|^2) d - a_n_perp / a_T,   a_n_perp = a_n - (a_n . d) d
/// Starting from rest the velocity therefore stays along d: the boost is a straight line in
/// ECEF along d (the launch direction solved by the flyout shooting, flyout.h), and the coast
/// that follows bends under gravity toward the predicted intercept point.
#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <cmath>

#include "models/earth/atmosphere.h"
#include "models/earth/earth_model.h"
#include "models/earth/geodesy.h"
#include "models/flight/forces.h"
#include "models/guidance/interceptor_spec.h"

namespace bmd::guidance {

struct InterceptorModel {
  InterceptorTypeSpec spec;
  earth::EarthConfig earth;
  int num_stages = 0;
  std::array<double, kMaxInterceptorStages> ignition_s{};      ///< since launch
  std::array<double, kMaxInterceptorStages> burnout_s{};       ///< since launch
  std::array<double, kMaxInterceptorStages> mass_ignition_kg{};
  std::array<double, kMaxInterceptorStages> mdot_kg_s{};
  std::array<double, kMaxInterceptorStages> thrust_n{};
  double final_burnout_s = 0.0;   ///< since launch
  double liftoff_mass_kg = 0.0;
  double coast_mass_kg = 0.0;     ///< flying body after the final burnout
  double drag_area_m2 = 0.0;      ///< Cd * pi d^2 / 4
};

/// Builds the derived model. Throws std::invalid_argument listing every error of
/// ValidateInterceptorType when the spec is invalid.
InterceptorModel MakeInterceptorModel(const InterceptorTypeSpec& spec,
                                      const earth::EarthConfig& earth);

/// Stage burning at tau_s since launch (0-based), or num_stages after the final burnout.
inline int StageAt(const InterceptorModel& m, double tau_s) {
  for (int i = 0; i < m.num_stages; ++i) {
    if (tau_s < m.burnout_s[static_cast<std::size_t>(i)]) return i;
  }
  return m.num_stages;
}

/// Mass (kg) at tau_s while stage `stage` burns (or coast mass when stage == num_stages).
inline double MassAt(const InterceptorModel& m, int stage, double tau_s) {
  if (stage >= m.num_stages) return m.coast_mass_kg;
  const auto i = static_cast<std::size_t>(stage);
  return m.mass_ignition_kg[i] - m.mdot_kg_s[i] * (tau_s - m.ignition_s[i]);
}

/// Every acceleration except thrust and lateral commands: gravity + frame terms + drag
/// (Cd A / mass). m/s^2, ECEF.
inline Eigen::Vector3d NaturalAccel(const InterceptorModel& m, double mass_kg,
                                    const Eigen::Vector3d& r, const Eigen::Vector3d& v) {
  return flight::CoastAccel(m.earth, r, v, m.drag_area_m2 / mass_kg);
}

/// Gravity-compensated thrust direction (file comment) for thrust acceleration a_t_mps2 > 0.
/// When |a_n_perp| >= a_T the thrust simply opposes a_n_perp.
inline Eigen::Vector3d CompensatedThrustDirection(const Eigen::Vector3d& d,
                                                  const Eigen::Vector3d& a_natural,
                                                  double a_t_mps2) {
  const Eigen::Vector3d perp = a_natural - a_natural.dot(d) * d;
  const double x2 = perp.squaredNorm() / (a_t_mps2 * a_t_mps2);
  if (x2 >= 1.0) return -perp.normalized();
  return std::sqrt(1.0 - x2) * d - perp / a_t_mps2;
}

/// Total acceleration during the boost (stage < num_stages) along launch direction d, or
/// the natural acceleration in the coast. m/s^2, ECEF.
inline Eigen::Vector3d FlyoutAccel(const InterceptorModel& m, int stage, double tau_s,
                                   const Eigen::Vector3d& r, const Eigen::Vector3d& v,
                                   const Eigen::Vector3d& d) {
  const double mass = MassAt(m, stage, tau_s);
  const Eigen::Vector3d a_n = NaturalAccel(m, mass, r, v);
  if (stage >= m.num_stages) return a_n;
  const double a_t = m.thrust_n[static_cast<std::size_t>(stage)] / mass;
  return a_n + a_t * CompensatedThrustDirection(d, a_n, a_t);
}

/// Dynamic pressure q = rho |v|^2 / 2 (Pa) at r, v (zero in vacuum / above 150 km).
/// Inline: evaluated once per substep of every aerodynamically controlled interceptor.
inline double DynamicPressure(const earth::EarthConfig& earth, const Eigen::Vector3d& r,
                              const Eigen::Vector3d& v) {
  if (earth.atmosphere == earth::AtmosphereModel::kNone ||
      r.squaredNorm() > flight::kDragCeilingRadius_m * flight::kDragCeilingRadius_m) {
    return 0.0;
  }
  const double rho = earth::DensityFast(earth::FastAltitudeSeries(r, r.norm(), earth.shape));
  return 0.5 * rho * v.squaredNorm();
}

/// Aerodynamic lateral acceleration limit (m/s^2) at dynamic pressure q:
///   a_max = max_lateral_accel * min(1, q / full_control_q)  if q >= min_dynamic_pressure
///   a_max = 0                                               otherwise (or kDivert mode).
inline double AeroAccelLimit(const InterceptorTypeSpec& spec, double q_pa) {
  if (spec.control == ControlMode::kDivert || q_pa < spec.min_dynamic_pressure_pa) return 0.0;
  return spec.max_lateral_accel_mps2 * std::min(1.0, q_pa / spec.full_control_dynamic_pressure_pa);
}

}  // namespace bmd::guidance
