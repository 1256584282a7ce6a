#pragma once
/// Interacting Multiple Model estimator (Blom & Bar-Shalom 1988) with two motion models:
/// "boost" (ballistic dynamics + large process noise standing for unknown thrust
/// acceleration) and "ballistic" (same dynamics, low noise). EKF predictor/updater per model.
///
/// One cycle, with p_ij = P(model j now | model i before) (rows sum to 1):
///   c_j = sum_i p_ij mu_i,  mu_i|j = p_ij mu_i / c_j                         (mixing)
///   x0_j = sum_i mu_i|j x_i,  P0_j = sum_i mu_i|j (P_i + (x_i - x0_j)(x_i - x0_j)^T)
///   (x_j, P_j) = EKF predict of (x0_j, P0_j);  mu_j <- c_j                    (Predict)
///   Lambda_j = N(y_j; 0, S_j),  mu_j <- Lambda_j mu_j / sum_k Lambda_k mu_k   (Update)
///   combined: x = sum mu_j x_j,  P = sum mu_j (P_j + (x_j - x)(x_j - x)^T)
/// The Markov matrix applies per Predict call (per scan), whatever dt is.
#include <Eigen/Core>
#include <array>

#include "models/fusion/gaussian_state.h"
#include "models/fusion/motion_model.h"
#include "models/fusion/predictor.h"
#include "models/fusion/updater.h"

namespace bmd::fusion {

inline constexpr int kImmModels = 2;
inline constexpr int kImmBoost = 0;
inline constexpr int kImmBallistic = 1;

struct ImmConfig {
  /// Model 0 (boost) and model 1 (ballistic): same dynamics, different q.
  std::array<MotionModelConfig, kImmModels> models = {
      MotionModelConfig{MotionKind::kBallisticEcef, true, true, earth::kG0, 2.5e3, 5.0},
      MotionModelConfig{MotionKind::kBallisticEcef, true, true, earth::kG0, 1.0, 5.0}};
  /// Markov switching matrix p_ij; boost -> ballistic allowed, ballistic -> boost rare.
  Eigen::Matrix2d transition = (Eigen::Matrix2d() << 0.95, 0.05, 0.01, 0.99).finished();
  Eigen::Vector2d initial_probabilities = Eigen::Vector2d(0.5, 0.5);
};

struct ImmState {
  std::array<GaussianState, kImmModels> models;
  Eigen::Vector2d mu = Eigen::Vector2d(0.5, 0.5);  ///< model probabilities
  double last_nis = 0.0;                           ///< NIS of the most probable model
};

class ImmFilter {
 public:
  explicit ImmFilter(const ImmConfig& cfg = {});

  /// Every model starts from the same state; probabilities from the config.
  ImmState Initialise(const GaussianState& state) const;
  /// Mixing and per-model prediction to t_s.
  void Predict(ImmState* s, double t_s) const;
  /// Per-model EKF update and model-probability update. Returns false (state unchanged) if no
  /// model could be updated.
  bool Update(ImmState* s, const sensors::Measurement& m) const;
  /// Moment-matched combined estimate.
  static GaussianState Combined(const ImmState& s);
  const ImmConfig& config() const { return cfg_; }

 private:
  ImmConfig cfg_;
  std::array<EkfPredictor, kImmModels> predictors_;
  EkfUpdater updater_;
};

}  // namespace bmd::fusion
