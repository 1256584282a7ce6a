#pragma once
/// Motion models for the 6-state (position, velocity) trackers, one class with a kind switch
/// (the three models differ only in their acceleration term, and the predictors call them in
/// their innermost loop, where a virtual call per evaluation would cost more than the model).
///
/// Dynamics  dr/dt = v,  dv/dt = a(r, v):
///   kBallisticEcef   a = point-mass (+ J2) gravity (earth::GravityEcef) + optional
///                        Coriolis/centrifugal terms (earth::RotatingFrameAccel); tracker frame
///                        ECEF. Drag is ignored: the tracker's process noise absorbs it (a
///                        reentry vehicle below ~60 km needs more q or a drag state).
///   kFlatGravity     a = (0, 0, -g) in a local flat-Earth frame (x east, y north, z up).
///   kConstantVelocity a = 0.
///
/// Process noise (continuous white-noise acceleration of spectral density q, m^2/s^3, in each
/// axis, integrated over dt):  Q = q [dt^3/3 I, dt^2/2 I; dt^2/2 I, dt I].
#include <Eigen/Core>

#include "models/earth/earth_model.h"
#include "models/fusion/gaussian_state.h"

namespace bmd::fusion {

enum class MotionKind { kBallisticEcef, kFlatGravity, kConstantVelocity };

struct MotionModelConfig {
  MotionKind kind = MotionKind::kBallisticEcef;
  bool j2 = true;                        ///< kBallisticEcef: J2 term of gravity
  bool rotation = true;                  ///< kBallisticEcef: Coriolis + centrifugal terms
  double gravity_mps2 = earth::kG0;      ///< kFlatGravity: magnitude of g along -z
  double q_m2ps3 = 1.0;                  ///< process-noise spectral density per axis
  double max_step_s = 5.0;               ///< kBallisticEcef: largest RK4 sub-step
};

class MotionModel {
 public:
  explicit MotionModel(const MotionModelConfig& cfg = {}) : cfg_(cfg) {}
  const MotionModelConfig& config() const { return cfg_; }

  /// a(r, v): acceleration in the tracker frame, m/s^2.
  Eigen::Vector3d Acceleration(const Eigen::Vector3d& r, const Eigen::Vector3d& v) const;

  /// Linearised dynamics A = d(dx/dt)/dx = [0 I; da/dr da/dv] at x (analytic gravity
  /// gradient, J2 included).
  Matrix6d DynamicsJacobian(const Vector6d& x) const;

  /// True for the two linear models, whose transition is closed form.
  bool IsLinear() const { return cfg_.kind != MotionKind::kBallisticEcef; }

  /// State propagated over dt_s (may be negative): closed form for the linear models, RK4
  /// sub-steps of at most max_step_s for the ballistic model.
  Vector6d Propagate(const Vector6d& x, double dt_s) const;

  /// State and state-transition matrix F = dx(t+dt)/dx(t) over dt_s. Linear models: closed
  /// form F = [I dt I; 0 I]. Ballistic: the state is exactly Propagate's (same RK4 sub-steps,
  /// bit-identical); F solves the variational equation dF/dt = A(t) F, A = [0 I; G(t) C]
  /// (G = da/dr, C = Coriolis block), per sub-step by a series in G about the exact
  /// Coriolis-only transition, with G(t) the quadratic through da/dr at the sub-step's start,
  /// middle and end. Agrees with RK4 on (x, F) to ~1e-11 relative (error bound in the .cc).
  void PropagateWithTransition(const Vector6d& x, double dt_s, Vector6d* x_out,
                               Matrix6d* F) const;

  /// Q(dt) = q [h^3/3 I, h^2/2 I; h^2/2 I, h I] with h = |dt_s| (see the header comment).
  Matrix6d ProcessNoise(double dt_s) const;

 private:
  Vector6d Derivative(const Vector6d& x) const;
  MotionModelConfig cfg_;
};

}  // namespace bmd::fusion
