#pragma once
/// Reader of the measurements table of our own HDF5 run files for `bmdsim track`.
///
/// /measurements (columnar table, one row per detection; all frames ECEF):
///   t_s            float64  s     time of validity
///   sensor_index   int      ""    sensor index in the scenario
///   truth_id       int      ""    truth object measured, -1 = false alarm (scoring only)
///   kind           int or string  sensors::MeasurementKind code 0..3, or its name
///                                 range_az_el | range_az_el_rate | angles | position
///   z0..z3         float64        measured values (m, rad, m/s; kind position: ECEF x, y, z m)
///   sigma0..sigma3 float64        1-sigma noise of each used component
///   site_x_m, site_y_m, site_z_m  float64 m  sensor position, ECEF
///   snr_db         float64  dB    detection signal-to-noise ratio
/// Measurements are grouped into scans by (t_s, sensor_index), in time order (ties by sensor).
/// The local axes of a site (for range/azimuth/elevation) are the geodetic ENU axes at the
/// site (WGS-84).
///
/// Truth (optional): /truth with t_s, object_id, x_m, y_m, z_m, vx_m_s, vy_m_s, vz_m_s (ECEF).
/// Truth states at a scan time are cubic-Hermite interpolated between the object's two
/// bracketing samples (exact for a cubic trajectory; for a ballistic arc sampled every h
/// seconds the position error is ~ |jerk| h^3 / 384); objects not sampled on both sides
/// of the scan time are absent from that scan.
///
/// Errors (not one of our files, missing table or column, bad values) throw InputError.
#include <string>

#include "sim/track_input.h"

namespace bmd::sim {

/// sensor_index >= 0 keeps only that sensor's measurements (a per-sensor replay, as the
/// engine's per-sensor trackers see them); -1 keeps all (one tracker over every sensor's scans:
/// then M-of-N and the deleter count the scans of every sensor, so a target outside some
/// sensors' coverage collects misses from them).
TrackInput ReadTrackHdf5(const std::string& path, int sensor_index = -1);

/// Cubic Hermite interpolation of position and velocity at t_s between states (r0, v0) at t0
/// and (r1, v1) at t1 (t0 < t1, t0 <= t_s <= t1).
void HermiteInterpolate(double t0, const Eigen::Vector3d& r0, const Eigen::Vector3d& v0, double t1,
                        const Eigen::Vector3d& r1, const Eigen::Vector3d& v1, double t_s,
                        Eigen::Vector3d* r, Eigen::Vector3d* v);

}  // namespace bmd::sim
