#include "models/fusion/motion_model.h"

#include <cmath>

#include "models/earth/gravity.h"

namespace bmd::fusion {
namespace {

// Gradient of point-mass + J2 gravity with respect to position, d a / d r (1/s^2).
//   a_i = -mu r_i / r^3 - c r_i f_i,  c = 1.5 J2 mu Re^2,
//   f_i = s_i / r^5 - 5 z^2 / r^7 (s = 1, 1, 3),
//   d f_i / d r_j = (-5 s_i / r^7 + 35 z^2 / r^9) r_j - 10 z / r^7 delta_jz.
Eigen::Matrix3d GravityGradient(const Eigen::Vector3d& r, bool j2) {
  const double r2 = r.squaredNorm();
  const double inv_r2 = 1.0 / r2;
  const double inv_r = std::sqrt(inv_r2);
  const double inv_r3 = inv_r * inv_r2;
  const double inv_r5 = inv_r3 * inv_r2;
  Eigen::Matrix3d g = 3.0 * earth::kGM * inv_r5 * (r * r.transpose());
  g.diagonal().array() -= earth::kGM * inv_r3;
  if (!j2) return g;
  const double c = 1.5 * earth::kJ2 * earth::kGM * earth::kWgs84A * earth::kWgs84A;
  const double inv_r7 = inv_r5 * inv_r2;
  const double inv_r9 = inv_r7 * inv_r2;
  const double z = r.z();
  const double z2 = z * z;
  for (int i = 0; i < 3; ++i) {
    const double s = (i == 2) ? 3.0 : 1.0;
    const double f = s * inv_r5 - 5.0 * z2 * inv_r7;
    const double k = -5.0 * s * inv_r7 + 35.0 * z2 * inv_r9;
    for (int j = 0; j < 3; ++j) {
      double df = k * r[j];
      if (j == 2) df -= 10.0 * z * inv_r7;
      g(i, j) -= c * ((i == j ? f : 0.0) + r[i] * df);
    }
  }
  return g;
}

int SubSteps(double dt_s, double max_step_s) {
  return dt_s == 0.0 ? 0 : static_cast<int>(std::ceil(std::abs(dt_s) / max_step_s));
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
  Vector6d s = x;
  Matrix6d phi = Matrix6d::Identity();
  // A * Phi with A = [0 I; G C]: the top rows of the product are Phi's velocity rows.
  auto a_times = [this](const Vector6d& at, const Matrix6d& p) {
    const Matrix6d a = DynamicsJacobian(at);
    Matrix6d out;
    out.topRows<3>() = p.bottomRows<3>();
    out.bottomRows<3>().noalias() =
        a.block<3, 3>(3, 0) * p.topRows<3>() + a.block<3, 3>(3, 3) * p.bottomRows<3>();
    return out;
  };
  // RK4 on the joint system (x, Phi): dx/dt = f(x), dPhi/dt = A(x) Phi.
  for (int i = 0; i < n; ++i) {
    const Vector6d k1 = Derivative(s);
    const Matrix6d m1 = a_times(s, phi);
    const Vector6d s2 = s + 0.5 * h * k1;
    const Vector6d k2 = Derivative(s2);
    const Matrix6d m2 = a_times(s2, phi + 0.5 * h * m1);
    const Vector6d s3 = s + 0.5 * h * k2;
    const Vector6d k3 = Derivative(s3);
    const Matrix6d m3 = a_times(s3, phi + 0.5 * h * m2);
    const Vector6d s4 = s + h * k3;
    const Vector6d k4 = Derivative(s4);
    const Matrix6d m4 = a_times(s4, phi + h * m3);
    s += (h / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
    phi += (h / 6.0) * (m1 + 2.0 * m2 + 2.0 * m3 + m4);
  }
  *x_out = s;
  *F = phi;
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
