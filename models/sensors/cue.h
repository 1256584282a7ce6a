#pragma once
/// Cue: what a launch report (space IR or another sensor) tells a radar, and the search
/// sector a radar derives from it. ECEF, SI units, radians.
#include <Eigen/Core>

#include <cstdint>

#include "models/earth/geodesy.h"
#include "models/sensors/site_path.h"

namespace bmd::sensors {

/// A launch report / cue.
struct Cue {
  double t_s = 0.0;                    ///< time the estimate refers to (last look used)
  std::int32_t source_sensor = -1;     ///< sensor that produced it (-1: external)
  earth::Geodetic launch;              ///< estimated launch point (alt_m = 0)
  double launch_time_s = 0.0;          ///< estimated launch time
  double heading_rad = 0.0;            ///< ground-track azimuth, clockwise from north
  double heading_sigma_rad = 0.0;
  double launch_sigma_m = 0.0;         ///< horizontal 1-sigma of the launch point
  double launch_time_sigma_s = 0.0;
  Eigen::Vector3d r_ecef = Eigen::Vector3d::Zero();  ///< estimated object position at t_s
  Eigen::Vector3d v_ecef = Eigen::Vector3d::Zero();  ///< estimated object velocity at t_s
  Eigen::Matrix3d P_r = Eigen::Matrix3d::Identity(); ///< covariance of r_ecef, m^2
};

/// Angular sector, in a radar's local frame, to search at the fast (track) revisit.
struct CueSector {
  double az_center_rad = 0.0;
  double az_half_width_rad = 0.0;
  double el_min_rad = 0.0;
  double el_max_rad = 0.0;
  double t_start_s = 0.0;              ///< sector active in [t_start_s, t_end_s)
  double t_end_s = 0.0;
  bool Contains(double t_s, double az_rad, double el_rad) const;
};

/// Sector for a radar at `site` from a cue. The object is expected along the straight line
/// from the cue position r_ecef in the direction of v_ecef over [0, lookahead_s] seconds
/// (a coarse guide: ballistic curvature is absorbed by the margins) and near the launch
/// point. The sector spans the azimuths and elevations of the launch point and of 9 points
/// on that line, widened on each side by n_sigma * sqrt(trace(P_r) / 3) / range plus one
/// beamwidth; the elevation floor is never above the radar's horizon (elevation of the
/// launch point or 0). Active for valid_s from t_start_s.
CueSector SectorFromCue(const Cue& cue, const SiteState& site, double t_start_s, double valid_s,
                        double lookahead_s, double n_sigma, double beamwidth_rad);

}  // namespace bmd::sensors
