// The radar trackers' per-scan hot paths (EkfUpdater::PredictInnovation, EkfUpdater::Update,
// the covariance part of EkfPredictor::Predict) against reference copies of their former
// general implementations (4 x 4 masked innovation covariance, Eigen::LLT, Joseph form with
// explicit I - K H, full F P F^T), on large random sets of the states and measurements the
// trackers see, plus closed-form cases that check both against hand-computed results.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <vector>

#include "models/common/random.h"
#include "models/earth/geodesy.h"
#include "models/fusion/motion_model.h"
#include "models/fusion/predictor.h"
#include "models/fusion/updater.h"
#include "models/sensors/measurement.h"
#include "tests/fusion/fusion_hotpaths_reference.h"

namespace bmd::fusion {
namespace {

using sensors::Measurement;
using sensors::MeasurementKind;

// ---- Reference copies (models/fusion/updater.cc and predictor.cc before the rewrite) ----
namespace reference {

using Matrix46 = Eigen::Matrix<double, 4, 6>;
using Matrix64 = Eigen::Matrix<double, 6, 4>;

Eigen::LLT<Eigen::Matrix4d> Finish(Innovation* inn) {
  Eigen::LLT<Eigen::Matrix4d> llt(inn->S);
  inn->ok = llt.info() == Eigen::Success;
  if (!inn->ok) return llt;
  inn->d2 = llt.solve(inn->y).dot(inn->y);
  inn->log_det_S = 2.0 * llt.matrixL().toDenseMatrix().diagonal().array().log().sum();
  return llt;
}

void MaskS(int dim, Eigen::Matrix4d* s) {
  for (int i = dim; i < 4; ++i) {
    s->row(i).setZero();
    s->col(i).setZero();
    (*s)(i, i) = 1.0;
  }
}

Innovation PredictInnovation(const GaussianState& prior, const Measurement& m) {
  Innovation inn;
  inn.dim = m.Dim();
  const Eigen::Vector3d r = prior.x.head<3>();
  const Eigen::Vector3d v = prior.x.tail<3>();
  const Matrix46 h = sensors::MeasurementJacobian(m, r, v);
  inn.y = sensors::MeasurementResidual(m, m.z, sensors::PredictMeasurement(m, r, v));
  inn.S.noalias() = h * prior.P * h.transpose();
  inn.S += m.NoiseCovariance();
  MaskS(inn.dim, &inn.S);
  Finish(&inn);
  return inn;
}

UpdateResult Update(const GaussianState& prior, const Measurement& m) {
  UpdateResult res;
  res.posterior = prior;
  Innovation& inn = res.innovation;
  inn.dim = m.Dim();
  const Eigen::Vector3d r = prior.x.head<3>();
  const Eigen::Vector3d v = prior.x.tail<3>();
  const Matrix46 h = sensors::MeasurementJacobian(m, r, v);
  const Eigen::Matrix4d rn = m.NoiseCovariance();
  inn.y = sensors::MeasurementResidual(m, m.z, sensors::PredictMeasurement(m, r, v));
  const Matrix64 pht = prior.P * h.transpose();
  inn.S.noalias() = h * pht;
  inn.S += rn;
  MaskS(inn.dim, &inn.S);
  const Eigen::LLT<Eigen::Matrix4d> llt = Finish(&inn);
  if (!inn.ok) return res;
  const Matrix64 k = llt.solve(pht.transpose()).transpose();
  res.posterior.x += k * inn.y;
  Matrix6d a = Matrix6d::Identity();
  a.noalias() -= k * h;
  Matrix6d p;
  p.noalias() = a * prior.P * a.transpose();
  p.noalias() += k * rn * k.transpose();
  res.posterior.P = 0.5 * (p + p.transpose());
  res.nis = inn.d2;
  res.ok = true;
  return res;
}

GaussianState Predict(const MotionModel& motion, const GaussianState& prior, double t_s) {
  const double dt = t_s - prior.t_s;
  GaussianState out;
  out.t_s = t_s;
  Matrix6d f;
  motion.PropagateWithTransition(prior.x, dt, &out.x, &f);
  if (motion.IsLinear()) {
    out.P.noalias() = f * prior.P * f.transpose();
    out.P += motion.ProcessNoise(dt);
    out.P = 0.5 * (out.P + out.P.transpose()).eval();
    return out;
  }
  Matrix6d w;
  w.noalias() = f.lazyProduct(prior.P);
  out.P.noalias() = w.lazyProduct(f.transpose());
  out.P.triangularView<Eigen::StrictlyUpper>() = out.P.transpose();
  const double h = std::abs(dt);
  const double q = motion.config().q_m2ps3;
  const double q_rr = q * h * h * h / 3.0, q_rv = q * h * h / 2.0, q_vv = q * h;
  for (int i = 0; i < 3; ++i) {
    out.P(i, i) += q_rr;
    out.P(i + 3, i + 3) += q_vv;
    out.P(i, i + 3) += q_rv;
    out.P(i + 3, i) += q_rv;
  }
  return out;
}

}  // namespace reference

// ---- Extended precision (x87 long double, 64-bit mantissa) of the same equations, from the
// same double inputs h(x), H, y, P, R: the "exact" answer both implementations round. ----
namespace extended {

using Ld = long double;
template <int R, int C>
using MatL = Eigen::Matrix<Ld, R, C>;

struct Result {
  MatL<4, 4> S;
  Ld d2 = 0, log_det = 0;
  MatL<6, 1> dx;  // K y
  MatL<6, 6> P;   // Joseph form
};

Result Update(const GaussianState& prior, const Measurement& m) {
  const int d = m.Dim();
  const Eigen::Vector3d r = prior.x.head<3>(), v = prior.x.tail<3>();
  const MatL<4, 6> h = sensors::MeasurementJacobian(m, r, v).cast<Ld>();
  const MatL<4, 1> y =
      sensors::MeasurementResidual(m, m.z, sensors::PredictMeasurement(m, r, v)).cast<Ld>();
  const MatL<6, 6> p = prior.P.cast<Ld>();
  MatL<4, 4> rn = m.NoiseCovariance().cast<Ld>();
  Result out;
  out.S = h * p * h.transpose() + rn;
  for (int i = d; i < 4; ++i) {
    out.S.row(i).setZero();
    out.S.col(i).setZero();
    out.S(i, i) = 1;
  }
  const Eigen::LLT<MatL<4, 4>> llt(out.S);
  out.d2 = y.dot(llt.solve(y));
  const MatL<4, 4> l = llt.matrixL();
  for (int i = 0; i < 4; ++i) out.log_det += 2 * std::log(l(i, i));
  const MatL<6, 4> k = llt.solve(h * p).transpose();
  out.dx = k * y;
  const MatL<6, 6> a = MatL<6, 6>::Identity() - k * h;
  out.P = a * p * a.transpose() + k * rn * k.transpose();
  out.P = ((out.P + out.P.transpose()) / 2).eval();
  return out;
}

}  // namespace extended

// ---- Random cases of the kinds the trackers see ----

Matrix6d RandomRotation(RandomStream& rng) {
  Matrix6d a;
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j) a(i, j) = rng.Normal();
  return Eigen::HouseholderQR<Matrix6d>(a).householderQ();
}

// Three families of prior covariance for a target at range_m along the unit line of sight:
//  0: tracked, position error elongated along the line of sight (range sigma 20-200 m,
//     cross-range 0.3-3 mrad x range), velocity 1-2 % of it, random correlation;
//  1: just initiated (position from one measurement, velocity sigma 5 km/s per axis) and
//     predicted 0.5-10 s with the constant-velocity transition: the largest P the filter sees;
//  2: random orientation, eigenvalues spread over 10^0..10^8 times (10 m)^2.
Matrix6d RandomCovariance(RandomStream& rng, int family, const Eigen::Vector3d& los,
                          double range_m) {
  Matrix6d p = Matrix6d::Zero();
  if (family == 0 || family == 1) {
    const double s_r = rng.Uniform(20.0, 200.0);
    const double s_x = rng.Uniform(0.3e-3, 3e-3) * range_m;
    const Eigen::Matrix3d pos = s_x * s_x * Eigen::Matrix3d::Identity() +
                                (s_r * s_r - s_x * s_x) * los * los.transpose();
    if (family == 0) {
      Matrix6d a;
      for (int i = 0; i < 6; ++i)
        for (int j = 0; j < 6; ++j) a(i, j) = rng.Normal();
      p.topLeftCorner<3, 3>() = pos;
      p.bottomRightCorner<3, 3>() = rng.Uniform(0.01, 0.02) * pos;
      p.topRightCorner<3, 3>() = 0.1 * pos;
      p.bottomLeftCorner<3, 3>() = 0.1 * pos;
      p += 1e-2 * s_r * s_r * a * a.transpose();
    } else {
      p.topLeftCorner<3, 3>() = pos;
      p.bottomRightCorner<3, 3>().diagonal().setConstant(5000.0 * 5000.0);
      const double dt = rng.Uniform(0.5, 10.0);
      Matrix6d f = Matrix6d::Identity();
      f.topRightCorner<3, 3>().diagonal().setConstant(dt);
      p = (f * p * f.transpose()).eval();
    }
  } else {
    const Matrix6d q = RandomRotation(rng);
    Vector6d lam;
    for (int i = 0; i < 6; ++i) lam[i] = 100.0 * std::pow(10.0, 8.0 * rng.Uniform());
    p = q * lam.asDiagonal() * q.transpose();
  }
  return 0.5 * (p + p.transpose());
}

struct Case {
  GaussianState prior;
  Measurement m;
};

// Ground radar at 36 N 127 E (range/az/el, with range rate), a space IR sensor 1,000 km above
// 30 N 135 E (line of sight), or Cartesian position reports; targets 100-2,000 km from the
// radar at 3-60 deg elevation, any azimuth (wrap-around at +-pi included), 0.5-7 km/s.
Case RandomCase(RandomStream& rng, MeasurementKind kind, int family) {
  const earth::Geodetic site{36.0 * earth::kDeg, 127.0 * earth::kDeg, 100.0};
  const Eigen::Vector3d site_ecef = earth::GeodeticToEcef(site);
  const Eigen::Matrix3d r_site = earth::REcefFromEnu(site.lat_rad, site.lon_rad);
  const double range = rng.Uniform(100e3, 2000e3);
  const double az = rng.Uniform(-std::numbers::pi, std::numbers::pi);
  const double el = rng.Uniform(0.05, 1.05);
  const Eigen::Vector3d los_enu = sensors::RangeAzElToEnu(1.0, az, el);
  Case c;
  const Eigen::Vector3d r = site_ecef + r_site * (range * los_enu);
  Eigen::Vector3d v;
  for (int i = 0; i < 3; ++i) v[i] = rng.Normal();
  v *= rng.Uniform(500.0, 7000.0) / v.norm();
  c.prior.x << r, v;
  c.prior.P = RandomCovariance(rng, family, r_site * los_enu, range);
  c.prior.t_s = 50.0;
  Measurement& m = c.m;
  m.kind = kind;
  m.t_s = 50.0;
  m.site_pos = site_ecef;
  m.site_vel = Eigen::Vector3d(0.0, 0.0, 0.0);
  m.R_frame_from_enu = r_site;
  m.sigma << rng.Uniform(5.0, 200.0), rng.Uniform(0.2e-3, 5e-3), rng.Uniform(0.2e-3, 5e-3),
      rng.Uniform(0.1, 10.0);
  if (kind == MeasurementKind::kAngles) {
    const earth::Geodetic sat{30.0 * earth::kDeg, 135.0 * earth::kDeg, 1000e3};
    m.site_pos = earth::GeodeticToEcef(sat);
    m.site_vel = Eigen::Vector3d(-7000.0, 1000.0, 500.0);
    m.R_frame_from_enu = earth::REcefFromEnu(sat.lat_rad, sat.lon_rad);
    m.sigma << rng.Uniform(20e-6, 200e-6), rng.Uniform(20e-6, 200e-6), 1.0, 1.0;
  } else if (kind == MeasurementKind::kPosition) {
    m.sigma << rng.Uniform(10.0, 500.0), rng.Uniform(10.0, 500.0), rng.Uniform(10.0, 500.0), 1.0;
  }
  fusion::reference::DrawMeasurementFromPrior(rng, c.prior, m);  // z = h(x_true) + noise
  if (kind == MeasurementKind::kRangeAzEl || kind == MeasurementKind::kRangeAzElRate) {
    m.z[1] = std::remainder(m.z[1], 2.0 * std::numbers::pi);
  } else if (kind == MeasurementKind::kAngles) {
    m.z[0] = std::remainder(m.z[0], 2.0 * std::numbers::pi);
  }
  return c;
}

// The tolerance the rewrite must meet: agreement with the former implementation to 1e-10
// relative. Where the problem itself is ill-conditioned, no implementation that orders its
// sums differently can agree that well: a relative change eps in the entries of S moves
// d2, ln det S and K by up to ~eps kappa(S) relative (kappa of S scaled to unit diagonal, the
// conditioning that matters for a Cholesky solve), and the posterior covariance by that
// times its cancellation ratio max_i P_ii / P+_ii. There the agreement must be within
// kConditioned * eps * (that amplification): a few roundings per entry of S, each scaled.
// Typical tracked states (family 0) must agree to kTol in every case. Both results are
// also compared with extended precision (printed): they are equally close to it.
constexpr double kTol = 1e-10;
constexpr double kConditioned = 64.0;
constexpr double kEps = std::numeric_limits<double>::epsilon();
constexpr int kCasesPerFamily = 4000;

// Largest differences seen for one quantity: new vs former (agree), each vs extended
// precision (err_new, err_ref), the cases where agreement exceeded kTol and, among those,
// the largest agree / (eps x amplification).
struct Stat {
  const char* name;
  double agree = 0, err_new = 0, err_ref = 0, worst_constant = 0;
  int beyond = 0;
  // True if the case passes: agree <= kTol, or agree <= kConditioned eps amplification.
  bool Add(double ag, double en, double er, double amplification) {
    agree = std::max(agree, ag);
    err_new = std::max(err_new, en);
    err_ref = std::max(err_ref, er);
    if (ag <= kTol) return true;
    ++beyond;
    worst_constant = std::max(worst_constant, ag / (kEps * amplification));
    return ag <= kConditioned * kEps * amplification;
  }
  void Print(int family) const {
    std::printf("  family %d %-6s agree %.1e (vs extended: new %.1e, former %.1e); "
                "%d cases > 1e-10, each <= %.1f eps x amplification\n",
                family, name, agree, err_new, err_ref, beyond, worst_constant);
  }
};

// Condition number of S scaled to unit diagonal (the masked 4 x 4; its unit block adds
// eigenvalue 1, which does not change the condition number of a unit-diagonal matrix).
double ScaledCondition(const Eigen::Matrix4d& s) {
  const Eigen::Vector4d d = s.diagonal().cwiseSqrt().cwiseInverse();
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix4d> es(d.asDiagonal() * s * d.asDiagonal());
  return es.eigenvalues().maxCoeff() / es.eigenvalues().minCoeff();
}
// Cancellation in the covariance update: largest prior / posterior variance.
double CancellationRatio(const Matrix6d& prior, const Matrix6d& posterior) {
  return prior.diagonal().cwiseQuotient(posterior.diagonal()).maxCoeff();
}

template <typename A, typename B>
double Rel(const A& a, const B& b) {
  using Ld = long double;
  return static_cast<double>((a.template cast<Ld>() - b.template cast<Ld>()).cwiseAbs().maxCoeff() /
                             b.template cast<Ld>().cwiseAbs().maxCoeff());
}
// Covariance difference in correlation scale, |a_ij - b_ij| / sqrt(b_ii b_jj): weighs the
// small variances (velocity block) as much as the large ones.
template <typename A, typename B>
double Corr(const A& a, const B& b) {
  using Ld = long double;
  Ld worst = 0;
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j)
      worst = std::max(worst, std::abs(Ld(a(i, j)) - Ld(b(i, j))) /
                                  std::sqrt(Ld(b(i, i)) * Ld(b(j, j))));
  return static_cast<double>(worst);
}
double RelScalar(long double a, long double b) {
  return static_cast<double>(std::abs(a - b) / std::abs(b));
}

