#include "models/fusion/motion_model.h"

#include <cmath>

#include "models/earth/gravity.h"

namespace bmd::fusion {
namespace {

// Gradient of point-mass + J2 gravity with respect to position, d a / d r (1/s^2).
//   a_i = -mu r_i / r^3 - c r_i f_i,  c = 1.5 J2 mu Re^2,
//   f_i = s_i / r^5 - 5 z^2 / r^7 (s = 1, 1, 3),
//   d f_i / d r_j = k_i r_j - 10 z / r^7 delta_jz,  k_i = -5 s_i / r^7 + 35 z^2 / r^9, so
//   d a / d r = (3 mu r / r^5 - c r o k) r^T - diag(mu / r^3 + c f) + 10 c z / r^7 r e_z^T
// (o: element-wise product; symmetric, as the gradient of a potential field).
Eigen::Matrix3d GravityGradient(const Eigen::Vector3d& r, bool j2) {
  const double r2 = r.squaredNorm();
  const double inv_r2 = 1.0 / r2;
  const double inv_r = std::sqrt(inv_r2);
  const double inv_r3 = inv_r * inv_r2;
  const double inv_r5 = inv_r3 * inv_r2;
  const double mu_inv_r3 = earth::kGM * inv_r3;
  if (!j2) {
    Eigen::Matrix3d g = (3.0 * earth::kGM * inv_r5) * (r * r.transpose());
    g.diagonal().array() -= mu_inv_r3;
    return g;
  }
  constexpr double c = 1.5 * earth::kJ2 * earth::kGM * earth::kWgs84A * earth::kWgs84A;
  const double inv_r7 = inv_r5 * inv_r2;
  const double z = r.z();
  const double z2_inv_r7 = z * z * inv_r7;
  const double k_xy = -5.0 * inv_r7 + 35.0 * z2_inv_r7 * inv_r2;
  const double k_z = k_xy - 10.0 * inv_r7;
  const double f_xy = inv_r5 - 5.0 * z2_inv_r7;
  const double f_z = f_xy + 2.0 * inv_r5;
  const double pm = 3.0 * earth::kGM * inv_r5;
  const Eigen::Vector3d left((pm - c * k_xy) * r.x(), (pm - c * k_xy) * r.y(), (pm - c * k_z) * z);
  Eigen::Matrix3d g = left * r.transpose();
  g(0, 0) -= mu_inv_r3 + c * f_xy;
  g(1, 1) -= mu_inv_r3 + c * f_xy;
  g(2, 2) -= mu_inv_r3 + c * f_z;
  g.col(2) += (10.0 * c * z * inv_r7) * r;
  return g;
}

int SubSteps(double dt_s, double max_step_s) {
  return dt_s == 0.0 ? 0 : static_cast<int>(std::ceil(std::abs(dt_s) / max_step_s));
}

// da/dr of the ballistic model: gravity gradient plus, in the rotating frame, the
// centrifugal term diag(w^2, w^2, 0).
Eigen::Matrix3d AccelPositionGradient(const Eigen::Vector3d& r, const MotionModelConfig& cfg) {
  Eigen::Matrix3d g = GravityGradient(r, cfg.j2);
  if (cfg.rotation) {
    constexpr double w2 = earth::kOmegaEarth * earth::kOmegaEarth;
    g(0, 0) += w2;
    g(1, 1) += w2;
  }
  return g;
}

// J = [[0 1 0] [-1 0 0] [0 0 0]]: the Coriolis block of A is c J, c = 2 w.
Eigen::Matrix3d JTimes(const Eigen::Matrix3d& m) {  // J m
  Eigen::Matrix3d out;
  out.row(0) = m.row(1);
  out.row(1) = -m.row(0);
  out.row(2).setZero();
  return out;
}
Eigen::Matrix3d TimesJ(const Eigen::Matrix3d& m) {  // m J
  Eigen::Matrix3d out;
  out.col(0) = -m.col(1);
  out.col(1) = m.col(0);
  out.col(2).setZero();
  return out;
}

// Transition matrix over one sub-step of length h of dPhi/dt = A(t) Phi, A = [0 I; G(t) cJ],
// with G(t) the quadratic through G(0) = ga, G(h/2) = gm, G(h) = gb. With Phi0(t) = exp(A0 t)
// the transition of A0 = [0 I; 0 cJ] (exact: Phi0 = [I S(t); 0 R(t)], R = exp(c J t),
// S = int R), the variation-of-constants series in G is
//   Phi = Phi0(h) + int_0^h Phi0(h - s) [0 0; G(s) 0] Phi0(s) ds + (second order in G) + ...
// First order, with R(t) = I + c t J and S(t) = t I + c t^2 J / 2 to first order in c:
//   rr: int (h-s) G + c/2 J int (h-s)^2 G
//   rv: int (h-s) s G + c/2 J int (h-s)^2 s G + c/2 (int (h-s) s^2 G) J
//   vr: int G + c J int (h-s) G
//   vv: int s G + c J int (h-s) s G + c/2 (int s^2 G) J
// (each moment exact for the quadratic G: weights of ga, gm, gb from int_0^1 u^i (1-u)^j L).
// Second order in G with G frozen at gm and c = 0 (the cosh / sinh series of [0 I; G 0]):
//   rr, vv: G^2 h^4 / 24,   rv: G^2 h^5 / 120,   vr: G^2 h^3 / 6.
// Error bound (ballistic states above 100 km, |G| <= 2 GM / r^3 = 2.9e-6 s^-2, |h| <= 5 s,
// so |G| h^2 <= 7.3e-5; c h <= 7.3e-4; |dG/dt| / |G| <= 3 v / r = 3.5e-3 s^-1 at 7.5 km/s):
// third order in G ~ (|G| h^2)^3 / 720 = 5e-16; second order with frozen G or with c:
// 2.2e-10 * (3.5e-3 * 5 or 7.3e-4) < 4e-12; first order times c^2: 7.3e-5 * (c h)^2 / 6
// = 6e-12; cubic and higher variation of G over the step: < 1e-12. All relative to the unit
// blocks of Phi, so P = Phi P Phi^T + Q agrees with the RK4-variational transition (itself
// within ~1e-12 of the exact one at these step sizes) to ~1e-11, well inside 1e-8.
Matrix6d SubStepTransition(const Eigen::Matrix3d& ga, const Eigen::Matrix3d& gm,
                           const Eigen::Matrix3d& gb, double c, double h) {
  const double h2 = h * h, h3 = h2 * h, h4 = h3 * h;
  // Moments int_0^h w(s) G(s) ds (weights from the quadratic Lagrange basis on 0, h/2, h);
  // the others follow from (h - s) + s = h.
  const Eigen::Matrix3d m_one = h * ((1.0 / 6.0) * (ga + gb) + (2.0 / 3.0) * gm);  // 1
  const Eigen::Matrix3d m_hs = h2 * ((1.0 / 6.0) * ga + (1.0 / 3.0) * gm);         // (h-s)
  const Eigen::Matrix3d m_s = h * m_one - m_hs;                                     // s
  const Eigen::Matrix3d m_hs_s = h3 * ((1.0 / 60.0) * (ga + gb) + (2.0 / 15.0) * gm);  // (h-s)s
  // Second order in G (frozen at gm), added to the first-order terms.
  const Eigen::Matrix3d gm2 = gm * gm;
  Matrix6d phi;
  phi.block<3, 3>(0, 0) = m_hs + (h4 / 24.0) * gm2;
  phi.block<3, 3>(0, 3) = m_hs_s + (h4 * h / 120.0) * gm2;
  phi.block<3, 3>(3, 0) = m_one + (h3 / 6.0) * gm2;
  phi.block<3, 3>(3, 3) = m_s + (h4 / 24.0) * gm2;
  if (c != 0.0) {
    const Eigen::Matrix3d m_hs_s2 = h4 * ((1.0 / 15.0) * gm + (1.0 / 60.0) * gb);  // (h-s)s^2
    const Eigen::Matrix3d m_hs2 = h * m_hs - m_hs_s;                               // (h-s)^2
    const Eigen::Matrix3d m_s2 = h * m_s - m_hs_s;                                 // s^2
    const Eigen::Matrix3d m_hs2_s = h * m_hs_s - m_hs_s2;                          // (h-s)^2 s
    const double c2 = 0.5 * c;
    phi.block<3, 3>(0, 0) += c2 * JTimes(m_hs2);
    phi.block<3, 3>(0, 3) += c2 * (JTimes(m_hs2_s) + TimesJ(m_hs_s2));
    phi.block<3, 3>(3, 0) += c * JTimes(m_hs);
    phi.block<3, 3>(3, 3) += c * JTimes(m_hs_s) + c2 * TimesJ(m_s2);
  }
  // Zeroth order, exact in c: R = I + sin(ch) J + (1 - cos(ch)) J^2,
  // S = h I + (1 - cos(ch)) / c J + (h - sin(ch) / c) J^2, J^2 = -diag(1, 1, 0);
  // series in x = c h (|x| <= 1.8e-3 for |h| <= 12 s: the next terms are below 1e-19).
  const double xx = c * h * c * h;
  const double sin_x = c * h * (1.0 - xx / 6.0 * (1.0 - xx / 20.0));
  const double one_minus_cos_x = 0.5 * xx * (1.0 - xx / 12.0 * (1.0 - xx / 30.0));
  const double s_j = 0.5 * c * h2 * (1.0 - xx / 12.0 * (1.0 - xx / 30.0));  // (1-cos)/c
  const double s_j2 = h * xx / 6.0 * (1.0 - xx / 20.0 * (1.0 - xx / 42.0));  // h - sin/c
  phi(0, 0) += 1.0;
  phi(1, 1) += 1.0;
  phi(2, 2) += 1.0;
  phi(0, 3) += h - s_j2;
  phi(1, 4) += h - s_j2;
  phi(2, 5) += h;
  phi(0, 4) += s_j;
  phi(1, 3) -= s_j;
  phi(3, 3) += 1.0 - one_minus_cos_x;
  phi(4, 4) += 1.0 - one_minus_cos_x;
  phi(5, 5) += 1.0;
  phi(3, 4) += sin_x;
  phi(4, 3) -= sin_x;
  return phi;
}

}  // namespace

Eigen::Vector3d MotionModel::Acceleration(const Eigen::Vector3d& r,
                                          const Eigen::Vector3d& v) const {
  switch (cfg_.kind) {
    case MotionKind::kBallisticEcef: {
      Eigen::Vector3d a = earth::GravityEcef(r, cfg_.j2);
      if (cfg_.rotation) a += earth::RotatingFrameAccel(r, v);
      return a;
    }
    case MotionKind::kFlatGravity: return {0.0, 0.0, -cfg_.gravity_mps2};
    case MotionKind::kConstantVelocity: break;
  }
  return Eigen::Vector3d::Zero();
}

Matrix6d MotionModel::DynamicsJacobian(const Vector6d& x) const {
  Matrix6d a = Matrix6d::Zero();
  a.block<3, 3>(0, 3).setIdentity();
  if (cfg_.kind != MotionKind::kBallisticEcef) return a;
  a.block<3, 3>(3, 0) = GravityGradient(x.head<3>(), cfg_.j2);
  if (cfg_.rotation) {
    constexpr double w = earth::kOmegaEarth;
    a(3, 0) += w * w;
    a(4, 1) += w * w;
    a(3, 4) = 2.0 * w;
    a(4, 3) = -2.0 * w;
  }
  return a;
}

Vector6d MotionModel::Derivative(const Vector6d& x) const {
  Vector6d d;
  d.head<3>() = x.tail<3>();
  d.tail<3>() = Acceleration(x.head<3>(), x.tail<3>());
  return d;
}

Vector6d MotionModel::Propagate(const Vector6d& x, double dt_s) const {
  if (IsLinear()) {
    const Eigen::Vector3d a = Acceleration(x.head<3>(), x.tail<3>());
    Vector6d out;
    out.head<3>() = x.head<3>() + x.tail<3>() * dt_s + 0.5 * a * dt_s * dt_s;
    out.tail<3>() = x.tail<3>() + a * dt_s;
    return out;
  }
  const int n = SubSteps(dt_s, cfg_.max_step_s);
  const double h = n > 0 ? dt_s / n : 0.0;
  Vector6d s = x;
  for (int i = 0; i < n; ++i) {
    const Vector6d k1 = Derivative(s);
    const Vector6d k2 = Derivative(s + 0.5 * h * k1);
    const Vector6d k3 = Derivative(s + 0.5 * h * k2);
    const Vector6d k4 = Derivative(s + h * k3);
    s += (h / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
  }
  return s;
}

void MotionModel::PropagateWithTransition(const Vector6d& x, double dt_s, Vector6d* x_out,
                                          Matrix6d* F) const {
  if (IsLinear()) {
    *x_out = Propagate(x, dt_s);
    F->setIdentity();
    F->block<3, 3>(0, 3).diagonal().setConstant(dt_s);
    return;
  }
  const int n = SubSteps(dt_s, cfg_.max_step_s);
  const double h = n > 0 ? dt_s / n : 0.0;
  const double c = cfg_.rotation ? 2.0 * earth::kOmegaEarth : 0.0;
  Vector6d s = x;
  F->setIdentity();
  Eigen::Matrix3d g_start = AccelPositionGradient(s.head<3>(), cfg_);
  for (int i = 0; i < n; ++i) {
    // The state: exactly the RK4 step of Propagate (same expressions, same rounding).
    const Vector6d k1 = Derivative(s);
    const Vector6d s2 = s + 0.5 * h * k1;
    const Vector6d k2 = Derivative(s2);
    const Vector6d s3 = s + 0.5 * h * k2;
    const Vector6d k3 = Derivative(s3);
    const Vector6d k4 = Derivative(s + h * k3);
    s += (h / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
    // The transition: da/dr at the start, middle and end of the sub-step. The mid-point
    // position (s2 + s3) / 2 = r + h v / 2 + h^2 a / 8 is the true one to O(h^3 da/dt)
    // (~0.1 m at h = 5 s, a relative change of da/dr of ~5e-8).
    const Eigen::Vector3d r_mid = 0.5 * (s2.head<3>() + s3.head<3>());
    const Eigen::Matrix3d g_mid = AccelPositionGradient(r_mid, cfg_);
    const Eigen::Matrix3d g_end = AccelPositionGradient(s.head<3>(), cfg_);
    const Matrix6d step = SubStepTransition(g_start, g_mid, g_end, c, h);
    if (i == 0) {
      *F = step;
    } else {
      const Matrix6d prev = *F;
      F->noalias() = step * prev;
    }
    g_start = g_end;
  }
  *x_out = s;
}

Matrix6d MotionModel::ProcessNoise(double dt_s) const {
  const double h = std::abs(dt_s);
  const double q = cfg_.q_m2ps3;
  Matrix6d out = Matrix6d::Zero();
  out.block<3, 3>(0, 0).diagonal().setConstant(q * h * h * h / 3.0);
  out.block<3, 3>(0, 3).diagonal().setConstant(q * h * h / 2.0);
  out.block<3, 3>(3, 0).diagonal().setConstant(q * h * h / 2.0);
  out.block<3, 3>(3, 3).diagonal().setConstant(q * h);
  return out;
}

}  // namespace bmd::fusion
