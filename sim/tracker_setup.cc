#include "sim/tracker_setup.h"

namespace bmd::sim {

fusion::MotionModelConfig SensorTrackerMotion(const Scenario& sc) {
  fusion::MotionModelConfig mc;
  mc.kind = fusion::MotionKind::kBallisticEcef;
  mc.j2 = sc.earth.j2;
  mc.rotation = sc.earth.rotation;
  mc.q_m2ps3 = sc.tracking.process_noise;
  return mc;
}

fusion::TrackerConfig SensorTrackerConfig(const TrackingConfig& tc, int sensor_index) {
  fusion::TrackerConfig cfg;
  cfg.gate.probability = tc.gate_probability;
  cfg.initiator.confirm_m = tc.confirm_m;
  cfg.initiator.confirm_n = tc.confirm_n;
  cfg.deleter.confirm_m = tc.confirm_m;
  cfg.deleter.confirm_n = tc.confirm_n;
  cfg.deleter.max_consecutive_misses = tc.max_misses;
  cfg.deleter.max_coast_s = tc.max_coast_s;
  cfg.max_tracks = 256;
  cfg.max_measurements = 512;
  cfg.first_track_id = static_cast<std::int64_t>(sensor_index + 1) * 100000 + 1;
  return cfg;
}

}  // namespace bmd::sim
