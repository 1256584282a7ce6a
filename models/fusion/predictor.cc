#include "models/fusion/predictor.h"

#include <cmath>

#include "models/earth/earth_model.h"
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

namespace {
// J M and M J^T for the rotation generator J = [[0, 1, 0], [-1, 0, 0], [0, 0, 0]].
Eigen::Matrix3d JLeft(const Eigen::Matrix3d& m) {
  Eigen::Matrix3d out;
  out.row(0) = m.row(1);
  out.row(1) = -m.row(0);
  out.row(2).setZero();
  return out;
}
Eigen::Matrix3d JRight(const Eigen::Matrix3d& m) {
  Eigen::Matrix3d out;
  out.col(0) = m.col(1);
  out.col(1) = -m.col(0);
  out.col(2).setZero();
  return out;
}
}  // namespace

GaussianState EkfPredictor::PredictForGating(const GaussianState& prior, double t_s) const {
  if (motion_.IsLinear()) return Predict(prior, t_s);
  const double dt = t_s - prior.t_s;
  GaussianState out;
  out.t_s = t_s;
  out.x = motion_.Propagate(prior.x, dt);
  // F = [I A; 0 B] for r'' = C r' with the Coriolis matrix C = -2 [w x] = c J (w = Omega z,
  // c = 2 Omega, zero without rotation), to first order in c dt (~1.5e-4 per second; the
  // second order is below the gravity gradient dropped anyway): B = I + c dt J,
  // A = I dt + c dt^2 / 2 J.
  const double c = motion_.config().rotation ? 2.0 * earth::kOmegaEarth : 0.0;
  const double eb = c * dt, ea = 0.5 * c * dt * dt;
  const Eigen::Matrix3d prr = prior.P.topLeftCorner<3, 3>(), pvr = prior.P.bottomLeftCorner<3, 3>(),
                        pvv = prior.P.bottomRightCorner<3, 3>();
  const Eigen::Matrix3d a_pvv = dt * pvv + ea * JLeft(pvv);  // A P_vv
  const Eigen::Matrix3d a_pvr = dt * pvr + ea * JLeft(pvr);  // A P_vr
  const Eigen::Matrix3d a_pvv_at = dt * a_pvv + ea * JRight(a_pvv);  // A P_vv A^T
  const Eigen::Matrix3d x = pvr.transpose() + a_pvv;  // P_rv + A P_vv
  const Eigen::Matrix3d rv = x + eb * JRight(x);      // (P_rv + A P_vv) B^T
  const Eigen::Matrix3d b_pvv = pvv + eb * JLeft(pvv);
  const Eigen::Matrix3d vv = b_pvv + eb * JRight(b_pvv);  // B P_vv B^T
  const double h = std::abs(dt);
  const double q = motion_.config().q_m2ps3;
  const double q_rr = q * h * h * h / 3.0, q_rv = q * h * h / 2.0, q_vv = q * h;
  out.P.topLeftCorner<3, 3>() = prr + a_pvr + a_pvr.transpose() + a_pvv_at;
  out.P.topRightCorner<3, 3>() = rv;
  out.P.bottomLeftCorner<3, 3>() = rv.transpose();
  out.P.bottomRightCorner<3, 3>() = vv;
  for (int i = 0; i < 3; ++i) {
    out.P(i, i) += q_rr;
    out.P(i + 3, i + 3) += q_vv;
    out.P(i, i + 3) += q_rv;
    out.P(i + 3, i) += q_rv;
  }
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
