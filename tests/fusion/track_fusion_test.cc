// Covariance intersection, naive fusion and the node's network picture.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <boost/math/distributions/chi_squared.hpp>
#include <algorithm>
#include <cmath>

#include "models/common/random.h"
#include "models/fusion/fusion_node.h"
#include "models/fusion/predictor.h"
#include "models/fusion/track_fusion.h"

namespace bmd::fusion {
namespace {

using V2 = Eigen::Vector2d;
using M2 = Eigen::Matrix2d;

TEST(CovarianceIntersection, HandComputed2d) {
  // P1 = diag(1, 4), P2 = diag(2, 2): trace P(w) = 1/(w + (1-w)/2) + 1/(w/4 + (1-w)/2)
  //   = 2/(1+w) + 4/(2-w); d/dw = 0 at (2-w)^2 = 2 (1+w)^2, w = (2 - sqrt2)/(1 + sqrt2).
  const V2 x1(0, 0), x2(3, 3);
  const M2 p1 = V2(1, 4).asDiagonal(), p2 = V2(2, 2).asDiagonal();
  const FusedEstimate<2> f = CovarianceIntersection<2>(x1, p1, x2, p2, CiCriterion::kTrace);
  const double w = (2.0 - std::sqrt(2.0)) / (1.0 + std::sqrt(2.0));
  // w is the root of the criterion's derivative found by Newton to ~1e-15 (the derivative
  // has a simple root, so w itself is accurate to rounding); 1e-9 leaves room for the
  // eigen-decomposition's rounding while still catching a search that stops early.
  EXPECT_NEAR(f.omega, w, 1e-9);
  const double p_xx = 2.0 / (1.0 + w), p_yy = 4.0 / (2.0 - w);
  EXPECT_NEAR(f.P(0, 0), p_xx, 1e-6);
  EXPECT_NEAR(f.P(1, 1), p_yy, 1e-6);
  EXPECT_NEAR(f.P(0, 1), 0.0, 1e-12);
  // x = P (w P1^-1 x1 + (1-w) P2^-1 x2) = P ((1-w)/2 * (3, 3)).
  EXPECT_NEAR(f.x[0], p_xx * (1 - w) * 1.5, 1e-6);
  EXPECT_NEAR(f.x[1], p_yy * (1 - w) * 1.5, 1e-6);
  // Determinant criterion: det P = 1/((w + (1-w)/2)(w/4 + (1-w)/2)) = 8/((1+w)(2-w)), whose
  // minimum is at (1+w)(2-w) max: w = 1/2.
  const FusedEstimate<2> d = CovarianceIntersection<2>(x1, p1, x2, p2, CiCriterion::kDeterminant);
  EXPECT_NEAR(d.omega, 0.5, 1e-9);
  EXPECT_NEAR(d.P.determinant(), 8.0 / (1.5 * 1.5), 1e-9);
  // A dominating estimate takes all the weight: P1 = I, P2 = 4 I gives w = 1, P = P1.
  const FusedEstimate<2> e = CovarianceIntersection<2>(x1, M2::Identity(), x2, 4.0 * M2::Identity());
  EXPECT_NEAR(e.omega, 1.0, 1e-9);
  EXPECT_NEAR((e.P - M2::Identity()).norm(), 0.0, 1e-9);
  // Naive fusion: information sum, P = (I + I/4)^-1 = 0.8 I, x = 0.8 * (3/4) (1, 1).
  const FusedEstimate<2> n = NaiveFusion<2>(x1, M2::Identity(), x2, 4.0 * M2::Identity());
  EXPECT_NEAR(n.P(0, 0), 0.8, 1e-12);
  EXPECT_NEAR(n.x[0], 0.6, 1e-12);
}

TEST(CovarianceIntersection, HandComputed6dRotated) {
  // The 2-D case above embedded in 6-D and rotated: P1 = Q diag(1, 4, 5, 5, 5, 5) Q^T,
  // P2 = Q diag(2, 2, 5, 5, 5, 5) Q^T with a rotation Q mixing all axes. The axes 3..6 carry
  // equal variances (generalised eigenvalue 1, four-fold) and add the constant 4 * 5 to
  // trace P(w) and a constant to det P(w), so the optimum is the 2-D one:
  // trace: w = (2 - sqrt2) / (1 + sqrt2); det: w = 1/2; and P = Q diag(p_xx, p_yy, 5, 5, 5, 5) Q^T.
  // Here S is full, so the 6-D reduction to tridiagonal form and the iteration on w are
  // exercised against a closed form (with a degenerate eigenvalue).
  Matrix6d a;
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j) a(i, j) = std::sin(1.0 + 7.0 * i + 3.0 * j);  // fixed, generic
  const Matrix6d q = Eigen::HouseholderQR<Matrix6d>(a).householderQ();
  const Vector6d d1 = (Vector6d() << 1, 4, 5, 5, 5, 5).finished();
  const Vector6d d2 = (Vector6d() << 2, 2, 5, 5, 5, 5).finished();
  const Matrix6d p1 = q * d1.asDiagonal() * q.transpose();
  const Matrix6d p2 = q * d2.asDiagonal() * q.transpose();
  const Vector6d x1 = Vector6d::Zero();
  const Vector6d x2 = q * (Vector6d() << 3, 3, 1, -1, 2, 0).finished();
  const double w_trace = (2.0 - std::sqrt(2.0)) / (1.0 + std::sqrt(2.0));
  for (CiCriterion crit : {CiCriterion::kTrace, CiCriterion::kDeterminant}) {
    const FusedEstimate<6> f = CovarianceIntersection<6>(x1, p1, x2, p2, crit);
    const double w = crit == CiCriterion::kTrace ? w_trace : 0.5;
    ASSERT_TRUE(f.ok);
    // Rounding of the rotated inputs (~1e-15) moves the root by ~1e-15 / f''; 1e-9 catches a
    // search that stops early (the iteration's own stopping error is below 1e-20).
    EXPECT_NEAR(f.omega, w, 1e-9);
    const Vector6d p_diag = (Vector6d() << 2.0 / (1.0 + w), 4.0 / (2.0 - w), 5, 5, 5, 5).finished();
    const Matrix6d p_expected = q * p_diag.asDiagonal() * q.transpose();
    EXPECT_LE((f.P - p_expected).norm(), 1e-12 * p_expected.norm());
    // x = P (w P1^-1 x1 + (1-w) P2^-1 x2), axis by axis in the rotated frame.
    const Vector6d x2_rot = q.transpose() * x2;
    const Vector6d x_expected =
        q * ((1.0 - w) * p_diag.cwiseProduct(x2_rot.cwiseQuotient(d2)));
    EXPECT_LE((f.x - x_expected).norm(), 1e-12 * x2.norm());
  }
}

// Random symmetric positive-definite joint covariance of two 6-D estimates with strong
// (unknown to the fuser) cross-correlation: e1 = A n1, e2 = rho e1' + ..., built from a
// common component.
struct Joint {
  Matrix6d p1, p2, p12;
  Eigen::Matrix<double, 12, 12> chol;
};

Joint RandomJoint(RandomStream& rng, double common_weight) {
  Eigen::Matrix<double, 12, 12> a;
  for (int i = 0; i < 12; ++i)
    for (int j = 0; j < 12; ++j) a(i, j) = rng.Normal();
  Eigen::Matrix<double, 12, 12> c = a * a.transpose() / 12.0;
  c.diagonal().array() += 0.1;
  // Add a shared error component to both estimates.
  Matrix6d b;
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j) b(i, j) = rng.Normal();
  const Matrix6d common = common_weight * b * b.transpose() / 6.0;
  c.topLeftCorner<6, 6>() += common;
  c.bottomRightCorner<6, 6>() += common;
  c.topRightCorner<6, 6>() += common;
  c.bottomLeftCorner<6, 6>() += common;
  Joint j;
  j.p1 = c.topLeftCorner<6, 6>();
  j.p2 = c.bottomRightCorner<6, 6>();
  j.p12 = c.topRightCorner<6, 6>();
  j.chol = Eigen::LLT<Eigen::Matrix<double, 12, 12>>(c).matrixL();
  return j;
}

