#include "models/fusion/updater.h"

#include <Eigen/Cholesky>
#include <cmath>
#include <numbers>

#include "models/fusion/lower_product.h"

namespace bmd::fusion {
namespace {

using sensors::Measurement;
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

void Updater::PrepareUpdate(const GaussianState& prior, const Measurement& m,
                            InnovationWork* work) const {
  work->innovation = PredictInnovation(prior, m);
  work->has_ekf = false;
}

UpdateResult Updater::UpdatePrepared(const GaussianState& prior, const Measurement& m,
                                     const InnovationWork&) const {
  return Update(prior, m);
}

double Innovation::LogLikelihood() const {
  return -0.5 * (d2 + log_det_S + dim * std::log(2.0 * std::numbers::pi));
}

// The EKF works on fixed D x D blocks (D = m.Dim()) and, for the kinds whose Jacobian has
// zero velocity columns (everything but range rate), on the 3 position columns only:
//   P H^T = P[:, 0:3] Hr^T,  S = Hr (P H^T)[0:3, :] + R,  S = L L^T,
//   d2 = |L^-1 y|^2,  ln det S = ln prod L_ii^2,  K = (P H^T L^-T) L^-1,
//   P+ = A P A^T + K R K^T (Joseph) evaluated as  A P = P - K (P H^T)^T,
//        P+ = A P + (K R - (A P) H^T) K^T  (= A P (I - H^T K^T) + K R K^T),
// of which only the lower triangle is formed (then mirrored). Same equations as the
// general 4 x 4 form; results agree with it to rounding (tests/fusion/tracker_hotpaths_test.cc).
namespace {

template <int D>
using MatD = Eigen::Matrix<double, D, D>;
template <int D>
using Mat6D = Eigen::Matrix<double, 6, D>;

// Innovation of one measurement with D components: y, S (masked 4 x 4 copy in inn), the
// Cholesky factor L of S, P H^T, d2, ln det S. The first kPos rows of H have zero velocity
// columns (all rows but the range-rate one), so their products use the position columns only.
// Innovation of one measurement with D components: y, S (masked 4 x 4 copy in inn), the
// Cholesky factor L of S, P H^T, d2, ln det S, kept in an EkfLinearisation (leading D rows /
// columns) so that the update of the same pair can reuse them. The first kPos rows of H have
// zero velocity columns (all rows but the range-rate one), so their products use the
// position columns only.
template <int D, int kPos>
struct EkfInnovation {
  static constexpr int kFull = D - kPos;  // rows of H with velocity columns

  // out = a H^T (6 x D, leading columns of out) for a 6 x 6 a.
  template <typename Out>
  static void TimesHt(const Eigen::Matrix<double, 4, 6>& h, const Matrix6d& a, Out* out) {
    out->template leftCols<kPos>().noalias() =
        a.leftCols<3>().lazyProduct(h.topLeftCorner<kPos, 3>().transpose());
    if constexpr (kFull > 0) {
      out->template middleCols<kFull>(kPos).noalias() =
          a.lazyProduct(h.middleRows<kFull>(kPos).transpose());
    }
  }

  // Fills a default-constructed inn; false (inn->ok = false) if S is not positive definite.
  static bool Compute(const GaussianState& prior, const Measurement& m, Innovation* inn,
                      EkfLinearisation* lin) {
    Eigen::Matrix<double, 4, 6>& h = lin->h;
    Eigen::Matrix<double, 6, 4>& pht = lin->pht;
    Eigen::Matrix4d& l = lin->l;  // lower Cholesky factor of S (upper part unused)
    inn->dim = D;
    const Eigen::Vector3d pos = prior.x.head<3>();
    const Eigen::Vector3d vel = prior.x.tail<3>();
    h = sensors::MeasurementJacobian(m, pos, vel);
    inn->y = sensors::MeasurementResidual(m, m.z, sensors::PredictMeasurement(m, pos, vel));
    lin->r.head<D>() = m.sigma.head<D>().cwiseAbs2();
    const auto r = lin->r.head<D>();
    TimesHt(h, prior.P, &pht);
    // S = H P H^T + R, lower triangle: S_ab = H_a (P H^T)_b = H_b (P H^T)_a, taken from a
    // position-only row of H when either is one (3 products instead of 6).
    MatD<D> s;
    #pragma GCC unroll 6
    for (int b = 0; b < D; ++b) {
      #pragma GCC unroll 6
      for (int a = b; a < D; ++a) {
        const int row = b < kPos ? b : a, col = b < kPos ? a : b;
        double v = h(row, 0) * pht(0, col) + h(row, 1) * pht(1, col) + h(row, 2) * pht(2, col);
        if (row >= kPos) {
          v += h(row, 3) * pht(3, col) + h(row, 4) * pht(4, col) + h(row, 5) * pht(5, col);
        }
        s(a, b) = v;
      }
      s(b, b) += r[b];
    }
    // S = L L^T; a pivot <= 0 fails (Eigen::LLT's test).
    double det = 1.0;
    #pragma GCC unroll 6
    for (int j = 0; j < D; ++j) {
      double pivot = s(j, j);
      #pragma GCC unroll 6
      for (int k = 0; k < j; ++k) pivot -= l(j, k) * l(j, k);
      if (pivot <= 0.0) {
        inn->ok = false;
        return false;
      }
      det *= pivot;
      l(j, j) = std::sqrt(pivot);
      const double inv = 1.0 / l(j, j);
      #pragma GCC unroll 6
      for (int i = j + 1; i < D; ++i) {
        double v = s(i, j);
        #pragma GCC unroll 6
        for (int k = 0; k < j; ++k) v -= l(i, k) * l(j, k);
        l(i, j) = v * inv;
      }
    }
    // inn is freshly constructed (S = identity): only the D x D block changes.
    #pragma GCC unroll 6
    for (int j = 0; j < D; ++j) {
      #pragma GCC unroll 6
      for (int i = j; i < D; ++i) inn->S(i, j) = inn->S(j, i) = s(i, j);
    }
    // d2 = |w|^2 with L w = y.
    Eigen::Matrix<double, D, 1> w;
    #pragma GCC unroll 6
    for (int i = 0; i < D; ++i) {
      double v = inn->y[i];
      #pragma GCC unroll 6
      for (int k = 0; k < i; ++k) v -= l(i, k) * w[k];
      w[i] = v / l(i, i);
    }
    inn->d2 = w.squaredNorm();
    // One logarithm of the product of the pivots unless it left the normal range.
    if (std::isnormal(det)) {
      inn->log_det_S = std::log(det);
    } else {
      inn->log_det_S = 0.0;
      for (int j = 0; j < D; ++j) inn->log_det_S += 2.0 * std::log(l(j, j));
    }
    inn->ok = true;
    return true;
  }

