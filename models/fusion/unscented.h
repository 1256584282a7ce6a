#pragma once
/// Scaled unscented transform (Julier 2002; Wan & van der Merwe 2000) for the 6-state
/// trackers: 2n + 1 = 13 sigma points
///   X_0 = x,  X_i = x + (sqrt((n + lambda) P))_i,  X_{i+n} = x - (sqrt((n + lambda) P))_i,
///   lambda = alpha^2 (n + kappa) - n,
///   Wm_0 = lambda / (n + lambda),  Wc_0 = Wm_0 + 1 - alpha^2 + beta,  W_i = 1 / (2 (n + lambda)).
/// The matrix square root is the lower Cholesky factor.
#include <Eigen/Core>

#include "models/fusion/gaussian_state.h"

namespace bmd::fusion {

struct UnscentedConfig {
  double alpha = 1.0;  ///< spread of the sigma points (0 < alpha <= 1)
  double beta = 2.0;   ///< prior-knowledge term (2 is optimal for Gaussians)
  double kappa = 0.0;  ///< secondary scaling; with alpha = 1 and kappa = 0 all weights are >= 0
};

inline constexpr int kSigmaPoints = 13;
using SigmaPoints = Eigen::Matrix<double, 6, kSigmaPoints>;

struct UnscentedWeights {
  Eigen::Matrix<double, 1, kSigmaPoints> wm;
  Eigen::Matrix<double, 1, kSigmaPoints> wc;
  double gamma = 0.0;  ///< sqrt(n + lambda)
};

UnscentedWeights MakeUnscentedWeights(const UnscentedConfig& cfg);

/// Sigma points of (x, P). Returns false if P is not positive definite.
bool MakeSigmaPoints(const Vector6d& x, const Matrix6d& P, const UnscentedWeights& w,
                     SigmaPoints* points);

}  // namespace bmd::fusion
