#pragma once
/// Engageability of a threat track by an interceptor type from a fire unit.
///
/// Per track update the threat's predicted path is sampled once (PredictedPath, e.g. every
/// 1 s, by PredictBallistic from the track state); then each (interceptor type, fire unit)
/// pair is checked cheaply against the type's flyout envelope (flyout_envelope.h).
///
/// An intercept at time t (a path sample or between samples) is feasible when
///   t >= t_launch + T(range(t), alt(t)),  min_alt <= alt(t) <= max_alt,  range(t) <= max_range
/// with T the envelope's time to reach (finite). The check returns the earliest and latest
/// feasible t in the remaining flight and the PIP at the earliest.
/// Search (no allocation): a forward walk for the earliest and a backward walk for the latest
/// sample, each skipping ahead by a rigorous lower bound on the time before the violated
/// constraint can be met: range and altitude change no faster than the path's max speed V,
/// and g(t) = t - t_launch - T changes no faster than 1 + V * max|grad T| (the envelope's
/// slowness bound). The boundary between the last infeasible and first feasible sample is
/// refined by regula falsi on the smallest constraint margin (in seconds), with the path
/// interpolated by cubic Hermite. Windows shorter than one sample interval can be missed
/// (sample the path at 1 s or finer).
#include <Eigen/Core>

#include <vector>

#include "models/earth/earth_model.h"
#include "models/earth/geodesy.h"
#include "models/guidance/flyout_envelope.h"

namespace bmd::guidance {

/// Threat path sampled every dt_s from t0_s (structure of arrays; capacity is kept across
/// Clear() so re-filling per track update does not allocate once warm).
struct PredictedPath {
  double t0_s = 0.0;
  double dt_s = 1.0;
  std::vector<Eigen::Vector3d> r_ecef;
  std::vector<Eigen::Vector3d> v_ecef;
  std::vector<Eigen::Vector3d> unit_ecef;  ///< r / |r| (geocentric direction)
  std::vector<double> alt_m;               ///< FastAltitude
  double max_speed_mps = 0.0;
  earth::Shape shape = earth::Shape::kWgs84;  ///< surface of alt_m

  int size() const { return static_cast<int>(r_ecef.size()); }
  double TimeAt(int i) const { return t0_s + i * dt_s; }
  double end_time_s() const { return TimeAt(size() - 1); }
  void Clear(double t0, double dt, earth::Shape surface = earth::Shape::kWgs84);
  void Push(const Eigen::Vector3d& r, const Eigen::Vector3d& v);
  /// Cubic Hermite position at t (clamped to the path), from positions and velocities.
  Eigen::Vector3d PositionAt(double t) const;
  /// State (r, v) at t (clamped to the path): the cubic Hermite of PositionAt and its
  /// derivative. Between samples h apart the interpolant's error is <= h^4/384 max|d4r/dt4|
  /// in position and, to leading order, h^3/(72 sqrt 3) max|d4r/dt4| in velocity. With
  /// |d4r/dt4| = |d2a/dt2| below ~10 m/s^4 at the peak drag of a reentry that is < 3 cm and
  /// ~0.1 m/s at 1 s samples, and micrometres in vacuum (|d2a/dt2| ~ n^2 g ~ 1e-5 m/s^4).
  /// Lets a caller test whether a newer track estimate still lies on an earlier prediction
  /// without re-predicting the path.
  void StateAt(double t, Eigen::Vector3d& r, Eigen::Vector3d& v) const;
};

/// Ballistic prediction from a track state (gravity + frame terms + drag with the given
/// 1/beta estimate, flight::CoastRhs): adaptive Dormand-Prince 5(4) with a local error
/// tolerance of 1 cm in position (velocity error weighted by 100 s), the 1 s samples
/// interpolated inside each step by the quintic Hermite of the step's end states and
/// accelerations, until the path descends through the surface (the last sample is then the
/// first one below it) or max_duration_s. Within 25 cm of a tight reference integration of
/// the same forces over whole SRBM / MRBM flights (tested): far inside the error of an
/// assumed beta or of a track state.
void PredictBallistic(const earth::EarthConfig& earth, double t0_s, const Eigen::Vector3d& r0,
                      const Eigen::Vector3d& v0, double drag_area_per_mass, double dt_s,
                      double max_duration_s, PredictedPath& path);

/// A fire unit's position, with the geocentric unit vector the range look-up needs.
struct EngageSite {
  earth::Geodetic geodetic;
  Eigen::Vector3d r_ecef = Eigen::Vector3d::Zero();
  Eigen::Vector3d unit_ecef = Eigen::Vector3d::UnitX();
};
EngageSite MakeEngageSite(const earth::Geodetic& site, earth::Shape shape);

struct Engageability {
  bool engageable = false;
  double t_earliest_s = 0.0;   ///< earliest feasible intercept time
  double t_latest_s = 0.0;     ///< latest feasible intercept time
  Eigen::Vector3d pip_ecef = Eigen::Vector3d::Zero();  ///< threat position at t_earliest
  double pip_range_m = 0.0;
  double pip_alt_m = 0.0;
  double time_of_flight_s = 0.0;  ///< envelope T at the PIP
  int samples_visited = 0;        ///< cost diagnostic
};

/// The check (file comment). t_launch_s: earliest launch time (decision time + reaction).
Engageability CheckEngageability(const FlyoutEnvelope& env, const EngageSite& site,
                                 const PredictedPath& path, double t_launch_s);

}  // namespace bmd::guidance
