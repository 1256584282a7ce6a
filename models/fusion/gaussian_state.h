#pragma once
/// Gaussian state of a tracked object in a Cartesian tracker frame: x = (r, v), 6x6
/// covariance P, time of validity. The frame is the tracker's (ECEF in the simulator, a
/// local flat-Earth frame x east / y north / z up when replaying external data); SI units.
#include <Eigen/Core>

namespace bmd::fusion {

using Vector6d = Eigen::Matrix<double, 6, 1>;
using Matrix6d = Eigen::Matrix<double, 6, 6>;

struct GaussianState {
  Vector6d x = Vector6d::Zero();  ///< position (m) then velocity (m/s), tracker frame
  Matrix6d P = Matrix6d::Identity();  ///< covariance of x (m^2, m^2/s, m^2/s^2 blocks)
  double t_s = 0.0;               ///< time of validity, s since scenario start

  Eigen::Vector3d Position() const { return x.head<3>(); }
  Eigen::Vector3d Velocity() const { return x.tail<3>(); }
};

}  // namespace bmd::fusion
