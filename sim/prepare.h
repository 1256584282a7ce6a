#pragma once
/// Preparation of a scenario for running: everything that is deterministic and shared by all
/// runs (targeting of every threat on the full dynamics) is computed once here.
#include <memory>
#include <vector>

#include "models/flight/threat_plan.h"
#include "models/guidance/flyout_envelope.h"
#include "models/guidance/interceptor_model.h"
#include "sim/scenario/scenario.h"

namespace bmd::sim {

/// Targeting outcome of one threat, for summaries and the HDF5 threats table.
struct TargetingInfo {
  double launch_azimuth_rad = 0.0;
  double ground_range_m = 0.0;        ///< launch point to aim point, geodesic
  double predicted_flight_time_s = 0.0;
  double predicted_apogee_m = 0.0;
  double predicted_miss_m = 0.0;      ///< impact to aim point, on the full dynamics
  double solve_time_s = 0.0;          ///< wall time of the targeting solve
};

struct PreparedScenario {
  std::shared_ptr<const Scenario> scenario;
  std::vector<flight::ThreatPlan> plans;     ///< one per threat, scenario order
  std::vector<TargetingInfo> targeting;      ///< one per threat
  std::vector<guidance::InterceptorModel> interceptor_models;  ///< per interceptor type
  std::vector<std::shared_ptr<const guidance::FlyoutEnvelope>> envelopes;  ///< per type
};

/// Solves targeting for every threat (in parallel over threats; the result does not depend
/// on the thread count). Throws ScenarioError listing every threat that cannot reach its
/// aim point with its shaping.
PreparedScenario Prepare(std::shared_ptr<const Scenario> scenario);

}  // namespace bmd::sim
