// The optimised fusion hot paths against their former implementations (reference copies in
// fusion_hotpaths_reference.h) on large random sets, and the new transition matrix against
// a fine-step solution of the variational equation.
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "models/common/random.h"
#include "models/earth/geodesy.h"
#include "models/fusion/motion_model.h"
#include "models/fusion/predictor.h"
#include "models/fusion/track_fusion.h"
#include "tests/fusion/fusion_hotpaths_reference.h"

namespace bmd::fusion {
namespace {

// Random rotation: Q of the QR factorisation of a Gaussian matrix.
Matrix6d RandomRotation(RandomStream& rng) {
  Matrix6d a;
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j) a(i, j) = rng.Normal();
  return Eigen::HouseholderQR<Matrix6d>(a).householderQ();
}

// Symmetric positive definite, eigenvalues scale * 10^(u_i log10_cond) with u spanning
// [0, 1] (condition number exactly 10^log10_cond), random orientation.
Matrix6d RandomSpd(RandomStream& rng, double log10_cond, double scale) {
  Vector6d lam;
  for (int i = 0; i < 6; ++i) {
    const double u = i == 0 ? 0.0 : (i == 5 ? 1.0 : rng.Uniform());
    lam[i] = scale * std::pow(10.0, u * log10_cond);
  }
  const Matrix6d q = RandomRotation(rng);
  const Matrix6d p = q * lam.asDiagonal() * q.transpose();
  return 0.5 * (p + p.transpose());
}

Vector6d RandomVector(RandomStream& rng, const Matrix6d& p) {
  Vector6d n;
  for (int i = 0; i < 6; ++i) n[i] = rng.Normal();
  return Matrix6d(p.llt().matrixL()) * n;
}

struct CiStats {
  int cases = 0;
  int interior = 0, at_one = 0, at_zero = 0;
  double omega = 0.0, x = 0.0, p = 0.0;  // largest differences seen
  double per_kappa = 0.0;                // largest difference / (condition of S)
  double excess = 0.0;                   // largest relative criterion excess over the reference
  int ok_mismatch = 0;
};

// Independent closed form of the criterion (Eigen's eigen-solver, as in the reference): with
// S = L1^T P2^-1 L1 = V diag(lam) V^T, c_i = |L1 V_i|^2 and d_i = w + (1-w) lam_i,
// trace P(w) = sum c_i / d_i (positive terms: rounding ~1e-16 relative) and
// ln det P(w) = ln det P1 - sum ln d_i. Evaluated at both implementations' w, the same lam and
// c, so the difference measures how far each w is from the minimiser, not rounding in P.
struct CriterionClosedForm {
  Vector6d lam, c;
  double ln_det_p1 = 0.0;
  CriterionClosedForm(const Matrix6d& p1, const Matrix6d& p2) {
    const Matrix6d l1 = p1.llt().matrixL();
    const Matrix6d g = p2.llt().matrixL().solve(l1);
    const Eigen::SelfAdjointEigenSolver<Matrix6d> es(g.transpose() * g);
    lam = es.eigenvalues();
    c = (l1 * es.eigenvectors()).colwise().squaredNorm().transpose();
    ln_det_p1 = 2.0 * l1.diagonal().array().log().sum();
  }
  // Value, and the scale against which its rounding is judged.
  double Value(CiCriterion crit, double w, double* scale) const {
    const Vector6d d = (lam.array() + w * (1.0 - lam.array())).matrix();
    if (crit == CiCriterion::kTrace) {
      *scale = c.cwiseQuotient(d).sum();
      return *scale;
    }
    *scale = std::abs(ln_det_p1) + d.array().log().abs().sum();
    return ln_det_p1 - d.array().log().sum();
  }
};

// Condition number of S = L1^T P2^-1 L1 (the generalised eigenvalues of the pair), which
// bounds how far rounding can move the fused estimate.
double PairCondition(const Matrix6d& p1, const Matrix6d& p2) {
  const Matrix6d l1 = p1.llt().matrixL();
  const Matrix6d g = p2.llt().matrixL().solve(l1);
  const Vector6d lam = Eigen::SelfAdjointEigenSolver<Matrix6d>(g.transpose() * g).eigenvalues();
  return lam.maxCoeff() / lam.minCoeff();
}

// One pair, both criteria: ok flag identical; omega within 1e-9 absolute, x and P within
// 1e-9 relative (Frobenius; x relative to the largest of |x1|, |x2|, |x_ref|, the scale of
// the inputs). The two implementations compute the same minimiser of the same criterion
// through the same simultaneous diagonalisation, by different eigen-solvers (Eigen's
// tridiagonal QR vs Householder + implicit QL), so they agree to rounding amplified by the
// condition number kappa of S: with tolerance = 1e-9 where kappa <= 1e5 (rounding 1e-16
// times kappa stays 1e4 below it), and otherwise the differences must stay below
// 1e-12 kappa (first-order perturbation of the eigen-decomposition, eps kappa, with a
// margin of 1e4 for the derivatives' sums and the Newton root).
// The ok flag must agree except where S is numerically singular (kappa > 1e14: the
// reference's test "smallest eigenvalue > 0" and the QL eigenvalues are then both decided
// by rounding); such mismatches are counted. w_floor raises the tolerance on omega and x
// for pairs where w is ill-determined by the data (near-equal pairs, see there).
void CompareCi(const Vector6d& x1, const Matrix6d& p1, const Vector6d& x2, const Matrix6d& p2,
               CiStats* stats, const char* what, double w_floor = 0.0) {
  const double kappa = PairCondition(p1, p2);
  const double tol = kappa <= 1e5 ? 1e-9 : 1e-12 * kappa;
  const double tol_wx = std::max(tol, w_floor);
  for (CiCriterion crit : {CiCriterion::kTrace, CiCriterion::kDeterminant}) {
    const FusedEstimate<6> ref = reference::CovarianceIntersection<6>(x1, p1, x2, p2, crit);
    const FusedEstimate<6> got = CovarianceIntersection<6>(x1, p1, x2, p2, crit);
    ++stats->cases;
    // An end point returns that input itself, bit for bit (no decomposition on that path).
    if (got.ok && got.omega == 1.0) {
      EXPECT_TRUE(got.x == x1 && got.P == p1) << what << " case " << stats->cases;
    }
    if (got.ok && got.omega == 0.0) {
      EXPECT_TRUE(got.x == x2 && got.P == p2) << what << " case " << stats->cases;
    }
    if (got.ok != ref.ok) {
      ++stats->ok_mismatch;
      EXPECT_GT(kappa, 1e14) << what << " case " << stats->cases << " ok " << got.ok;
      continue;
    }
    if (!ref.ok) {
      EXPECT_EQ(got.x, x1);
      EXPECT_EQ(got.P, p1);
      continue;
    }
    stats->interior += ref.omega > 0.0 && ref.omega < 1.0;
    stats->at_one += ref.omega == 1.0;
    stats->at_zero += ref.omega == 0.0;
    const double d_omega = std::abs(got.omega - ref.omega);
    const double d_p = (got.P - ref.P).norm() / ref.P.norm();
    const double x_scale = std::max({x1.norm(), x2.norm(), ref.x.norm()});
    const double d_x = (got.x - ref.x).norm() / x_scale;
    stats->p = std::max(stats->p, d_p);
    stats->per_kappa = std::max(stats->per_kappa, d_p / kappa);
    EXPECT_LE(d_p, tol) << what << " case " << stats->cases << " omega " << ref.omega
                        << " kappa " << kappa;
    stats->omega = std::max(stats->omega, d_omega);
    stats->x = std::max(stats->x, d_x);
    stats->per_kappa = std::max({stats->per_kappa, d_omega / kappa, d_x / kappa});
    EXPECT_LE(d_omega, tol_wx) << what << " case " << stats->cases << " ref omega " << ref.omega
                            << " kappa " << kappa;
    EXPECT_LE(d_x, tol_wx) << what << " case " << stats->cases << " omega " << ref.omega
                        << " kappa " << kappa;
    // The criterion at the new w is never worse than at the reference's by more than 1e-12
    // relative (closed form above; its own rounding at two w is ~1e-15 of the scale, and f is
    // flat at the optimum, f(w) - f(w*) = f''(w*) dw^2 / 2, so a w off by 1e-8 costs ~1e-16).
    if (kappa <= 1e14) {
      const CriterionClosedForm f(p1, p2);
      double scale = 0.0;
      const double f_ref = f.Value(crit, ref.omega, &scale);
      const double f_got = f.Value(crit, got.omega, &scale);
      stats->excess = std::max(stats->excess, (f_got - f_ref) / scale);
      EXPECT_LE(f_got - f_ref, 1e-12 * scale) << what << " case " << stats->cases << " omega "
                                              << got.omega << " ref " << ref.omega;
    }
  }
}

void Print(const char* what, const CiStats& s) {
  std::printf("[ CI %-11s] %5d cases (omega in (0,1): %d, = 1: %d, = 0: %d)  max |d omega| %.1e,"
              " max rel d x %.1e, max rel d P %.1e, max d / kappa %.1e, ok differs (kappa > 1e14) %d,"
              " max criterion excess %.1e\n",
              what, s.cases, s.interior, s.at_one, s.at_zero, s.omega, s.x, s.p, s.per_kappa,
              s.ok_mismatch, s.excess);
}

TEST(CovarianceIntersectionSpeed, AgreesWithEigenDecompositionVersionWellConditioned) {
  RandomStream rng(11, 0, 0, Purpose::kTest);
  CiStats stats;
  for (int trial = 0; trial < 3000; ++trial) {
    const double scale1 = std::pow(10.0, rng.Uniform(-2.0, 6.0));
    const double scale2 = scale1 * std::pow(10.0, rng.Uniform(-2.0, 2.0));
    const Matrix6d p1 = RandomSpd(rng, rng.Uniform(0.0, 2.0), scale1);
    const Matrix6d p2 = RandomSpd(rng, rng.Uniform(0.0, 2.0), scale2);
    CompareCi(RandomVector(rng, p1), p1, RandomVector(rng, p2), p2, &stats, "well");
  }
  Print("well-cond.", stats);
  // The set exercises all three outcomes.
  EXPECT_GT(stats.interior, 1000);
  EXPECT_GT(stats.at_one, 50);
  EXPECT_GT(stats.at_zero, 50);
}

TEST(CovarianceIntersectionSpeed, AgreesWithEigenDecompositionVersionIllConditioned) {
  // Each covariance with condition number up to 1e10 (pairs beyond are skipped): P2 is P1
  // congruence-transformed by a random matrix of condition <= 10^2.5, or P1 rescaled per
  // axis by up to 10^+-2.5 and slightly rotated, so that the pair's own condition (that of
  // S) spreads from 1 to ~1e10.
  RandomStream rng(12, 0, 0, Purpose::kTest);
  CiStats stats;
  for (int trial = 0; trial < 3000; ++trial) {
    const double scale = std::pow(10.0, rng.Uniform(-2.0, 6.0));
    const Matrix6d p1 = RandomSpd(rng, rng.Uniform(2.0, 10.0), scale);
    Matrix6d p2;
    if (trial % 2 == 0) {
      const Matrix6d m = RandomSpd(rng, rng.Uniform(0.0, 2.5), 1.0);
      p2 = m * p1 * m.transpose();
    } else {
      // Ill-conditioned P2 of its own, aligned with P1 up to a small rotation.
      Matrix6d a;
      for (int i = 0; i < 6; ++i)
        for (int j = 0; j < 6; ++j) a(i, j) = rng.Normal(0.0, 0.3);
      const Matrix6d skew = 0.5 * (a - a.transpose());
      const Matrix6d rot = (Matrix6d::Identity() + 0.5 * skew) *
                           (Matrix6d::Identity() - 0.5 * skew).inverse();  // Cayley
      Vector6d gain;
      for (int i = 0; i < 6; ++i) gain[i] = std::pow(10.0, rng.Uniform(-2.5, 2.5));
      p2 = rot * gain.asDiagonal() * p1 * gain.asDiagonal() * rot.transpose();
    }
    p2 = 0.5 * (p2 + p2.transpose()).eval();
    const Vector6d ev2 = Eigen::SelfAdjointEigenSolver<Matrix6d>(p2).eigenvalues();
    if (!(ev2.minCoeff() > 0.0) || ev2.maxCoeff() / ev2.minCoeff() > 1e10) continue;
    CompareCi(RandomVector(rng, p1), p1, RandomVector(rng, p2), p2, &stats, "ill");
  }
  Print("ill-cond.", stats);
  EXPECT_GT(stats.interior, 1000);
  EXPECT_GT(stats.cases, 3000);
  EXPECT_LT(stats.ok_mismatch, stats.cases / 100);
}

TEST(CovarianceIntersectionSpeed, AgreesNearEqualAndDominatedPairs) {
  RandomStream rng(13, 0, 0, Purpose::kTest);
  CiStats near, dominated;
  for (int trial = 0; trial < 1500; ++trial) {
    const double scale = std::pow(10.0, rng.Uniform(-2.0, 6.0));
    const Matrix6d p1 = RandomSpd(rng, rng.Uniform(0.0, 6.0), scale);
    // Near-equal: P2 = P1 (I + eps sym) with eps from 1e-12 to 1e-3, and exactly equal.
    const double eps = trial % 10 == 0 ? 0.0 : std::pow(10.0, rng.Uniform(-12.0, -3.0));
    const Matrix6d d = RandomSpd(rng, 1.0, 1.0) - 3.0 * Matrix6d::Identity();
    Matrix6d p2 = p1 + eps * 0.5 * (p1 * d + d * p1);
    p2 = 0.5 * (p2 + p2.transpose()).eval();
    // For P2 = P1 (1 + O(eps)) the generalised eigenvalues are 1 + O(eps), known to 1e-16
    // absolute, so 1 - lam_i (and f') carry a relative error 1e-16 / eps while f'' is
    // O(eps^2) against f' = O(eps): the root w moves by ~1e-16 / eps^2 with rounding, and x
    // with it (along x2 - x1). omega and x are compared to 1e-14 / eps^2 (100 x that) when it
    // exceeds 1e-9; P(w) = P1 + O(eps) is insensitive to w and keeps the 1e-9 tolerance.
    const Vector6d xa = RandomVector(rng, p1), xb = RandomVector(rng, p2);
    CompareCi(xa, p1, xb, p2, &near, "near-equal",
              eps > 0.0 ? 1e-14 / (eps * eps) : std::numeric_limits<double>::infinity());
    if (eps == 0.0) {
      // Exact tie: w = 1 by the documented rule, x = x1, P = P1 (to rounding).
      for (CiCriterion crit : {CiCriterion::kTrace, CiCriterion::kDeterminant}) {
        const FusedEstimate<6> f = CovarianceIntersection<6>(xa, p1, xb, p2, crit);
        EXPECT_EQ(f.omega, 1.0);
        EXPECT_LE((f.x - xa).norm(), 1e-12 * xa.norm());
        EXPECT_LE((f.P - p1).norm(), 1e-13 * p1.norm());
      }
    }
    // Dominated: P2 = P1 + positive semi-definite (w = 1 for both criteria), and reversed
    // (w = 0).
    const Matrix6d extra = RandomSpd(rng, rng.Uniform(0.0, 4.0), scale * rng.Uniform(0.01, 10.0));
    const Matrix6d big = p1 + extra;
    CompareCi(RandomVector(rng, p1), p1, RandomVector(rng, big), big, &dominated, "dominated");
    CompareCi(RandomVector(rng, big), big, RandomVector(rng, p1), p1, &dominated, "dominating");
  }
  Print("near-equal", near);
  Print("dominated", dominated);
  // P1 <= P2 in the Loewner order makes w = 1 optimal (w = 0 when swapped) for both criteria.
  EXPECT_EQ(dominated.at_one + dominated.at_zero, dominated.cases);
  EXPECT_EQ(dominated.at_one, dominated.at_zero);
}

TEST(CovarianceIntersectionSpeed, AgreesOnRadarLikeTracks) {
  // Node-fusion geometry: position covariance long along each radar's line of sight (range
  // sigma 20 m, cross-range 1 mrad x 50..1000 km), velocity block 1e-4..1e-2 of it,
  // correlated position-velocity block.
  RandomStream rng(14, 0, 0, Purpose::kTest);
  CiStats stats;
  auto track = [&rng]() {
    Matrix6d p = reference::RadarLikeCovariance(rng);
    p += 1e-3 * RandomSpd(rng, 1.0, 1.0);
    return p;
  };
  for (int trial = 0; trial < 3000; ++trial) {
    const Matrix6d p1 = track(), p2 = track();
    const Vector6d x0 = (Vector6d() << 3e6, 4e6, 2e6, 1e3, -2e3, 5e2).finished();
    CompareCi(x0 + RandomVector(rng, p1), p1, x0 + RandomVector(rng, p2), p2, &stats, "radar");
  }
  Print("radar-like", stats);
}

TEST(CovarianceIntersectionSpeed, AgreesInTwoDimensions) {
  // The header is also instantiated with N = 2 (hand-checkable cases): there T = S and the
  // Householder reduction is empty. Random pairs of condition <= 1e3 each, scales 1e-2..1e6,
  // both criteria; omega, x, P to 1e-9 (kappa of S <= 1e6 here: rounding 1e-16 kappa stays
  // far below), the same ok flag and the same end-point decisions.
  RandomStream rng(16, 0, 0, Purpose::kTest);
  using V2 = Eigen::Vector2d;
  using M2 = Eigen::Matrix2d;
  auto spd = [&rng](double scale) {
    const double a = rng.Uniform(0.0, M_PI);
    M2 q;
    q << std::cos(a), -std::sin(a), std::sin(a), std::cos(a);
    const V2 lam(scale, scale * std::pow(10.0, rng.Uniform(0.0, 3.0)));
    return M2(q * lam.asDiagonal() * q.transpose());
  };
  int interior = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    const double s1 = std::pow(10.0, rng.Uniform(-2.0, 6.0));
    const M2 p1 = spd(s1), p2 = spd(s1 * std::pow(10.0, rng.Uniform(-1.5, 1.5)));
    const V2 x1(rng.Normal(), rng.Normal()), x2(rng.Normal(), rng.Normal());
    for (CiCriterion crit : {CiCriterion::kTrace, CiCriterion::kDeterminant}) {
      const FusedEstimate<2> ref = reference::CovarianceIntersection<2>(x1, p1, x2, p2, crit);
      const FusedEstimate<2> got = CovarianceIntersection<2>(x1, p1, x2, p2, crit);
      ASSERT_EQ(got.ok, ref.ok);
      EXPECT_EQ(got.omega == 1.0, ref.omega == 1.0) << trial;
      EXPECT_EQ(got.omega == 0.0, ref.omega == 0.0) << trial;
      interior += got.omega > 0.0 && got.omega < 1.0;
      EXPECT_NEAR(got.omega, ref.omega, 1e-9) << trial;
      EXPECT_LE((got.P - ref.P).norm(), 1e-9 * ref.P.norm()) << trial;
      EXPECT_LE((got.x - ref.x).norm(), 1e-9 * std::max({x1.norm(), x2.norm(), ref.x.norm()}))
          << trial;
    }
  }
  EXPECT_GT(interior, 2000);
}

