#pragma once
/// How a sensor's tracker is configured from a scenario: one place, used by the simulator
/// (sim/sensing.cc) and by `bmdsim track` when it replays a run file with the run's own
/// settings, so both run the same components with the same parameters.
#include "models/fusion/motion_model.h"
#include "models/fusion/tracker.h"
#include "sim/scenario/scenario.h"

namespace bmd::sim {

/// Ballistic ECEF model with the scenario's J2 / rotation switches and process noise.
fusion::MotionModelConfig SensorTrackerMotion(const Scenario& sc);

/// Gate, M-of-N, deletion and capacities of the tracker of sensor `sensor_index`; its track
/// numbers start at (sensor_index + 1) * 100000 + 1 so numbers are unique across sensors.
fusion::TrackerConfig SensorTrackerConfig(const TrackingConfig& tc, int sensor_index);

}  // namespace bmd::sim