const char* KindName(MeasurementKind k) {
  switch (k) {
    case MeasurementKind::kRangeAzEl: return "range/az/el";
    case MeasurementKind::kRangeAzElRate: return "range/az/el/rate";
    case MeasurementKind::kAngles: return "angles";
    case MeasurementKind::kPosition: return "position";
  }
  return "?";
}

class EkfHotPaths : public testing::TestWithParam<MeasurementKind> {};

TEST_P(EkfHotPaths, InnovationMatchesReference) {
  const MeasurementKind kind = GetParam();
  RandomStream rng(2024, 0, static_cast<std::uint64_t>(kind), Purpose::kTest);
  const EkfUpdater updater;
  std::printf("[ %s ] PredictInnovation\n", KindName(kind));
  for (int family = 0; family < 3; ++family) {
    Stat s{"S"}, d2{"d2"}, log_det{"lndetS"};
    for (int n = 0; n < kCasesPerFamily; ++n) {
      const Case c = RandomCase(rng, kind, family);
      const Innovation a = updater.PredictInnovation(c.prior, c.m);
      const Innovation b = reference::PredictInnovation(c.prior, c.m);
      const extended::Result e = extended::Update(c.prior, c.m);
      ASSERT_TRUE(b.ok);
      ASSERT_EQ(a.ok, b.ok);
      ASSERT_EQ(a.dim, b.dim);
      ASSERT_EQ(a.y, b.y);  // the same calls to the measurement model
      const double kappa = ScaledCondition(b.S);
      // S itself is a sum of products: no amplification.
      EXPECT_TRUE(s.Add(Rel(a.S, b.S), Rel(a.S, e.S), Rel(b.S, e.S), 1.0)) << family << " " << n;
      EXPECT_TRUE(d2.Add(RelScalar(a.d2, b.d2), RelScalar(a.d2, e.d2), RelScalar(b.d2, e.d2),
                         kappa)) << family << " " << n;
      // ln det S: an absolute difference in the log is a relative one in det S.
      EXPECT_TRUE(log_det.Add(std::abs(a.log_det_S - b.log_det_S),
                              static_cast<double>(std::abs(a.log_det_S - e.log_det)),
                              static_cast<double>(std::abs(b.log_det_S - e.log_det)), kappa))
          << family << " " << n;
      // The unused part of S stays masked (zero rows/columns, unit diagonal), y zero there.
      for (int i = a.dim; i < 4; ++i) {
        ASSERT_EQ(a.y[i], 0.0);
        ASSERT_EQ(a.S(i, i), 1.0);
        ASSERT_EQ(a.S.row(i).cwiseAbs().sum(), 1.0);
        ASSERT_EQ(a.S.col(i).cwiseAbs().sum(), 1.0);
      }
      ASSERT_EQ(a.S, a.S.transpose());
    }
    for (const Stat* st : {&s, &d2, &log_det}) st->Print(family);
    // Typical tracked states (family 0): agreement to kTol in every case.
    if (family == 0) {
      for (const Stat* st : {&s, &d2, &log_det}) EXPECT_EQ(st->beyond, 0) << st->name;
    }
  }
}

