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

 private:
  GateThresholds gates_;
  const Updater& updater_;
  AssignmentSolver solver_;
  std::vector<double> cost_;
  std::vector<int> row_to_col_;
  std::vector<double> meas_sigma2_;
  std::vector<Eigen::Vector3d> meas_pos_;
};

}  // namespace bmd::fusion
