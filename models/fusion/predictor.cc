#include "models/fusion/predictor.h"

namespace bmd::fusion {

GaussianState EkfPredictor::Predict(const GaussianState& prior, double t_s) const {
  const double dt = t_s - prior.t_s;
  GaussianState out;
  out.t_s = t_s;
  Matrix6d f;
  motion_.PropagateWithTransition(prior.x, dt, &out.x, &f);
  out.P.noalias() = f * prior.P * f.transpose();
  out.P += motion_.ProcessNoise(dt);
  out.P = 0.5 * (out.P + out.P.transpose()).eval();
  return out;
}

GaussianState UkfPredictor::Predict(const GaussianState& prior, double t_s) const {
  const double dt = t_s - prior.t_s;
  SigmaPoints points;
  if (!MakeSigmaPoints(prior.x, prior.P, weights_, &points)) {
    return EkfPredictor(motion_).Predict(prior, t_s);
  }
  for (int i = 0; i < kSigmaPoints; ++i) points.col(i) = motion_.Propagate(points.col(i), dt);
  GaussianState out;
  out.t_s = t_s;
  out.x.noalias() = points * weights_.wm.transpose();
  const SigmaPoints dev = points.colwise() - out.x;
  out.P.noalias() = dev * weights_.wc.asDiagonal() * dev.transpose();
  out.P += motion_.ProcessNoise(dt);
  out.P = 0.5 * (out.P + out.P.transpose()).eval();
  return out;
}

}  // namespace bmd::fusion