TEST_P(EkfHotPaths, UpdateMatchesReference) {
  const MeasurementKind kind = GetParam();
  RandomStream rng(2025, 0, static_cast<std::uint64_t>(kind), Purpose::kTest);
  const EkfUpdater updater;
  std::printf("[ %s ] Update\n", KindName(kind));
  for (int family = 0; family < 3; ++family) {
    Stat x{"x"}, dx{"K y"}, p{"P"}, p_corr{"P corr"}, nis{"NIS"};
    for (int n = 0; n < kCasesPerFamily; ++n) {
      const Case c = RandomCase(rng, kind, family);
      const UpdateResult a = updater.Update(c.prior, c.m);
      const UpdateResult b = reference::Update(c.prior, c.m);
      const extended::Result e = extended::Update(c.prior, c.m);
      ASSERT_TRUE(b.ok);
      ASSERT_EQ(a.ok, b.ok);
      const Vector6d dx_a = a.posterior.x - c.prior.x, dx_b = b.posterior.x - c.prior.x;
      const Eigen::Matrix<long double, 6, 1> x_e = c.prior.x.cast<long double>() + e.dx;
      const double kappa = ScaledCondition(b.innovation.S);
      const double cancel = kappa * CancellationRatio(c.prior.P, b.posterior.P);
      EXPECT_TRUE(x.Add(Rel(a.posterior.x, b.posterior.x), Rel(a.posterior.x, x_e),
                        Rel(b.posterior.x, x_e), kappa)) << family << " " << n;
      // The correction K y itself, relative: much stricter than x (|x| ~ 6,400 km).
      EXPECT_TRUE(dx.Add(Rel(dx_a, dx_b), Rel(dx_a, e.dx), Rel(dx_b, e.dx), kappa))
          << family << " " << n;
      EXPECT_TRUE(p.Add(Rel(a.posterior.P, b.posterior.P), Rel(a.posterior.P, e.P),
                        Rel(b.posterior.P, e.P), cancel)) << family << " " << n;
      EXPECT_TRUE(p_corr.Add(Corr(a.posterior.P, b.posterior.P), Corr(a.posterior.P, e.P),
                             Corr(b.posterior.P, e.P), cancel)) << family << " " << n;
      EXPECT_TRUE(nis.Add(RelScalar(a.nis, b.nis), RelScalar(a.nis, e.d2), RelScalar(b.nis, e.d2),
                          kappa)) << family << " " << n;
      ASSERT_EQ(a.innovation.y, b.innovation.y);
      ASSERT_EQ(a.posterior.P, a.posterior.P.transpose());
      ASSERT_EQ(a.posterior.t_s, c.prior.t_s);
    }
    for (const Stat* st : {&x, &dx, &p, &p_corr, &nis}) st->Print(family);
    if (family == 0) {
      for (const Stat* st : {&x, &dx, &p, &p_corr, &nis}) EXPECT_EQ(st->beyond, 0) << st->name;
    }
  }
}

