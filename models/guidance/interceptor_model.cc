#include "models/guidance/interceptor_model.h"

#include <algorithm>
#include <numbers>
#include <stdexcept>

#include "models/earth/atmosphere.h"
#include "models/earth/geodesy.h"

namespace bmd::guidance {

InterceptorModel MakeInterceptorModel(const InterceptorTypeSpec& spec,
                                      const earth::EarthConfig& earth) {
  const std::vector<std::string> errors = ValidateInterceptorType(spec);
  if (!errors.empty()) {
    std::string msg;
    for (const auto& e : errors) msg += (msg.empty() ? "" : "; ") + e;
    throw std::invalid_argument(msg);
  }
  InterceptorModel m;
  m.spec = spec;
  m.earth = earth;
  m.num_stages = static_cast<int>(spec.stages.size());
  double mass_above = spec.kill_vehicle_mass_kg;
  for (int i = m.num_stages - 1; i >= 0; --i) {
    const auto& s = spec.stages[static_cast<std::size_t>(i)];
    mass_above += s.propellant_mass_kg + s.dry_mass_kg;
    m.mass_ignition_kg[static_cast<std::size_t>(i)] = mass_above;
  }
  double t = 0.0;
  for (int i = 0; i < m.num_stages; ++i) {
    const auto k = static_cast<std::size_t>(i);
    const auto& s = spec.stages[k];
    m.ignition_s[k] = t;
    m.mdot_kg_s[k] = s.propellant_mass_kg / s.burn_time_s;
    m.thrust_n[k] = s.isp_s * earth::kG0 * m.mdot_kg_s[k];
    t += s.burn_time_s;
    m.burnout_s[k] = t;
  }
  m.final_burnout_s = t;
  m.liftoff_mass_kg = m.mass_ignition_kg[0];
  m.coast_mass_kg = spec.kill_vehicle_mass_kg +
                    (spec.kill_vehicle_separates ? 0.0 : spec.stages.back().dry_mass_kg);
  m.drag_area_m2 = spec.cd * std::numbers::pi * spec.body_diameter_m * spec.body_diameter_m / 4.0;
  return m;
}

}  // namespace bmd::guidance
