#pragma once
/// Predicted intercept point (PIP) for a non-manoeuvring (ballistic) threat.
///
/// With the launch at t_launch the interceptor's direct flyout reaches the threat's predicted
/// position P(t) at t_launch + T(P(t)); the PIP is the earliest root of
///   h(t) = t_launch + T(P(t)) - t.
/// Step 1: the envelope table gives the earliest feasible time t_e (CheckEngageability).
/// If the flight time does not bind there (the window opens later than a launch at t_launch
/// could arrive: h(t_e) <= 0 with the flown T), the PIP is P(t_e) and the launch is delayed to
/// t_e - T(P(t_e)) (t_launch_s of the result is then later than the one asked for).
/// Step 2 (otherwise): refinement with actual flyouts: T is the time of flight of the shooting solution
/// (SolveLaunchDirection, warm-started) to P(t), and h is driven to |h| < time_tolerance by
/// secant iterations on t; the result holds the launch direction that makes the unguided
/// flyout pass within the shooting tolerance of P(t*) at t*.
/// SolveLaunchForIntercept is the other use: intercept at a chosen time t (e.g. the latest
/// feasible), launch at t - T(P(t)).
#include <Eigen/Core>

#include "models/guidance/engageability.h"
#include "models/guidance/flyout.h"
#include "models/guidance/flyout_envelope.h"

namespace bmd::guidance {

struct PipSolution {
  bool ok = false;
  double t_launch_s = 0.0;
  double t_intercept_s = 0.0;
  double time_of_flight_s = 0.0;
  Eigen::Vector3d pip_ecef = Eigen::Vector3d::Zero();
  Eigen::Vector3d launch_dir_ecef = Eigen::Vector3d::Zero();
  double time_residual_s = 0.0;   ///< |h(t*)| of the refined solution
  double shooting_miss_m = 0.0;   ///< unguided flyout miss of P(t*)
  double pip_range_m = 0.0;
  double pip_alt_m = 0.0;
  int iterations = 0;             ///< secant iterations of the refinement
  int flyouts = 0;                ///< flyouts integrated (cost)
  LaunchSolution launch;          ///< the final shooting solution
};

struct PipOptions {
  double time_tolerance_s = 0.01;
  int max_iterations = 12;
  ShootingOptions shooting{};
};

/// PIP for the earliest launch t_launch_s from `site` (ok = false when the threat is not
/// engageable or the refined PIP leaves the altitude/range window). The result's t_launch_s
/// is >= the one given (later when the window, not the flight time, binds).
PipSolution SolvePip(const InterceptorModel& m, const FlyoutEnvelope& env, const EngageSite& site,
                     const PredictedPath& path, double t_launch_s, const PipOptions& opt = {});

/// Launch time and direction for an intercept at t_intercept_s at the path's position then.
PipSolution SolveLaunchForIntercept(const InterceptorModel& m, const EngageSite& site,
                                    const PredictedPath& path, double t_intercept_s,
                                    const PipOptions& opt = {});

}  // namespace bmd::guidance
