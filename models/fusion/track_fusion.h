#pragma once
/// Track-to-track fusion primitives (estimates in the same frame and at the same time).
///
/// Correlation test: d2 = (x1 - x2)^T (P1 + P2 - P12 - P12^T)^-1 (x1 - x2) against the
/// chi-square quantile with 6 dof (P12 = cross-covariance when known, else 0).
///
/// Covariance intersection (Julier & Uhlmann 1997), consistent for any unknown correlation:
///   P^-1 = w P1^-1 + (1 - w) P2^-1,   x = P (w P1^-1 x1 + (1 - w) P2^-1 x2),
///   w in [0, 1] minimising trace(P) or det(P). Both criteria are evaluated in closed form
///   after one simultaneous diagonalisation of P1 and P2: with P1 = L1 L1^T and
///   S = L1^T P2^-1 L1 = V diag(lam) V^T, P(w) = B diag(1/d) B^T (B = L1 V,
///   d_i = w + (1-w) lam_i). The 6x6 symmetric eigenproblem is solved by Householder
///   tridiagonalisation and implicit QL with Wilkinson shifts on fixed-size, unrolled code;
///   w is the end point or the root of the criterion's derivative (safeguarded Newton, to
///   ~1e-15): no matrix factorisation per trial w, no allocation. ok = false (and x1, P1
///   returned) if P1 or P2 is not positive definite or S not numerically so.
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

