#include "models/fusion/predictor.h"

#include <cmath>

#include "models/fusion/lower_product.h"

namespace bmd::fusion {

GaussianState EkfPredictor::Predict(const GaussianState& prior, double t_s) const {
  const double dt = t_s - prior.t_s;
  GaussianState out;
  out.t_s = t_s;
  Matrix6d f;
  motion_.PropagateWithTransition(prior.x, dt, &out.x, &f);
  // P' = F P F^T + Q: W = F P, then the lower triangle of W F^T, mirrored (symmetric by
  // construction); Q's non-zero entries (MotionModel::ProcessNoise, every kind) added in place.
  Matrix6d w;
  w.noalias() = f.lazyProduct(prior.P);
  out.P.setZero();
  AddLowerProduct<6>(w, f, &out.P);
  const double h = std::abs(dt);
  const double q = motion_.config().q_m2ps3;
  const double q_rr = q * h * h * h / 3.0, q_rv = q * h * h / 2.0, q_vv = q * h;
  for (int i = 0; i < 3; ++i) {
    out.P(i, i) += q_rr;
    out.P(i + 3, i + 3) += q_vv;
    out.P(i + 3, i) += q_rv;
  }
  MirrorLower(&out.P);
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
