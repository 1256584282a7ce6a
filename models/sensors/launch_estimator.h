#pragma once
/// Launch-point estimation from space-IR line-of-sight measurements, producing a Cue.
///
/// Method (documented, notional):
///  1. Triangulation: looks from two or more satellites taken within max_time_skew_s of each
///     other are intersected in least squares. Each line (site s_i, unit direction u_i) has
///     projector P_i = I - u_i u_i^T and weight w_i = 1 / (sigma_i^2 rho_i^2) (rho_i the range
///     to the point, from a first unweighted pass); r = (sum w_i P_i)^-1 sum w_i P_i s_i, with
///     covariance (sum w_i P_i)^-1. From two GEO satellites ~40 deg apart with 50 urad noise
///     each point is good to ~2-4 km.
///  2. Ground track: the horizontal (local ENU) positions are fitted by a straight line
///     (principal axis); heading = its azimuth, oriented along time. 1-sigma from the
///     cross-track scatter over the downrange spread (~5 deg after 30 s of two-GEO looks).
///  3. Launch point: downrange x along that line versus altitude z is fitted by
///     x = x_L + c (z / 10 km)^q with q = path_power (2 by default: the boost leaves the pad
///     vertically, dx/dz = 0 at z = 0, then pitches over; fitting q as well is possible but
///     doubles the error because the extrapolation is then poorly conditioned). The launch
///     point is the ground-track point at x_L, plus the mean cross-track offset.
///  4. Launch time: altitude versus time fitted by z = A (t - t_L)^k with k = altitude_power
///     (2 = constant acceleration from rest; 2.5 default for the rising acceleration of a
///     burning motor), t_L by grid search then golden-section refinement.
///  Accuracy (tests/sensors/space_ir_test.cc, scripted 70 s single-stage boost at 39 N seen by
///  GEO satellites at 95 E and 160 E, 2 s revisit, 50 urad, looks from 38 s to 68 s after
///  launch, 10 runs): launch point 1.1 km mean / 1.7 km worst; launch time biased ~-4 s by
///  the power-law model with ~2.5 s 1-sigma noise (worst 8 s); heading ~5 deg 1-sigma.
///  5. State at cue time: a weighted quadratic fit of the triangulated positions in time
///     gives position, velocity and the position covariance at the last look.
/// Needs at least min_points triangulated points; a single satellite gives angles only and
/// no estimate (returns false).
#include <Eigen/Core>

#include <vector>

#include "models/sensors/cue.h"
#include "models/sensors/measurement.h"

namespace bmd::sensors {

struct LaunchEstimatorConfig {
  double max_time_skew_s = 0.05;  ///< looks closer than this in time are triangulated together
  int min_points = 4;             ///< triangulated points needed for an estimate
  double altitude_power = 2.5;    ///< k in z = A (t - t_L)^k
  double path_power = 2.0;        ///< q in x = x_L + c (z / 10 km)^q; <= 0: fitted on [1, 4]
  double max_boost_age_s = 300.0; ///< search t_L in [t_first - max_boost_age_s, t_first)
};

/// One triangulated position.
struct TriangulatedPoint {
  double t_s = 0.0;
  Eigen::Vector3d r_ecef = Eigen::Vector3d::Zero();
  Eigen::Matrix3d P = Eigen::Matrix3d::Identity();  ///< m^2
};

/// Least-squares intersection of kAngles measurements (>= 2 distinct sensors). Returns false
/// when fewer than two sensors or the lines are near parallel.
bool Triangulate(const Measurement* looks, int count, TriangulatedPoint* out);

/// Accumulates IR looks of one object (the engine associates looks to objects by truth_id
/// or by its own IR track) and estimates the launch.
class LaunchEstimator {
 public:
  explicit LaunchEstimator(LaunchEstimatorConfig config = {}) : config_(config) {}

  /// Add one kAngles look (any satellite). Looks may arrive in any order.
  void Add(const Measurement& look);
  void Clear() { looks_.clear(); }
  int LookCount() const { return static_cast<int>(looks_.size()); }

  /// Triangulated points from the looks so far, in time order.
  std::vector<TriangulatedPoint> Points() const;
  /// Estimate the launch; fills *cue (t_s = last triangulated time, source_sensor from the
  /// latest look) and returns true when enough points exist.
  bool Estimate(Cue* cue) const;

 private:
  LaunchEstimatorConfig config_;
  std::vector<Measurement> looks_;
};

}  // namespace bmd::sensors
