#include "models/sensors/launch_estimator.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>

#include "models/earth/geodesy.h"

namespace bmd::sensors {
namespace {

Eigen::Vector3d LineOfSight(const Measurement& m) {
  return m.R_frame_from_enu * RangeAzElToEnu(1.0, m.z[0], m.z[1]);
}

// Residual sum of squares of z = A tau^k with A at its least-squares value:
//   A = Sxz / Sxx,  sum (z - A x)^2 = Szz - Sxz^2 / Sxx   (x = tau^k; one pow per point).
double PowerLawResidual(const std::vector<double>& t, const std::vector<double>& z, double t_l,
                        double k, double* a_out) {
  double sxx = 0.0, sxz = 0.0, szz = 0.0;
  for (size_t i = 0; i < t.size(); ++i) {
    const double x = std::pow(t[i] - t_l, k);
    sxx += x * x;
    sxz += x * z[i];
    szz += z[i] * z[i];
  }
  const double a = sxz / sxx;
  if (a_out) *a_out = a;
  return std::max(szz - a * sxz, 0.0);
}

}  // namespace

bool Triangulate(const Measurement* looks, int count, TriangulatedPoint* out) {
  if (count < 2) return false;
  bool two_sensors = false;
  for (int i = 1; i < count && !two_sensors; ++i) two_sensors = looks[i].sensor != looks[0].sensor;
  if (!two_sensors) return false;
  // First pass unweighted, second pass weighted by 1 / (sigma rho)^2.
  Eigen::Vector3d r = Eigen::Vector3d::Zero();
  Eigen::Matrix3d a = Eigen::Matrix3d::Zero();
  for (int pass = 0; pass < 2; ++pass) {
    a.setZero();
    Eigen::Vector3d b = Eigen::Vector3d::Zero();
    for (int i = 0; i < count; ++i) {
      const Measurement& m = looks[i];
      const Eigen::Vector3d u = LineOfSight(m);
      const Eigen::Matrix3d proj = Eigen::Matrix3d::Identity() - u * u.transpose();
      double w = 1.0;
      if (pass == 1) {
        const double rho = (r - m.site_pos).norm();
        const double sigma = 0.5 * (m.sigma[0] * std::cos(m.z[1]) + m.sigma[1]);
        w = 1.0 / (sigma * sigma * rho * rho);
      }
      a += w * proj;
      b += w * proj * m.site_pos;
    }
    if (pass == 0) {
      // Near-parallel lines: the smallest eigenvalue of sum(I - u u^T) is ~ sin^2 of the
      // largest angle between them; refuse below ~0.5 deg.
      Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> es(a);
      if (es.eigenvalues()[0] < 1e-4 * count) return false;
    }
    r = a.ldlt().solve(b);
  }
  out->t_s = looks[0].t_s;
  out->r_ecef = r;
  out->P = a.inverse();
  return true;
}

void LaunchEstimator::Add(const Measurement& look) {
  if (look.kind == MeasurementKind::kAngles) looks_.push_back(look);
}

std::vector<TriangulatedPoint> LaunchEstimator::Points() const {
  std::vector<Measurement> sorted = looks_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Measurement& a, const Measurement& b) { return a.t_s < b.t_s; });
  std::vector<TriangulatedPoint> points;
  size_t i = 0;
  while (i < sorted.size()) {
    size_t j = i + 1;
    while (j < sorted.size() && sorted[j].t_s - sorted[i].t_s <= config_.max_time_skew_s) ++j;
    TriangulatedPoint p;
    if (Triangulate(sorted.data() + i, static_cast<int>(j - i), &p)) {
      // Time of validity: mean time of the group.
      double t = 0.0;
      for (size_t k = i; k < j; ++k) t += sorted[k].t_s;
      p.t_s = t / static_cast<double>(j - i);
      points.push_back(p);
    }
    i = j;
  }
  return points;
}

