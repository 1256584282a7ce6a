#pragma once
/// Flyout envelope of an interceptor type: the time to reach T(range, alt) over a regular
/// grid of ground range x altitude, from unguided flyouts on the full Earth model
/// (flyout.h), with bilinear interpolation.
///
/// Build (a fan of flyouts, not one shooting solve per node): unguided flyouts from the
/// reference site at the reference azimuth over launch elevations 0..90 deg, each flown once
/// to impact / max flight time and sampled where it passes every range level and altitude
/// level of the grid (FlyPath). Elevations are refined by bisection where neighbouring
/// flyouts pass a range level more than 1.5 altitude cells apart or one of them falls short
/// of it (to 0.06 deg), and once more at a node's own solution elevation where the cubic and
/// quadratic interpolants below disagree by more than 10 ms. A node (range R, alt A) gets the
/// direct solution, the LOWEST elevation whose path passes it: the first fan (by elevation)
/// passing R at or above A and the fan below it bracket it, el* solves the local cubic
/// alt_R(el) = A through them and their neighbours, and T = t_R(el*) from the cubic in time.
/// A node whose lower bracketing fan falls short of R (edge of reach), or reached only
/// after the max flight time, holds +inf. Range 0 takes the vertical flyout's first passage
/// of each altitude. Earth rotation deflects paths sideways by an azimuth psi (seen from the
/// site); turning the launch by -psi about the site's vertical keeps ground range and height
/// (a rigid rotation) but changes the flight time slightly (~0.1 s per degree at 1,500 km):
/// for long-flight types each fan has a twin turned by 1 deg, and
///   T(node) = T_ref - psi_ref (T_twin - T_ref) / (psi_twin - psi_ref)   (|psi_ref| <= 2 deg).
/// Cost: a few hundred flyouts per type (flyouts()), tens of ms. Agreement with per-node
/// shooting (SolveLaunchDirection; tests/guidance/flyout_envelope_fan_test.cc): <= 0.05 s
/// at every node both call reachable; reachability differs only next to the edge of reach
/// in the rows below the intercept window, where cold-started shooting finds some direct
/// solutions (descending onto far, low nodes) and misses others.
///
/// Coordinates (the same everywhere the table is used, so look-ups need no geodesic):
///   ground range = kSphereRadius * (central angle between the geocentric directions of the
///                  site and the point)  (within ~0.5 % of the WGS-84 geodesic distance)
///   altitude     = earth::FastAltitude of the point (height above the configured surface).
/// The table is built once per type (at catalog load) from a reference site and azimuth;
/// Earth rotation and oblateness make real flyouts depend slightly on site and azimuth (a few
/// tenths of a second; tested), which the PIP refinement (pip.h) removes.
/// A node no direct flyout reaches (beyond kinematic reach or max flight time) holds +inf;
/// a query is reachable only when all four corners of its cell are finite and it lies in the
/// table; otherwise TimeToReach returns +inf.
#include <Eigen/Core>

#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "models/earth/geodesy.h"
#include "models/guidance/flyout.h"
#include "models/guidance/interceptor_model.h"

namespace bmd::guidance {

struct EnvelopeOptions {
  int range_nodes = 31;      ///< nodes over [0, spec.max_range_m]
  int alt_nodes = 31;        ///< nodes over [0, spec.max_intercept_alt_m]
  earth::Geodetic reference_site{37.0 * earth::kDeg, 127.0 * earth::kDeg, 0.0};
  double reference_azimuth_rad = 0.0;  ///< north
  /// max_time_s (0: the type's max flight time) and rtol (flyouts integrate at 3 x rtol)
  /// are used by Build; miss tolerance and iterations are those of the shooting reference.
  ShootingOptions shooting{10.0, 30, 0.0, 1e-10};
};

/// Geometry helpers shared by table, engageability and tests.
/// Ground range (m) between geocentric unit vectors, kSphereRadius * angle, exact to < 1 cm
/// for ranges below 2,500 km (asin series) and exact (std::asin) above.
double GroundRangeBetweenUnits(const Eigen::Vector3d& a_unit, const Eigen::Vector3d& b_unit);
/// ECEF point at ground range range_m along azimuth az (at the site, geocentric great
/// circle) and FastAltitude alt_m.
Eigen::Vector3d PointAtRangeAltitude(const Eigen::Vector3d& site_ecef, double azimuth_rad,
                                     double range_m, double alt_m, earth::Shape shape);

class FlyoutEnvelope {
 public:
  /// Builds the table from a fan of flyouts (file comment).
  static FlyoutEnvelope Build(const InterceptorModel& m, const EnvelopeOptions& opt = {});

  /// Time of flight (s) from launch to the point at (range_m, alt_m); +inf if unreachable.
  double TimeToReach(double range_m, double alt_m) const {
    const double x = range_m * inv_dr_, y = alt_m * inv_dalt_;
    if (!(x >= 0.0 && y >= 0.0 && x <= nr_ - 1 && y <= na_ - 1)) return kInf;
    const int i = std::min(static_cast<int>(x), nr_ - 2), j = std::min(static_cast<int>(y), na_ - 2);
    const double fx = x - i, fy = y - j;
    const double* row0 = &t_[static_cast<std::size_t>(j * nr_ + i)];
    const double* row1 = row0 + nr_;
    const double t = (1.0 - fy) * ((1.0 - fx) * row0[0] + fx * row0[1]) +
                     fy * ((1.0 - fx) * row1[0] + fx * row1[1]);
    return t == t ? t : kInf;  // an inf corner gives inf, or NaN (0 * inf): unreachable
  }

  double max_range_m() const { return max_range_m_; }          ///< spec limit
  double min_alt_m() const { return min_alt_m_; }              ///< spec limits
  double max_alt_m() const { return max_alt_m_; }
  double reaction_time_s() const { return reaction_time_s_; }
  /// Largest |grad T| of the interpolant, s/m: bounds how fast T can change along a path.
  double max_slowness_s_per_m() const { return max_slowness_; }
  int range_nodes() const { return nr_; }
  int alt_nodes() const { return na_; }
  double range_step_m() const { return 1.0 / inv_dr_; }
  double alt_step_m() const { return 1.0 / inv_dalt_; }
  double NodeTime(int i_range, int j_alt) const {
    return t_[static_cast<std::size_t>(j_alt * nr_ + i_range)];
  }
  int flyouts() const { return flyouts_; }  ///< flyouts integrated by Build
  int fans() const { return fans_; }        ///< launch elevations of the fan

  static constexpr double kInf = std::numeric_limits<double>::infinity();

 private:
  int nr_ = 0, na_ = 0;
  double inv_dr_ = 0.0, inv_dalt_ = 0.0;
  double max_range_m_ = 0.0, min_alt_m_ = 0.0, max_alt_m_ = 0.0, reaction_time_s_ = 0.0;
  double max_slowness_ = 0.0;
  int flyouts_ = 0;
  int fans_ = 0;
  std::vector<double> t_;  ///< [alt node][range node], row-major by altitude
};

/// Thread-safe cache of envelopes keyed by type name (built on first request; the model of a
/// given name must not change while the cache lives). References stay valid.
class EnvelopeCache {
 public:
  const FlyoutEnvelope& Get(const InterceptorModel& m, const EnvelopeOptions& opt = {});

 private:
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<FlyoutEnvelope>> by_name_;
};

}  // namespace bmd::guidance
