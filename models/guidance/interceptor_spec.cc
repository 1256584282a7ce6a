#include "models/guidance/interceptor_spec.h"

#include "models/earth/earth_model.h"

namespace bmd::guidance {

std::vector<std::string> ValidateInterceptorType(const InterceptorTypeSpec& s) {
  std::vector<std::string> err;
  auto req = [&](bool ok, const std::string& what) {
    if (!ok) err.push_back("interceptor type '" + s.name + "': " + what);
  };
  req(!s.stages.empty() && s.stages.size() <= static_cast<std::size_t>(kMaxInterceptorStages),
      "needs 1 to " + std::to_string(kMaxInterceptorStages) + " stages");
  double mass = s.kill_vehicle_mass_kg;
  for (const auto& st : s.stages) {
    req(st.propellant_mass_kg > 0.0 && st.dry_mass_kg >= 0.0 && st.isp_s > 0.0 &&
            st.burn_time_s > 0.0,
        "each stage needs propellant > 0, dry mass >= 0, Isp > 0 and burn time > 0");
    mass += st.propellant_mass_kg + st.dry_mass_kg;
  }
  req(s.kill_vehicle_mass_kg > 0.0, "kill vehicle mass must be > 0");
  if (!s.stages.empty() && s.stages[0].burn_time_s > 0.0) {
    const auto& st = s.stages[0];
    const double thrust = st.isp_s * earth::kG0 * st.propellant_mass_kg / st.burn_time_s;
    req(thrust > 1.5 * mass * earth::kG0, "lift-off thrust-to-weight must exceed 1.5");
  }
  req(s.body_diameter_m > 0.0 && s.cd >= 0.0, "body diameter must be > 0 and Cd >= 0");
  req(s.min_intercept_alt_m >= 0.0 && s.max_intercept_alt_m > s.min_intercept_alt_m,
      "intercept altitude window needs 0 <= min < max");
  req(s.max_range_m > 0.0, "max range must be > 0");
  req(s.max_flight_time_s > 0.0, "max flight time must be > 0");
  req(s.max_lateral_accel_mps2 > 0.0, "max lateral acceleration must be > 0");
  if (s.control != ControlMode::kAerodynamic) {
    req(s.divert_delta_v_mps > 0.0, "divert control needs divert delta-v > 0");
  }
  if (s.control != ControlMode::kDivert) {
    req(s.min_dynamic_pressure_pa > 0.0 &&
            s.full_control_dynamic_pressure_pa >= s.min_dynamic_pressure_pa,
        "aerodynamic control needs 0 < min dynamic pressure <= full-control dynamic pressure");
  }
  req(s.seeker_range_m >= 0.0 && s.seeker_fov_half_angle_rad >= 0.0 &&
          s.seeker_angle_noise_rad >= 0.0,
      "seeker range, field of view and noise must be >= 0");
  req(s.seeker_range_m == 0.0 || s.seeker_fov_half_angle_rad > 0.0,
      "a seeker needs a field of view > 0");
  req(s.lethal_radius_m > 0.0, "lethal radius must be > 0");
  req(s.pk >= 0.0 && s.pk <= 1.0, "Pk must lie in [0, 1]");
  req(s.navigation_ratio > 0.0, "navigation ratio must be > 0");
  req(s.midcourse_guidance_period_s > 0.0 && s.terminal_guidance_period_s > 0.0,
      "guidance periods must be > 0");
  req(s.reaction_time_s >= 0.0, "reaction time must be >= 0");
  return err;
}

}  // namespace bmd::guidance
