#pragma once
/// Data association for the multi-target tracker: Mahalanobis gating and global nearest
/// neighbour (GNN) solved optimally with the Hungarian algorithm.
///
/// Gate: a pair (track i, measurement j) is feasible when d2 = y^T S^-1 y <= G(dim), with
/// G the chi-square quantile of the configured probability for the measurement dimension
/// (boost::math). GNN then minimises sum of d2 over assigned pairs + G for each track left
/// unassigned (one dummy column per track), i.e. assigning a gated pair never costs more
/// than leaving both unused.
///
/// Speed: before the full gate, a conservative Cartesian pre-gate rejects pairs with
///   |r_track - r_meas|^2 > kPreGateFactor * G * (tr P_rr + sigma_max^2(meas, Cartesian)),
/// which in the linearised model implies d2 > G (d2 >= |dr|^2 / lambda_max(P_rr + R_cart));
/// the factor 4 covers the range/angle nonlinearity (kPosition is linear: factor 1, exact).
/// kAngles measurements skip the pre-gate.
/// With an EkfUpdater, range measurements then pass a second, exact pre-gate on the range
/// residual alone (RangeResidualExceedsGate): only pairs the full gate rejects are skipped.
#include <span>
#include <vector>

#include "models/fusion/assignment.h"
#include "models/fusion/track.h"
#include "models/fusion/updater.h"
#include "models/sensors/measurement.h"

namespace bmd::fusion {

struct GateConfig {
  double probability = 0.9997;  ///< probability that a true measurement falls in the gate
};

/// Chi-square gate thresholds G(dim) for dim = 0..4 (0 unused).
struct GateThresholds {
  double g[5] = {0, 0, 0, 0, 0};
  explicit GateThresholds(double probability);
  double operator[](int dim) const { return g[dim]; }
};

/// Range pre-gate of the EKF (kRangeAzEl, kRangeAzElRate; false for other kinds): true when
/// the range residual alone proves that the full gate rejects the pair, i.e. d2 > gate.
///   d2 = y^T S^-1 y >= y_0^2 / S_00  for any symmetric positive definite S (Cauchy-Schwarz:
///   y_0 = (S^1/2 e_0)^T (S^-1/2 y) <= sqrt(S_00) sqrt(d2)), and the EKF's range row of H is
///   (u^T, 0) with u the unit line of sight, so  y_0 = z_0 - |r - site|,
///   S_00 = u^T P_rr u + sigma_0^2 = d^T P_rr d / |d|^2 + sigma_0^2  (d = r - site).
/// Returns y_0^2 > kRangeGateMargin * gate * S_00. The margin (0.1 %) covers the difference
/// between these roundings and the updater's (it forms |R^T d| and H P H^T: relative
/// differences ~1e-15, i.e. 1e-9 m in a 1,000 km range and 1e-15 |P| in S_00 against sigma_0^2
/// >= 1 m^2) and the rounding of the full gate's own d2 (a Cholesky solve, relative error of
/// order 4 eps kappa, kappa the condition number of S scaled to unit diagonal, which would
/// have to exceed 1e12). r: track position, p_rr: its 3 x 3 position covariance (tracker frame).
bool RangeResidualExceedsGate(const Eigen::Vector3d& r, const Eigen::Matrix3d& p_rr,
                              const sensors::Measurement& m, double gate);
inline constexpr double kRangeGateMargin = 1.001;

/// Result of one association (sized by Associate; capacity kept between calls).
struct Associations {
  std::vector<int> track_to_measurement;   ///< -1 = no measurement (miss)
  std::vector<int> measurement_to_track;   ///< -1 = unassociated (initiation candidate)
  std::vector<double> track_d2;            ///< d2 of the assigned pair, 0 if none
  int gated_pairs = 0;                     ///< pairs that passed the full gate
};

class GnnAssociator {
 public:
  static constexpr double kPreGateFactor = 4.0;

  GnnAssociator(const GateConfig& cfg, const Updater& updater);
  /// Pre-sizes every work array (no allocation afterwards up to these sizes).
  void Reserve(int max_tracks, int max_measurements);

  /// Associates measurements of one scan to tracks already predicted to the scan time.
  /// Deleted tracks never associate.
  void Associate(std::span<const Track> tracks, std::span<const sensors::Measurement> ms,
                 Associations* out);
  const GateThresholds& gates() const { return gates_; }
  /// The innovation work (Updater::PrepareUpdate) of a pair that passed the gate in the
  /// latest Associate, for Updater::UpdatePrepared on the same track state; nullptr if the
  /// pair did not pass. Valid until the next Associate.
  const InnovationWork* PairWork(int track, int measurement) const {
    const int k = pair_work_[static_cast<std::size_t>(track) * num_measurements_ + measurement];
    return k >= 0 ? &work_[static_cast<std::size_t>(k)] : nullptr;
  }

 private:
  GateThresholds gates_;
  const Updater& updater_;
  bool range_pregate_ = false;  ///< updater_ is an EkfUpdater (RangeResidualExceedsGate holds)
  AssignmentSolver solver_;
  std::vector<double> cost_;
  std::vector<int> row_to_col_;
  std::vector<double> meas_sigma2_;
  std::vector<Eigen::Vector3d> meas_pos_;
  std::vector<InnovationWork> work_;  ///< one per gated pair (grows to the largest scan seen)
  std::vector<int> pair_work_;        ///< n x m: index into work_, -1 if not gated
  std::size_t num_measurements_ = 0;
};

}  // namespace bmd::fusion
