#pragma once
/// Reader of the documented measurement CSV of `bmdsim track` (docs/track.md):
///
///   scan,time_s,kind,id,x_m,y_m,z_m,vx,vy,vz[,sigma_m]
///
/// one row per truth sample (kind "truth": id >= 0, position m and velocity m/s required) or
/// detection (kind "meas": position m; id = truth id for scoring, empty or -1 for clutter;
/// velocities may be empty and are ignored). Positions are local Cartesian, x east, y north,
/// z up. sigma_m (optional column) is the 1-sigma measurement noise per axis of a meas row;
/// when absent or empty, CsvReadOptions::sigma_m applies. Columns may come in any order;
/// blank lines and lines starting with '#' are skipped; CR-LF line ends are accepted.
/// Rows must be in scan order (scan numbers non-decreasing), every row of a scan carries the
/// same time_s, and scan times increase strictly from scan to scan.
///
/// Any defect throws InputError "<file>:<line>: <what is wrong>" (exit code 2 in the CLI).
#include <string>
#include <string_view>

#include "models/earth/geodesy.h"
#include "sim/track_input.h"

namespace bmd::sim {

struct CsvReadOptions {
  double sigma_m = 50.0;                        ///< default 1-sigma noise per axis, m
  TrackFrame frame = TrackFrame::kLocalFlat;    ///< kLocalFlat or kEnu
  earth::Geodetic origin;                       ///< kEnu: geodetic origin of the ENU frame
};

/// Reads and converts a CSV file (kEnu: positions to ECEF through earth::EnuFrame).
TrackInput ReadTrackCsv(const std::string& path, const CsvReadOptions& opts);

/// The same on text in memory; `name` is used in error messages and as source_path.
TrackInput ParseTrackCsv(std::string_view text, const std::string& name, const CsvReadOptions& opts);

}  // namespace bmd::sim
