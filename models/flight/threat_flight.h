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
///
///   Drag-free coast (long steps): where no force but gravity (+ J2) and the frame terms can
///   act over a whole step of kCoastStep_s = 2 s, one RK4 step of that length replaces 20
///   ticks' worth of 0.1 s steps, and the state at each tick comes from the cubic Hermite
///   interpolant of the step's end states (HermiteInterpolate: r, v and a at both ends). The
///   step in progress lives in FlightState::coast_step, so the ticks inside it cost one
///   interpolation each. Accuracy (n = sqrt(GM / |r|^3) ~ 1.2e-3 /s near the Earth): RK4
///   local error ~ |r| (n H)^5 / 120 ~ 4e-9 m per 2 s step; interpolant error
///   <= H^4 max|d4r/dt4| / 384 ~ H^4 n^4 |r| / 384 ~ 6e-7 m in position and
///   H^4 n^5 |r| / 384 ~ 1e-9 m/s in velocity (never fed back: the next step starts from the
///   step's end). States therefore agree with plain 0.1 s stepping to micrometres
///   (tests/flight/threat_flight_test.cc). Boost, every step that can reach the drag ceiling
///   (kDragCeilingRadius_m) when a drag model applies, and every step that can reach the
///   impact height keep the plain stepping, so reentry is stepped exactly as before.
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

/// A long drag-free coast step in progress (see AdvanceTo): the RK4 step from (r0, v0) at t0_s
/// to (r1, v1) at t1_s, with the accelerations a0, a1 at its ends (ECEF, SI). Plain data,
/// copied with the FlightState; only AdvanceTo writes it. States between t0_s and t1_s are
/// the cubic Hermite interpolant of the ends; the next step starts from (r1, v1).
struct CoastStep {
  bool active = false;          ///< a step exists and the FlightState lies in [t0_s, t1_s]
  bool apogee_pending = false;  ///< the step holds an apogee at apogee_t_s not yet reported
  double t0_s = 0.0;
  double t1_s = 0.0;
  double apogee_t_s = 0.0;
  Eigen::Vector3d r0 = Eigen::Vector3d::Zero(), v0 = Eigen::Vector3d::Zero(),
                  a0 = Eigen::Vector3d::Zero();
  Eigen::Vector3d r1 = Eigen::Vector3d::Zero(), v1 = Eigen::Vector3d::Zero(),
                  a1 = Eigen::Vector3d::Zero();
};

/// Per-object mutable state (plain data; lives in the World). Code other than AdvanceTo must
/// not move an object by writing r_ecef/v_ecef: build a new state (CoastState) instead, since
/// a long coast step in progress (coast_step) would otherwise override the edit.
struct FlightState {
  double t_s = 0.0;                                  ///< scenario time of this state
  Eigen::Vector3d r_ecef = Eigen::Vector3d::Zero();  ///< m
  Eigen::Vector3d v_ecef = Eigen::Vector3d::Zero();  ///< m/s, relative to the rotating Earth
  double mass_kg = 0.0;
  FlightPhase phase = FlightPhase::kPreLaunch;
  FlightBody body = FlightBody::kMissile;
  int stage = 0;    ///< burning stage during boost; stages fired (count) afterwards
  int segment = 0;  ///< index into plan.segments during boost
  CoastStep coast_step;  ///< long coast step in progress (AdvanceTo's working data)
  /// CoastAccelOf(plan, body, accel_r, accel_v) memoised by CoastAccelAt when accel_valid;
  /// AdvanceTo takes it as the first RK4 stage of a coast step starting from that very
  /// position and velocity (the engine asks for the acceleration at the end of every tick,
  /// which is where the next tick's step starts: one force evaluation saved per step).
  bool accel_valid = false;
  Eigen::Vector3d accel_r = Eigen::Vector3d::Zero(), accel_v = Eigen::Vector3d::Zero();
  Eigen::Vector3d accel_ecef = Eigen::Vector3d::Zero();
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

/// CoastAccelOf(plan, state.body, state.r_ecef, state.v_ecef), the same value bit for bit,
/// memoised in the state (accel_*) so that AdvanceTo's next coast step from this position
/// and velocity need not evaluate it again; at the end node of a long coast step it is the
/// step's own end acceleration (coast_step.a1, the same evaluation). Not thread-safe for one
/// state (writes it); no allocation.
Eigen::Vector3d CoastAccelAt(const ThreatPlan& plan, FlightState& state);

/// Length (s) of the long RK4 steps of drag-free coast. 2 s: RK4 and interpolation errors of
/// a whole flight stay at micrometres (see the header comment; measured <= 1.3e-6 m and
/// 3e-8 m/s against plain 0.1 s stepping on SRBM/MRBM flights). Measured cost of a 0.1 s
/// midcourse tick (instructions): 838 plain, 273 / 204 / 169 / 152 / 143 with 0.5 / 1 / 2 /
/// 4 / 8 s steps: past 2 s the interpolation and call overhead dominate, so longer steps
/// buy < 10 % for interpolation errors growing as H^4 and a wider band near the ceiling.
inline constexpr double kCoastStep_s = 2.0;

struct AdvanceOptions {
  /// Long drag-free coast step (s); 0, or anything <= plan.max_step_s, turns long steps off
  /// (plain RK4 stepping everywhere: the reference the tests compare against).
  double coast_step_s = kCoastStep_s;
};

/// Advances state from state.t_s to t_end_s with RK4 (steps <= plan.max_step_s, split at
/// scheduled events, or long coast steps where drag-free, see the header comment), appending
/// events in time order to `events`; each event is reported once, in the call whose interval
/// (state.t_s, t_end_s] holds its time. Stops early at impact (state.phase = kImpacted,
/// state.t_s = impact time). The result depends only on the sequence of t_end_s values.
/// No allocation.
void AdvanceTo(const ThreatPlan& plan, FlightState& state, double t_end_s,
               FlightEventBuffer& events, const AdvanceOptions& options);
inline void AdvanceTo(const ThreatPlan& plan, FlightState& state, double t_end_s,
                      FlightEventBuffer& events) {
  AdvanceTo(plan, state, t_end_s, events, AdvanceOptions{});
}

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
