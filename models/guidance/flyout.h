#pragma once
/// Kinematic (unguided) interceptor flyouts on the full Earth model and the shooting
/// solution for the launch direction that makes the flyout pass through a given point.
///
/// Flyout: from rest at the site, boost along launch direction d with gravity compensation
/// (interceptor_model.h), then coast; integrated with adaptive Dormand–Prince 5(4)
/// (flight/integrators.h, default rtol 1e-10, atol 1e-4 m / m/s) split exactly at staging and
/// burnout. The passage near the aim point P is the first root of g(t) = (r - P) . v going
/// from negative to positive (closest approach along the path), located with Brent on the
/// dense output, the state there from a fresh DP54 step. The flyout stops at ground impact (height < 0 after lift-off) or max time.
///
/// Shooting: d = (cos el sin az, cos el cos az, sin el) in the site's ENU frame. Broyden's
/// quasi-Newton method on (az, el), started from a Jacobian estimated from the geometry of
/// the first flyout (ShootingOptions::geometric_jacobian; else, on a refresh, and on a retry
/// when that solve fails: by finite differences; recomputed so when a step fails to shrink
/// the miss), on the miss r_cpa - P projected on two fixed
/// axes normal to the arrival velocity of the first flyout that passes P (a miss at a
/// closest approach is normal to the velocity); the first guess lofts the line of sight by
/// the gravity drop 0.5 g0 T^2 over an ideal-rocket flight time. It converges to the direct (low)
/// solution; points beyond kinematic reach (no solution, or one beyond max flight time) fail.
#include <Eigen/Core>

#include <vector>

#include "models/guidance/interceptor_model.h"

namespace bmd::guidance {

struct FlyoutPoint {
  bool passed = false;          ///< the path passed a closest approach to P before stopping
  double time_of_flight_s = 0.0;  ///< launch to closest approach (or to the stop)
  double miss_m = 0.0;          ///< |r - P| there
  Eigen::Vector3d r_ecef = Eigen::Vector3d::Zero();
  Eigen::Vector3d v_ecef = Eigen::Vector3d::Zero();
  int evaluations = 0;
};

/// Unguided flyout from site_ecef along unit launch direction d_ecef toward point p_ecef.
/// rtol: the DP54 relative tolerance (absolute: rtol * 1e6 m and m/s).
FlyoutPoint FlyToward(const InterceptorModel& m, const Eigen::Vector3d& site_ecef,
                      const Eigen::Vector3d& d_ecef, const Eigen::Vector3d& p_ecef,
                      double max_time_s, double rtol = 1e-10);

/// State at the final burnout of an unguided flyout along d (for catalog checks).
struct BurnoutState {
  double t_s = 0.0;  ///< since launch
  Eigen::Vector3d r_ecef = Eigen::Vector3d::Zero();
  Eigen::Vector3d v_ecef = Eigen::Vector3d::Zero();
};
BurnoutState FlyToBurnout(const InterceptorModel& m, const Eigen::Vector3d& site_ecef,
                          const Eigen::Vector3d& d_ecef);

/// Where an unguided flyout path first passes a level of ground range or of altitude.
struct PathCrossing {
  bool reached = false;  ///< the path passed the level before ground impact / max time
  double t_s = 0.0;      ///< since launch
  double alt_m = 0.0;    ///< earth::FastAltitude there
  double range_m = 0.0;  ///< ground range there (GroundRangeBetweenUnits, flyout_envelope.h)
  double climb_mps = 0.0;  ///< rate of change of the height (positive: ascending)
  Eigen::Vector3d r_ecef = Eigen::Vector3d::Zero();  ///< position there
};

/// The path of one unguided flyout along d_ecef (the FlyToward model and integration),
/// flown from launch to ground impact (height < 0 after lift-off), max_time_s, or until it
/// has passed the farthest range level, and sampled where it first passes each level:
///   by_range[k]: ground range k * range_step_m   (k = 0 .. n_range - 1; k = 0 is the launch)
///   by_alt[k]:   FastAltitude k * alt_step_m      (k = 0 .. n_alt - 1, on the way up: the
///                first time the height reaches the level)
/// Ground range = earth::kSphereRadius * (angle between the geocentric directions of the
/// site and the point). Each level crossing is located on the DP54 dense output by Brent
/// (to 1e-7 s), so the path costs one integration whatever the number of levels.
struct FlyoutPath {
  std::vector<PathCrossing> by_range;
  std::vector<PathCrossing> by_alt;
  bool impacted = false;   ///< stopped at ground impact (not at max time or past the ranges)
  double end_range_m = 0.0;  ///< ground range where the integration stopped
  int evaluations = 0;  ///< right-hand-side evaluations
};
FlyoutPath FlyPath(const InterceptorModel& m, const Eigen::Vector3d& site_ecef,
                   const Eigen::Vector3d& d_ecef, double max_time_s, double range_step_m,
                   int n_range, double alt_step_m, int n_alt, double rtol = 1e-10);

/// Unit launch direction (ECEF) at a geodetic site for azimuth/elevation in its ENU frame.
Eigen::Vector3d LaunchDirection(const earth::Geodetic& site, double azimuth_rad,
                                double elevation_rad, earth::Shape shape);

struct LaunchSolution {
  bool ok = false;
  Eigen::Vector3d launch_dir_ecef = Eigen::Vector3d::Zero();
  double azimuth_rad = 0.0;      ///< in the site's ENU frame
  double elevation_rad = 0.0;
  double time_of_flight_s = 0.0;  ///< launch to the point
  double miss_m = 0.0;           ///< of the final flyout
  int flyouts = 0;               ///< flyouts integrated by the solve
};

struct ShootingOptions {
  double miss_tolerance_m = 1.0;
  int max_iterations = 30;
  double max_time_s = 0.0;       ///< 0 = the type's max flight time
  /// Flyout integration tolerance (FlyToward). The USSA 1976 density table is piecewise
  /// linear, so the force has kinks every 100 m of height that DP54 error control does not
  /// see: at 1e-9 the boost+coast error reaches metres; 1e-11 keeps it ~0.1 m.
  double rtol = 1e-11;
  /// First Jacobian from the geometry of the first flyout (azimuth turns the path about the
  /// site's vertical, elevation its gravity-free part about the normal to the firing plane)
  /// instead of two finite-difference flyouts, refined by the Broyden updates; a solve that
  /// does not converge so starts over with finite differences. Same convergence criterion.
  bool geometric_jacobian = true;
};

/// Launch direction from `site` whose unguided flyout passes through p_ecef. `guess`, when
/// given (e.g. a neighbouring solution), seeds Newton instead of the lofted line of sight.
LaunchSolution SolveLaunchDirection(const InterceptorModel& m, const earth::Geodetic& site,
                                    const Eigen::Vector3d& p_ecef,
                                    const LaunchSolution* guess = nullptr,
                                    const ShootingOptions& options = {});

}  // namespace bmd::guidance
