#pragma once
/// Input of `bmdsim track`: recorded measurements (and, optionally, truth) grouped into scans,
/// already converted to the tracker frame. Filled by the CSV reader (track_csv.h) or the HDF5
/// reader (track_hdf5_input.h); consumed by RunTrackReplay (track_replay.h).
///
/// Tracker frames:
///   kLocalFlat  x east, y north, z up (m) of a flat Earth with constant gravity along -z;
///               the tracker frame is the input frame.
///   kEnu        input positions are local ENU (m) at a geodetic origin; the tracker frame is
///               ECEF (positions r_ecef = origin + R_ecef_from_enu r_enu), full Earth model.
///   kEcef       input is ECEF already (our HDF5 run files).
#include <cstdint>
#include <string>
#include <vector>

#include "models/earth/geodesy.h"
#include "models/fusion/metrics.h"
#include "models/sensors/measurement.h"

namespace bmd::sim {

enum class TrackFrame { kLocalFlat, kEnu, kEcef };

/// One tracker Step: every measurement is valid at t_s.
struct TrackScan {
  std::int64_t scan = 0;                            ///< scan number from the input
  double t_s = 0.0;                                 ///< s since the start of the recording
  std::vector<sensors::Measurement> measurements;   ///< tracker frame
  std::vector<fusion::TruthPoint> truths;           ///< tracker frame, at t_s
};

struct TrackInput {
  std::string source_path;
  TrackFrame frame = TrackFrame::kLocalFlat;
  earth::EnuFrame enu;        ///< kEnu: the local frame of the input (for output conversion)
  std::vector<TrackScan> scans;  ///< in time order
  bool has_truth = false;     ///< at least one truth sample
  std::size_t measurement_count = 0;
  std::size_t truth_count = 0;
};

}  // namespace bmd::sim
