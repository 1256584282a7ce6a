#pragma once
/// Preparation of a scenario for running: everything that is deterministic and shared by all
/// runs (targeting of every threat on the full dynamics) is computed once here.
#include <memory>
#include <vector>

#include "models/flight/threat_plan.h"
#include "models/guidance/flyout_envelope.h"
#include "models/guidance/interceptor_model.h"
#include "models/interop/nations.h"
#include "models/interop/sharing_policy.h"
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

  // Interoperability: nation ids in scenario order (Scenario::nations), the nation of every
  // sensor / node / fire unit, and the releasability policy the sharing section resolves to.
  interop::NationTable nations;
  std::vector<interop::NationId> sensor_nation, node_nation, unit_nation;
  interop::SharingPolicyConfig sharing;
};

/// The policy a sharing configuration stands for: presets (national, bilateral, trilateral)
/// expand to rules over the scenario's nations, custom keeps its default and rules. Throws
/// std::invalid_argument naming an unknown nation or alliance.
interop::SharingPolicyConfig ResolveSharing(const SharingConfig& cfg, const interop::NationTable& nations);

/// Solves targeting for every threat (in parallel over threats; the result does not depend
/// on the thread count). Throws ScenarioError listing every threat that cannot reach its
/// aim point with its shaping.
PreparedScenario Prepare(std::shared_ptr<const Scenario> scenario);

}  // namespace bmd::sim
