#pragma once
/// Threat flight: per-object plain-data state, events, the engine's RK4 stepping function and
/// a DP54 whole-trajectory propagator. Frame: ECEF (see forces.h); times are scenario times.
///
/// Engine use:
///   World build, per threat:  plan = SolveTargeting(...).plan   (once per Scenario, shared)
///                             state = InitialState(plan)
///   every tick (t -> t + dt): events.Clear();
///                             AdvanceTo(plan, state, t + dt, events);
///                             for each event: kRvSeparation -> spawn
///                                 booster = SpentBoosterState(plan, event), then
///                                 AdvanceTo(plan, booster, t + dt, events)
///   Each object is advanced by RK4 steps no longer than plan.max_step_s, split exactly at
///   scheduled events (lift-off, steering changes, staging, burnout); apogee and impact are
///   located inside the step (cubic Hermite + Brent, then an exact RK4 step to the root), so
///   event times never snap to the tick. No allocation.
#include <Eigen/Core>

#include <array>
#include <cstdint>
#include <vector>

#include "models/flight/integrators.h"
#include "models/flight/threat_plan.h"

namespace bmd::flight {

enum class FlightPhase : std::uint8_t {
  kPreLaunch,  ///< on the launcher, waiting for plan.launch_time_s
  kBoost,      ///< powered flight (missile only)
  kCoast,      ///< unpowered: RV midcourse and reentry, or the spent booster
  kImpacted,   ///< reached the impact height; the state holds the impact point and time
};

enum class FlightBody : std::uint8_t {
  kMissile,  ///< the powered stack, then (after separation) the reentry vehicle
  kBooster,  ///< the spent booster after RV separation
};

/// Per-object mutable state (plain data; lives in the World).
struct FlightState {
  double t_s = 0.0;                                  ///< scenario time of this state
  Eigen::Vector3d r_ecef = Eigen::Vector3d::Zero();  ///< m
  Eigen::Vector3d v_ecef = Eigen::Vector3d::Zero();  ///< m/s, relative to the rotating Earth
  double mass_kg = 0.0;
  FlightPhase phase = FlightPhase::kPreLaunch;
  FlightBody body = FlightBody::kMissile;
  int stage = 0;    ///< burning stage during boost; stages fired (count) afterwards
  int segment = 0;  ///< index into plan.segments during boost
};

enum class FlightEventKind : std::uint8_t {
  kLaunch, kStaging, kBurnout, kRvSeparation, kApogee, kImpact,
};
const char* ToString(FlightEventKind kind);

/// An event at its exact time, with the object's state then. For kStaging, stage = the stage
/// that ignites; for kBurnout/kRvSeparation, stage = the last stage that burned.
struct FlightEvent {
  FlightEventKind kind = FlightEventKind::kLaunch;
  FlightBody body = FlightBody::kMissile;
  double t_s = 0.0;
  int stage = 0;
  Eigen::Vector3d r_ecef = Eigen::Vector3d::Zero();
  Eigen::Vector3d v_ecef = Eigen::Vector3d::Zero();
};

/// Fixed-capacity event buffer owned by the caller (no allocation). A whole flight of the
/// missile plus its booster produces at most kMaxStages + 6 events, so one buffer cleared
/// per tick can never overflow; Push aborts on overflow (programmer error).
class FlightEventBuffer {
 public:
  static constexpr int kCapacity = 16;
  void Clear() { size_ = 0; }
  void Push(const FlightEvent& e);
  int size() const { return size_; }
  const FlightEvent& operator[](int i) const { return items_[static_cast<std::size_t>(i)]; }
  const FlightEvent* begin() const { return items_.data(); }
  const FlightEvent* end() const { return items_.data() + size_; }

 private:
  std::array<FlightEvent, kCapacity> items_{};
  int size_ = 0;
};

/// The missile on its launcher at the launch point (pre-launch, zero ECEF velocity) at time
/// t_s (default: the launch time).
FlightState InitialState(const ThreatPlan& plan);
FlightState InitialState(const ThreatPlan& plan, double t_s);

/// A coasting object (RV or booster) at (t, r, v): for tests and for objects created by
/// other models. The drag of the body comes from the plan (RV beta or booster Cd A / m).
FlightState CoastState(const ThreatPlan& plan, FlightBody body, double t_s,
                       const Eigen::Vector3d& r_ecef, const Eigen::Vector3d& v_ecef);

/// The spent booster at RV separation (event kind kRvSeparation).
FlightState SpentBoosterState(const ThreatPlan& plan, const FlightEvent& separation);

/// Acceleration (m/s^2, ECEF) of a coasting body of the plan: RV or booster drag.
Eigen::Vector3d CoastAccelOf(const ThreatPlan& plan, FlightBody body, const Eigen::Vector3d& r,
                             const Eigen::Vector3d& v);

/// Advances state from state.t_s to t_end_s with RK4 (steps <= plan.max_step_s, split at
/// scheduled events), appending events in time order to `events`. Stops early at impact
/// (state.phase = kImpacted, state.t_s = impact time). No allocation.
void AdvanceTo(const ThreatPlan& plan, FlightState& state, double t_end_s,
               FlightEventBuffer& events);

struct TrajectoryOptions {
  Dp54Options dp{};               ///< tolerances (defaults: rtol 1e-10, atol 1e-6)
  bool record_samples = true;     ///< keep the state after every accepted step
  double max_duration_s = 7200.0; ///< give up (impacted = false) after this long
};

/// A whole trajectory propagated with adaptive DP54 (events located with its dense output).
struct Trajectory {
  std::vector<FlightState> samples;  ///< start, every accepted step, every event
  std::vector<FlightEvent> events;
  FlightState final_state;
  bool impacted = false;
  bool ok = true;                     ///< false if the integrator failed (step underflow)
  FlightState separation;             ///< RV state at separation (missile trajectories)
  bool separated = false;
  double apogee_alt_m = 0.0;          ///< height at the apogee event (or max of the path)
  double apogee_time_s = 0.0;
  long evaluations = 0;               ///< right-hand-side evaluations
};

/// Propagates from `start` (any phase) until impact or max_duration_s. For a missile in
/// kPreLaunch the trajectory starts at the launch time. The booster is not included: start
/// a second propagation from SpentBoosterState(plan, separation event).
Trajectory PropagateTrajectory(const ThreatPlan& plan, const FlightState& start,
                               const TrajectoryOptions& options = {});

}  // namespace bmd::flight
