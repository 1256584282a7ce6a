#pragma once
/// Track-to-track fusion primitives (estimates in the same frame and at the same time).
///
/// Correlation test: d2 = (x1 - x2)^T (P1 + P2 - P12 - P12^T)^-1 (x1 - x2) against the
/// chi-square quantile with 6 dof (P12 = cross-covariance when known, else 0).
///
/// Covariance intersection (Julier & Uhlmann 1997), consistent for any unknown correlation:
///   P^-1 = w P1^-1 + (1 - w) P2^-1,   x = P (w P1^-1 x1 + (1 - w) P2^-1 x2),
///   w in [0, 1] minimising f(w) = trace P(w) or ln det P(w) (both convex in w).
/// Method and cost (N = 6, instruction counts from callgrind, GCC 12 -O3, SSE2):
///   1. Cholesky of P1 and P2; ok = false (and x1, P1 returned) if either is not positive
///      definite.
///   2. End points without any decomposition: f'(1) <= 0 gives w = 1 (x1, P1 returned
///      exactly; tie P1 = P2 included), f'(0) >= 0 gives w = 0 (x2, P2).
///   3. Interior: with S = L1^T P2^-1 L1 = Q T Q^T (Householder, T tridiagonal, R = L1 Q
///      accumulated on the way) and A(w) = w I + (1-w) T,
///        P(w) = L1 (w I + (1-w) S)^-1 L1^T = R A(w)^-1 R^T,
///      so every trial w costs one O(N) factorisation A = L D L^T of a tridiagonal matrix:
///        det:   f = const - sum ln D_k; f', f'', f''' by differentiating the pivot recurrence
///               (O(N) scalar operations);
///        trace: f' = -tr(X A' X^T), f'' = 2 tr(X A' A^-1 A' X^T), f''' = -6 tr(V A' V^T)
///               with X = R A^-1, V = X A' A^-1, A' = I - T (two O(N) solves on N columns).
///      ok = false if S is not numerically positive definite (a pivot of T <= 0). f'(1) is
///      checked once more from T (tie rule w = 1 where step 2 was decided by rounding).
///      The root of f' is found by a safeguarded third-order iteration: at each trial w the
///      model f'(w) ~ b - a / (w - p)^n (n = 1 for det, n = 2 for trace: the form of each
///      term of f' in the generalised eigenbasis, where d_i = w + (1-w) lam_i) is fitted to
///      f', f'', f''' and its root taken (n = 1 is Halley's method); Newton or bisection
///      inside the bracket [lo, hi] when that root falls outside it. Started from the secant
///      root of the end-point slopes, or from w_hint when that is inside (0, 1) (the weight
///      the same pair of sources got one fusion cycle earlier: it moves little from cycle to
///      cycle, and a start near the root saves one or two trials); stops once a third-order
///      step is below 1e-7 (error left ~ step^3, far below rounding) or a Newton step below
///      1e-12. 3-5 trials typically from the secant, 2-3 from a hint.
///   Interior cost ~9.3k (trace) / ~6.4-7.0k (det) instructions against ~12.5k for the former
///   simultaneous diagonalisation (tridiagonalisation + implicit QL with eigenvectors, ~6.7k
///   alone, then a scalar Newton); end points ~1k, unchanged. No allocation.
/// Naive (independent) fusion, the information sum, for comparison (overconfident when the
/// errors are correlated):   P^-1 = P1^-1 + P2^-1,  x = P (P1^-1 x1 + P2^-1 x2).
/// Templated on the dimension so that hand-checkable 2-D cases use the same code as 6-D.
#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <utility>

#include "models/fusion/gaussian_state.h"

