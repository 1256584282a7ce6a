#pragma once
/// Symmetric covariance products for the EKF's hot paths (predictor and updater): only the
/// lower triangle of a b^T is formed, then mirrored, so the result is exactly symmetric and
/// 15 of the 36 dot products are skipped.
#include <Eigen/Core>

#include "models/fusion/gaussian_state.h"

namespace bmd::fusion {

/// Lower triangle of out += a b^T for 6 x N a, b, in column blocks of 2 whose first row is
/// even (aligned packets): rows j..5 of columns j, j+1 for j = 0, 2, 4. Entries (0,1), (2,3),
/// (4,5) above the diagonal are formed too; MirrorLower overwrites them.
template <int N>
inline void AddLowerProduct(const Eigen::Matrix<double, 6, N>& a, const Eigen::Matrix<double, 6, N>& b,
                            Matrix6d* out) {
  out->block<6, 2>(0, 0).noalias() += a.lazyProduct(b.template topRows<2>().transpose());
  out->block<4, 2>(2, 2).noalias() +=
      a.template bottomRows<4>().lazyProduct(b.template middleRows<2>(2).transpose());
  out->block<2, 2>(4, 4).noalias() +=
      a.template bottomRows<2>().lazyProduct(b.template bottomRows<2>().transpose());
}

/// Copies the strict lower triangle onto the upper one.
inline void MirrorLower(Matrix6d* p) {
#pragma GCC unroll 6
  for (int j = 1; j < 6; ++j)
#pragma GCC unroll 6
    for (int i = 0; i < j; ++i) (*p)(i, j) = (*p)(j, i);
}

}  // namespace bmd::fusion