TEST(CovarianceIntersectionSpeed, NonPositiveDefiniteInputsAreRejectedAsBefore) {
  RandomStream rng(15, 0, 0, Purpose::kTest);
  const Vector6d x1 = Vector6d::Constant(1.0), x2 = Vector6d::Constant(2.0);
  const Matrix6d good = RandomSpd(rng, 2.0, 1.0);
  Matrix6d indefinite = good;
  indefinite(3, 3) = -1.0;
  Matrix6d singular = good;
  singular.row(2).setZero();
  singular.col(2).setZero();
  Matrix6d with_nan = good;
  with_nan(1, 1) = std::numeric_limits<double>::quiet_NaN();
  for (const Matrix6d& bad : {indefinite, singular, with_nan}) {
    for (CiCriterion crit : {CiCriterion::kTrace, CiCriterion::kDeterminant}) {
      for (int order = 0; order < 2; ++order) {
        const Matrix6d& p1 = order == 0 ? bad : good;
        const Matrix6d& p2 = order == 0 ? good : bad;
        const FusedEstimate<6> ref = reference::CovarianceIntersection<6>(x1, p1, x2, p2, crit);
        const FusedEstimate<6> got = CovarianceIntersection<6>(x1, p1, x2, p2, crit);
        EXPECT_FALSE(ref.ok);
        EXPECT_FALSE(got.ok);
        EXPECT_EQ(got.x, x1);
        // P1 returned as is (NaN compares unequal to itself: compare bit patterns by norm).
        EXPECT_TRUE(got.P.cwiseEqual(p1).count() + got.P.array().isNaN().count() == 36);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// EKF prediction.

// Boost-free ballistic state: altitude 100..1500 km, speed 1..7.5 km/s, flight-path angle
// -60..+60 deg, any heading, anywhere on Earth (ECEF).
Vector6d RandomBallisticState(RandomStream& rng) {
  const double lat = std::asin(rng.Uniform(-1.0, 1.0));
  const double lon = rng.Uniform(-M_PI, M_PI);
  const double alt = rng.Uniform(100e3, 1500e3);
  const double speed = rng.Uniform(1000.0, 7500.0);
  const double gamma = rng.Uniform(-60.0, 60.0) * earth::kDeg;
  const double heading = rng.Uniform(0.0, 2.0 * M_PI);
  const Eigen::Vector3d v_enu(speed * std::cos(gamma) * std::sin(heading),
                              speed * std::cos(gamma) * std::cos(heading), speed * std::sin(gamma));
  Vector6d x;
  x << earth::GeodeticToEcef({lat, lon, alt}), earth::REcefFromEnu(lat, lon) * v_enu;
  return x;
}

// Track covariance: position sigmas 1 m .. 10 km, velocity sigmas 0.01 .. 100 m/s, random
// correlations (random SPD correlation matrix scaled by the sigmas).
Matrix6d RandomTrackCovariance(RandomStream& rng) {
  Vector6d sigma;
  for (int i = 0; i < 3; ++i) sigma[i] = std::pow(10.0, rng.Uniform(0.0, 4.0));
  for (int i = 3; i < 6; ++i) sigma[i] = std::pow(10.0, rng.Uniform(-2.0, 2.0));
  const Matrix6d c = RandomSpd(rng, rng.Uniform(0.0, 3.0), 1.0);
  const Vector6d inv_sqrt_diag = c.diagonal().cwiseSqrt().cwiseInverse();
  const Matrix6d corr = inv_sqrt_diag.asDiagonal() * c * inv_sqrt_diag.asDiagonal();
  return sigma.asDiagonal() * corr * sigma.asDiagonal();
}

double RelDiff(const Eigen::MatrixXd& a, const Eigen::MatrixXd& ref) {
  return (a - ref).norm() / ref.norm();
}

TEST(EkfPredictorSpeed, StateBitIdenticalAndCovarianceWithin1e8OfRk4Variational) {
  RandomStream rng(21, 0, 0, Purpose::kTest);
  double max_p = 0.0, max_pvv = 0.0, max_pos_sigma_change = 0.0;
  int cases = 0;
  for (bool j2 : {true, false}) {
    for (bool rotation : {true, false}) {
      MotionModelConfig cfg;
      cfg.j2 = j2;
      cfg.rotation = rotation;
      cfg.q_m2ps3 = std::pow(10.0, rng.Uniform(-3.0, 2.0));
      const MotionModel model(cfg);
      const EkfPredictor predictor(model);
      for (int trial = 0; trial < 1500; ++trial) {
        GaussianState s;
        s.x = RandomBallisticState(rng);
        s.P = RandomTrackCovariance(rng);
        s.t_s = rng.Uniform(0.0, 1000.0);
        // dt log-uniform over [0.01, 12] s, plus the sub-step boundaries and retrodiction.
        double dt = std::pow(10.0, rng.Uniform(-2.0, std::log10(12.0)));
        if (trial % 50 == 1) dt = 5.0;
        if (trial % 50 == 2) dt = 10.0;
        if (trial % 50 == 3) dt = 12.0;
        if (trial % 25 == 4) dt = -dt;
        const double t = s.t_s + dt;
        const GaussianState ref = reference::EkfPredict(model, s, t);
        const GaussianState got = predictor.Predict(s, t);
        ++cases;
        // The state is computed by the same arithmetic: bit-identical.
        ASSERT_TRUE(got.x == ref.x) << "dt " << dt << " trial " << trial;
        EXPECT_EQ(got.t_s, ref.t_s);
        // Covariance: the new transition differs from RK4 on (x, Phi) by < ~1e-11 relative
        // (bound in motion_model.cc); the requirement is 1e-8 on P (Frobenius).
        const double d = RelDiff(got.P, ref.P);
        const double d_vv = RelDiff(got.P.bottomRightCorner<3, 3>(), ref.P.bottomRightCorner<3, 3>());
        max_p = std::max(max_p, d);
        max_pvv = std::max(max_pvv, d_vv);
        max_pos_sigma_change =
            std::max(max_pos_sigma_change, RelDiff(ref.P, s.P + model.ProcessNoise(dt)));
        EXPECT_LE(d, 1e-8) << "dt " << dt << " j2 " << j2 << " rot " << rotation;
        // The velocity block alone: its coupling F_vr ~ |G| dt is the least accurately
        // resolved block (second order in G with G frozen: ~2e-7 of F_vr itself, see
        // motion_model.cc), and P_vv picks it up through F_vr P_rv F_vv^T with P_rr / P_vv up
        // to 1e12 s^2 in this set: 1e-6.
        EXPECT_LE(d_vv, 1e-6) << "dt " << dt << " j2 " << j2 << " rot " << rotation;
        EXPECT_TRUE(got.P.isApprox(got.P.transpose(), 0.0));
      }
    }
  }
  std::printf("[ EKF predict ] %d cases: max rel d P %.2e (velocity block %.2e); the "
              "prediction itself changes P by up to %.2e relative\n",
              cases, max_p, max_pvv, max_pos_sigma_change);
}

TEST(EkfPredictorSpeed, TransitionMatchesFineStepVariationalEquation) {
  // Independent of the RK4 reference's step: RK4 on (x, Phi) with 0.01 s steps (error
  // ~ (h / 5 s)^4 smaller than at the default step, i.e. exact to rounding) against the new
  // transition over whole time steps; blocks rr, vv relative to 1, rv relative to dt, to
  // 1e-9 (the bound in motion_model.cc is ~1e-11), and vr relative to |G| dt.
  RandomStream rng(22, 0, 0, Purpose::kTest);
  MotionModelConfig fine_cfg;
  fine_cfg.max_step_s = 0.01;
  const MotionModel fine(fine_cfg);
  const MotionModel model{MotionModelConfig{}};
  double worst = 0.0, worst_vr = 0.0;
  for (int trial = 0; trial < 200; ++trial) {
    const Vector6d x = RandomBallisticState(rng);
    const double dt = rng.Uniform(0.5, 12.0);
    Vector6d x_fine, x_new;
    Matrix6d f_fine, f_new;
    reference::PropagateWithTransition(fine, x, dt, &x_fine, &f_fine);
    model.PropagateWithTransition(x, dt, &x_new, &f_new);
    const Matrix6d d = f_new - f_fine;
    const double g = f_fine.bottomLeftCorner<3, 3>().norm() / dt;  // ~ |G|
    const double e = std::max({d.topLeftCorner<3, 3>().norm(), d.topRightCorner<3, 3>().norm() / dt,
                               d.bottomRightCorner<3, 3>().norm()});
    const double e_vr = d.bottomLeftCorner<3, 3>().norm() / (g * dt);
    worst = std::max(worst, e);
    worst_vr = std::max(worst_vr, e_vr);
    EXPECT_LT(e, 1e-9) << "dt " << dt;
    // F_vr relative to its own size |G| dt: the frozen-G second-order term and the dropped
    // c^2 G term are ~1e-7 of it (motion_model.cc): 1e-6.
    EXPECT_LT(e_vr, 1e-6) << "dt " << dt;
    // The gravity-gradient terms are resolved: vr differs from zero by |G| dt.
    EXPECT_GT(g, 1e-7);
  }
  std::printf("[ EKF predict ] transition vs 0.01 s RK4: worst block-relative error %.2e"
              " (rr, rv, vv), %.2e (vr)\n", worst, worst_vr);
}

TEST(EkfPredictorSpeed, ZeroStepAndLinearModelsUnchanged) {
  const MotionModel ballistic{MotionModelConfig{}};
  RandomStream rng(23, 0, 0, Purpose::kTest);
  const Vector6d x = RandomBallisticState(rng);
  Vector6d x_out;
  Matrix6d f;
  ballistic.PropagateWithTransition(x, 0.0, &x_out, &f);
  EXPECT_TRUE(x_out == x);
  EXPECT_TRUE(f == Matrix6d::Identity());
  for (MotionKind kind : {MotionKind::kConstantVelocity, MotionKind::kFlatGravity}) {
    MotionModelConfig cfg;
    cfg.kind = kind;
    const MotionModel model(cfg);
    GaussianState s;
    s.x << 100, -200, 3000, 50, 60, 70;
    s.P = RandomTrackCovariance(rng);
    for (double dt : {-3.0, 0.0, 0.5, 7.0}) {
      const GaussianState ref = reference::EkfPredict(model, s, dt);
      const GaussianState got = EkfPredictor(model).Predict(s, dt);
      EXPECT_TRUE(got.x == ref.x);
      // Closed form F = [I dt I; 0 I]; P within rounding of the same product.
      EXPECT_LE(RelDiff(got.P, ref.P), 1e-14);
    }
  }
}

}  // namespace
}  // namespace bmd::fusion
