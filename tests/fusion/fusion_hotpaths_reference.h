#pragma once
/// Reference copies of the two fusion hot paths as they were before their optimisation
/// (commit be3c68a): covariance intersection by simultaneous diagonalisation (6x6 symmetric
/// eigenproblem) and the EKF prediction with the state-transition matrix from RK4 on the
/// joint system (x, Phi). The optimised library versions are tested against these in
/// tests/fusion/fusion_hotpaths_speed_test.cc and timed against them in
/// tests/bench/fusion_hotpaths.cc. Test-only code: not part of any library. The RK4 copy
/// takes A(x) from MotionModel::DynamicsJacobian, whose gravity gradient was rewritten in
/// closed form with the optimisation (same values to rounding, ~1e-16 relative).
#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <array>
#include <cmath>

#include "models/common/random.h"
#include "models/earth/geodesy.h"
#include "models/fusion/gaussian_state.h"
#include "models/fusion/motion_model.h"
#include "models/fusion/track_fusion.h"
#include "models/sensors/measurement.h"

namespace bmd::fusion::reference {

/// Covariance intersection as implemented before: closed-form criterion after one
/// simultaneous diagonalisation, safeguarded Newton on the criterion's derivative.
template <int N>
FusedEstimate<N> CovarianceIntersection(const Eigen::Matrix<double, N, 1>& x1,
                                        const Eigen::Matrix<double, N, N>& p1,
                                        const Eigen::Matrix<double, N, 1>& x2,
                                        const Eigen::Matrix<double, N, N>& p2,
                                        CiCriterion criterion = CiCriterion::kTrace) {
  using Mat = Eigen::Matrix<double, N, N>;
  using Vec = Eigen::Matrix<double, N, 1>;
  FusedEstimate<N> out;
  const Eigen::LLT<Mat> l1(p1), l2(p2);
  if (l1.info() != Eigen::Success || l2.info() != Eigen::Success) {
    out.ok = false;
    out.x = x1;
    out.P = p1;
    return out;
  }
  const Mat g = l2.matrixL().solve(Mat(l1.matrixL()));
  const Eigen::SelfAdjointEigenSolver<Mat> es(g.transpose() * g);
  if (es.info() != Eigen::Success || !(es.eigenvalues().minCoeff() > 0.0)) {
    out.ok = false;
    out.x = x1;
    out.P = p1;
    return out;
  }
  const Vec lam = es.eigenvalues();
  const Mat b = l1.matrixL() * es.eigenvectors();
  const Vec c = b.colwise().squaredNorm().transpose();
  const Vec one_minus_lam = Vec::Ones() - lam;
  const bool trace = criterion == CiCriterion::kTrace;
  auto derivatives = [&](double w, double* f2) {
    const Vec inv_d = (lam + w * one_minus_lam).cwiseInverse();
    const Vec u = one_minus_lam.cwiseProduct(inv_d);
    if (trace) {
      const Vec cu = c.cwiseProduct(u).cwiseProduct(inv_d);
      *f2 = 2.0 * cu.dot(u);
      return -cu.sum();
    }
    *f2 = u.squaredNorm();
    return -u.sum();
  };
  double f2 = 0.0;
  const double f1_at_0 = derivatives(0.0, &f2);
  const double f1_at_1 = derivatives(1.0, &f2);
  double w;
  if (f1_at_1 <= 0.0) {
    w = 1.0;
  } else if (f1_at_0 >= 0.0) {
    w = 0.0;
  } else {
    double lo = 0.0, hi = 1.0;
    w = f1_at_0 / (f1_at_0 - f1_at_1);
    for (int it = 0; it < 100; ++it) {
      const double f1 = derivatives(w, &f2);
      if (f1 > 0.0) hi = w;
      else lo = w;
      double next = f2 > 0.0 ? w - f1 / f2 : 0.5 * (lo + hi);
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      const double step = std::abs(next - w);
      w = next;
      if (step < 1e-15 || hi - lo < 1e-15) break;
    }
  }
  const Vec inv_d = (lam + w * one_minus_lam).cwiseInverse();
  out.P.noalias() = b * inv_d.asDiagonal() * b.transpose();
  out.P = 0.5 * (out.P + out.P.transpose()).eval();
  out.x = x1 + (1.0 - w) * (out.P * l2.solve(x2 - x1));
  out.omega = w;
  return out;
}

/// State and transition matrix as computed before: RK4 sub-steps on the joint system
/// (x, Phi), dx/dt = f(x), dPhi/dt = A(x) Phi.
inline void PropagateWithTransition(const MotionModel& model, const Vector6d& x, double dt_s,
                                    Vector6d* x_out, Matrix6d* F) {
  if (model.IsLinear()) {
    *x_out = model.Propagate(x, dt_s);
    F->setIdentity();
    F->block<3, 3>(0, 3).diagonal().setConstant(dt_s);
    return;
  }
  auto derivative = [&model](const Vector6d& s) {
    Vector6d d;
    d.head<3>() = s.tail<3>();
    d.tail<3>() = model.Acceleration(s.head<3>(), s.tail<3>());
    return d;
  };
  const double max_step_s = model.config().max_step_s;
  const int n = dt_s == 0.0 ? 0 : static_cast<int>(std::ceil(std::abs(dt_s) / max_step_s));
  const double h = n > 0 ? dt_s / n : 0.0;
  Vector6d s = x;
  Matrix6d phi = Matrix6d::Identity();
  auto a_times = [&model](const Vector6d& at, const Matrix6d& p) {
    const Matrix6d a = model.DynamicsJacobian(at);
    Matrix6d out;
    out.topRows<3>() = p.bottomRows<3>();
    out.bottomRows<3>().noalias() =
        a.block<3, 3>(3, 0) * p.topRows<3>() + a.block<3, 3>(3, 3) * p.bottomRows<3>();
    return out;
  };
  for (int i = 0; i < n; ++i) {
    const Vector6d k1 = derivative(s);
    const Matrix6d m1 = a_times(s, phi);
    const Vector6d s2 = s + 0.5 * h * k1;
    const Vector6d k2 = derivative(s2);
    const Matrix6d m2 = a_times(s2, phi + 0.5 * h * m1);
    const Vector6d s3 = s + 0.5 * h * k2;
    const Vector6d k3 = derivative(s3);
    const Matrix6d m3 = a_times(s3, phi + 0.5 * h * m2);
    const Vector6d s4 = s + h * k3;
    const Vector6d k4 = derivative(s4);
    const Matrix6d m4 = a_times(s4, phi + h * m3);
    s += (h / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
    phi += (h / 6.0) * (m1 + 2.0 * m2 + 2.0 * m3 + m4);
  }
  *x_out = s;
  *F = phi;
}

/// EkfPredictor::Predict as before: P' = F P F^T + Q, symmetrised.
inline GaussianState EkfPredict(const MotionModel& model, const GaussianState& prior, double t_s) {
  const double dt = t_s - prior.t_s;
  GaussianState out;
  out.t_s = t_s;
  Matrix6d f;
  PropagateWithTransition(model, prior.x, dt, &out.x, &f);
  out.P.noalias() = f * prior.P * f.transpose();
  out.P += model.ProcessNoise(dt);
  out.P = 0.5 * (out.P + out.P.transpose()).eval();
  return out;
}

/// Test and benchmark cases in node-fusion geometry (tests/fusion/fusion_hotpaths_speed_test.cc,
/// tests/bench/fusion_track_fusion.cc): position covariance long along a random line of
/// sight (range sigma 20 m, cross-range 1 mrad x 50..1000 km), velocity block 1e-4..1e-2 of
/// it, correlated position-velocity block. Callers add a small SPD jitter of their own.
inline Matrix6d RadarLikeCovariance(RandomStream& rng) {
  Eigen::Vector3d los(rng.Normal(), rng.Normal(), rng.Normal());
  los.normalize();
  const double cross = 1e-3 * rng.Uniform(50e3, 1000e3);
  const Eigen::Matrix3d pos = cross * cross * Eigen::Matrix3d::Identity() +
                              (400.0 - cross * cross) * los * los.transpose();
  const double v = std::pow(10.0, rng.Uniform(-4.0, -2.0));
  Matrix6d p;
  p << pos, 0.5 * std::sqrt(v) * pos, 0.5 * std::sqrt(v) * pos, v * pos;
  return p;
}

// Tracks of one ballistic object at 150 km seen by radars at different sites: each
// covariance is long along the line of sight of its radar (range accuracy 20 m, cross-range
// ~ 1 mrad x range), the velocity block ~ 1 % of the position one, with random correlation
// (bench_fusion_track_fusion, bench_fusion_hotpaths).
inline std::array<GaussianState, 4> SourceTracks() {
  RandomStream rng(7, 0, 0, Purpose::kTest);
  const earth::Geodetic tgt{38.0 * earth::kDeg, 127.0 * earth::kDeg, 150e3};
  const Eigen::Vector3d r = earth::GeodeticToEcef(tgt);
  const Eigen::Vector3d v =
      earth::REcefFromEnu(tgt.lat_rad, tgt.lon_rad) * Eigen::Vector3d(1200, -2000, -500);
  const earth::Geodetic sites[4] = {{36.0 * earth::kDeg, 128.0 * earth::kDeg, 0.0},
                                    {36.8 * earth::kDeg, 127.5 * earth::kDeg, 0.0},
                                    {35.4 * earth::kDeg, 127.1 * earth::kDeg, 0.0},
                                    {36.0 * earth::kDeg, 130.5 * earth::kDeg, 0.0}};
  std::array<GaussianState, 4> out;
  for (int k = 0; k < 4; ++k) {
    const Eigen::Vector3d los = (r - earth::GeodeticToEcef(sites[k])).normalized();
    const double range = (r - earth::GeodeticToEcef(sites[k])).norm();
    const double cross = 1e-3 * range;
    Eigen::Matrix3d pos = cross * cross * Eigen::Matrix3d::Identity() +
                          (400.0 - cross * cross) * los * los.transpose();
    Matrix6d a;
    for (int i = 0; i < 6; ++i)
      for (int j = 0; j < 6; ++j) a(i, j) = rng.Normal();
    Matrix6d p = Matrix6d::Zero();
    p.topLeftCorner<3, 3>() = pos;
    p.bottomRightCorner<3, 3>() = 0.01 * pos;
    p.topRightCorner<3, 3>() = 0.05 * pos;
    p.bottomLeftCorner<3, 3>() = 0.05 * pos;
    p += 1e-2 * a * a.transpose();
    out[static_cast<std::size_t>(k)].P = p;
    out[static_cast<std::size_t>(k)].x << r, v;
    for (int i = 0; i < 3; ++i) out[static_cast<std::size_t>(k)].x[i] += 30.0 * rng.Normal();
  }
  return out;
}

/// Test and benchmark cases of the EKF update (tests/fusion/tracker_hotpaths_test.cc,
/// tests/bench/tracker_hotpaths.cc): m.z = h(x_true) + noise (m.sigma), with x_true drawn
/// from `prior`.
inline void DrawMeasurementFromPrior(RandomStream& rng, const GaussianState& prior, sensors::Measurement& m) {
  const Matrix6d l = prior.P.llt().matrixL();
  Vector6d n;
  for (int i = 0; i < 6; ++i) n[i] = rng.Normal();
  const Vector6d x_true = prior.x + l * n;
  m.z = sensors::PredictMeasurement(m, x_true.head<3>(), x_true.tail<3>());
  for (int i = 0; i < m.Dim(); ++i) m.z[i] += m.sigma[i] * rng.Normal();
}

}  // namespace bmd::fusion::reference
