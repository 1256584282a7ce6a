#pragma once
/// Interceptor flight for the engine's tick loop: per-interceptor plain-data state, events,
/// and Advance(), which flies one interceptor from its state time to the end of a tick.
/// Frame: ECEF (forces as for threats, interceptor_model.h); times are scenario times.
///
/// Phases: kPreLaunch (until launch_time_s) -> kBoost (open-loop along the launch direction
/// with gravity compensation, solved by the flyout shooting / PIP solver) -> kMidcourse
/// (guidance on the track estimate, propagated ballistically between updates) -> kTerminal
/// (seeker homing once the true target is within seeker range and inside the seeker field of
/// view around the track line of sight; without a seeker the track is used to the end) ->
/// kDone (closest approach, ground impact or timeout).
/// Guidance: the law of the spec (PN / true PN / APN / ZEM, guidance_law.h) on the relative
/// state; APN/ZEM get the relative *uncommanded* acceleration a_T - a_natural(interceptor) so
/// gravity and drag differences are flown out. Commands are computed on a fixed grid
/// launch_time + k * period (midcourse or terminal period) and held between grid points
/// (zero-order hold), so they do not depend on the engine tick. Limits per substep:
/// aerodynamic a_max(q) (normal to the velocity), divert thrusters |a| <= max_lateral_accel
/// with the delta-v budget booked as used (DivertBudget).
/// Seeker: the true relative position with its line of sight rotated by N(0, sigma^2) angle
/// noise on each normal axis (RandomStream, Purpose to be chosen by the engine), the true
/// relative velocity; the target acceleration is the ballistic model at the seen position.
/// End game: the truth of the target over the tick (position, velocity, acceleration at both
/// ends) is interpolated (cubic Hermite, TruthSpanInterpolator) at substep ends; when the range stops closing after
/// burnout the exact closest point of approach inside the substep
/// (ClosestApproachHermite) gives the miss, reported in a kIntercept event. The kill itself
/// (miss <= lethal radius and a Pk draw) is engagement::DrawKill, applied by the engine.
/// Integration: substeps split at guidance grid points, staging, burnout and tick ends, never
/// longer than max_step_s. RK4, except in terminal homing after the final burnout, where the
/// substeps are the terminal guidance period (10 ms in the catalog) and one force evaluation
/// per substep suffices (CoastSubstep). No allocation.
#include <Eigen/Core>

#include <array>
#include <cstdint>

#include "models/common/random.h"
#include "models/guidance/guidance_law.h"
#include "models/guidance/interceptor_model.h"

namespace bmd::guidance {

enum class InterceptorPhase : std::uint8_t { kPreLaunch, kBoost, kMidcourse, kTerminal, kDone };

struct InterceptorState {
  double t_s = 0.0;
  Eigen::Vector3d r_ecef = Eigen::Vector3d::Zero();
  Eigen::Vector3d v_ecef = Eigen::Vector3d::Zero();
  InterceptorPhase phase = InterceptorPhase::kPreLaunch;
  int stage = 0;
  double launch_time_s = 0.0;
  Eigen::Vector3d launch_dir_ecef = Eigen::Vector3d::UnitZ();  ///< unit, boost direction
  DivertBudget divert;                                        ///< kill-vehicle budget
  Eigen::Vector3d accel_cmd_mps2 = Eigen::Vector3d::Zero();   ///< held command
  double next_guidance_t_s = 0.0;
  double guidance_period_s = 0.1;
  double max_step_s = 0.1;       ///< RK4 substep limit
  // Track estimate propagated to est_t_s (ballistic, between updates).
  bool have_estimate = false;
  double est_source_t_s = -1e300;  ///< time tag of the last track update used
  double est_t_s = 0.0;
  Eigen::Vector3d est_r_ecef = Eigen::Vector3d::Zero();
  Eigen::Vector3d est_v_ecef = Eigen::Vector3d::Zero();
  double est_drag_area_per_mass = 0.0;
  /// Coast acceleration at (est_r_ecef, est_v_ecef) when est_a_valid: the guidance command
  /// evaluates it in midcourse, and it is the first RK4 stage of the next propagation.
  bool est_a_valid = false;
  Eigen::Vector3d est_a_mps2 = Eigen::Vector3d::Zero();
  double min_range_m = 1e300;    ///< smallest true range seen at substep ends
  bool divert_exhausted_reported = false;
  // Terminal homing: natural acceleration at the state carried from the end of the previous
  // substep (CoastSubstep's a1_nat), valid when a_nat_t_s == t_s.
  double a_nat_t_s = -1e300;
  Eigen::Vector3d a_nat_mps2 = Eigen::Vector3d::Zero();
};

/// Interceptor on its launcher at site_ecef, to be launched at launch_time_s along
/// launch_dir_ecef (unit; e.g. LaunchSolution::launch_dir_ecef or PipSolution's).
InterceptorState MakeInterceptorState(const InterceptorModel& m, const Eigen::Vector3d& site_ecef,
                                      double launch_time_s, const Eigen::Vector3d& launch_dir_ecef,
                                      double t_now_s);

/// The threat's track as the engine's tracker gives it (ECEF state at its time tag t_s).
/// drag_area_per_mass = 1 / beta estimate (m^2/kg), 0 when unknown (vacuum prediction).
struct TargetEstimate {
  double t_s = 0.0;
  Eigen::Vector3d r_ecef = Eigen::Vector3d::Zero();
  Eigen::Vector3d v_ecef = Eigen::Vector3d::Zero();
  double drag_area_per_mass = 0.0;
};

/// The threat's true motion over the tick: states and accelerations at both ends
/// (t0_s <= state.t_s, t1_s >= t_end_s). Used by the seeker and for the exact CPA.
struct TargetTruthSpan {
  double t0_s = 0.0, t1_s = 0.0;
  Eigen::Vector3d r0_ecef = Eigen::Vector3d::Zero(), v0_ecef = Eigen::Vector3d::Zero(),
                  a0_ecef = Eigen::Vector3d::Zero();
  Eigen::Vector3d r1_ecef = Eigen::Vector3d::Zero(), v1_ecef = Eigen::Vector3d::Zero(),
                  a1_ecef = Eigen::Vector3d::Zero();
};

/// The target's truth at time t_s inside a span, as Advance evaluates it: the cubic Hermite
/// interpolant of the end positions and velocities for r, and of the end velocities and
/// accelerations for v (flight::HermiteInterpolate), written in power form in
/// s = (t - t0) / h, h = t1 - t0:
///   r(s) = r0 + s (c1 + s (c2 + s c3)),   c1 = h v0,   c2 = 3 (r1 - r0) - h (2 v0 + v1),
///                                         c3 = 2 (r0 - r1) + h (v0 + v1),
/// v(s) alike with (v0, a0, v1, a1). The coefficients are built on the first evaluation
/// inside the span and each evaluation is then Horner's rule (three multiply-add pairs per
/// component instead of four basis functions times four vectors). At t0 and t1 the end states are
/// returned exactly (the interpolant's values there). Equal to the basis-function form up to
/// rounding: within a few ulp of |r| and |v| (nanometres in ECEF; tests/guidance/
/// truth_span_test.cc bounds it against a long-double evaluation). h <= 0: r0 + v0 (t - t0),
/// v0. The span must outlive the interpolator. No allocation.
class TruthSpanInterpolator {
 public:
  explicit TruthSpanInterpolator(const TargetTruthSpan& span) : span_(span) {}
  void At(double t_s, Eigen::Vector3d& r_ecef, Eigen::Vector3d& v_ecef);

