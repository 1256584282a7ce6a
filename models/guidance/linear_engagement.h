#pragma once
/// Linearised 2-D homing engagement (Zarchan, "Tactical and Strategic Missile Guidance",
/// ch. 2-3), the reference model for validating PN against its closed-form solutions.
///
/// State: relative lateral separation y (target minus missile, normal to the initial LOS)
/// and its rate. Closing speed Vc is constant, so time to go is t_go = t_F - t. Zero-lag
/// guidance (the achieved acceleration equals the command):
///   lambda     = y / (Vc t_go)
///   lambda_dot = (y + y_dot t_go) / (Vc t_go^2)
///   n_c        = N' Vc lambda_dot            (PN)
///              + N' n_T / 2                  (APN: target acceleration known)
///   y_ddot     = n_T - n_c
/// Initial conditions: y(0) = 0, y_dot(0) = -V_M HE (heading error HE, rad, small angle).
/// The target manoeuvre n_T is a step applied at t = 0.
/// Integration: classical RK4 with step dt_s; as t_go -> 0 the system becomes stiff
/// (eigenvalue -N'/t_go), so the step shrinks to t_go/20 near the end and integration stops
/// at t_go = 1e-7 t_F; the miss is then y + y_dot t_go (straight-line extrapolation over
/// the remaining 1e-7 t_F, whose neglected acceleration term is below 1e-13 of the scale).
#include <vector>

namespace bmd::guidance {

struct LinearEngagementConfig {
  double missile_speed_mps = 3000.0;  ///< V_M (only scales the heading-error input)
  double closing_speed_mps = 4000.0;  ///< Vc
  double flight_time_s = 10.0;        ///< t_F
  double nav_ratio = 4.0;             ///< N'
  double heading_error_rad = 0.0;     ///< HE
  double target_accel_mps2 = 0.0;     ///< n_T, step at t = 0
  bool augmented = false;             ///< APN instead of PN
  double dt_s = 1e-3;                 ///< nominal RK4 step
};

struct LinearEngagementSample {
  double t_s = 0.0;
  double y_m = 0.0;
  double y_dot_mps = 0.0;
  double accel_cmd_mps2 = 0.0;  ///< n_c at t_s
};

struct LinearEngagementResult {
  double miss_m = 0.0;  ///< y at t_F
  std::vector<LinearEngagementSample> history;  ///< one sample per step, t from 0 up
};

/// Runs the engagement from t = 0 to t_F (not a per-tick function: it allocates the history).
LinearEngagementResult RunLinearEngagement(const LinearEngagementConfig& cfg);

}  // namespace bmd::guidance