TEST(CovarianceIntersection, ConsistentUnderUnknownCorrelation) {
  RandomStream rng(99, 0, 0, Purpose::kTest);
  int naive_overconfident = 0;
  for (int trial = 0; trial < 100; ++trial) {
    const Joint j = RandomJoint(rng, 3.0);
    const Vector6d zero = Vector6d::Zero();
    // The fused estimate is linear in the inputs, x = A x1 + B x2, with A, B fixed by P1, P2;
    // its true error covariance follows from the joint covariance.
    auto true_cov = [&](const FusedEstimate<6>& f, bool naive) {
      const Matrix6d i1 = j.p1.inverse(), i2 = j.p2.inverse();
      const Matrix6d a = f.P * (naive ? i1 : f.omega * i1);
      const Matrix6d b = f.P * (naive ? i2 : (1.0 - f.omega) * i2);
      return Matrix6d(a * j.p1 * a.transpose() + b * j.p2 * b.transpose() +
                      a * j.p12 * b.transpose() + b * j.p12.transpose() * a.transpose());
    };
    for (CiCriterion crit : {CiCriterion::kTrace, CiCriterion::kDeterminant}) {
      const FusedEstimate<6> ci = CovarianceIntersection<6>(zero, j.p1, zero, j.p2, crit);
      const Matrix6d diff = ci.P - true_cov(ci, false);
      // CI bound: P_CI - P_true is positive semi-definite (to rounding, 1e-9 of |P|).
      const double min_eig = Eigen::SelfAdjointEigenSolver<Matrix6d>(diff).eigenvalues().minCoeff();
      EXPECT_GE(min_eig, -1e-9 * ci.P.norm()) << trial;
    }
    const FusedEstimate<6> nv = NaiveFusion<6>(zero, j.p1, zero, j.p2);
    const double min_eig =
        Eigen::SelfAdjointEigenSolver<Matrix6d>(nv.P - true_cov(nv, true)).eigenvalues().minCoeff();
    naive_overconfident += min_eig < 0.0;
  }
  // With a strong shared error the naive information sum understates the error every time.
  EXPECT_EQ(naive_overconfident, 100);
}

