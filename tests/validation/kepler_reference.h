#pragma once
/// Closed-form two-body (Kepler) reference for tests: orbit elements from an inertial state,
/// position/velocity at any time by Kepler's equation, and ballistic free-flight range angle
/// and time of flight between two radii (Bate, Mueller & White, Fundamentals of
/// Astrodynamics, ch. 2 and 6). Independent of the simulator's integrators.
#include <Eigen/Core>
#include <Eigen/Geometry>

#include <cmath>
#include <numbers>

namespace bmd::flight::testing {

struct KeplerOrbit {
  double mu = 0.0, p = 0.0, e = 0.0, a = 0.0, n = 0.0;
  Eigen::Vector3d P, Q;  ///< perifocal unit vectors (toward periapsis, 90 deg ahead)
  double M0 = 0.0;       ///< mean anomaly at t = 0

  static KeplerOrbit FromState(const Eigen::Vector3d& r, const Eigen::Vector3d& v, double mu) {
    KeplerOrbit o;
    o.mu = mu;
    const Eigen::Vector3d h = r.cross(v);
    const Eigen::Vector3d e_vec = v.cross(h) / mu - r.normalized();
    o.e = e_vec.norm();
    o.p = h.squaredNorm() / mu;
    o.a = o.p / (1.0 - o.e * o.e);
    o.n = std::sqrt(mu / (o.a * o.a * o.a));
    o.P = e_vec / o.e;
    o.Q = h.normalized().cross(o.P);
    const double theta = std::atan2(r.dot(o.Q), r.dot(o.P));
    o.M0 = MeanFromTrue(theta, o.e);
    return o;
  }
  static double MeanFromTrue(double theta, double e) {
    const double E = 2.0 * std::atan(std::sqrt((1.0 - e) / (1.0 + e)) * std::tan(0.5 * theta));
    return E - e * std::sin(E);
  }
  double TrueFromMean(double M) const {
    double E = M;
    for (int i = 0; i < 50; ++i) {
      const double dE = (E - e * std::sin(E) - M) / (1.0 - e * std::cos(E));
      E -= dE;
      if (std::abs(dE) < 1e-15) break;
    }
    return 2.0 * std::atan2(std::sqrt(1.0 + e) * std::sin(0.5 * E),
                            std::sqrt(1.0 - e) * std::cos(0.5 * E));
  }
  void StateAt(double t, Eigen::Vector3d& r, Eigen::Vector3d& v) const {
    const double th = TrueFromMean(M0 + n * t);
    const double rn = p / (1.0 + e * std::cos(th));
    r = rn * (std::cos(th) * P + std::sin(th) * Q);
    v = std::sqrt(mu / p) * (-std::sin(th) * P + (e + std::cos(th)) * Q);
  }
};

/// Ballistic free flight from radius r0 with speed v and flight-path angle gamma (ascending)
/// to the descending crossing of radius r1: range angle (rad) and time of flight (s).
struct FreeFlight {
  double range_angle_rad = 0.0;
  double time_s = 0.0;
  double apogee_time_s = 0.0;  ///< from r0 to apoapsis
};
inline FreeFlight KeplerFreeFlight(double mu, double r0, double v, double gamma, double r1) {
  const double nu = v * v * r0 / mu;  // BMW's Q parameter
  const double c2 = std::cos(gamma) * std::cos(gamma);
  const double p = r0 * nu * c2;
  const double e = std::sqrt(1.0 + nu * (nu - 2.0) * c2);
  const double a = p / (1.0 - e * e);
  const double n = std::sqrt(mu / (a * a * a));
  const double th0 = std::acos((p / r0 - 1.0) / e);                        // ascending, (0, pi)
  const double th1 = 2.0 * std::numbers::pi - std::acos((p / r1 - 1.0) / e);  // descending
  const double M0 = KeplerOrbit::MeanFromTrue(th0, e);
  const double M1 = KeplerOrbit::MeanFromTrue(th1 - 2.0 * std::numbers::pi, e) +
                    2.0 * std::numbers::pi;
  FreeFlight f;
  f.range_angle_rad = th1 - th0;
  f.time_s = (M1 - M0) / n;
  f.apogee_time_s = (std::numbers::pi - M0) / n;
  return f;
}

}  // namespace bmd::flight::testing
