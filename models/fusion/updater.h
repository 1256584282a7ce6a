#pragma once
/// Updater::Update: correct a predicted Gaussian state with one measurement of any
/// sensors::MeasurementKind (dimension 2, 3 or 4), through sensors::PredictMeasurement /
/// MeasurementJacobian / MeasurementResidual and Measurement::NoiseCovariance().
///
/// All measurement-space quantities are fixed 4-vectors / 4x4 matrices: components beyond
/// m.Dim() are zero in y, H and R, and the unused diagonal of S is set to 1, so one code path
/// serves every kind and nothing allocates.
///   EkfUpdater:  y = z - h(x),  S = H P H^T + R,  K = P H^T S^-1,  x+ = x + K y,
///                P+ = (I - K H) P (I - K H)^T + K R K^T      (Joseph form)
///   UkfUpdater:  Z_i = h(X_i),  z^ = sum Wm Z_i,  S = sum Wc dZ dZ^T + R,
///                Pxz = sum Wc dX dZ^T,  K = Pxz S^-1,  x+ = x + K (z - z^),  P+ = P - K S K^T
/// NIS = y^T S^-1 y (chi-square with Dim() degrees of freedom when the filter is consistent).
/// EkfUpdater computes internally on the Dim() x Dim() block only, with the position-only rows
/// of H multiplied on the position columns, the Joseph form as A P + (K R - A P H^T) K^T
/// (lower triangle, mirrored): same results as the general 4 x 4 form to rounding.
#include <Eigen/Core>

#include "models/fusion/gaussian_state.h"
#include "models/fusion/unscented.h"
#include "models/sensors/measurement.h"

namespace bmd::fusion {

/// Predicted measurement of a state: innovation, its covariance and the squared Mahalanobis
/// distance (used for gating as well as by the update).
struct Innovation {
  Eigen::Vector4d y = Eigen::Vector4d::Zero();       ///< z - h, wrapped; zero beyond dim
  Eigen::Matrix4d S = Eigen::Matrix4d::Identity();   ///< innovation covariance (masked)
  int dim = 0;
  double d2 = 0.0;          ///< y^T S^-1 y
  double log_det_S = 0.0;   ///< ln det of the dim x dim block of S
  bool ok = false;          ///< false if S is not positive definite
  /// ln N(y; 0, S) = -0.5 (d2 + ln det S + dim ln 2 pi): the measurement likelihood.
  double LogLikelihood() const;
};

/// What the EKF update of a (prior, measurement) pair needs besides the innovation: H, P H^T,
/// the lower Cholesky factor L of S and diag R, as computed for the innovation. The leading
/// Dim() rows / columns are used (H: all 6 columns, rows beyond Dim() zero).
struct EkfLinearisation {
  Eigen::Matrix<double, 4, 6> h;
  Eigen::Matrix<double, 6, 4> pht;  ///< P H^T
  Eigen::Matrix4d l;                ///< S = L L^T (lower triangle)
  Eigen::Vector4d r;                ///< sigma^2 of each component
};

/// An innovation with what the update of the same pair reuses (Updater::PrepareUpdate ->
/// Updater::UpdatePrepared). Association computes the innovation of every pre-gated pair;
/// the update of the pair it chose then skips h(x), H, S and its factorisation.
struct InnovationWork {
  Innovation innovation;
  EkfLinearisation ekf;     ///< valid when has_ekf
  bool has_ekf = false;     ///< false: UpdatePrepared recomputes (default implementation)
};

struct UpdateResult {
  GaussianState posterior;
  Innovation innovation;
  double nis = 0.0;  ///< = innovation.d2
  bool ok = false;   ///< false: S not positive definite, posterior = prior
};

class Updater {
 public:
  virtual ~Updater() = default;
  virtual Innovation PredictInnovation(const GaussianState& prior,
                                       const sensors::Measurement& m) const = 0;
  virtual UpdateResult Update(const GaussianState& prior, const sensors::Measurement& m) const = 0;
  /// work->innovation = PredictInnovation(prior, m), bit for bit, plus what UpdatePrepared
  /// reuses (EkfUpdater: the EkfLinearisation). Default: the innovation alone.
  virtual void PrepareUpdate(const GaussianState& prior, const sensors::Measurement& m,
                             InnovationWork* work) const;
  /// Update(prior, m), bit for bit, given the work PrepareUpdate(prior, m, &work) left for the
  /// same prior and m (precondition; nothing checks it). Default: Update(prior, m).
  virtual UpdateResult UpdatePrepared(const GaussianState& prior, const sensors::Measurement& m,
                                      const InnovationWork& work) const;
};

class EkfUpdater final : public Updater {
 public:
  Innovation PredictInnovation(const GaussianState& prior,
                               const sensors::Measurement& m) const override;
  UpdateResult Update(const GaussianState& prior, const sensors::Measurement& m) const override;
  /// Keeps H, P H^T, L and diag R: UpdatePrepared then forms only K, x+ and the Joseph P+
  /// (the same expressions on the same values as Update, so the same bits).
  void PrepareUpdate(const GaussianState& prior, const sensors::Measurement& m,
                     InnovationWork* work) const override;
  UpdateResult UpdatePrepared(const GaussianState& prior, const sensors::Measurement& m,
                              const InnovationWork& work) const override;
};

class UkfUpdater final : public Updater {
 public:
  explicit UkfUpdater(const UnscentedConfig& cfg = {}) : weights_(MakeUnscentedWeights(cfg)) {}
  Innovation PredictInnovation(const GaussianState& prior,
                               const sensors::Measurement& m) const override;
  UpdateResult Update(const GaussianState& prior, const sensors::Measurement& m) const override;

 private:
  // Sigma points, their measurements and the innovation; false if P is not positive definite.
  bool Transform(const GaussianState& prior, const sensors::Measurement& m, SigmaPoints* points,
                 Eigen::Matrix<double, 4, kSigmaPoints>* dz, Innovation* inn) const;
  UnscentedWeights weights_;
};

}  // namespace bmd::fusion