TEST(CovarianceIntersection, WarmStartFindsTheSameWeightInFewerTrials) {
  // The node fusion starts each search from the weight the same pair got one cycle earlier.
  // A start near the root must give the same optimum (the root is unique: f is convex) in
  // fewer trials; a start exactly at the root stops after one; a hint outside (0, 1) is
  // ignored (the secant start, bit for bit).
  RandomStream rng(17, 0, 0, Purpose::kTest);
  int interior = 0, cold_trials = 0, warm_trials = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const Joint j = RandomJoint(rng, 0.5 * (trial % 7));
    const Vector6d x1 = Vector6d::Zero();
    Vector6d x2;
    for (int i = 0; i < 6; ++i) x2[i] = rng.Normal();
    for (CiCriterion crit : {CiCriterion::kTrace, CiCriterion::kDeterminant}) {
      const FusedEstimate<6> cold = CovarianceIntersection<6>(x1, j.p1, x2, j.p2, crit);
      ASSERT_TRUE(cold.ok);
      for (double bad : {-1.0, 0.0, 1.0, std::nan("")}) {
        const FusedEstimate<6> same = CovarianceIntersection<6>(x1, j.p1, x2, j.p2, crit, bad);
        EXPECT_EQ(same.omega, cold.omega);
        EXPECT_EQ(same.trials, cold.trials);
        EXPECT_EQ((same.P - cold.P).norm(), 0.0);
      }
      if (!(cold.omega > 0.0 && cold.omega < 1.0)) continue;
      ++interior;
      const double hint = std::clamp(cold.omega + (trial % 2 ? 0.02 : -0.02), 1e-3, 1.0 - 1e-3);
      const FusedEstimate<6> warm = CovarianceIntersection<6>(x1, j.p1, x2, j.p2, crit, hint);
      EXPECT_NEAR(warm.omega, cold.omega, 1e-12) << trial;
      EXPECT_LE((warm.P - cold.P).norm(), 1e-12 * cold.P.norm()) << trial;
      EXPECT_LE((warm.x - cold.x).norm(), 1e-12 * (1.0 + x2.norm())) << trial;
      cold_trials += cold.trials;
      warm_trials += warm.trials;
      const FusedEstimate<6> exact = CovarianceIntersection<6>(x1, j.p1, x2, j.p2, crit, cold.omega);
      EXPECT_LE(exact.trials, 2) << trial;
    }
  }
  ASSERT_GT(interior, 100);
  EXPECT_LT(warm_trials, cold_trials);
}

TEST(CovarianceIntersection, MonteCarloNees) {
  // Sampled correlated errors: the average NEES of CI stays below the 97.5 % chi-square
  // bound for 6 dof, while the naive fusion's exceeds it (overconfident).
  RandomStream rng(5, 0, 0, Purpose::kTest);
  const Joint j = RandomJoint(rng, 3.0);
  const int n = 4000;
  double nees_ci = 0, nees_naive = 0;
  const Vector6d truth = Vector6d::Zero();
  for (int k = 0; k < n; ++k) {
    Eigen::Matrix<double, 12, 1> w;
    for (int i = 0; i < 12; ++i) w[i] = rng.Normal();
    const Eigen::Matrix<double, 12, 1> e = j.chol * w;
    const Vector6d x1 = truth + e.head<6>(), x2 = truth + e.tail<6>();
    const FusedEstimate<6> ci = CovarianceIntersection<6>(x1, j.p1, x2, j.p2);
    const FusedEstimate<6> nv = NaiveFusion<6>(x1, j.p1, x2, j.p2);
    nees_ci += ci.x.dot(ci.P.llt().solve(ci.x)) / n;
    nees_naive += nv.x.dot(nv.P.llt().solve(nv.x)) / n;
  }
  const double hi = boost::math::quantile(boost::math::chi_squared(6.0 * n), 0.975) / n;
  EXPECT_LT(nees_ci, hi);
  EXPECT_GT(nees_naive, hi);
}

