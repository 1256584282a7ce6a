#pragma once
/// Notional interceptor type description (catalog entry, SI units). Values come from
/// scenarios/catalog/interceptors.yaml (field names match, units converted to SI at load) and
/// are NOTIONAL: public-textbook orders of magnitude for three classes (upper-tier
/// exoatmospheric hit-to-kill, high-altitude terminal endo/exo, lower-tier endoatmospheric),
/// never the performance of a real system.
///
/// Vehicle model (used by interceptor_flight.h):
///   stages fire back to back from launch; per stage mdot = propellant / burn_time,
///   vacuum thrust T = isp g0 mdot; mass m(t) = kill vehicle + unburnt stages - burnt
///   propellant; the dry mass of a stage is dropped at staging. After the final burnout the
///   flying body is the kill vehicle alone (kill_vehicle_separates) or the kill vehicle plus
///   the last stage's dry mass. Drag: Cd * pi d^2 / 4 over the current mass.
/// Lateral control after burnout (ControlMode):
///   kDivert:        thrusters, |a| <= max_lateral_accel, total |a| dt <= divert_delta_v
///   kAerodynamic:   lift, |a| <= max_lateral_accel * min(1, q / full_control_dynamic_pressure)
///                   when q = rho |v|^2 / 2 >= min_dynamic_pressure, else 0
///   kAeroAndDivert: aerodynamic while q >= min_dynamic_pressure, divert thrusters above
#include <string>
#include <vector>

#include "models/flight/vehicle.h"
#include "models/guidance/guidance_law.h"

namespace bmd::guidance {

enum class ControlMode { kDivert, kAerodynamic, kAeroAndDivert };

struct InterceptorTypeSpec {
  std::string name;
  std::string description;
  std::vector<flight::StageSpec> stages;      ///< first stage first (1..kMaxInterceptorStages)
  double kill_vehicle_mass_kg = 0.0;          ///< payload: kill vehicle / warhead section
  bool kill_vehicle_separates = true;         ///< after final burnout only the KV flies on
  double body_diameter_m = 0.5;               ///< reference diameter (drag)
  double cd = 0.3;                            ///< drag coefficient (supersonic mean)

  ControlMode control = ControlMode::kDivert;
  double divert_delta_v_mps = 0.0;            ///< kill-vehicle divert budget (kDivert modes)
  double max_lateral_accel_mps2 = 0.0;        ///< command magnitude limit (g-limit * g0)
  double min_dynamic_pressure_pa = 0.0;       ///< aerodynamic control needs q >= this
  double full_control_dynamic_pressure_pa = 0.0;  ///< q giving the full g-limit (>= min)

  double min_intercept_alt_m = 0.0;           ///< engagement altitude window
  double max_intercept_alt_m = 0.0;
  double max_range_m = 0.0;                   ///< ground range from the fire unit at intercept
  double max_flight_time_s = 600.0;           ///< self-destruct after this long

  double seeker_range_m = 0.0;                ///< acquisition range; 0 = no seeker (track only)
  double seeker_fov_half_angle_rad = 0.0;     ///< target must lie this close to the track LOS
  double seeker_angle_noise_rad = 0.0;        ///< 1-sigma LOS angle noise per axis

  double lethal_radius_m = 0.0;               ///< kill needs miss <= lethal radius ...
  double pk = 0.0;                            ///< ... and a draw below Pk (engagement::DrawKill)

  GuidanceLawKind guidance_law = GuidanceLawKind::kAugmentedPn;
  double navigation_ratio = 4.0;              ///< N'
  double midcourse_guidance_period_s = 0.1;   ///< command update period on track data
  double terminal_guidance_period_s = 0.01;   ///< command update period on seeker data
  double reaction_time_s = 0.0;               ///< decision to launch (launch delay)
};

inline constexpr int kMaxInterceptorStages = 3;

/// Every semantic error of the spec, one sentence each (empty when valid): stage count,
/// positive masses/Isp/burn times, thrust-to-weight at lift-off > 1, altitude window,
/// control parameters consistent with the control mode, Pk in [0, 1], N' > 0, periods > 0.
std::vector<std::string> ValidateInterceptorType(const InterceptorTypeSpec& spec);

}  // namespace bmd::guidance
