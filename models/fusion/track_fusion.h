#pragma once
/// Track-to-track fusion primitives (estimates in the same frame and at the same time).
///
/// Correlation test: d2 = (x1 - x2)^T (P1 + P2 - P12 - P12^T)^-1 (x1 - x2) against the
/// chi-square quantile with 6 dof (P12 = cross-covariance when known, else 0).
///
/// Covariance intersection (Julier & Uhlmann 1997), consistent for any unknown correlation:
///   P^-1 = w P1^-1 + (1 - w) P2^-1,   x = P (w P1^-1 x1 + (1 - w) P2^-1 x2),
///   w in [0, 1] minimising trace(P) or det(P). Both criteria are evaluated in closed form
///   after one simultaneous diagonalisation of P1 and P2 (a 6x6 symmetric eigenproblem), and
///   w is the end point or the root of the criterion's derivative (safeguarded Newton, to
///   ~1e-15): no matrix factorisation per trial w, no allocation.
/// Naive (independent) fusion, the information sum, for comparison (overconfident when the
/// errors are correlated):   P^-1 = P1^-1 + P2^-1,  x = P (P1^-1 x1 + P2^-1 x2).
/// Templated on the dimension so that hand-checkable 2-D cases use the same code as 6-D.
#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/Eigenvalues>
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
  using Vec = Eigen::Matrix<double, N, 1>;
  FusedEstimate<N> out;
  const Eigen::LLT<Mat> l1(p1), l2(p2);
  if (l1.info() != Eigen::Success || l2.info() != Eigen::Success) {
    out.ok = false;
    out.x = x1;
    out.P = p1;
    return out;
  }
  // Simultaneous diagonalisation. With P1 = L1 L1^T and S = L1^T P2^-1 L1 = V diag(lam) V^T
  // (G = L2^-1 L1, S = G^T G), the information matrix is
  //   Y(w) = w P1^-1 + (1-w) P2^-1 = L1^-T V diag(d) V^T L1^-1,  d_i = w + (1-w) lam_i,
  // so with B = L1 V:  P(w) = B diag(1/d) B^T,  trace P = sum_i c_i / d_i (c_i = |B_i|^2),
  // ln det P = ln det P1 - sum_i ln d_i. Both criteria are then scalar functions of w.
  const Mat g = l2.matrixL().solve(Mat(l1.matrixL()));
  const Eigen::SelfAdjointEigenSolver<Mat> es(g.transpose() * g);
  if (es.info() != Eigen::Success || !(es.eigenvalues().minCoeff() > 0.0)) {
    out.ok = false;
    out.x = x1;
    out.P = p1;
    return out;
  }
  const Vec lam = es.eigenvalues();
  const Mat b = l1.matrixL() * es.eigenvectors();
  const Vec c = b.colwise().squaredNorm().transpose();
  const Vec one_minus_lam = Vec::Ones() - lam;
  // Derivatives of the criterion in w: both are convex (second derivative >= 0), so the
  // minimiser is an end point or the root of the first derivative.
  //   trace: f' = -sum c_i (1 - lam_i) / d_i^2,  f'' = 2 sum c_i (1 - lam_i)^2 / d_i^3;
  //   det:   f' = -sum (1 - lam_i) / d_i,        f'' = sum (1 - lam_i)^2 / d_i^2.
  const bool trace = criterion == CiCriterion::kTrace;
  auto derivatives = [&](double w, double* f2) {
    const Vec inv_d = (lam + w * one_minus_lam).cwiseInverse();
    const Vec u = one_minus_lam.cwiseProduct(inv_d);
    if (trace) {
      const Vec cu = c.cwiseProduct(u).cwiseProduct(inv_d);
      *f2 = 2.0 * cu.dot(u);
      return -cu.sum();
    }
    *f2 = u.squaredNorm();
    return -u.sum();
  };
  double f2 = 0.0;
  const double f1_at_0 = derivatives(0.0, &f2);
  const double f1_at_1 = derivatives(1.0, &f2);
  double w;
  if (f1_at_1 <= 0.0) {
    w = 1.0;  // still descending at w = 1: estimate 1 dominates (also the tie P1 = P2)
  } else if (f1_at_0 >= 0.0) {
    w = 0.0;  // ascending from w = 0: estimate 2 dominates
  } else {
    // Safeguarded Newton on f'(w) = 0 inside the bracket [lo, hi] (f' is increasing), started
    // from the secant root of f' between the end points; quadratic convergence to ~1e-15.
    double lo = 0.0, hi = 1.0;
    w = f1_at_0 / (f1_at_0 - f1_at_1);
    for (int it = 0; it < 100; ++it) {
      const double f1 = derivatives(w, &f2);
      if (f1 > 0.0) hi = w;
      else lo = w;
      double next = f2 > 0.0 ? w - f1 / f2 : 0.5 * (lo + hi);
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      const double step = std::abs(next - w);
      w = next;
      if (step < 1e-15 || hi - lo < 1e-15) break;
    }
  }
  const Vec inv_d = (lam + w * one_minus_lam).cwiseInverse();
  out.P.noalias() = b * inv_d.asDiagonal() * b.transpose();
  out.P = 0.5 * (out.P + out.P.transpose()).eval();
  // x = P (w P1^-1 x1 + (1-w) P2^-1 x2) = x1 + (1-w) P P2^-1 (x2 - x1)   (P Y = I).
  out.x = x1 + (1.0 - w) * (out.P * l2.solve(x2 - x1));
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