// The association keeps each gated pair's innovation (PrepareUpdate) and the tracker updates
// the chosen pair from it (UpdatePrepared): that must be the plain Update bit for bit (same
// expressions on the same values), whatever the work slot held before (the association
// reuses its slots scan after scan), and the innovation must be PredictInnovation's. Failed
// innovations (S not positive definite) leave the prior like Update. The UKF keeps nothing
// (default implementations): the same identities hold.
template <typename U>
void ExpectPreparedIsPlain(const U& updater, MeasurementKind kind, std::uint64_t seed, int cases) {
  RandomStream rng(seed, 0, static_cast<std::uint64_t>(kind), Purpose::kTest);
  InnovationWork work;  // one slot, reused across cases
  int failed = 0;
  for (int n = 0; n < cases; ++n) {
    Case c = RandomCase(rng, kind, n % 3);
    if (n % 50 == 49) c.prior.P.topLeftCorner<3, 3>() *= -1.0;  // S indefinite
    updater.PrepareUpdate(c.prior, c.m, &work);
    const Innovation inn = updater.PredictInnovation(c.prior, c.m);
    ASSERT_EQ(work.innovation.ok, inn.ok) << n;
    ASSERT_EQ(work.innovation.dim, inn.dim);
    ASSERT_EQ(work.innovation.y, inn.y) << n;
    if (inn.ok) {
      ASSERT_EQ(work.innovation.S, inn.S) << n;
      ASSERT_EQ(work.innovation.d2, inn.d2) << n;
      ASSERT_EQ(work.innovation.log_det_S, inn.log_det_S) << n;
    }
    const UpdateResult a = updater.UpdatePrepared(c.prior, c.m, work);
    const UpdateResult b = updater.Update(c.prior, c.m);
    ASSERT_EQ(a.ok, b.ok) << n;
    ASSERT_EQ(a.posterior.x, b.posterior.x) << n;
    ASSERT_EQ(a.posterior.P, b.posterior.P) << n;
    ASSERT_EQ(a.posterior.t_s, b.posterior.t_s);
    ASSERT_EQ(a.nis, b.nis) << n;
    ASSERT_EQ(a.innovation.d2, b.innovation.d2) << n;
    if (!b.ok) {
      ++failed;
      EXPECT_EQ(a.posterior.x, c.prior.x);
      EXPECT_EQ(a.posterior.P, c.prior.P);
    }
  }
  EXPECT_GT(failed, 0);  // the failure path was exercised
}

