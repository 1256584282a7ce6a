// `bmdsim track` on a run file with the run's own tracker settings reproduces the tracks the
// simulator recorded for that sensor: the same components give the same result.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>

#include "sim/prepare.h"
#include "sim/run_output.h"
#include "sim/scenario/loader.h"
#include "sim/track_hdf5_input.h"
#include "sim/track_replay.h"
#include "sim/tracker_setup.h"
#include "sim/world.h"

namespace bmd::sim {
namespace {

TEST(TrackReplayEquality, ReplayOfARunsMeasurementsGivesTheSimulatorsTracks) {
  const auto sc = std::make_shared<const Scenario>(
      LoadScenarioFile(std::string(BMD_SOURCE_DIR) + "/scenarios/test-range.yaml"));
  const PreparedScenario p = Prepare(sc);
  const RunResult r = RunOnce(p, sc->seed, 0);
  const auto dir = std::filesystem::path(BMD_BINARY_DIR) / "test-output";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "replay-equality.h5").string();
  WriteRunFile(path, p, r, OutputContext{"track_replay_equality_test"});

  // The fixed-site radar (a ship's site velocity is not in /measurements).
  int sensor = -1;
  for (const auto& s : sc->sensors) {
    if (s.kind == SensorKind::kRadar && s.platform < 0) {
      sensor = s.radar.sensor_index;
      break;
    }
  }
  ASSERT_GE(sensor, 0);
  const TrackInput in = ReadTrackHdf5(path, sensor);
  TrackReplayConfig cfg;
  cfg.filter = sc->tracking.filter == "ukf" ? TrackFilter::kUkf : TrackFilter::kBallisticEkf;
  cfg.tracker = SensorTrackerConfig(sc->tracking, sensor);
  cfg.motion = SensorTrackerMotion(*sc);
  const TrackReplayResult res = RunTrackReplay(in, cfg);

  std::map<std::pair<double, std::int64_t>, const TrackRow*> replayed;
  for (const auto& row : res.tracks) replayed[{row.t_s, row.track_id}] = &row;
  int compared = 0;
  for (const auto& s : r.sensing.local_tracks) {
    if (s.owner != sensor) continue;
    const auto it = replayed.find({s.t_s, s.track_id});
    if (it == replayed.end()) continue;  // a record time between two scans
    ++compared;
    // Site axes are rebuilt from the stored ECEF site position, so states agree to rounding
    // of the geodetic conversion (~1e-16 rad), far below a millimetre.
    EXPECT_LT((it->second->r - s.state.x.head<3>()).norm(), 1e-3) << "t " << s.t_s << " track " << s.track_id;
    EXPECT_LT((it->second->v - s.state.x.tail<3>()).norm(), 1e-6) << "t " << s.t_s;
  }
  EXPECT_GT(compared, 20) << "the simulator's samples at scan times must be found in the replay";
  // Every track number the simulator held at a scan time is in the replay too.
  for (const auto& s : r.sensing.local_tracks) {
    if (s.owner != sensor) continue;
    bool at_scan = false;
    for (const auto& scan : in.scans) at_scan = at_scan || scan.t_s == s.t_s;
    if (at_scan) {
      EXPECT_TRUE(replayed.count({s.t_s, s.track_id})) << "t " << s.t_s << " track " << s.track_id;
    }
  }
}

}  // namespace
}  // namespace bmd::sim