  // res->posterior = prior and res->innovation = the (ok) innovation of lin on entry.
  static void Update(const GaussianState& prior, const EkfLinearisation& lin, UpdateResult* res) {
    const Innovation& inn = res->innovation;
    const Eigen::Matrix4d& l = lin.l;
    const auto pht = lin.pht.leftCols<D>();
    // K = P H^T S^-1 = U L^-1 with U = P H^T L^-T: column-wise forward then back substitution.
    Mat6D<D> k;
    #pragma GCC unroll 6
    for (int c = 0; c < D; ++c) {
      Vector6d u = pht.col(c);
      #pragma GCC unroll 6
      for (int b = 0; b < c; ++b) u -= l(c, b) * k.col(b);
      k.col(c) = u / l(c, c);
    }
    #pragma GCC unroll 6
    for (int c = D - 1; c >= 0; --c) {
      Vector6d u = k.col(c);
      #pragma GCC unroll 6
      for (int b = c + 1; b < D; ++b) u -= l(b, c) * k.col(b);
      k.col(c) = u / l(c, c);
    }
    res->posterior.x.noalias() += k * inn.y.head<D>();
    // Joseph form: A P = P - K (P H^T)^T, then P+ = A P + G K^T with G = K R - (A P) H^T.
    Matrix6d ap = prior.P;
    ap.noalias() -= k.lazyProduct(pht.transpose());
    Mat6D<D> g;
    TimesHt(lin.h, ap, &g);
    g = k * lin.r.head<D>().asDiagonal() - g;
    Matrix6d& p = res->posterior.P;
    p = ap;
    AddLowerProduct<D>(g, k, &p);
    MirrorLower(&p);
    res->nis = inn.d2;
    res->ok = true;
  }
};

template <int D, int kPos>
Innovation PredictInnovationD(const GaussianState& prior, const Measurement& m) {
  Innovation inn;
  EkfLinearisation lin;
  EkfInnovation<D, kPos>::Compute(prior, m, &inn, &lin);
  return inn;
}

template <int D, int kPos>
void PrepareUpdateD(const GaussianState& prior, const Measurement& m, InnovationWork* work) {
  work->innovation = Innovation{};
  work->has_ekf = true;
  EkfInnovation<D, kPos>::Compute(prior, m, &work->innovation, &work->ekf);
}

template <int D, int kPos>
UpdateResult UpdateD(const GaussianState& prior, const Measurement& m) {
  UpdateResult res;
  res.posterior = prior;
  EkfLinearisation lin;
  if (EkfInnovation<D, kPos>::Compute(prior, m, &res.innovation, &lin)) {
    EkfInnovation<D, kPos>::Update(prior, lin, &res);
  }
  return res;
}

template <int D, int kPos>
UpdateResult UpdatePreparedD(const GaussianState& prior, const InnovationWork& work) {
  UpdateResult res;
  res.posterior = prior;
  res.innovation = work.innovation;
  if (work.innovation.ok) EkfInnovation<D, kPos>::Update(prior, work.ekf, &res);
  return res;
}

// Calls f.template operator()<D, kPos>() with the measurement dimension D and the number of
// position components kPos of the kind (range/az/el and position share <3, 3>).
template <class F>
decltype(auto) ByKind(sensors::MeasurementKind kind, F&& f) {
  switch (kind) {
    case sensors::MeasurementKind::kRangeAzElRate: return f.template operator()<4, 3>();
    case sensors::MeasurementKind::kAngles: return f.template operator()<2, 2>();
    case sensors::MeasurementKind::kRangeAzEl:
    case sensors::MeasurementKind::kPosition: break;
  }
  return f.template operator()<3, 3>();
}

}  // namespace

Innovation EkfUpdater::PredictInnovation(const GaussianState& prior, const Measurement& m) const {
  return ByKind(m.kind, [&]<int D, int P>() { return PredictInnovationD<D, P>(prior, m); });
}

UpdateResult EkfUpdater::Update(const GaussianState& prior, const Measurement& m) const {
  return ByKind(m.kind, [&]<int D, int P>() { return UpdateD<D, P>(prior, m); });
}

void EkfUpdater::PrepareUpdate(const GaussianState& prior, const Measurement& m,
                               InnovationWork* work) const {
  ByKind(m.kind, [&]<int D, int P>() { PrepareUpdateD<D, P>(prior, m, work); });
}

UpdateResult EkfUpdater::UpdatePrepared(const GaussianState& prior, const Measurement& m,
                                        const InnovationWork& work) const {
  if (!work.has_ekf) return Update(prior, m);
  return ByKind(m.kind, [&]<int D, int P>() { return UpdatePreparedD<D, P>(prior, work); });
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