namespace ci_detail {

template <int N>
using Mat = Eigen::Matrix<double, N, N>;
template <int N>
using Vec = Eigen::Matrix<double, N, 1>;

// Cholesky factor a = L L^T (lower; the strict upper triangle of l is set to zero); false if
// a pivot is not positive (or NaN).
template <int N>
bool CholeskyLower(const Mat<N>& a, Mat<N>* l) {
  l->setZero();
  #pragma GCC unroll 8
  for (int j = 0; j < N; ++j) {
    double d = a(j, j);
    #pragma GCC unroll 8
    for (int k = 0; k < j; ++k) d -= (*l)(j, k) * (*l)(j, k);
    if (!(d > 0.0)) return false;
    const double ljj = std::sqrt(d);
    const double inv = 1.0 / ljj;
    (*l)(j, j) = ljj;
    #pragma GCC unroll 8
    for (int i = j + 1; i < N; ++i) {
      double s = a(i, j);
      #pragma GCC unroll 8
      for (int k = 0; k < j; ++k) s -= (*l)(i, k) * (*l)(j, k);
      (*l)(i, j) = s * inv;
    }
  }
  return true;
}

// Householder reduction of the symmetric s to tridiagonal form, s = q T q^T: T has the
// diagonal d and the off-diagonal e (e[k] couples k and k+1; e[N-1] = 0).
template <int N>
void Tridiagonalise(Mat<N> s, Vec<N>* d, Vec<N>* e, Mat<N>* q) {
  q->setIdentity();
  for (int k = 0; k + 2 < N; ++k) {
    // Reflector H = I - 2 v v^T on rows/columns k+1..N-1 zeroing s(k+2.., k).
    Vec<N> v = Vec<N>::Zero();
    double norm2 = 0.0;
    for (int i = k + 1; i < N; ++i) {
      v[i] = s(i, k);
      norm2 += v[i] * v[i];
    }
    const double alpha = v[k + 1] >= 0.0 ? -std::sqrt(norm2) : std::sqrt(norm2);
    v[k + 1] -= alpha;
    const double vn2 = v.squaredNorm();
    if (!(vn2 > 0.0)) continue;  // column already reduced
    v /= std::sqrt(vn2);
    // s <- H s H = s - v w^T - w v^T, w = 2 (p - (v^T p) v), p = s v.
    const Vec<N> p = s * v;
    const Vec<N> w = 2.0 * (p - v.dot(p) * v);
    s.noalias() -= v * w.transpose() + w * v.transpose();
    const Vec<N> qv = *q * v;  // q <- q H
    q->noalias() -= (2.0 * qv) * v.transpose();
  }
  *d = s.diagonal();
  for (int i = 0; i + 1 < N; ++i) (*e)[i] = s(i + 1, i);
  (*e)[N - 1] = 0.0;
}

// Eigen-decomposition of the symmetric tridiagonal (d, e) by the implicit QL method with
// Wilkinson shifts (Golub & Van Loan 8.3; Numerical Recipes' tqli): on return d holds the
// eigenvalues and the columns of z, multiplied in from the right, their eigenvectors (z = q
// from Tridiagonalise gives those of s). False if an eigenvalue fails to converge.
template <int N>
bool TridiagonalEigen(Vec<N>* d_in, Vec<N>* e_in, Mat<N>* z) {
  Vec<N>& d = *d_in;
  Vec<N>& e = *e_in;
  constexpr double kEps = 2.220446049250313e-16;
  for (int l = 0; l < N; ++l) {
    for (int iter = 0;; ++iter) {
      int m = l;
      for (; m < N - 1; ++m) {
        const double dd = std::abs(d[m]) + std::abs(d[m + 1]);
        if (std::abs(e[m]) <= kEps * dd) break;
      }
      if (m == l) break;
      if (iter == 60) return false;
      double g = (d[l + 1] - d[l]) / (2.0 * e[l]);
      double r = std::sqrt(g * g + 1.0);
      g = d[m] - d[l] + e[l] / (g + (g >= 0.0 ? r : -r));
      double s = 1.0, c = 1.0, p = 0.0;
      int i = m - 1;
      for (; i >= l; --i) {
        const double f = s * e[i];
        const double b = c * e[i];
        r = std::sqrt(f * f + g * g);
        e[i + 1] = r;
        if (r == 0.0) {  // underflow: deflate and restart
          d[i + 1] -= p;
          e[m] = 0.0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2.0 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        // Rotate columns i and i+1 of z.
        const Vec<N> zi = z->col(i), zi1 = z->col(i + 1);
        z->col(i + 1) = s * zi + c * zi1;
        z->col(i) = c * zi - s * zi1;
      }
      if (r == 0.0 && i >= l) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0.0;
    }
  }
  return true;
}

}  // namespace ci_detail

template <int N>
FusedEstimate<N> CovarianceIntersection(const Eigen::Matrix<double, N, 1>& x1,
                                        const Eigen::Matrix<double, N, N>& p1,
                                        const Eigen::Matrix<double, N, 1>& x2,
                                        const Eigen::Matrix<double, N, N>& p2,
                                        CiCriterion criterion = CiCriterion::kTrace) {
  using Mat = Eigen::Matrix<double, N, N>;
  using Vec = Eigen::Matrix<double, N, 1>;
  namespace d = ci_detail;
  FusedEstimate<N> out;
  auto not_ok = [&]() {
    out.ok = false;
    out.x = x1;
    out.P = p1;
    return out;
  };
  Mat l1, l2;
  if (!d::CholeskyLower<N>(p1, &l1) || !d::CholeskyLower<N>(p2, &l2)) return not_ok();
  // Forward substitution: L^-1 M.
  auto lower_solve = [](const Mat& l, Mat m) {
    for (int i = 0; i < N; ++i) {
      for (int k = 0; k < i; ++k) m.row(i) -= l(i, k) * m.row(k);
      m.row(i) /= l(i, i);
    }
    return m;
  };
  // End points first: the criterion's slope at w = 1 and w = 0 needs no eigen-decomposition,
  // and in node fusion about half of all pairs end there (one estimate dominates).
  //   trace: f'(1) = tr(P1 P2^-1 P1) - tr P1 = |L2^-1 P1|_F^2 - tr P1,
  //          f'(0) = tr P2 - tr(P2 P1^-1 P2) = tr P2 - |L1^-1 P2|_F^2;
  //   det:   f'(1) = tr S - N = |L2^-1 L1|_F^2 - N,  f'(0) = N - tr S^-1 = N - |L1^-1 L2|_F^2.
  // The same tests as on the eigenvalues below (f'(1) <= 0: w = 1, tie included; f'(0) >= 0:
  // w = 0), and the fused estimate is then exactly that input.
  {
    const bool by_trace = criterion == CiCriterion::kTrace;
    const double f1_at_1 = by_trace ? lower_solve(l2, p1).squaredNorm() - p1.trace()
                                    : lower_solve(l2, l1).squaredNorm() - N;
    if (f1_at_1 <= 0.0) {
      out.x = x1;
      out.P = p1;
      out.omega = 1.0;
      return out;
    }
    const double f1_at_0 = by_trace ? p2.trace() - lower_solve(l1, p2).squaredNorm()
                                    : N - lower_solve(l1, l2).squaredNorm();
    if (f1_at_0 >= 0.0) {
      out.x = x2;
      out.P = p2;
      out.omega = 0.0;
      return out;
    }
  }
  // G = L2^-1 L1 (forward substitution), S = G^T G = L1^T P2^-1 L1 = V diag(lam) V^T.
  const Mat g = lower_solve(l2, l1);
  Mat s;
  s.noalias() = g.transpose().lazyProduct(g);
  Vec lam, e;
  Mat v;
  d::Tridiagonalise<N>(s, &lam, &e, &v);
  if (!d::TridiagonalEigen<N>(&lam, &e, &v) || !(lam.minCoeff() > 0.0)) return not_ok();
  // With B = L1 V: P(w) = B diag(1/d) B^T, d_i = w + (1-w) lam_i, trace P = sum c_i / d_i
  // (c_i = |B_i|^2), ln det P = ln det P1 - sum ln d_i.
  Mat b;
  b.noalias() = l1.lazyProduct(v);
  const Vec c = b.colwise().squaredNorm().transpose();
  const Vec one_minus_lam = Vec::Ones() - lam;
  // Derivatives of the criterion in w (both convex: the minimiser is an end point or the
  // root of the first derivative):
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
  // P = B diag(1/d) B^T, symmetric by construction (lower triangle computed, mirrored).
  const Vec sqrt_inv_d = (lam + w * one_minus_lam).cwiseInverse().cwiseSqrt();
  const Mat bs = b * sqrt_inv_d.asDiagonal();
  out.P.noalias() = bs.lazyProduct(bs.transpose());
  out.P.template triangularView<Eigen::StrictlyUpper>() = out.P.transpose();
  // x = P (w P1^-1 x1 + (1-w) P2^-1 x2) = x1 + (1-w) P P2^-1 (x2 - x1)   (P Y = I).
  Vec r = x2 - x1;
  for (int i = 0; i < N; ++i) {  // L2 z = r
    for (int k = 0; k < i; ++k) r[i] -= l2(i, k) * r[k];
    r[i] /= l2(i, i);
  }
  for (int i = N - 1; i >= 0; --i) {  // L2^T u = z
    for (int k = i + 1; k < N; ++k) r[i] -= l2(k, i) * r[k];
    r[i] /= l2(i, i);
  }
  out.x = x1 + (1.0 - w) * (out.P * r);
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
