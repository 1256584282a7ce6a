#pragma once
/// The three NOTIONAL interceptor classes of scenarios/catalog/interceptors.yaml as
/// InterceptorTypeSpec values (models know nothing of YAML). Keep identical to the YAML file:
/// tests/validation/interceptor_catalog_test.cc compares them. Public-textbook class figures
/// only (NOTIONAL-REFERENCE.md); they describe no real system.
#include "models/earth/earth_model.h"
#include "models/guidance/interceptor_spec.h"

namespace bmd::guidance::testing {

inline InterceptorTypeSpec UpperTierExo() {
  InterceptorTypeSpec t;
  t.name = "upper_tier_exo";
  t.description = "Notional upper-tier exoatmospheric hit-to-kill interceptor class";
  t.stages = {{900.0, 200.0, 265.0, 25.0}, {300.0, 80.0, 285.0, 30.0}};
  t.kill_vehicle_mass_kg = 60.0;
  t.kill_vehicle_separates = true;
  t.body_diameter_m = 0.53;
  t.cd = 0.3;
  t.control = ControlMode::kDivert;
  t.divert_delta_v_mps = 600.0;
  t.max_lateral_accel_mps2 = 15.0 * earth::kG0;
  t.min_intercept_alt_m = 100e3;
  t.max_intercept_alt_m = 1000e3;
  t.max_range_m = 1500e3;
  t.max_flight_time_s = 600.0;
  t.seeker_range_m = 300e3;
  t.seeker_fov_half_angle_rad = 1.0 * earth::kDeg;
  t.seeker_angle_noise_rad = 50e-6;
  t.lethal_radius_m = 0.5;
  t.pk = 0.8;
  t.guidance_law = GuidanceLawKind::kAugmentedPn;
  t.navigation_ratio = 4.0;
  t.midcourse_guidance_period_s = 0.1;
  t.terminal_guidance_period_s = 0.01;
  t.reaction_time_s = 10.0;
  return t;
}

inline InterceptorTypeSpec HighAltTerminal() {
  InterceptorTypeSpec t;
  t.name = "high_alt_terminal";
  t.description = "Notional high-altitude terminal (endo/exo) hit-to-kill interceptor class";
  t.stages = {{500.0, 130.0, 260.0, 40.0}};
  t.kill_vehicle_mass_kg = 40.0;
  t.kill_vehicle_separates = true;
  t.body_diameter_m = 0.34;
  t.cd = 0.3;
  t.control = ControlMode::kAeroAndDivert;
  t.divert_delta_v_mps = 300.0;
  t.max_lateral_accel_mps2 = 20.0 * earth::kG0;
  t.min_dynamic_pressure_pa = 5e3;
  t.full_control_dynamic_pressure_pa = 50e3;
  t.min_intercept_alt_m = 40e3;
  t.max_intercept_alt_m = 150e3;
  t.max_range_m = 200e3;
  t.max_flight_time_s = 200.0;
  t.seeker_range_m = 60e3;
  t.seeker_fov_half_angle_rad = 2.0 * earth::kDeg;
  t.seeker_angle_noise_rad = 100e-6;
  t.lethal_radius_m = 0.5;
  t.pk = 0.85;
  t.guidance_law = GuidanceLawKind::kAugmentedPn;
  t.navigation_ratio = 4.0;
  t.midcourse_guidance_period_s = 0.1;
  t.terminal_guidance_period_s = 0.01;
  t.reaction_time_s = 8.0;
  return t;
}

inline InterceptorTypeSpec LowerTierEndo() {
  InterceptorTypeSpec t;
  t.name = "lower_tier_endo";
  t.description = "Notional lower-tier endoatmospheric interceptor class (aerodynamic control)";
  t.stages = {{180.0, 80.0, 250.0, 10.0}};
  t.kill_vehicle_mass_kg = 70.0;
  t.kill_vehicle_separates = false;
  t.body_diameter_m = 0.25;
  t.cd = 0.3;
  t.control = ControlMode::kAerodynamic;
  t.max_lateral_accel_mps2 = 40.0 * earth::kG0;
  t.min_dynamic_pressure_pa = 5e3;
  t.full_control_dynamic_pressure_pa = 50e3;
  t.min_intercept_alt_m = 3e3;
  t.max_intercept_alt_m = 25e3;
  t.max_range_m = 40e3;
  t.max_flight_time_s = 60.0;
  t.seeker_range_m = 20e3;
  t.seeker_fov_half_angle_rad = 3.0 * earth::kDeg;
  t.seeker_angle_noise_rad = 200e-6;
  t.lethal_radius_m = 1.0;
  t.pk = 0.9;
  t.guidance_law = GuidanceLawKind::kAugmentedPn;
  t.navigation_ratio = 4.0;
  t.midcourse_guidance_period_s = 0.05;
  t.terminal_guidance_period_s = 0.01;
  t.reaction_time_s = 5.0;
  return t;
}

}  // namespace bmd::guidance::testing