 private:
  const TargetTruthSpan& span_;
  bool ready_ = false;
  Eigen::Vector3d cr1_, cr2_, cr3_;  ///< position coefficients c1..c3 (m)
  Eigen::Vector3d cv1_, cv2_, cv3_;  ///< velocity coefficients (m/s)
};

enum class InterceptorEventKind : std::uint8_t {
  kLaunch, kStaging, kBurnout, kSeekerAcquisition, kDivertExhausted,
  kIntercept,     ///< closest approach: miss_m, closing_speed_mps
  kGroundImpact,  ///< flew into the ground before any closest approach
  kTimeout,       ///< max flight time reached (self-destruct)
};
const char* ToString(InterceptorEventKind kind);

struct InterceptorEvent {
  InterceptorEventKind kind = InterceptorEventKind::kLaunch;
  double t_s = 0.0;
  Eigen::Vector3d r_ecef = Eigen::Vector3d::Zero();
  Eigen::Vector3d v_ecef = Eigen::Vector3d::Zero();
  double miss_m = 0.0;             ///< kIntercept: distance at the exact CPA
  double closing_speed_mps = 0.0;  ///< kIntercept: |relative velocity| at the CPA
  double divert_used_mps = 0.0;
};

/// Fixed-capacity buffer (one interceptor's whole flight has at most kMaxInterceptorStages
/// + 6 events, so a buffer cleared every tick cannot overflow; overflow aborts).
class InterceptorEventBuffer {
 public:
  static constexpr int kCapacity = 16;
  void Clear() { size_ = 0; }
  void Push(const InterceptorEvent& e);
  int size() const { return size_; }
  const InterceptorEvent& operator[](int i) const { return items_[static_cast<std::size_t>(i)]; }
  const InterceptorEvent* begin() const { return items_.data(); }
  const InterceptorEvent* end() const { return items_.data() + size_; }

 private:
  std::array<InterceptorEvent, kCapacity> items_{};
  int size_ = 0;
};

/// One unpowered substep of length h (coast mass, held lateral acceleration a_lat) from
/// (r0, v0), where a0_nat = NaturalAccel(r0, v0): a predictor-corrector with one force
/// evaluation,
///   r~ = r0 + h v0 + h^2/2 a0,  a1 = a(r~, v0 + h a0) + a_lat,
///   r1 = r0 + h v0 + h^2/6 (2 a0 + a1),  v1 = v0 + h/2 (a0 + a1),
/// exact for a linearly varying acceleration; a1_nat (a1 without a_lat) serves as the next
/// substep's a0_nat. Local error O(h^3 d2a/dt2 / 12) in velocity: over 10 ms substeps this is
/// centimetres after minutes of flight (tests/guidance/interceptor_flight_test.cc), where RK4
/// spends four evaluations.
void CoastSubstep(const InterceptorModel& m, const Eigen::Vector3d& r0, const Eigen::Vector3d& v0,
                  const Eigen::Vector3d& a0_nat, const Eigen::Vector3d& a_lat, double h,
                  Eigen::Vector3d& r1, Eigen::Vector3d& v1, Eigen::Vector3d& a1_nat);

/// Advances the interceptor to t_end_s (or to the end of its flight). `track` is the latest
/// track estimate (nullptr: none yet; a track with a new time tag re-seeds the propagated
/// estimate); `truth` spans the tick; `seeker_rng` draws the seeker angle noise (may be null
/// when the spec's noise is 0). Appends events in time order. No allocation.
void Advance(const InterceptorModel& m, InterceptorState& s, double t_end_s,
             const TargetEstimate* track, const TargetTruthSpan& truth,
             RandomStream* seeker_rng, InterceptorEventBuffer& events);

}  // namespace bmd::guidance
