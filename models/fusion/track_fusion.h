#pragma once
/// Track-to-track fusion primitives (estimates in the same frame and at the same time).
///
/// Correlation test: d2 = (x1 - x2)^T (P1 + P2 - P12 - P12^T)^-1 (x1 - x2) against the
/// chi-square quantile with 6 dof (P12 = cross-covariance when known, else 0).
///
/// Covariance intersection (Julier & Uhlmann 1997), consistent for any unknown correlation:
///   P^-1 = w P1^-1 + (1 - w) P2^-1,   x = P (w P1^-1 x1 + (1 - w) P2^-1 x2),
///   w in [0, 1] minimising trace(P) or det(P) by golden-section search.
/// Naive (independent) fusion, the information sum, for comparison (overconfident when the
/// errors are correlated):   P^-1 = P1^-1 + P2^-1,  x = P (P1^-1 x1 + P2^-1 x2).
/// Templated on the dimension so that hand-checkable 2-D cases use the same code as 6-D.
#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/LU>
#include <cmath>

#include "models/fusion/gaussian_state.h"

namespace bmd::fusion {

enum class CiCriterion { kTrace, kDeterminant };

template <int N>
struct FusedEstimate {
  Eigen::Matrix<double, N, 1> x;
  Eigen::Matrix<double, N, N> P;
  double omega = 1.0;  ///< weight of estimate 1 (CI); 0.5 marks naive fusion
  bool ok = true;      ///< false if an input covariance is not positive definite
};

/// Squared Mahalanobis distance of the difference of two estimates; negative if the
/// difference covariance is not positive definite.
template <int N>
double StateDifferenceD2(const Eigen::Matrix<double, N, 1>& x1, const Eigen::Matrix<double, N, N>& p1,
                         const Eigen::Matrix<double, N, 1>& x2, const Eigen::Matrix<double, N, N>& p2,
                         const Eigen::Matrix<double, N, N>* p12 = nullptr) {
  Eigen::Matrix<double, N, N> s = p1 + p2;
  if (p12 != nullptr) s -= *p12 + p12->transpose();
  const Eigen::LLT<Eigen::Matrix<double, N, N>> llt(s);
  if (llt.info() != Eigen::Success) return -1.0;
  const Eigen::Matrix<double, N, 1> d = x1 - x2;
  return llt.solve(d).dot(d);
}

template <int N>
FusedEstimate<N> CovarianceIntersection(const Eigen::Matrix<double, N, 1>& x1,
                                        const Eigen::Matrix<double, N, N>& p1,
                                        const Eigen::Matrix<double, N, 1>& x2,
                                        const Eigen::Matrix<double, N, N>& p2,
                                        CiCriterion criterion = CiCriterion::kTrace) {
  using Mat = Eigen::Matrix<double, N, N>;
  FusedEstimate<N> out;
  const Eigen::LLT<Mat> l1(p1), l2(p2);
  if (l1.info() != Eigen::Success || l2.info() != Eigen::Success) {
    out.ok = false;
    out.x = x1;
    out.P = p1;
    return out;
  }
  const Mat i1 = l1.solve(Mat::Identity());
  const Mat i2 = l2.solve(Mat::Identity());
  // Criterion of w via the information matrix Y = w I1 + (1-w) I2 (P = Y^-1):
  // trace(P) = trace(Y^-1); det(P) = 1 / det(Y) (minimised as -ln det Y).
  auto objective = [&](double w) {
    const Mat y = w * i1 + (1.0 - w) * i2;
    const Eigen::LLT<Mat> ly(y);
    if (criterion == CiCriterion::kDeterminant) {
      return -2.0 * ly.matrixL().toDenseMatrix().diagonal().array().log().sum();
    }
    return ly.solve(Mat::Identity()).trace();
  };
  // Golden-section search on [0, 1]; both criteria are convex in w.
  const double inv_phi = (std::sqrt(5.0) - 1.0) / 2.0;
  double a = 0.0, b = 1.0;
  double c = b - inv_phi * (b - a), d = a + inv_phi * (b - a);
  double fc = objective(c), fd = objective(d);
  while (b - a > 1e-7) {  // omega to 1e-7: the fused covariance changes by far less
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - inv_phi * (b - a);
      fc = objective(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + inv_phi * (b - a);
      fd = objective(d);
    }
  }
  double w = 0.5 * (a + b);
  // The optimum may sit on an end point (one estimate dominates).
  if (objective(0.0) <= objective(w)) w = 0.0;
  if (objective(1.0) <= objective(w)) w = 1.0;
  const Mat y = w * i1 + (1.0 - w) * i2;
  out.P = y.inverse();
  out.P = 0.5 * (out.P + out.P.transpose()).eval();
  out.x = out.P * (w * i1 * x1 + (1.0 - w) * i2 * x2);
  out.omega = w;
  return out;
}

template <int N>
FusedEstimate<N> NaiveFusion(const Eigen::Matrix<double, N, 1>& x1, const Eigen::Matrix<double, N, N>& p1,
                             const Eigen::Matrix<double, N, 1>& x2, const Eigen::Matrix<double, N, N>& p2) {
  using Mat = Eigen::Matrix<double, N, N>;
  FusedEstimate<N> out;
  const Eigen::LLT<Mat> l1(p1), l2(p2);
  if (l1.info() != Eigen::Success || l2.info() != Eigen::Success) {
    out.ok = false;
    out.x = x1;
    out.P = p1;
    return out;
  }
  const Mat i1 = l1.solve(Mat::Identity());
  const Mat i2 = l2.solve(Mat::Identity());
  out.P = (i1 + i2).inverse();
  out.P = 0.5 * (out.P + out.P.transpose()).eval();
  out.x = out.P * (i1 * x1 + i2 * x2);
  out.omega = 0.5;
  return out;
}

}  // namespace bmd::fusion