TEST_P(EkfHotPaths, PreparedUpdateIsUpdateBitForBit) {
  ExpectPreparedIsPlain(EkfUpdater(), GetParam(), 2026, 3000);
  ExpectPreparedIsPlain(UkfUpdater(), GetParam(), 2027, 300);
}

INSTANTIATE_TEST_SUITE_P(Kinds, EkfHotPaths,
                         testing::Values(MeasurementKind::kRangeAzEl,
                                         MeasurementKind::kRangeAzElRate,
                                         MeasurementKind::kAngles, MeasurementKind::kPosition),
                         [](const testing::TestParamInfo<MeasurementKind>& info) {
                           switch (info.param) {
                             case MeasurementKind::kRangeAzEl: return std::string("RangeAzEl");
                             case MeasurementKind::kRangeAzElRate: return std::string("Rate");
                             case MeasurementKind::kAngles: return std::string("Angles");
                             case MeasurementKind::kPosition: return std::string("Position");
                           }
                           return std::string("Unknown");
                         });

// A prior that is not positive definite along the measured directions gives S <= 0: both
// implementations must refuse (ok = false) and leave the prior untouched.
TEST(EkfHotPathsFailure, NonPositiveInnovationCovarianceRejectedLikeReference) {
  Measurement m;
  m.kind = MeasurementKind::kPosition;
  m.sigma << 1.0, 1.0, 1.0, 1.0;
  m.z << 10.0, 0.0, 0.0, 0.0;
  GaussianState prior;
  prior.P = Matrix6d::Identity();
  prior.P(1, 1) = -4.0;  // S_yy = -4 + 1 < 0
  const EkfUpdater updater;
  const UpdateResult a = updater.Update(prior, m);
  const UpdateResult b = reference::Update(prior, m);
  EXPECT_FALSE(b.ok);
  EXPECT_FALSE(a.ok);
  EXPECT_FALSE(a.innovation.ok);
  EXPECT_FALSE(updater.PredictInnovation(prior, m).ok);
  EXPECT_EQ(a.posterior.x, prior.x);
  EXPECT_EQ(a.posterior.P, prior.P);
}

