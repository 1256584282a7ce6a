// Monte Carlo consistency of the EKF and UKF on a ballistic target seen by one radar:
// NEES (6 dof) and NIS (3 dof) averaged over runs must lie in the two-sided 95 % chi-square
// bounds (Bar-Shalom, Li & Kirubarajan, "Estimation with Applications to Tracking", 5.4).
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <boost/math/distributions/chi_squared.hpp>

#include "models/common/random.h"
#include "models/earth/geodesy.h"
#include "models/earth/gravity.h"
#include "models/fusion/metrics.h"
#include "models/fusion/predictor.h"
#include "models/fusion/updater.h"
#include "models/sensors/measurement.h"

namespace bmd::fusion {
namespace {

constexpr int kRuns = 60;
constexpr int kScans = 100;
constexpr double kQ = 0.5;  // m^2/s^3, process noise of truth and filter alike

// Truth dynamics integrated independently of the tracker's motion model: RK4 with 0.05 s
// steps of earth::FreeFallAccelEcef (J2 + rotation), plus the sampled process noise w ~ N(0, Q)
// once per scan (the model x_{k+1} = f(x_k) + w_k that the filter assumes).
Vector6d TruthStep(const Vector6d& x0, double dt) {
  const earth::EarthConfig cfg;  // WGS-84, J2, rotation
  auto deriv = [&](const Vector6d& s) {
    Vector6d d;
    d << s.tail<3>(), earth::FreeFallAccelEcef(cfg, s.head<3>(), s.tail<3>());
    return d;
  };
  const int n = 20;
  const double h = dt / n;
  Vector6d s = x0;
  for (int i = 0; i < n; ++i) {
    const Vector6d k1 = deriv(s), k2 = deriv(s + 0.5 * h * k1), k3 = deriv(s + 0.5 * h * k2),
                   k4 = deriv(s + h * k3);
    s += h / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4);
  }
  return s;
}

struct Averages {
  std::vector<double> nees, nis;  // per scan, averaged over runs
};

Averages RunMonteCarlo(const Predictor& predictor, const Updater& updater) {
  // Radar on the WGS-84 surface; target 500 km north of it at 150 km altitude, 3 km/s.
  const earth::Geodetic site{36.0 * earth::kDeg, 127.0 * earth::kDeg, 0.0};
  const earth::Geodetic start = earth::GeodesicDirect(site.lat_rad, site.lon_rad, 0.0, 500e3);
  sensors::Measurement m;
  m.kind = sensors::MeasurementKind::kRangeAzEl;
  m.site_pos = earth::GeodeticToEcef(site);
  m.R_frame_from_enu = earth::REcefFromEnu(site.lat_rad, site.lon_rad);
  m.sigma << 20.0, 1e-3, 1e-3, 0.0;
  const Eigen::Matrix3d enu0 = earth::REcefFromEnu(start.lat_rad, start.lon_rad);
  Vector6d x_true0;
  x_true0 << earth::GeodeticToEcef({start.lat_rad, start.lon_rad, 150e3}),
      enu0 * Eigen::Vector3d(2400.0, 1500.0, -1000.0);  // |v| ~ 3 km/s, descending
  Matrix6d p0 = Matrix6d::Zero();
  p0.diagonal() << 500 * 500, 500 * 500, 500 * 500, 100 * 100, 100 * 100, 100 * 100;
  const Eigen::LLT<Matrix6d> p0_chol(p0);
  const Matrix6d q_chol = Eigen::LLT<Matrix6d>(predictor.motion().ProcessNoise(1.0)).matrixL();

  Averages avg{std::vector<double>(kScans, 0.0), std::vector<double>(kScans, 0.0)};
  for (int run = 0; run < kRuns; ++run) {
    RandomStream rng(2024, run, 1, Purpose::kMeasurementNoise);
    RandomStream init(2024, run, 1, Purpose::kTest);
    RandomStream proc(2024, run, 1, Purpose::kTrackerInternal);
    auto normal6 = [](RandomStream& r) {
      Vector6d n;
      for (int i = 0; i < 6; ++i) n[i] = r.Normal();
      return n;
    };
    Vector6d truth = x_true0;
    GaussianState est;
    est.x = truth + Matrix6d(p0_chol.matrixL()) * normal6(init);
    est.P = p0;
    for (int k = 0; k < kScans; ++k) {
      const double t = k + 1.0;
      truth = TruthStep(truth, 1.0) + q_chol * normal6(proc);
      est = predictor.Predict(est, t);
      m.t_s = t;
      const Eigen::Vector4d h = sensors::PredictMeasurement(m, truth.head<3>(), truth.tail<3>());
      m.z = h;
      for (int i = 0; i < 3; ++i) m.z[i] += m.sigma[i] * rng.Normal();
      const UpdateResult r = updater.Update(est, m);
      EXPECT_TRUE(r.ok);
      est = r.posterior;
      avg.nis[k] += r.nis / kRuns;
      avg.nees[k] += ComputeErrors(est, truth.head<3>(), truth.tail<3>()).nees / kRuns;
    }
  }
  return avg;
}

void ExpectConsistent(const Averages& a, const char* name) {
  using boost::math::chi_squared;
  using boost::math::quantile;
  // Two-sided 95 % interval of the run average of N chi-square(d) variables: chi2(N d) / N.
  const double nees_lo = quantile(chi_squared(6 * kRuns), 0.025) / kRuns;
  const double nees_hi = quantile(chi_squared(6 * kRuns), 0.975) / kRuns;
  const double nis_lo = quantile(chi_squared(3 * kRuns), 0.025) / kRuns;
  const double nis_hi = quantile(chi_squared(3 * kRuns), 0.975) / kRuns;
  int nees_in = 0, nis_in = 0;
  double nees_mean = 0, nis_mean = 0;
  for (int k = 0; k < kScans; ++k) {
    nees_in += a.nees[k] >= nees_lo && a.nees[k] <= nees_hi;
    nis_in += a.nis[k] >= nis_lo && a.nis[k] <= nis_hi;
    nees_mean += a.nees[k] / kScans;
    nis_mean += a.nis[k] / kScans;
  }
  // Each scan's average falls inside with probability 0.95 for a consistent filter; scans are
  // correlated, so allow 85 % (a filter off by a factor 1.5 in covariance scores ~0 %).
  EXPECT_GE(nees_in, 85) << name << " mean NEES " << nees_mean;
  EXPECT_GE(nis_in, 85) << name << " mean NIS " << nis_mean;
  // The time average varies less than one scan's average, so the same bounds are conservative.
  EXPECT_GT(nees_mean, nees_lo) << name;
  EXPECT_LT(nees_mean, nees_hi) << name;
  EXPECT_GT(nis_mean, nis_lo) << name;
  EXPECT_LT(nis_mean, nis_hi) << name;
}

MotionModel Model() {
  MotionModelConfig cfg;
  cfg.q_m2ps3 = kQ;
  return MotionModel(cfg);
}

TEST(Consistency, EkfNeesAndNisInsideChiSquareBounds) {
  const EkfPredictor p(Model());
  const EkfUpdater u;
  ExpectConsistent(RunMonteCarlo(p, u), "EKF");
}

TEST(Consistency, UkfNeesAndNisInsideChiSquareBounds) {
  const UkfPredictor p(Model());
  const UkfUpdater u;
  ExpectConsistent(RunMonteCarlo(p, u), "UKF");
}

TEST(Consistency, MistunedNoiseIsDetected) {
  // The same check must fail for a filter that believes the radar is 3x better than it is.
  const EkfPredictor p(Model());
  struct Overconfident : Updater {
    EkfUpdater inner;
    Innovation PredictInnovation(const GaussianState& s, const sensors::Measurement& m) const override {
      return inner.PredictInnovation(s, Shrunk(m));
    }
    UpdateResult Update(const GaussianState& s, const sensors::Measurement& m) const override {
      return inner.Update(s, Shrunk(m));
    }
    static sensors::Measurement Shrunk(sensors::Measurement m) {
      m.sigma /= 3.0;
      return m;
    }
  } u;
  const Averages a = RunMonteCarlo(p, u);
  double nis_mean = 0;
  for (double v : a.nis) nis_mean += v / kScans;
  EXPECT_GT(nis_mean, 6.0);
}

}  // namespace
}  // namespace bmd::fusion
