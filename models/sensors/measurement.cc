#include "models/sensors/measurement.h"

#include <cmath>
#include <numbers>

#include "models/common/angles.h"

namespace bmd::sensors {

Eigen::Matrix4d Measurement::NoiseCovariance() const {
  Eigen::Matrix4d r = Eigen::Matrix4d::Zero();
  for (int i = 0; i < Dim(); ++i) r(i, i) = sigma[i] * sigma[i];
  return r;
}

Eigen::Vector3d EnuToRangeAzEl(const Eigen::Vector3d& e) {
  const double horiz = std::hypot(e.x(), e.y());
  return {e.norm(), std::atan2(e.x(), e.y()), std::atan2(e.z(), horiz)};
}

Eigen::Vector3d RangeAzElToEnu(double range, double az, double el) {
  const double ce = std::cos(el);
  return {range * ce * std::sin(az), range * ce * std::cos(az), range * std::sin(el)};
}

Eigen::Vector4d PredictMeasurement(const Measurement& m, const Eigen::Vector3d& r,
                                   const Eigen::Vector3d& v) {
  Eigen::Vector4d h = Eigen::Vector4d::Zero();
  if (m.kind == MeasurementKind::kPosition) {
    h.head<3>() = r;
    return h;
  }
  const Eigen::Vector3d d = r - m.site_pos;
  const Eigen::Vector3d enu = m.R_frame_from_enu.transpose() * d;
  const Eigen::Vector3d rae = EnuToRangeAzEl(enu);
  if (m.kind == MeasurementKind::kAngles) {
    h.head<2>() = rae.tail<2>();
    return h;
  }
  h.head<3>() = rae;
  if (m.kind == MeasurementKind::kRangeAzElRate) h[3] = d.dot(v - m.site_vel) / rae[0];
  return h;
}

Eigen::Matrix<double, 4, 6> MeasurementJacobian(const Measurement& m, const Eigen::Vector3d& r,
                                                const Eigen::Vector3d& v) {
  Eigen::Matrix<double, 4, 6> jac = Eigen::Matrix<double, 4, 6>::Zero();
  if (m.kind == MeasurementKind::kPosition) {
    jac.block<3, 3>(0, 0).setIdentity();
    return jac;
  }
  const Eigen::Vector3d d = r - m.site_pos;
  const Eigen::Matrix3d rt = m.R_frame_from_enu.transpose();
  const Eigen::Vector3d e = rt * d;
  const double rho2 = e.x() * e.x() + e.y() * e.y();
  const double rho = std::sqrt(rho2);
  const double range2 = rho2 + e.z() * e.z();
  const double range = std::sqrt(range2);
  // Derivatives with respect to the ENU position, then chained through rt.
  const Eigen::RowVector3d d_range = e.transpose() / range;
  const Eigen::RowVector3d d_az(e.y() / rho2, -e.x() / rho2, 0.0);
  const Eigen::RowVector3d d_el(-e.x() * e.z() / (range2 * rho), -e.y() * e.z() / (range2 * rho),
                                rho / range2);
  int row = 0;
  if (m.kind != MeasurementKind::kAngles) jac.block<1, 3>(row++, 0) = d_range * rt;
  jac.block<1, 3>(row++, 0) = d_az * rt;
  jac.block<1, 3>(row++, 0) = d_el * rt;
  if (m.kind == MeasurementKind::kRangeAzElRate) {
    const Eigen::Vector3d u = d / range;
    const Eigen::Vector3d vr = v - m.site_vel;
    const double rdot = u.dot(vr);
    jac.block<1, 3>(3, 0) = (vr - rdot * u).transpose() / range;
    jac.block<1, 3>(3, 3) = u.transpose();
  }
  return jac;
}

Eigen::Vector4d MeasurementResidual(const Measurement& m, const Eigen::Vector4d& z,
                                    const Eigen::Vector4d& h) {
  Eigen::Vector4d y = z - h;
  if (m.kind == MeasurementKind::kRangeAzEl || m.kind == MeasurementKind::kRangeAzElRate) {
    y[1] = WrapPi(y[1]);
  } else if (m.kind == MeasurementKind::kAngles) {
    y[0] = WrapPi(y[0]);
  }
  for (int i = m.Dim(); i < 4; ++i) y[i] = 0.0;
  return y;
}

Eigen::Vector3d MeasurementToPosition(const Measurement& m) {
  switch (m.kind) {
    case MeasurementKind::kPosition: return m.z.head<3>();
    case MeasurementKind::kAngles: return m.site_pos;
    default: return m.site_pos + m.R_frame_from_enu * RangeAzElToEnu(m.z[0], m.z[1], m.z[2]);
  }
}

}  // namespace bmd::sensors
