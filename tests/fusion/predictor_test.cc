// Motion models and predictors against closed forms and finite differences.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/LU>

#include "models/earth/geodesy.h"
#include "models/fusion/motion_model.h"
#include "models/fusion/predictor.h"
#include "models/fusion/updater.h"

namespace bmd::fusion {
namespace {

Matrix6d SomeCovariance() {
  Matrix6d a;
  a << 3, 1, 0, 0.5, 0, 0,   //
      0, 2, 1, 0, 0.2, 0,    //
      1, 0, 4, 0, 0, 0.3,    //
      0, 0.1, 0, 1, 0, 0,    //
      0.2, 0, 0, 0.1, 2, 0,  //
      0, 0, 0.3, 0, 0, 1.5;
  return a * a.transpose() * 100.0;  // symmetric positive definite, m^2-scale
}

Matrix6d ClosedFormF(double dt) {
  Matrix6d f = Matrix6d::Identity();
  f.block<3, 3>(0, 3) = dt * Eigen::Matrix3d::Identity();
  return f;
}

Matrix6d ClosedFormQ(double q, double dt) {
  Matrix6d m = Matrix6d::Zero();
  const Eigen::Matrix3d i = Eigen::Matrix3d::Identity();
  m << q * dt * dt * dt / 3 * i, q * dt * dt / 2 * i, q * dt * dt / 2 * i, q * dt * i;
  return m;
}

TEST(MotionModel, LinearModelsMatchClosedFormPrediction) {
  for (MotionKind kind : {MotionKind::kConstantVelocity, MotionKind::kFlatGravity}) {
    MotionModelConfig cfg;
    cfg.kind = kind;
    cfg.q_m2ps3 = 0.7;
    const MotionModel model(cfg);
    GaussianState s;
    s.x << 100, -200, 3000, 50, 60, 70;
    s.P = SomeCovariance();
    s.t_s = 10.0;
    const double dt = 2.5;
    const double g = kind == MotionKind::kFlatGravity ? earth::kG0 : 0.0;
    Vector6d x_ref;
    x_ref << 100 + 50 * dt, -200 + 60 * dt, 3000 + 70 * dt - 0.5 * g * dt * dt, 50, 60,
        70 - g * dt;
    const Matrix6d p_ref = ClosedFormF(dt) * s.P * ClosedFormF(dt).transpose() + ClosedFormQ(0.7, dt);
    for (int which = 0; which < 2; ++which) {
      GaussianState out = which == 0 ? EkfPredictor(model).Predict(s, s.t_s + dt)
                                     : UkfPredictor(model).Predict(s, s.t_s + dt);
      // Rounding only: entries are O(1e5), double precision gives ~1e-11 relative.
      EXPECT_NEAR((out.x - x_ref).norm(), 0.0, 1e-9 * x_ref.norm()) << which;
      EXPECT_NEAR((out.P - p_ref).norm(), 0.0, 1e-9 * p_ref.norm()) << which;
      EXPECT_DOUBLE_EQ(out.t_s, 12.5);
    }
  }
}

// A state at 150 km altitude over the Korean peninsula moving at 3 km/s.
Vector6d BallisticState() {
  const Eigen::Vector3d r = earth::GeodeticToEcef({37.0 * earth::kDeg, 127.0 * earth::kDeg, 150e3});
  const Eigen::Matrix3d enu = earth::REcefFromEnu(37.0 * earth::kDeg, 127.0 * earth::kDeg);
  Vector6d x;
  x << r, enu * Eigen::Vector3d(2000.0, -2000.0, -1000.0);
  return x;
}

TEST(MotionModel, BallisticTransitionMatchesFiniteDifferenceJacobian) {
  for (bool rotation : {false, true}) {
    MotionModelConfig cfg;
    cfg.rotation = rotation;
    cfg.j2 = true;
    const MotionModel model(cfg);
    const Vector6d x = BallisticState();
    for (double dt : {1.0, 20.0}) {
      Vector6d x_out;
      Matrix6d f;
      model.PropagateWithTransition(x, dt, &x_out, &f);
      EXPECT_LT((x_out - model.Propagate(x, dt)).norm(), 1e-6);
      // Central differences with steps 1 m / 1 mm/s: truncation error ~ h^2 * d3f, tiny for
      // gravity (scale 6e6 m); rounding error ~ 1e-16 * 6e6 / 1 = 6e-10 per entry.
      Matrix6d fd;
      for (int j = 0; j < 6; ++j) {
        const double h = j < 3 ? 1.0 : 1e-3;
        Vector6d xp = x, xm = x;
        xp[j] += h;
        xm[j] -= h;
        fd.col(j) = (model.Propagate(xp, dt) - model.Propagate(xm, dt)) / (2.0 * h);
      }
      // The variational equation and the state share the RK4 scheme, so the only differences
      // are the finite-difference errors above: 1e-6 on entries of order 1..dt.
      EXPECT_LT((f - fd).cwiseAbs().maxCoeff(), 1e-6) << "dt " << dt << " rot " << rotation;
      // The gravity gradient matters at this dt: F differs from the CV transition.
      if (dt == 20.0) {
        EXPECT_GT((f - ClosedFormF(dt)).cwiseAbs().maxCoeff(), 1e-4);
      }
    }
  }
}

TEST(MotionModel, BallisticRk4ConvergesWithStep) {
  // Halving the step changes a 60 s arc by far less than a metre: the default 5 s step is
  // accurate enough for tracking (the sensor errors are metres to hundreds of metres).
  MotionModelConfig coarse, fine;
  coarse.max_step_s = 5.0;
  fine.max_step_s = 0.05;
  const Vector6d x = BallisticState();
  const Vector6d a = MotionModel(coarse).Propagate(x, 60.0);
  const Vector6d b = MotionModel(fine).Propagate(x, 60.0);
  EXPECT_LT((a - b).head<3>().norm(), 1e-3);
  // And it did move along a curved path: the drop below the straight line is ~g t^2 / 2.
  const Eigen::Vector3d straight = x.head<3>() + 60.0 * x.tail<3>();
  EXPECT_GT((b.head<3>() - straight).norm(), 0.5 * 9.0 * 3600 * 0.8);
}

TEST(Predictor, EkfCovarianceIsFPFtPlusQForBallistic) {
  MotionModelConfig cfg;
  cfg.q_m2ps3 = 2.0;
  const MotionModel model(cfg);
  GaussianState s;
  s.x = BallisticState();
  s.P = SomeCovariance();
  const GaussianState out = EkfPredictor(model).Predict(s, 3.0);
  Vector6d x_out;
  Matrix6d f;
  model.PropagateWithTransition(s.x, 3.0, &x_out, &f);
  const Matrix6d ref = f * s.P * f.transpose() + ClosedFormQ(2.0, 3.0);
  EXPECT_LT((out.P - ref).norm(), 1e-9 * ref.norm());
  // The UKF agrees to second order: the spread (sigma ~ 30 m) is small against the scale of
  // gravity's nonlinearity (6e6 m), so the covariances agree to ~1e-6 relative.
  const GaussianState u = UkfPredictor(model).Predict(s, 3.0);
  EXPECT_LT((u.P - ref).norm(), 1e-6 * ref.norm());
  EXPECT_LT((u.x - out.x).norm(), 1e-3);
}

TEST(Predictor, PredictMeanIsPredictsStateBitForBit) {
  // The metrics use PredictMean where the covariance is not needed; a sweep and a detailed
  // run must then see identical means. Ballistic (J2 and rotation on and off) and linear
  // models, forward and backward, across the RK4 sub-step boundary (max_step_s).
  for (int kind = 0; kind < 3; ++kind) {
    MotionModelConfig cfg;
    if (kind == 1) cfg.j2 = cfg.rotation = false;
    if (kind == 2) cfg.kind = MotionKind::kConstantVelocity;
    const MotionModel model(cfg);
    GaussianState s;
    s.x = BallisticState();
    s.P = SomeCovariance();
    s.t_s = 10.0;
    for (double dt : {0.3, 1.0, 2.5, 7.0, 12.0, -1.5}) {
      const EkfPredictor ekf(model);
      const Vector6d mean = ekf.PredictMean(s, s.t_s + dt);
      const Vector6d full = ekf.Predict(s, s.t_s + dt).x;
      for (int i = 0; i < 6; ++i) EXPECT_EQ(mean[i], full[i]) << kind << " " << dt << " " << i;
      const UkfPredictor ukf(model);
      EXPECT_EQ(ukf.PredictMean(s, s.t_s + dt), ukf.Predict(s, s.t_s + dt).x);
    }
  }
}

// The gating prediction of the node track manager: the EKF's mean bit for bit; the covariance
// of the transition of the velocity terms alone (constant velocity, plus the Coriolis rotation
// when the frame rotates), which differs from the full variational transition only by the
// position gradient of gravity and centrifugal acceleration: |da/dr| ~ 2 GM / r^3 ~ 3e-6 /s^2,
// so over the 1 s fusion interval P changes by parts per million (bound 2e-5 relative over
// the norm) and a Mahalanobis distance by as little (1e-5). Without rotation it is the
// closed-form constant-velocity F P F^T + Q. Over 30 s the gradient must show (G dt^2 ~ 3e-3),
// or the test could not tell the two transitions apart.
TEST(Predictor, GatingPredictionKeepsEkfMeanAndVelocityTermsOfTransition) {
  for (bool rotation : {true, false}) {
    MotionModelConfig cfg;
    cfg.q_m2ps3 = 2.0;
    cfg.rotation = rotation;
    const MotionModel model(cfg);
    const EkfPredictor ekf(model);
    GaussianState s;
    s.x = BallisticState();
    s.P = SomeCovariance();
    s.t_s = 5.0;
    for (double dt : {1.0, 0.4, -1.0}) {
      const GaussianState g = ekf.PredictForGating(s, s.t_s + dt);
      const GaussianState full = ekf.Predict(s, s.t_s + dt);
      for (int i = 0; i < 6; ++i) EXPECT_EQ(g.x[i], full.x[i]) << dt;
      EXPECT_EQ(g.t_s, s.t_s + dt);
      EXPECT_EQ(g.P, g.P.transpose());
      if (!rotation) {
        const Matrix6d cv = ClosedFormF(dt) * s.P * ClosedFormF(dt).transpose() + ClosedFormQ(2.0, std::abs(dt));
        EXPECT_LT((g.P - cv).norm(), 1e-12 * cv.norm()) << dt;
      }
      EXPECT_LT((g.P - full.P).norm(), 2e-5 * full.P.norm()) << rotation << " " << dt;
      // A report 3 sigma away: its distance to the gating and to the full prediction.
      const Vector6d d = 3.0 * full.P.diagonal().cwiseSqrt();
      const Matrix6d r = SomeCovariance() * 0.5;
      const double d2_full = d.dot((full.P + r).ldlt().solve(d));
      const double d2_gate = d.dot((g.P + r).ldlt().solve(d));
      EXPECT_LT(std::abs(d2_gate - d2_full), 1e-5 * d2_full) << rotation << " " << dt;
    }
    const GaussianState far = ekf.PredictForGating(s, s.t_s + 30.0);
    EXPECT_GT((far.P - ekf.Predict(s, s.t_s + 30.0).P).norm(), 1e-4 * far.P.norm());
  }
  // Linear models: exactly Predict.
  MotionModelConfig lin;
  lin.kind = MotionKind::kConstantVelocity;
  const EkfPredictor cv_ekf{MotionModel(lin)};
  GaussianState s;
  s.x = BallisticState();
  s.P = SomeCovariance();
  EXPECT_EQ(cv_ekf.PredictForGating(s, 6.0).P, cv_ekf.Predict(s, 6.0).P);
}

// Textbook linear Kalman filter (Bar-Shalom, Li & Kirubarajan, ch. 5), written out plainly.
struct TextbookKf {
  Vector6d x;
  Matrix6d P;
  void Predict(double dt, double q) {
    const Matrix6d f = ClosedFormF(dt);
    x = f * x;
    P = f * P * f.transpose() + ClosedFormQ(q, dt);
  }
  double Update(const Eigen::Vector3d& z, const Eigen::Matrix3d& r) {
    Eigen::Matrix<double, 3, 6> h = Eigen::Matrix<double, 3, 6>::Zero();
    h.leftCols<3>().setIdentity();
    const Eigen::Vector3d y = z - h * x;
    const Eigen::Matrix3d s = h * P * h.transpose() + r;
    const Eigen::Matrix<double, 6, 3> k = P * h.transpose() * s.inverse();
    x = x + k * y;
    P = (Matrix6d::Identity() - k * h) * P;
    return y.dot(s.inverse() * y);
  }
};

TEST(Filters, LinearGaussianCaseMatchesTextbookKalmanFilter) {
  MotionModelConfig cfg;
  cfg.kind = MotionKind::kConstantVelocity;
  cfg.q_m2ps3 = 0.5;
  const MotionModel model(cfg);
  const EkfPredictor ekf_p(model);
  const UkfPredictor ukf_p(model);
  const EkfUpdater ekf_u;
  const UkfUpdater ukf_u;
  GaussianState ekf, ukf;
  ekf.x << 1000, 2000, 500, 10, -20, 5;
  ekf.P = SomeCovariance();
  ukf = ekf;
  TextbookKf kf{ekf.x, ekf.P};
  sensors::Measurement m;
  m.kind = sensors::MeasurementKind::kPosition;
  m.sigma << 15, 25, 35, 0;
  for (int k = 1; k <= 30; ++k) {
    const double t = 0.5 * k;
    const double dt = t - ekf.t_s;
    ekf = ekf_p.Predict(ekf, t);
    ukf = ukf_p.Predict(ukf, t);
    kf.Predict(dt, 0.5);
    // Deterministic, non-trivial measurement sequence.
    m.z.head<3>() = Eigen::Vector3d(1000 + 10 * t + 30 * std::sin(k), 2000 - 20 * t + 20 * std::cos(2 * k),
                                    500 + 5 * t - 40 * std::sin(3 * k));
    m.t_s = t;
    const UpdateResult re = ekf_u.Update(ekf, m);
    const UpdateResult ru = ukf_u.Update(ukf, m);
    const double nis = kf.Update(m.z.head<3>(), m.NoiseCovariance().topLeftCorner<3, 3>());
    ASSERT_TRUE(re.ok && ru.ok);
    ekf = re.posterior;
    ukf = ru.posterior;
    // The three algebraic forms (Joseph, sigma points, short form) agree to rounding:
    // relative 1e-9 of the state (~1e3 m) and covariance norms.
    EXPECT_LT((ekf.x - kf.x).norm(), 1e-9 * kf.x.norm()) << k;
    EXPECT_LT((ukf.x - kf.x).norm(), 1e-9 * kf.x.norm()) << k;
    EXPECT_LT((ekf.P - kf.P).norm(), 1e-9 * kf.P.norm()) << k;
    EXPECT_LT((ukf.P - kf.P).norm(), 1e-9 * kf.P.norm()) << k;
    EXPECT_NEAR(re.nis, nis, 1e-9 * (1.0 + nis));
    EXPECT_NEAR(ru.nis, nis, 1e-9 * (1.0 + nis));
  }
}

TEST(Updater, EveryMeasurementKindUpdatesWithItsDimension) {
  // Same target, one radar: each kind reduces the variance only along what it measures.
  const Vector6d x = BallisticState();
  GaussianState s;
  s.x = x;
  s.P = Matrix6d::Identity() * 1e6;
  sensors::Measurement m;
  m.site_pos = earth::GeodeticToEcef({36.0 * earth::kDeg, 127.5 * earth::kDeg, 0.0});
  m.R_frame_from_enu = earth::REcefFromEnu(36.0 * earth::kDeg, 127.5 * earth::kDeg);
  m.sigma << 20, 1e-3, 1e-3, 5;
  for (auto kind : {sensors::MeasurementKind::kRangeAzEl, sensors::MeasurementKind::kRangeAzElRate,
                    sensors::MeasurementKind::kAngles, sensors::MeasurementKind::kPosition}) {
    m.kind = kind;
    m.z = sensors::PredictMeasurement(m, x.head<3>(), x.tail<3>());
    for (int w = 0; w < 2; ++w) {
      const UpdateResult r = w == 0 ? EkfUpdater().Update(s, m) : UkfUpdater().Update(s, m);
      ASSERT_TRUE(r.ok);
      EXPECT_EQ(r.innovation.dim, m.Dim());
      // Noise-free z at the prior mean: zero innovation (UKF: up to its second-order mean
      // shift, NIS well below 1e-3).
      EXPECT_LT(r.nis, 1e-3);
      EXPECT_LT(r.posterior.P.trace(), s.P.trace());
      const Eigen::LLT<Matrix6d> llt(r.posterior.P);
      EXPECT_EQ(llt.info(), Eigen::Success);
      // Velocity information only comes with a range rate.
      const double v_var = r.posterior.P.bottomRightCorner<3, 3>().trace();
      if (kind == sensors::MeasurementKind::kRangeAzElRate) {
        EXPECT_LT(v_var, 3e6 - 1e5);
      } else {
        EXPECT_NEAR(v_var, 3e6, 1.0);
      }
    }
  }
}

}  // namespace
}  // namespace bmd::fusion