// Closed form: kPosition with a diagonal prior decouples into scalar Kalman filters,
// k_i = p_i / (p_i + r_i), x+ = x + k_i y_i, p+ = p_i r_i / (p_i + r_i) (position), the
// velocity variances unchanged, d2 = sum y_i^2 / (p_i + r_i), ln det S = sum ln(p_i + r_i).
TEST(EkfHotPathsClosedForm, DiagonalPositionUpdate) {
  GaussianState prior;
  prior.x << 100.0, -50.0, 20.0, 1.0, 2.0, 3.0;
  prior.P = Vector6d(400.0, 900.0, 2500.0, 16.0, 25.0, 36.0).asDiagonal();
  Measurement m;
  m.kind = MeasurementKind::kPosition;
  m.z << 130.0, -90.0, 70.0, 0.0;
  m.sigma << 30.0, 40.0, 50.0, 0.0;
  const UpdateResult res = EkfUpdater().Update(prior, m);
  ASSERT_TRUE(res.ok);
  double d2 = 0.0, log_det = 0.0;
  for (int i = 0; i < 3; ++i) {
    const double p = prior.P(i, i), r = m.sigma[i] * m.sigma[i], y = m.z[i] - prior.x[i];
    // Each value is a few roundings from the closed form: 1e-14 relative.
    EXPECT_NEAR(res.posterior.x[i], prior.x[i] + p / (p + r) * y,
                1e-14 * std::abs(prior.x[i]) + 1e-12);
    EXPECT_NEAR(res.posterior.P(i, i), p * r / (p + r), 1e-14 * p);
    EXPECT_DOUBLE_EQ(res.posterior.P(i + 3, i + 3), prior.P(i + 3, i + 3));
    EXPECT_EQ(res.posterior.x[i + 3], prior.x[i + 3]);
    d2 += y * y / (p + r);
    log_det += std::log(p + r);
  }
  EXPECT_NEAR(res.nis, d2, 1e-14 * d2);
  EXPECT_NEAR(res.innovation.log_det_S, log_det, 1e-13);
  // The axes stay decoupled: off-diagonal entries are sums of products with a zero factor.
  EXPECT_EQ(res.posterior.P.cwiseAbs().sum() - res.posterior.P.diagonal().cwiseAbs().sum(), 0.0);
}