namespace bmd::fusion {

enum class CiCriterion { kTrace, kDeterminant };

template <int N>
struct FusedEstimate {
  Eigen::Matrix<double, N, 1> x;
  Eigen::Matrix<double, N, N> P;
  double omega = 1.0;  ///< weight of estimate 1 (CI); 0.5 marks naive fusion
  int trials = 0;      ///< CI: trial weights of the interior search (0 at an end point)
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

// G = L2^-1 L1 for lower-triangular L1, L2 (G is lower triangular): forward substitution
// column by column, skipping the known zeros (N^3 / 6 multiply-adds). True divisions: equal
// factors give G = I exactly (x / x = 1; with a reciprocal, x * (1 / x) may be 1 - ulp), on
// which the tie rule w = 1 rests.
template <int N>
Mat<N> LowerInverseTimesLower(const Mat<N>& l2, const Mat<N>& l1) {
  Mat<N> g = Mat<N>::Zero();
  #pragma GCC unroll 8
  for (int j = 0; j < N; ++j) {
    #pragma GCC unroll 8
    for (int i = j; i < N; ++i) {
      double sum = l1(i, j);
      #pragma GCC unroll 8
      for (int k = j; k < i; ++k) sum -= l2(i, k) * g(k, j);
      g(i, j) = sum / l2(i, i);
    }
  }
  return g;
}

// One Householder step of TridiagonaliseApplyRight on column K: the reflector
// H = I - beta v v^T (v zero above row K+1, M = N-K-1 rows below) zeroes s(K+2.., K):
// s <- H s H = s - v u^T - u v^T on the trailing M x M block, u = p - (beta/2) (v^T p) v,
// p = beta s v; r <- r H = r - (beta r v) v^T on the trailing M columns.
template <int N, int K>
void HouseholderStep(Mat<N>* s, Vec<N>* e, Mat<N>* r) {
  constexpr int M = N - K - 1;
  using VecM = Eigen::Matrix<double, M, 1>;
  VecM v = s->template block<M, 1>(K + 1, K);
  const double norm2 = v.squaredNorm();
  const double alpha = v[0] >= 0.0 ? -std::sqrt(norm2) : std::sqrt(norm2);
  v[0] -= alpha;
  const double vn2 = v.squaredNorm();
  if (!(vn2 > 0.0)) {  // column already reduced
    (*e)[K] = (*s)(K + 1, K);
    return;
  }
  (*e)[K] = alpha;
  const double beta = 2.0 / vn2;
  auto trailing = s->template block<M, M>(K + 1, K + 1);
  VecM p;
  p.noalias() = beta * (trailing * v);
  const VecM u = p - (0.5 * beta * v.dot(p)) * v;
  trailing.noalias() -= v * u.transpose() + u * v.transpose();
  auto cols = r->template block<N, M>(0, K + 1);
  Vec<N> rv;
  rv.noalias() = beta * (cols * v);
  cols.noalias() -= rv * v.transpose();
}

template <int N, int... K>
void HouseholderSteps(Mat<N>* s, Vec<N>* e, Mat<N>* r, std::integer_sequence<int, K...>) {
  (HouseholderStep<N, K>(s, e, r), ...);
}

// Householder reduction of the symmetric s to tridiagonal form, s = q T q^T (T: diagonal t,
// off-diagonal e with e[k] coupling k and k+1, e[N-1] = 0), with q applied to r from the
// right on the way (r <- r q; q itself is never formed). (4/3) N^3 + 2 N^3 flops.
template <int N>
void TridiagonaliseApplyRight(Mat<N> s, Vec<N>* t, Vec<N>* e, Mat<N>* r) {
  if constexpr (N > 2) HouseholderSteps<N>(&s, e, r, std::make_integer_sequence<int, N - 2>{});
  *t = s.diagonal();
  if constexpr (N > 1) (*e)[N - 2] = s(N - 1, N - 2);
  (*e)[N - 1] = 0.0;
}

// The symmetric tridiagonal A(w) = w I + (1-w) T (diagonal a_k = t_k + w (1 - t_k),
// off-diagonal b_k = (1-w) e_k) and its factorisation A = L D L^T (L unit lower bidiagonal
// with sub-diagonal l_k = b_k / delta_k, D = diag(delta)): delta_0 = a_0,
// delta_k = a_k - l_{k-1} b_{k-1}. False if a pivot is not positive (A not positive definite).
template <int N>
bool TridiagonalLdl(const Vec<N>& t, const Vec<N>& e, double w, Vec<N>* delta, Vec<N>* l) {
  double b_prev = 0.0, l_prev = 0.0;
  #pragma GCC unroll 8
  for (int k = 0; k < N; ++k) {
    const double a = t[k] + w * (1.0 - t[k]);
    const double dk = a - l_prev * b_prev;
    if (!(dk > 0.0)) return false;
    (*delta)[k] = dk;
    b_prev = (1.0 - w) * e[k];
    l_prev = b_prev / dk;
    (*l)[k] = l_prev;
  }
  return true;
}

// Determinant criterion f(w) = ln det P(w) = ln det P1 - ln det A(w) = const - sum ln delta_k.
// Fills f[0..2] = f'(w), f''(w), f'''(w) by differentiating the pivot recurrence
// delta_k = a_k - q_k, q_k delta_{k-1} = b_{k-1}^2 (a' = 1 - t_k, b' = -e_{k-1}, a'' = b'' = 0):
//   q' = (2 b b' - q delta') / delta,  q'' = (2 b'^2 - 2 q' delta' - q delta'') / delta,
//   q''' = -(3 q'' delta' + 3 q' delta'' + q delta''') / delta          (delta = delta_{k-1}),
//   delta_k' = a' - q', delta_k'' = -q'', delta_k''' = -q''';
// with u_j = delta_k^(j) / delta_k:  f' = -sum u1,  f'' = -sum (u2 - u1^2),
//   f''' = -sum (u3 - 3 u1 u2 + 2 u1^3).   O(N) flops; A(w) positive definite.
template <int N>
void DetCriterionDerivatives(const Vec<N>& t, const Vec<N>& e, double w, double f[3]) {
  double d0 = 1.0, d1 = 0.0, d2 = 0.0, d3 = 0.0;  // delta_{k-1} and its derivatives
  double s1 = 0.0, s2 = 0.0, s3 = 0.0;
  #pragma GCC unroll 8
  for (int k = 0; k < N; ++k) {
    const double a = t[k] + w * (1.0 - t[k]);
    double n0 = a, n1 = 1.0 - t[k], n2 = 0.0, n3 = 0.0;
    if (k > 0) {
      const double bp = -e[k - 1];
      const double b = (1.0 - w) * e[k - 1];
      const double inv = 1.0 / d0;
      const double q = b * b * inv;
      const double q1 = (2.0 * b * bp - q * d1) * inv;
      const double q2 = (2.0 * bp * bp - 2.0 * q1 * d1 - q * d2) * inv;
      const double q3 = -(3.0 * q2 * d1 + 3.0 * q1 * d2 + q * d3) * inv;
      n0 = a - q;
      n1 -= q1;
      n2 = -q2;
      n3 = -q3;
    }
    const double inv_n = 1.0 / n0;
    const double u1 = n1 * inv_n, u2 = n2 * inv_n, u3 = n3 * inv_n;
    s1 += u1;
    s2 += u2 - u1 * u1;
    s3 += u3 - 3.0 * u1 * u2 + 2.0 * u1 * u1 * u1;
    d0 = n0;
    d1 = n1;
    d2 = n2;
    d3 = n3;
  }
  f[0] = -s1;
  f[1] = -s2;
  f[2] = -s3;
}

// Trace criterion f(w) = tr P(w) = tr(R A(w)^-1 R^T) (R = L1 Q). Fills f[0..2] = f', f'', f'''
// with A' = dA/dw = I - T and the factorisation (delta, l) of A(w):
//   f'   = -tr(X A' X^T)          (X = R A^-1, columns x_k),
//   f''  = 2 tr(Z V^T)            (Z = X A', V = Z A^-1),
//   f''' = -6 tr(V A' V^T),
// where each product with A^-1 is a forward and a backward pass over the columns and with A'
// a three-term combination of neighbouring columns.
template <int N>
void TraceCriterionDerivatives(const Mat<N>& r, const Vec<N>& t, const Vec<N>& e,
                               const Vec<N>& delta, const Vec<N>& l, double f[3]) {
  const Vec<N> inv_delta = delta.cwiseInverse();
  auto solve = [&](const Mat<N>& b, Mat<N>* y) {  // y = b A^-1 = b L^-T D^-1 L^-1
    y->col(0) = b.col(0);
    #pragma GCC unroll 8
    for (int k = 1; k < N; ++k) y->col(k) = b.col(k) - l[k - 1] * y->col(k - 1);
    y->col(N - 1) *= inv_delta[N - 1];
    #pragma GCC unroll 8
    for (int k = N - 2; k >= 0; --k) y->col(k) = inv_delta[k] * y->col(k) - l[k] * y->col(k + 1);
  };
  auto times_a1 = [&](const Mat<N>& y, Mat<N>* z) {  // z = y A'
    #pragma GCC unroll 8
    for (int k = 0; k < N; ++k) {
      z->col(k) = (1.0 - t[k]) * y.col(k);
      if (k > 0) z->col(k) -= e[k - 1] * y.col(k - 1);
      if (k + 1 < N) z->col(k) -= e[k] * y.col(k + 1);
    }
  };
  Mat<N> x;
  solve(r, &x);
  Mat<N> z;
  times_a1(x, &z);
  f[0] = -x.cwiseProduct(z).sum();
  Mat<N> v;
  solve(z, &v);
  f[1] = 2.0 * z.cwiseProduct(v).sum();
  double va1v = 0.0;  // tr(V A' V^T)
  #pragma GCC unroll 8
  for (int k = 0; k < N; ++k) {
    va1v += (1.0 - t[k]) * v.col(k).squaredNorm();
    if (k + 1 < N) va1v -= 2.0 * e[k] * v.col(k).dot(v.col(k + 1));
  }
  f[2] = -6.0 * va1v;
}

}  // namespace ci_detail

template <int N>
FusedEstimate<N> CovarianceIntersection(const Eigen::Matrix<double, N, 1>& x1,
                                        const Eigen::Matrix<double, N, N>& p1,
                                        const Eigen::Matrix<double, N, 1>& x2,
                                        const Eigen::Matrix<double, N, N>& p2,
                                        CiCriterion criterion = CiCriterion::kTrace,
                                        double w_hint = -1.0) {
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
  // The reciprocals of the factors' diagonals, once: the end-point tests' triangular solves
  // and the final one multiply by them (about eighty divisions a call otherwise, each several
  // times a multiply's cost). A tie decided the other way by their rounding is caught by the
  // exact test on T below.
  const Vec inv_d1 = l1.diagonal().cwiseInverse(), inv_d2 = l2.diagonal().cwiseInverse();
  // Forward substitution: L^-1 M (inv_d = 1 / diag(L)).
  auto lower_solve = [](const Mat& l, const Vec& inv_d, Mat m) {
    for (int i = 0; i < N; ++i) {
      for (int k = 0; k < i; ++k) m.row(i) -= l(i, k) * m.row(k);
      m.row(i) *= inv_d[i];
    }
    return m;
  };
  // End points first: the criterion's slope at w = 1 and w = 0 needs no decomposition, and in
  // node fusion about half of all pairs end there (one estimate dominates).
  //   trace: f'(1) = tr(P1 P2^-1 P1) - tr P1 = |L2^-1 P1|_F^2 - tr P1,
  //          f'(0) = tr P2 - tr(P2 P1^-1 P2) = tr P2 - |L1^-1 P2|_F^2;
  //   det:   f'(1) = tr S - N = |L2^-1 L1|_F^2 - N,  f'(0) = N - tr S^-1 = N - |L1^-1 L2|_F^2.
  // f'(1) <= 0: w = 1 (tie included); f'(0) >= 0: w = 0; the fused estimate is then exactly
  // that input. Otherwise both slopes are kept to start the interior search.
  double f1_at_1 = 0.0, f1_at_0 = 0.0;
  {
    const bool by_trace = criterion == CiCriterion::kTrace;
    f1_at_1 = by_trace ? lower_solve(l2, inv_d2, p1).squaredNorm() - p1.trace()
                       : lower_solve(l2, inv_d2, l1).squaredNorm() - N;
    if (f1_at_1 <= 0.0) {
      out.x = x1;
      out.P = p1;
      out.omega = 1.0;
      return out;
    }
    f1_at_0 = by_trace ? p2.trace() - lower_solve(l1, inv_d1, p2).squaredNorm()
                       : N - lower_solve(l1, inv_d1, l2).squaredNorm();
    if (f1_at_0 >= 0.0) {
      out.x = x2;
      out.P = p2;
      out.omega = 0.0;
      return out;
    }
  }
  // Interior optimum (or one within rounding of an end point).
  // G = L2^-1 L1, S = G^T G = L1^T P2^-1 L1 = Q T Q^T (T tridiagonal) and R = L1 Q (rq). With
  // A(w) = w I + (1-w) T:  P(w) = L1 (w I + (1-w) S)^-1 L1^T = R A(w)^-1 R^T.
  const Mat g = d::LowerInverseTimesLower<N>(l2, l1);
  Mat s;
  s.noalias() = g.transpose().lazyProduct(g);
  Vec t, e, delta, l;
  Mat rq = l1;
  d::TridiagonaliseApplyRight<N>(s, &t, &e, &rq);
  // S positive definite <=> the pivots of T = A(0) are positive.
  if (!d::TridiagonalLdl<N>(t, e, 0.0, &delta, &l)) return not_ok();
  const bool trace = criterion == CiCriterion::kTrace;
  // The slope at w = 1 once more, from T (A(1) = I): f'(1) = -tr(R (I - T) R^T) (trace) or
  // -tr(I - T) (det). Where the end-point test above was decided by rounding (P1 = P2 to
  // rounding; exactly equal inputs give T = I, f'(1) = 0) this applies the tie rule w = 1.
  {
    double f1_at_1_t = 0.0;
    for (int k = 0; k < N; ++k) {
      const double one_minus_t = 1.0 - t[k];
      if (trace) {
        f1_at_1_t -= one_minus_t * rq.col(k).squaredNorm();
        if (k + 1 < N) f1_at_1_t += 2.0 * e[k] * rq.col(k).dot(rq.col(k + 1));
      } else {
        f1_at_1_t -= one_minus_t;
      }
    }
    if (f1_at_1_t <= 0.0) {
      out.x = x1;
      out.P = p1;
      out.omega = 1.0;
      return out;
    }
  }
  // Root of f'(w) (f convex, f' increasing) by the safeguarded third-order iteration described
  // in the file comment, inside the bracket [lo, hi] that every trial narrows.
  double w;
  {
    double lo = 0.0, hi = 1.0;
    w = w_hint > 0.0 && w_hint < 1.0 ? w_hint : f1_at_0 / (f1_at_0 - f1_at_1);
    const double n = trace ? 2.0 : 1.0;
    for (int it = 0; it < 100; ++it) {
      ++out.trials;
      double f[3];
      if (trace) {
        d::TridiagonalLdl<N>(t, e, w, &delta, &l);
        d::TraceCriterionDerivatives<N>(rq, t, e, delta, l, f);
      } else {
        d::DetCriterionDerivatives<N>(t, e, w, f);
      }
      if (f[0] > 0.0) hi = w;
      else lo = w;
      // Newton step, replaced by the root of the one-pole model b - a / (w - p)^n fitted to
      // the three derivatives (f[0..2]) when that exists: w - p = h = -(n+1) f[1] / f[2],
      // b = f[0] + f[1] h / n, root p + h rho^(1/n) with rho = f[1] h / (n b) > 0.
      double step = f[1] > 0.0 ? -f[0] / f[1] : 0.5 * (lo + hi) - w;
      bool third_order = false;
      if (f[1] > 0.0 && f[2] != 0.0) {
        const double h = -(n + 1.0) * f[1] / f[2];
        const double den = f[0] + f[1] * h / n;
        const double rho = f[1] * h / (n * den);
        if (rho > 0.0) {
          step = trace ? -f[0] * h / (den * (1.0 + std::sqrt(rho))) : -f[0] * h / den;
          third_order = true;
        }
      }
      if (std::abs(step) < (third_order ? 1e-7 : 1e-12)) {  // error left ~1e-21 or ~1e-24
        w = std::clamp(w + step, lo, hi);
        break;
      }
      double next = w + step;
      if (!(next > lo && next < hi)) {
        next = f[1] > 0.0 ? w - f[0] / f[1] : 0.5 * (lo + hi);
        if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      }
      w = next;
      if (hi - lo < 1e-12) break;
    }
  }
  // P = R A^-1 R^T = U D^-1 U^T with U = R L^-T (columns u_k = r_k - l_{k-1} u_{k-1}),
  // symmetric by construction (lower triangle computed, mirrored).
  d::TridiagonalLdl<N>(t, e, w, &delta, &l);
  Mat us;
  us.col(0) = rq.col(0);
  for (int k = 1; k < N; ++k) us.col(k) = rq.col(k) - l[k - 1] * us.col(k - 1);
  us = us * delta.cwiseSqrt().cwiseInverse().asDiagonal();
  out.P.noalias() = us.lazyProduct(us.transpose());
  out.P.template triangularView<Eigen::StrictlyUpper>() = out.P.transpose();
  // x = P (w P1^-1 x1 + (1-w) P2^-1 x2) = x1 + (1-w) P P2^-1 (x2 - x1)   (P Y = I).
  Vec r = x2 - x1;
  for (int i = 0; i < N; ++i) {  // L2 z = r
    for (int k = 0; k < i; ++k) r[i] -= l2(i, k) * r[k];
    r[i] *= inv_d2[i];
  }
  for (int i = N - 1; i >= 0; --i) {  // L2^T u = z
    for (int k = i + 1; k < N; ++k) r[i] -= l2(k, i) * r[k];
    r[i] *= inv_d2[i];
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