bool LaunchEstimator::Estimate(Cue* cue) const {
  const std::vector<TriangulatedPoint> pts = Points();
  const int n = static_cast<int>(pts.size());
  if (n < std::max(config_.min_points, 4)) return false;

  // Local frame at the ground point below the mean position.
  Eigen::Vector3d mean = Eigen::Vector3d::Zero();
  for (const auto& p : pts) mean += p.r_ecef;
  mean /= n;
  earth::Geodetic ref = earth::EcefToGeodetic(mean);
  ref.alt_m = 0.0;
  const earth::EnuFrame frame = earth::EnuFrame::At(ref);
  std::vector<Eigen::Vector2d> h(static_cast<size_t>(n));
  std::vector<double> z(static_cast<size_t>(n)), t(static_cast<size_t>(n));
  Eigen::Vector2d mu = Eigen::Vector2d::Zero();
  for (int i = 0; i < n; ++i) {
    h[i] = frame.ToEnu(pts[i].r_ecef).head<2>();
    z[i] = earth::FastAltitude(pts[i].r_ecef, earth::Shape::kWgs84);
    t[i] = pts[i].t_s;
    mu += h[i];
  }
  mu /= n;

  // Ground track: principal axis of the horizontal positions, oriented along time.
  Eigen::Matrix2d c = Eigen::Matrix2d::Zero();
  for (int i = 0; i < n; ++i) c += (h[i] - mu) * (h[i] - mu).transpose();
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> es(c);
  Eigen::Vector2d d = es.eigenvectors().col(1);
  if ((h[n - 1] - h[0]).dot(d) < 0.0) d = -d;
  const Eigen::Vector2d perp(-d.y(), d.x());

  // Launch point: x = x_L + c (z / 10 km)^q, best q on a grid.
  double best_res = 1e300, best_xl = 0.0, best_var_xl = 0.0;
  const bool fit_q = !(config_.path_power > 0.0);
  for (int iq = 0; iq <= (fit_q ? 60 : 0); ++iq) {
    const double q = fit_q ? 1.0 + 0.05 * iq : config_.path_power;
    Eigen::Matrix2d xtx = Eigen::Matrix2d::Zero();
    Eigen::Vector2d xty = Eigen::Vector2d::Zero();
    for (int i = 0; i < n; ++i) {
      const Eigen::Vector2d row(1.0, std::pow(std::max(z[i], 0.0) / 1e4, q));
      xtx += row * row.transpose();
      xty += row * (h[i] - mu).dot(d);
    }
    const Eigen::Vector2d coef = xtx.ldlt().solve(xty);
    double res = 0.0;
    for (int i = 0; i < n; ++i) {
      const double e = (h[i] - mu).dot(d) - coef[0] - coef[1] * std::pow(std::max(z[i], 0.0) / 1e4, q);
      res += e * e;
    }
    if (res < best_res) {
      best_res = res;
      best_xl = coef[0];
      best_var_xl = res / (n - 2) * xtx.inverse()(0, 0);
    }
  }
  // Cross-track scatter about the line: variance of the mean offset, and of the line's
  // direction (slope over the downrange spread).
  double cross_ss = 0.0, down_ss = 0.0;
  for (int i = 0; i < n; ++i) {
    cross_ss += std::pow((h[i] - mu).dot(perp), 2);
    down_ss += std::pow((h[i] - mu).dot(d), 2);
  }
  const double cross_point_var = cross_ss / (n - 2);
  const double cross_var = cross_point_var / n;
  const double heading_var = cross_point_var / std::max(down_ss, 1.0);
  const Eigen::Vector2d launch_en = mu + best_xl * d;
  earth::Geodetic launch = earth::EcefToGeodetic(
      frame.ToEcef(Eigen::Vector3d(launch_en.x(), launch_en.y(), 0.0)));
  launch.alt_m = 0.0;

  // Launch time: z = A (t - t_L)^k; grid search then golden section.
  const double k = config_.altitude_power;
  const double t_hi = t[0] - 1e-3;
  const double t_lo = t[0] - config_.max_boost_age_s;
  constexpr int kGrid = 600;
  const double step = (t_hi - t_lo) / kGrid;
  double best_tl = t_hi, best_r = 1e300;
  for (int g = 0; g <= kGrid; ++g) {
    const double tl = t_lo + step * g;
    const double r = PowerLawResidual(t, z, tl, k, nullptr);
    if (r < best_r) {
      best_r = r;
      best_tl = tl;
    }
  }
  double lo = std::max(t_lo, best_tl - step), hi = std::min(t_hi, best_tl + step);
  const double gr = 0.5 * (std::sqrt(5.0) - 1.0);
  // Golden section, one new evaluation per iteration (the surviving interior point is kept).
  double m1 = hi - gr * (hi - lo), m2 = lo + gr * (hi - lo);
  double r1 = PowerLawResidual(t, z, m1, k, nullptr), r2 = PowerLawResidual(t, z, m2, k, nullptr);
  for (int it = 0; it < 60; ++it) {
    if (r1 < r2) {
      hi = m2;
      m2 = m1;
      r2 = r1;
      m1 = hi - gr * (hi - lo);
      r1 = PowerLawResidual(t, z, m1, k, nullptr);
    } else {
      lo = m1;
      m1 = m2;
      r1 = r2;
      m2 = lo + gr * (hi - lo);
      r2 = PowerLawResidual(t, z, m2, k, nullptr);
    }
  }
  const double t_launch = 0.5 * (lo + hi);
  double amp = 0.0;
  const double res_t = PowerLawResidual(t, z, t_launch, k, &amp);
  // Gauss-Newton covariance of (A, t_L).
  Eigen::Matrix2d jtj = Eigen::Matrix2d::Zero();
  for (int i = 0; i < n; ++i) {
    const double tau = t[i] - t_launch;
    const Eigen::Vector2d jrow(std::pow(tau, k), -amp * k * std::pow(tau, k - 1.0));
    jtj += jrow * jrow.transpose();
  }
  const double var_tl = res_t / (n - 2) * jtj.inverse()(1, 1);

  // State at the last point: weighted quadratic fit r(tau) = c0 + c1 tau + c2 tau^2.
  const double t_last = pts[n - 1].t_s;
  Eigen::Matrix<double, 9, 9> nmat = Eigen::Matrix<double, 9, 9>::Zero();
  Eigen::Matrix<double, 9, 1> yvec = Eigen::Matrix<double, 9, 1>::Zero();
  for (const auto& p : pts) {
    const double tau = p.t_s - t_last;
    Eigen::Matrix<double, 3, 9> hm;
    hm << Eigen::Matrix3d::Identity(), tau * Eigen::Matrix3d::Identity(),
        tau * tau * Eigen::Matrix3d::Identity();
    const Eigen::Matrix3d w = p.P.inverse();
    nmat += hm.transpose() * w * hm;
    yvec += hm.transpose() * w * p.r_ecef;
  }
  const Eigen::Matrix<double, 9, 9> cov = nmat.inverse();
  const Eigen::Matrix<double, 9, 1> theta = cov * yvec;

  cue->t_s = t_last;
  cue->source_sensor = looks_.empty() ? -1 : looks_.back().sensor;
  cue->launch = launch;
  cue->launch_time_s = t_launch;
  cue->heading_rad = std::atan2(d.x(), d.y());
  cue->heading_sigma_rad = std::sqrt(heading_var);
  cue->launch_sigma_m = std::sqrt(best_var_xl + cross_var);
  cue->launch_time_sigma_s = std::sqrt(std::max(var_tl, 0.0));
  cue->r_ecef = theta.head<3>();
  cue->v_ecef = theta.segment<3>(3);
  cue->P_r = cov.topLeftCorner<3, 3>();
  return true;
}

}  // namespace bmd::sensors
