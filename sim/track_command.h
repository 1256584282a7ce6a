#pragma once
/// `bmdsim track`: replay recorded measurements (documented CSV, or the /measurements table of
/// our HDF5 run files) through the tracker, write tracks, metrics and timing (docs/track.md).
/// The CLI (sim/cli/main.cc) only fills TrackCommandOptions; every check happens here.
#include <string>

namespace bmd::sim {

struct TrackCommandOptions {
  std::string measurements_path;       ///< CSV or HDF5 (told apart by the HDF5 signature)
  std::string output_path;             ///< HDF5 output (required)
  std::string tracks_csv_path;         ///< optional CSV of confirmed tracks
  bool truth_in_file = false;          ///< require truth in the input (error if none)
  std::string filter = "ballistic-ekf";  ///< cv | ballistic-ekf | ukf | imm
  std::string associator = "gnn";      ///< gnn (the only one)
  std::string gate;                    ///< "" = 0.9997; < 1: probability; >= 1: chi-square (3 dof)
  std::string confirm = "3/4";         ///< M/N
  std::string frame = "local-flat";    ///< CSV: local-flat | enu
  std::string origin;                  ///< enu: "LAT,LON,ALT" (deg, deg, m)
  std::string sigma = "50 m";          ///< CSV default measurement 1-sigma per axis
  std::string ospa_c = "1 km";         ///< OSPA/GOSPA cut-off
  double ospa_p = 2.0;
  double q_m2ps3 = -1.0;               ///< <= 0: the filter's default
  int sensor = -1;                     ///< HDF5 input: replay only this sensor_index (-1: all)
  /// HDF5 input with --sensor: take the tracker settings from this scenario file (the run's
  /// own scenario), exactly as the simulator configured that sensor's tracker.
  std::string settings_from;
  bool quiet = false;                  ///< no summary on stdout
  std::string command_line;            ///< for /meta provenance
};

/// Runs the command; returns the exit code (0). Throws InputError for bad input or options.
int TrackCommand(const TrackCommandOptions& opts);

}  // namespace bmd::sim
