#pragma once
/// A small 3-D point-mass homing engagement: an interceptor steered by a guidance law
/// (guidance_law.h) against a target with constant acceleration, to the exact closest
/// point of approach. It validates the laws in nonlinear geometry and serves as a
/// kinematic end-game model; the full-Earth interceptor flyout lives elsewhere.
///
/// Model: any Cartesian frame, no gravity (a uniform field acts on both bodies and cancels
/// in the relative motion; drag is ignored). The guidance computer samples the relative
/// state every dt_s and holds its command for the step (zero-order hold), after the
/// g-limit and the divert budget. Over a step both bodies therefore move with constant
/// acceleration and are propagated exactly:
///   r(t+h) = r + v h + a h^2 / 2,  v(t+h) = v + a h.
/// The run stops in the first step whose closest approach lies before the step's end (the
/// range starts opening), or at max_time_s; the miss is that step's exact CPA.
#include <Eigen/Core>

#include <limits>

#include "models/guidance/guidance_law.h"

namespace bmd::guidance {

struct PointMassState {
  Eigen::Vector3d r_m = Eigen::Vector3d::Zero();
  Eigen::Vector3d v_mps = Eigen::Vector3d::Zero();
};

struct PointMassEngagementConfig {
  GuidanceConfig guidance;
  double dt_s = 1e-3;           ///< guidance sample / hold period
  double max_time_s = 600.0;    ///< give-up time
  double divert_delta_v_mps = std::numeric_limits<double>::infinity();  ///< kill-vehicle budget
  Eigen::Vector3d target_accel_mps2 = Eigen::Vector3d::Zero();  ///< constant target manoeuvre
  /// Whether the seeker estimate given to the law includes the target acceleration
  /// (APN/ZEM need it; a PN law ignores it).
  bool seeker_sees_target_accel = true;
};

struct PointMassEngagementResult {
  double miss_m = 0.0;             ///< distance at the closest approach
  double t_cpa_s = 0.0;            ///< time of the closest approach from the start
  double delta_v_used_mps = 0.0;   ///< integral of |a_applied| dt
  double max_accel_mps2 = 0.0;     ///< largest applied command
  bool reached_cpa = false;        ///< false if max_time_s ran out first
  PointMassState missile;          ///< state at the end of the last step
  PointMassState target;
};

PointMassEngagementResult RunPointMassEngagement(const PointMassState& missile0,
                                                 const PointMassState& target0,
                                                 const PointMassEngagementConfig& cfg);

}  // namespace bmd::guidance