TEST(CovarianceIntersection, CorrelationGate) {
  const V2 a(0, 0), b(3, 4);
  const M2 p = M2::Identity() * 12.5;  // P1 + P2 = 25 I: d2 = 25 / 25 = 1
  EXPECT_NEAR(StateDifferenceD2<2>(a, p, b, p), 1.0, 1e-12);
  // Known cross-covariance 10 I: P1 + P2 - 2 P12 = 5 I, d2 = 5.
  const M2 p12 = M2::Identity() * 10.0;
  EXPECT_NEAR(StateDifferenceD2<2>(a, p, b, p, &p12), 5.0, 1e-12);
}

// Two sources each reporting the same three targets (constant velocity, local frame) with
// independent noise; source 1's track of target 2 is dropped and re-initiated with a new id.
TEST(FusionNode, StableNetworkNumbers) {
  MotionModelConfig mc;
  mc.kind = MotionKind::kConstantVelocity;
  mc.q_m2ps3 = 0.1;
  const EkfPredictor predictor{MotionModel(mc)};
  FusionNodeConfig cfg;
  FusionNode node(cfg, predictor);
  RandomStream rng(3, 0, 0, Purpose::kTest);
  const Eigen::Vector3d r0[3] = {{0, 0, 10e3}, {5e3, 0, 10e3}, {0, 5e3, 10e3}};
  const Eigen::Vector3d v = {200, 100, 0};
  std::vector<SourceTrack> reports;
  std::int64_t first_numbers[2][3];
  for (int k = 0; k < 20; ++k) {
    const double t = 2.0 * k;
    reports.clear();
    for (int src = 0; src < 2; ++src) {
      for (int i = 0; i < 3; ++i) {
        SourceTrack s;
        s.source = src;
        s.track_id = 100 * src + i + ((src == 1 && i == 2 && k >= 10) ? 50 : 0);
        s.truth_id = i;
        s.state.t_s = t - 0.5 * src;  // sources report at different times
        s.state.P = Matrix6d::Identity() * 400.0;
        s.state.P.bottomRightCorner<3, 3>() *= 0.01;
        s.state.x << r0[i] + v * s.state.t_s, v;
        for (int d = 0; d < 3; ++d) s.state.x[d] += 20.0 * rng.Normal();
        for (int d = 3; d < 6; ++d) s.state.x[d] += 2.0 * rng.Normal();
        reports.push_back(s);
      }
    }
    node.Update(t, reports);
    ASSERT_EQ(node.tracks().size(), 3u) << "scan " << k;
    for (const NetworkTrack& nt : node.tracks()) EXPECT_EQ(nt.num_reports, 2);
    for (int src = 0; src < 2; ++src) {
      for (int i = 0; i < 3; ++i) {
        const std::int64_t num = node.NumberOf(src, reports[3 * src + i].track_id);
        if (k == 0) {
          first_numbers[src][i] = num;
        } else {
          // Both sources' tracks of one target share the first network number for all time,
          // including the re-initiated source track.
          EXPECT_EQ(num, first_numbers[0][i]) << k;
        }
      }
    }
  }
  EXPECT_EQ(first_numbers[0][0], first_numbers[1][0]);
  EXPECT_EQ(node.track_number_changes(), 0);
  // The fused covariance is no larger than either input (CI), consistent with both.
  for (const NetworkTrack& nt : node.tracks()) EXPECT_LE(nt.state.P.trace(), 400.0 * 3 + 12.0 + 1.0);
}

TEST(FusionNode, CountsTrackNumberChange) {
  // A source track that jumps to another object changes network number once.
  MotionModelConfig mc;
  mc.kind = MotionKind::kConstantVelocity;
  const EkfPredictor predictor{MotionModel(mc)};
  FusionNode node(FusionNodeConfig{}, predictor);
  auto st = [](int src, int id, double x, double t) {
    SourceTrack s;
    s.source = src;
    s.track_id = id;
    s.state.t_s = t;
    s.state.P = Matrix6d::Identity() * 100.0;
    s.state.x << x, 0, 0, 0, 0, 0;
    return s;
  };
  node.Update(0.0, std::vector<SourceTrack>{st(0, 1, 0.0, 0.0), st(0, 2, 10e3, 0.0), st(1, 7, 10e3, 0.0)});
  const std::int64_t n_far = node.NumberOf(1, 7);
  EXPECT_EQ(n_far, node.NumberOf(0, 2));
  EXPECT_NE(node.NumberOf(0, 1), n_far);
  // Source 1's track 7 now reports the object at 0.
  node.Update(1.0, std::vector<SourceTrack>{st(0, 1, 0.0, 1.0), st(0, 2, 10e3, 1.0), st(1, 7, 0.0, 1.0)});
  EXPECT_EQ(node.NumberOf(1, 7), node.NumberOf(0, 1));
  EXPECT_EQ(node.track_number_changes(), 1);
}

}  // namespace
}  // namespace bmd::fusion
