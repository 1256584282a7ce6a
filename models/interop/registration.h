#pragma once
/// Registration (gridlock) errors of a sensor and their estimation and correction.
///
/// Error model of one sensor (fixed over a run):
///   range_m, az_rad, el_rad  additive measurement biases:  z = h(r_true) + b + noise;
///   site_enu_m               believed minus true site position, in the site's ENU axes: the
///                            sensor reports measurements taken from the true site as if
///                            taken from the believed one (site_pos += R_frame_from_enu d);
///                            for kPosition measurements z += R_frame_from_enu d instead;
///   clock_s                  sensor clock minus true time: the time tag is t_true + clock_s,
///                            so a target moving at v appears displaced by -v clock_s.
/// sensors::Radar already adds its RadarBias (range/az/el) in Dwell(); for such sensors apply
/// only ApplySiteAndClockError, otherwise ApplyRegistrationError (all five terms).
///
/// RegistrationEstimator: a Kalman filter on b = (range m, az rad, el rad) (random walk with
/// spectral density q per component; q = 0 makes it recursive least squares). Each pair of
/// (this sensor's measurement z of a target, a reference estimate (r_ref, P_ref) of the same
/// target at the measurement time from another sensor/node) gives the pseudo-measurement
///   y = z - h(r_ref) = G b + H_r (r_true - r_ref) + noise,   R_y = R_z + H_r P_ref,rr H_r^T,
/// with H_r the position Jacobian of h and G selecting the components z carries (range, az,
/// el; az and el for kAngles). Update: S = G P_b G^T + R_y, K = P_b G^T S^-1,
/// b += K (y - G b), P_b = (I - K G) P_b (I - K G)^T + K R_y K^T (Joseph). A pair whose
/// d2 = (y - G b)^T S^-1 (y - G b) exceeds the gate (chi-square, dim of y) is rejected as a
/// mis-pairing. A local track of the sensor can stand in for z (AddTrackPair): its position
/// gives z = h(r_local) with R_z = H_r P_local,rr H_r^T (time-correlated errors: the estimate
/// is then somewhat optimistic).
/// Correct(m): z -= G b (azimuth wrapped) and, if inflate_sigma, sigma_i^2 += P_b,ii, once
/// at least min_pairs pairs were accepted. Clock offset is not estimated.
#include <Eigen/Core>

#include <cstdint>

#include "models/fusion/gaussian_state.h"
#include "models/sensors/measurement.h"

namespace bmd::interop {

struct RegistrationError {
  double range_m = 0.0;
  double az_rad = 0.0;
  double el_rad = 0.0;
  Eigen::Vector3d site_enu_m = Eigen::Vector3d::Zero();
  double clock_s = 0.0;
};

/// Clean measurement -> the one a sensor with error e reports (site and clock terms only).
sensors::Measurement ApplySiteAndClockError(const sensors::Measurement& clean,
                                            const RegistrationError& e);
/// Clean measurement -> biased: range/az/el biases on z (azimuth wrapped to (-pi, pi]), then
/// site and clock terms.
sensors::Measurement ApplyRegistrationError(const sensors::Measurement& clean,
                                            const RegistrationError& e);

struct RegistrationEstimatorConfig {
  /// Prior 1-sigma of (range m, az rad, el rad); prior mean zero.
  Eigen::Vector3d prior_sigma = Eigen::Vector3d(200.0, 5e-3, 5e-3);
  /// Random-walk spectral density of each bias component (units^2 / s); 0 = constant bias.
  Eigen::Vector3d process_noise = Eigen::Vector3d::Zero();
  double gate_probability = 0.9999;  ///< pair acceptance gate
  int min_pairs = 5;                 ///< accepted pairs before Correct() changes anything
  bool inflate_sigma = true;         ///< add the bias variance to the corrected sigma
};

class RegistrationEstimator {
 public:
  explicit RegistrationEstimator(const RegistrationEstimatorConfig& cfg = {});

  /// Pair of a measurement of this sensor (kRangeAzEl, kRangeAzElRate or kAngles) and a
  /// reference estimate valid at m.t_s. Returns false if rejected (gate, kPosition, or a
  /// singular S).
  bool AddPair(const sensors::Measurement& m, const fusion::GaussianState& reference);
  /// Pair of a local track of this sensor and a reference, both valid at the same time;
  /// site_pos / R_frame_from_enu are the sensor's (believed) site and ENU axes.
  bool AddTrackPair(const fusion::GaussianState& local, const Eigen::Vector3d& site_pos,
                    const Eigen::Matrix3d& R_frame_from_enu, const fusion::GaussianState& reference);

  /// Measurement with the estimated bias removed (see the header comment).
  sensors::Measurement Correct(const sensors::Measurement& m) const;

  const Eigen::Vector3d& bias() const { return b_; }
  const Eigen::Matrix3d& covariance() const { return P_; }
  int accepted_pairs() const { return accepted_; }
  int rejected_pairs() const { return rejected_; }
  bool ready() const { return accepted_ >= cfg_.min_pairs; }

 private:
  template <int D>
  bool Update(double t_s, const Eigen::Matrix<double, D, 1>& y, const Eigen::Matrix<double, D, D>& R,
              const Eigen::Matrix<double, D, 3>& G);
  void PredictTo(double t_s);

  RegistrationEstimatorConfig cfg_;
  Eigen::Vector3d b_ = Eigen::Vector3d::Zero();
  Eigen::Matrix3d P_;
  double gate_[4] = {0, 0, 0, 0};
  double t_last_s_ = 0.0;
  bool have_time_ = false;
  int accepted_ = 0;
  int rejected_ = 0;
};

}  // namespace bmd::interop
