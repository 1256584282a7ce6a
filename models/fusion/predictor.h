#pragma once
/// Predictor::Predict: propagate a Gaussian track state to a new time with a motion model.
///   EkfPredictor:  x' = f(x, dt) (closed form or RK4),  P' = F P F^T + Q(dt),
///                  F from the closed form (linear models) or the variational equation.
///   UkfPredictor:  sigma points of (x, P) each propagated by f; P' = sum Wc (X - x')(X - x')^T + Q.
/// No allocation; safe to call concurrently on different states.
#include "models/fusion/gaussian_state.h"
#include "models/fusion/motion_model.h"
#include "models/fusion/unscented.h"

namespace bmd::fusion {

class Predictor {
 public:
  explicit Predictor(const MotionModel& motion) : motion_(motion) {}
  virtual ~Predictor() = default;
  /// The state at t_s (t_s may precede prior.t_s: retrodiction uses the same equations).
  virtual GaussianState Predict(const GaussianState& prior, double t_s) const = 0;
  /// The mean alone: Predict(prior, t_s).x, bit for bit (callers that need no covariance,
  /// e.g. picture metrics, skip the transition matrix and P update).
  virtual Vector6d PredictMean(const GaussianState& prior, double t_s) const { return Predict(prior, t_s).x; }
  /// For association gates and short ageing (NetworkTrackManager's states at most 2 s old),
  /// not for a filter's own prediction: the mean as Predict; the covariance may use a cheaper
  /// transition (EkfPredictor: constant velocity, see there). Default: Predict.
  virtual GaussianState PredictForGating(const GaussianState& prior, double t_s) const {
    return Predict(prior, t_s);
  }
  const MotionModel& motion() const { return motion_; }

 protected:
  MotionModel motion_;
};

class EkfPredictor final : public Predictor {
 public:
  explicit EkfPredictor(const MotionModel& motion) : Predictor(motion) {}
  GaussianState Predict(const GaussianState& prior, double t_s) const override;
  /// x' = f(x, dt) by MotionModel::Propagate: the same arithmetic as Predict's state.
  Vector6d PredictMean(const GaussianState& prior, double t_s) const override {
    return motion_.Propagate(prior.x, t_s - prior.t_s);
  }
  /// Mean as Predict (bit for bit); covariance with the transition of the velocity-dependent
  /// part of the ballistic model alone (constant velocity plus the Coriolis rotation in the
  /// rotating frame, closed form): this drops the position gradient of gravity and of the
  /// centrifugal term (|da/dr| ~ 2 GM / r^3 ~ 3e-6 /s^2), which changes P by parts per million
  /// over a 1 s fusion interval - nothing a chi-square gate can see - at a fraction of the
  /// variational transition's cost. Linear models: Predict.
  GaussianState PredictForGating(const GaussianState& prior, double t_s) const override;
};

class UkfPredictor final : public Predictor {
 public:
  UkfPredictor(const MotionModel& motion, const UnscentedConfig& cfg = {})
      : Predictor(motion), weights_(MakeUnscentedWeights(cfg)) {}
  /// Falls back to the EKF equations if P is not positive definite.
  GaussianState Predict(const GaussianState& prior, double t_s) const override;

 private:
  UnscentedWeights weights_;
};

}  // namespace bmd::fusion
