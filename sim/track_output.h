#pragma once
/// Output of `bmdsim track` (layout in docs/track.md), written atomically (temporary file
/// renamed when complete):
///   /meta      provenance (io::WriteProvenance; seed 0: the replay draws no random numbers)
///   /tracks    confirmed tracks per scan (TrackRow)
///   /scans     per-scan counts, wall time of the tracking step, OSPA and GOSPA
///   /summary   group whose attributes hold the configuration, timing statistics and, with
///              truth, the score summary and SIAP metrics
/// plus an optional CSV of the confirmed tracks: scan,track_id,x,y,z,vx,vy,vz.
#include <string>

#include "sim/track_input.h"
#include "sim/track_replay.h"

namespace bmd::sim {

struct TrackOutputContext {
  std::string command_line;
  std::string input_path;
  std::string input_sha256;   ///< hex SHA-256 of the input file's bytes
  std::string frame_name;     ///< local-flat | enu | ecef
  TrackReplayConfig config;
};

void WriteTrackFile(const std::string& path, const TrackReplayResult& result,
                    const TrackOutputContext& ctx);

/// Throws InputError if the file cannot be written.
void WriteTracksCsv(const std::string& path, const TrackReplayResult& result);

}  // namespace bmd::sim