// Closed form of the constant-velocity prediction of a diagonal P:
// P' = [p_r + dt^2 p_v + q dt^3/3, dt p_v + q dt^2/2; ., p_v + q dt] per axis.
TEST(EkfHotPathsClosedForm, ConstantVelocityPrediction) {
  MotionModelConfig cfg;
  cfg.kind = MotionKind::kConstantVelocity;
  cfg.q_m2ps3 = 2.0;
  const EkfPredictor predictor{MotionModel(cfg)};
  GaussianState prior;
  prior.P = Vector6d(100.0, 200.0, 300.0, 4.0, 5.0, 6.0).asDiagonal();
  const double dt = 3.0, q = 2.0;
  const GaussianState out = predictor.Predict(prior, dt);
  for (int i = 0; i < 3; ++i) {
    const double pr = prior.P(i, i), pv = prior.P(i + 3, i + 3);
    // Sums of three terms of exactly representable values: 1e-14 relative.
    EXPECT_NEAR(out.P(i, i), pr + dt * dt * pv + q * dt * dt * dt / 3.0, 1e-14 * pr);
    EXPECT_NEAR(out.P(i, i + 3), dt * pv + q * dt * dt / 2.0, 1e-14 * pr);
    EXPECT_NEAR(out.P(i + 3, i), dt * pv + q * dt * dt / 2.0, 1e-14 * pr);
    EXPECT_NEAR(out.P(i + 3, i + 3), pv + q * dt, 1e-14 * pv);
  }
}

