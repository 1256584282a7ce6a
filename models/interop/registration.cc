#include "models/interop/registration.h"

#include <Eigen/Cholesky>
#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <numbers>

#include "models/common/angles.h"

namespace bmd::interop {
namespace {

using sensors::Measurement;
using sensors::MeasurementKind;

bool HasRange(MeasurementKind k) {
  return k == MeasurementKind::kRangeAzEl || k == MeasurementKind::kRangeAzElRate;
}

// Position Jacobian of (range, az, el) with respect to the tracker-frame position.
Eigen::Matrix3d RaeJacobian(const Eigen::Vector3d& r, const Eigen::Vector3d& site,
                            const Eigen::Matrix3d& R_frame_from_enu) {
  Measurement m;
  m.kind = MeasurementKind::kRangeAzEl;
  m.site_pos = site;
  m.R_frame_from_enu = R_frame_from_enu;
  return sensors::MeasurementJacobian(m, r, Eigen::Vector3d::Zero()).topLeftCorner<3, 3>();
}

}  // namespace

Measurement ApplySiteAndClockError(const Measurement& clean, const RegistrationError& e) {
  Measurement m = clean;
  const Eigen::Vector3d d = clean.R_frame_from_enu * e.site_enu_m;
  if (m.kind == MeasurementKind::kPosition) {
    m.z.head<3>() += d;
  } else {
    m.site_pos += d;
  }
  m.t_s += e.clock_s;
  return m;
}

Measurement ApplyRegistrationError(const Measurement& clean, const RegistrationError& e) {
  Measurement m = clean;
  if (HasRange(m.kind)) {
    m.z[0] += e.range_m;
    m.z[1] = WrapPi(m.z[1] + e.az_rad);
    m.z[2] += e.el_rad;
  } else if (m.kind == MeasurementKind::kAngles) {
    m.z[0] = WrapPi(m.z[0] + e.az_rad);
    m.z[1] += e.el_rad;
  }
  return ApplySiteAndClockError(m, e);
}

RegistrationEstimator::RegistrationEstimator(const RegistrationEstimatorConfig& cfg) : cfg_(cfg) {
  P_ = cfg_.prior_sigma.array().square().matrix().asDiagonal();
  for (int d = 1; d <= 3; ++d) {
    gate_[d] = boost::math::quantile(boost::math::chi_squared(d), cfg_.gate_probability);
  }
}

void RegistrationEstimator::PredictTo(double t_s) {
  if (have_time_ && t_s > t_last_s_) {
    P_.diagonal() += cfg_.process_noise * (t_s - t_last_s_);
  }
  if (!have_time_ || t_s > t_last_s_) t_last_s_ = t_s;
  have_time_ = true;
}

template <int D>
bool RegistrationEstimator::Update(double t_s, const Eigen::Matrix<double, D, 1>& y,
                                   const Eigen::Matrix<double, D, D>& R,
                                   const Eigen::Matrix<double, D, 3>& G) {
  PredictTo(t_s);
  const Eigen::Matrix<double, D, D> S = G * P_ * G.transpose() + R;
  const Eigen::LLT<Eigen::Matrix<double, D, D>> llt(S);
  if (llt.info() != Eigen::Success) {
    ++rejected_;
    return false;
  }
  Eigen::Matrix<double, D, 1> nu = y - G * b_;
  if (D >= 2) nu[D - 2] = WrapPi(nu[D - 2]);  // azimuth is always the second-last component
  if (llt.solve(nu).dot(nu) > gate_[D]) {
    ++rejected_;
    return false;
  }
  const Eigen::Matrix<double, 3, D> K = llt.solve(G * P_).transpose();
  b_ += K * nu;
  const Eigen::Matrix3d ikg = Eigen::Matrix3d::Identity() - K * G;
  P_ = ikg * P_ * ikg.transpose() + K * R * K.transpose();
  P_ = 0.5 * (P_ + P_.transpose()).eval();
  ++accepted_;
  return true;
}

bool RegistrationEstimator::AddPair(const Measurement& m, const fusion::GaussianState& ref) {
  if (m.kind == MeasurementKind::kPosition) {
    ++rejected_;
    return false;
  }
  const Eigen::Vector3d r_ref = ref.Position();
  const Eigen::Vector4d h = sensors::PredictMeasurement(m, r_ref, ref.Velocity());
  const Eigen::Vector4d y4 = sensors::MeasurementResidual(m, m.z, h);
  const Eigen::Matrix3d H = RaeJacobian(r_ref, m.site_pos, m.R_frame_from_enu);
  const Eigen::Matrix3d Rz = H * ref.P.topLeftCorner<3, 3>() * H.transpose();
  if (HasRange(m.kind)) {
    Eigen::Matrix3d R = Rz;
    for (int i = 0; i < 3; ++i) R(i, i) += m.sigma[i] * m.sigma[i];
    return Update<3>(m.t_s, y4.head<3>(), R, Eigen::Matrix3d::Identity());
  }
  Eigen::Matrix2d R = Rz.bottomRightCorner<2, 2>();
  R(0, 0) += m.sigma[0] * m.sigma[0];
  R(1, 1) += m.sigma[1] * m.sigma[1];
  Eigen::Matrix<double, 2, 3> G = Eigen::Matrix<double, 2, 3>::Zero();
  G(0, 1) = 1.0;
  G(1, 2) = 1.0;
  return Update<2>(m.t_s, y4.head<2>(), R, G);
}

bool RegistrationEstimator::AddTrackPair(const fusion::GaussianState& local,
                                         const Eigen::Vector3d& site_pos,
                                         const Eigen::Matrix3d& R_frame_from_enu,
                                         const fusion::GaussianState& ref) {
  const Eigen::Matrix3d rt = R_frame_from_enu.transpose();
  const Eigen::Vector3d z = sensors::EnuToRangeAzEl(rt * (local.Position() - site_pos));
  const Eigen::Vector3d h = sensors::EnuToRangeAzEl(rt * (ref.Position() - site_pos));
  Eigen::Vector3d y = z - h;
  y[1] = WrapPi(y[1]);
  const Eigen::Matrix3d H = RaeJacobian(ref.Position(), site_pos, R_frame_from_enu);
  const Eigen::Matrix3d R =
      H * (local.P.topLeftCorner<3, 3>() + ref.P.topLeftCorner<3, 3>()) * H.transpose();
  return Update<3>(local.t_s, y, R, Eigen::Matrix3d::Identity());
}

Measurement RegistrationEstimator::Correct(const Measurement& in) const {
  Measurement m = in;
  if (!ready()) return m;
  if (HasRange(m.kind)) {
    m.z[0] -= b_[0];
    m.z[1] = WrapPi(m.z[1] - b_[1]);
    m.z[2] -= b_[2];
    if (cfg_.inflate_sigma) {
      for (int i = 0; i < 3; ++i) m.sigma[i] = std::sqrt(m.sigma[i] * m.sigma[i] + P_(i, i));
    }
  } else if (m.kind == MeasurementKind::kAngles) {
    m.z[0] = WrapPi(m.z[0] - b_[1]);
    m.z[1] -= b_[2];
    if (cfg_.inflate_sigma) {
      m.sigma[0] = std::sqrt(m.sigma[0] * m.sigma[0] + P_(1, 1));
      m.sigma[1] = std::sqrt(m.sigma[1] * m.sigma[1] + P_(2, 2));
    }
  }
  return m;
}

}  // namespace bmd::interop
