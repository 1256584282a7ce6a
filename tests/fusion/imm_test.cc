// IMM on a boosting-then-ballistic target in the local flat-gravity frame.
#include <gtest/gtest.h>

#include <cmath>

#include "models/common/random.h"
#include "models/fusion/imm.h"
#include "models/fusion/predictor.h"
#include "models/fusion/updater.h"

namespace bmd::fusion {
namespace {

// Truth: thrust 40 m/s^2 along a fixed 60 deg-elevation direction until burnout at 70 s,
// gravity -g z throughout (closed form per phase).
struct Truth {
  static constexpr double kBurnout = 70.0;
  Eigen::Vector3d a_thrust = 40.0 * Eigen::Vector3d(0.5, 0.0, std::sqrt(3.0) / 2.0);
  Eigen::Vector3d g{0.0, 0.0, -earth::kG0};
  Vector6d At(double t) const {
    const double tb = std::min(t, kBurnout);
    const Eigen::Vector3d a = a_thrust + g;
    Eigen::Vector3d r = 0.5 * a * tb * tb, v = a * tb;
    const double tc = t - tb;
    r += v * tc + 0.5 * g * tc * tc;
    v += g * tc;
    Vector6d x;
    x << r, v;
    return x;
  }
};

TEST(Imm, ModelProbabilitiesFollowTheFlightPhase) {
  ImmConfig cfg;
  for (auto& m : cfg.models) m.kind = MotionKind::kFlatGravity;
  cfg.models[kImmBoost].q_m2ps3 = 1000.0;  // ~ (40 m/s^2)^2 x 1 s: thrust as white noise
  cfg.models[kImmBallistic].q_m2ps3 = 0.01;
  const ImmFilter imm(cfg);
  MotionModelConfig ballistic_only = cfg.models[kImmBallistic];
  const EkfPredictor ekf_p{MotionModel(ballistic_only)};
  const EkfPredictor boost_p{MotionModel(cfg.models[kImmBoost])};
  const EkfUpdater ekf_u;
  const Truth truth;
  constexpr int kRuns = 10;
  double mu_boost_in_boost = 0, mu_ball_in_coast = 0, n_boost = 0, n_coast = 0;
  double err2_imm_boost = 0, err2_ekf_boost = 0, err2_imm_coast = 0, err2_boost_coast = 0;
  for (int run = 0; run < kRuns; ++run) {
    RandomStream rng(17, run, 0, Purpose::kMeasurementNoise);
    GaussianState s0;
    s0.t_s = 10.0;
    s0.x = truth.At(10.0);
    s0.P = Matrix6d::Identity() * 1e4;
    s0.P.bottomRightCorner<3, 3>() *= 0.01 * 100;  // 100 m, 100 m/s
    ImmState imm_s = imm.Initialise(s0);
    GaussianState ekf = s0, boost_only = s0;
    sensors::Measurement m;
    m.kind = sensors::MeasurementKind::kPosition;
    m.sigma << 30, 30, 30, 0;
    for (int k = 11; k <= 160; ++k) {
      const double t = k;
      const Vector6d x = truth.At(t);
      m.t_s = t;
      m.z.head<3>() = x.head<3>();
      for (int d = 0; d < 3; ++d) m.z[d] += 30.0 * rng.Normal();
      imm.Predict(&imm_s, t);
      ASSERT_TRUE(imm.Update(&imm_s, m));
      ekf = ekf_u.Update(ekf_p.Predict(ekf, t), m).posterior;
      boost_only = ekf_u.Update(boost_p.Predict(boost_only, t), m).posterior;
      const double e_imm = (ImmFilter::Combined(imm_s).Position() - x.head<3>()).squaredNorm();
      const double e_ekf = (ekf.Position() - x.head<3>()).squaredNorm();
      EXPECT_NEAR(imm_s.mu.sum(), 1.0, 1e-12);
      if (t >= 25 && t <= 70) {
        mu_boost_in_boost += imm_s.mu[kImmBoost];
        err2_imm_boost += e_imm;
        err2_ekf_boost += e_ekf;
        ++n_boost;
      }
      if (t >= 100) {
        mu_ball_in_coast += imm_s.mu[kImmBallistic];
        err2_imm_coast += e_imm;
        err2_boost_coast += (boost_only.Position() - x.head<3>()).squaredNorm();
        ++n_coast;
      }
    }
  }
  // The boost model dominates under thrust, the ballistic model after burnout.
  EXPECT_GT(mu_boost_in_boost / n_boost, 0.8);
  EXPECT_GT(mu_ball_in_coast / n_coast, 0.8);
  // Under thrust the low-noise ballistic EKF lags badly; the IMM does not.
  EXPECT_LT(std::sqrt(err2_imm_boost / n_boost), 0.5 * std::sqrt(err2_ekf_boost / n_boost));
  // After burnout the IMM smooths better than a filter that stayed in the boost model.
  EXPECT_LT(std::sqrt(err2_imm_coast / n_coast), 0.75 * std::sqrt(err2_boost_coast / n_coast));
}

}  // namespace
}  // namespace bmd::fusion