// The predictor's covariance against the former implementation, ballistic (J2, rotation)
// and constant-velocity models, time steps from 0.05 s to 60 s, backwards too.
TEST(EkfHotPathsPredict, CovarianceMatchesReference) {
  RandomStream rng(2026, 0, 0, Purpose::kTest);
  MotionModelConfig ballistic, cv;
  cv.kind = MotionKind::kConstantVelocity;
  ballistic.q_m2ps3 = cv.q_m2ps3 = 3.0;
  double p = 0.0, p_corr = 0.0;
  for (const MotionModelConfig& cfg : {ballistic, cv}) {
    const EkfPredictor predictor{MotionModel(cfg)};
    const MotionModel& motion = predictor.motion();
    for (int family = 0; family < 3; ++family) {
      for (int n = 0; n < kCasesPerFamily / 4; ++n) {
        const Case c = RandomCase(rng, MeasurementKind::kRangeAzEl, family);
        const double sign = rng.Uniform() < 0.2 ? -1.0 : 1.0;
        const double dt = sign * std::pow(10.0, rng.Uniform(-1.3, 1.8));
        const GaussianState a = predictor.Predict(c.prior, c.prior.t_s + dt);
        const GaussianState b = reference::Predict(motion, c.prior, c.prior.t_s + dt);
        ASSERT_EQ(a.x, b.x);  // the same call to the motion model
        ASSERT_EQ(a.t_s, b.t_s);
        ASSERT_EQ(a.P, a.P.transpose());
        p = std::max(p, Rel(a.P, b.P));
        p_corr = std::max(p_corr, Corr(a.P, b.P));
      }
    }
  }
  std::printf("[ predict ] largest differences: P %.2e (correlation scale %.2e)\n", p, p_corr);
  EXPECT_LE(p, kTol);
  EXPECT_LE(p_corr, kTol);
}

}  // namespace
}  // namespace bmd::fusion
