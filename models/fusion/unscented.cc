#include "models/fusion/unscented.h"

#include <Eigen/Cholesky>

namespace bmd::fusion {

UnscentedWeights MakeUnscentedWeights(const UnscentedConfig& cfg) {
  constexpr double n = 6.0;
  const double lambda = cfg.alpha * cfg.alpha * (n + cfg.kappa) - n;
  UnscentedWeights w;
  w.wm.setConstant(1.0 / (2.0 * (n + lambda)));
  w.wc = w.wm;
  w.wm[0] = lambda / (n + lambda);
  w.wc[0] = w.wm[0] + 1.0 - cfg.alpha * cfg.alpha + cfg.beta;
  w.gamma = std::sqrt(n + lambda);
  return w;
}

bool MakeSigmaPoints(const Vector6d& x, const Matrix6d& P, const UnscentedWeights& w,
                     SigmaPoints* points) {
  const Eigen::LLT<Matrix6d> llt(P);
  if (llt.info() != Eigen::Success) return false;
  const Matrix6d l = w.gamma * llt.matrixL().toDenseMatrix();
  points->col(0) = x;
  for (int i = 0; i < 6; ++i) {
    points->col(1 + i) = x + l.col(i);
    points->col(7 + i) = x - l.col(i);
  }
  return true;
}

}  // namespace bmd::fusion
