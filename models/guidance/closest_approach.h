#pragma once
/// Exact closest point of approach (CPA) of two objects inside one time step, so that
/// miss distances do not depend on the tick length.
///
/// All functions work on the relative motion p(t) = target - interceptor for t in [0, dt]
/// (t measured from the start of the step), in any common Cartesian frame, SI units.
/// The squared distance d^2(t) = |p(t)|^2 is a polynomial; its minimum on [0, dt] is at an
/// end point or at a real root of d/dt(d^2)/2 = p . p'. Those roots are isolated exactly
/// (derivative-bracketing: the critical points of a polynomial split the interval into
/// monotone pieces, each holding at most one root, found by bisection to machine precision).
/// Ties go to the earliest time. No allocation: safe in the per-tick loop.
#include <Eigen/Core>

namespace bmd::guidance {

struct ClosestApproach {
  double t_s = 0.0;     ///< time of the CPA from the start of the step, in [0, dt]
  double miss_m = 0.0;  ///< distance at the CPA, m
};

/// Linear relative motion p(t) = r + v t: t* = clamp(-r.v / |v|^2, 0, dt).
ClosestApproach ClosestApproachLinear(const Eigen::Vector3d& r_m, const Eigen::Vector3d& v_mps,
                                      double dt_s);

/// Constant relative acceleration p(t) = r + v t + a t^2 / 2 (e.g. both objects under a
/// zero-order-hold command, or a uniform gravity field that cancels): p . p' is the cubic
///   (a.a/2) t^3 + (3/2 v.a) t^2 + (v.v + r.a) t + r.v.
ClosestApproach ClosestApproachConstantAccel(const Eigen::Vector3d& r_m, const Eigen::Vector3d& v_mps,
                                             const Eigen::Vector3d& a_mps2, double dt_s);

/// Two objects each with its own position, velocity and (constant) acceleration at the
/// start of the step.
ClosestApproach ClosestApproachConstantAccel(const Eigen::Vector3d& r1_m, const Eigen::Vector3d& v1_mps,
                                             const Eigen::Vector3d& a1_mps2, const Eigen::Vector3d& r2_m,
                                             const Eigen::Vector3d& v2_mps, const Eigen::Vector3d& a2_mps2,
                                             double dt_s);

/// Relative states known at both ends of the step (what an integrator produces for a
/// tick): p(t) is the cubic Hermite interpolant of (r0, v0) at t = 0 and (r1, v1) at
/// t = dt, exact for motion with piecewise-linear acceleration and O(dt^4) accurate for
/// smooth motion; p . p' is a quintic.
ClosestApproach ClosestApproachHermite(const Eigen::Vector3d& r0_m, const Eigen::Vector3d& v0_mps,
                                       const Eigen::Vector3d& r1_m, const Eigen::Vector3d& v1_mps,
                                       double dt_s);

}  // namespace bmd::guidance
