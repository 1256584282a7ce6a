#include "models/fusion/updater.h"

#include <Eigen/Cholesky>
#include <cmath>
#include <numbers>

namespace bmd::fusion {
namespace {

using sensors::Measurement;
using Matrix46 = Eigen::Matrix<double, 4, 6>;
using Matrix64 = Eigen::Matrix<double, 6, 4>;

// Fills d2 and log_det_S from y and S (S already masked); returns the factorisation.
Eigen::LLT<Eigen::Matrix4d> Finish(Innovation* inn) {
  Eigen::LLT<Eigen::Matrix4d> llt(inn->S);
  inn->ok = llt.info() == Eigen::Success;
  if (!inn->ok) return llt;
  inn->d2 = llt.solve(inn->y).dot(inn->y);
  // The masked diagonal entries are 1 and add ln 1 = 0.
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

}  // namespace

double Innovation::LogLikelihood() const {
  return -0.5 * (d2 + log_det_S + dim * std::log(2.0 * std::numbers::pi));
}

Innovation EkfUpdater::PredictInnovation(const GaussianState& prior, const Measurement& m) const {
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

UpdateResult EkfUpdater::Update(const GaussianState& prior, const Measurement& m) const {
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
  // K = P H^T S^-1, computed as (S^-1 H P)^T since S and P are symmetric.
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

bool UkfUpdater::Transform(const GaussianState& prior, const Measurement& m, SigmaPoints* points,
                           Eigen::Matrix<double, 4, kSigmaPoints>* dz, Innovation* inn) const {
  inn->dim = m.Dim();
  if (!MakeSigmaPoints(prior.x, prior.P, weights_, points)) return false;
  Eigen::Matrix<double, 4, kSigmaPoints> zs;
  for (int i = 0; i < kSigmaPoints; ++i) {
    zs.col(i) = sensors::PredictMeasurement(m, points->col(i).head<3>(), points->col(i).tail<3>());
  }
  // Mean through residuals about the central point, so azimuth wrap-around is harmless.
  Eigen::Vector4d mean_dev = Eigen::Vector4d::Zero();
  for (int i = 0; i < kSigmaPoints; ++i) {
    dz->col(i) = sensors::MeasurementResidual(m, zs.col(i), zs.col(0));
    mean_dev += weights_.wm[i] * dz->col(i);
  }
  const Eigen::Vector4d z_hat = zs.col(0) + mean_dev;
  for (int i = 0; i < kSigmaPoints; ++i) {
    dz->col(i) = sensors::MeasurementResidual(m, zs.col(i), z_hat);
  }
  inn->y = sensors::MeasurementResidual(m, m.z, z_hat);
  inn->S.noalias() = (*dz) * weights_.wc.asDiagonal() * dz->transpose();
  inn->S += m.NoiseCovariance();
  MaskS(inn->dim, &inn->S);
  return true;
}

Innovation UkfUpdater::PredictInnovation(const GaussianState& prior, const Measurement& m) const {
  SigmaPoints points;
  Eigen::Matrix<double, 4, kSigmaPoints> dz;
  Innovation inn;
  if (!Transform(prior, m, &points, &dz, &inn)) return EkfUpdater().PredictInnovation(prior, m);
  Finish(&inn);
  return inn;
}

UpdateResult UkfUpdater::Update(const GaussianState& prior, const Measurement& m) const {
  SigmaPoints points;
  Eigen::Matrix<double, 4, kSigmaPoints> dz;
  UpdateResult res;
  res.posterior = prior;
  if (!Transform(prior, m, &points, &dz, &res.innovation)) return EkfUpdater().Update(prior, m);
  Innovation& inn = res.innovation;
  const Eigen::LLT<Eigen::Matrix4d> llt = Finish(&inn);
  if (!inn.ok) return res;
  const SigmaPoints dx = points.colwise() - prior.x;
  const Matrix64 pxz = dx * weights_.wc.asDiagonal() * dz.transpose();
  const Matrix64 k = llt.solve(pxz.transpose()).transpose();
  res.posterior.x += k * inn.y;
  Matrix6d p = prior.P;
  p.noalias() -= k * inn.S * k.transpose();
  res.posterior.P = 0.5 * (p + p.transpose());
  res.nis = inn.d2;
  res.ok = true;
  return res;
}

}  // namespace bmd::fusion
