#pragma once
#include "sim/io/group.h"
#include "sim/prepare.h"
#include "sim/world.h"

namespace bmd::sim {
/// Writes /entities/sensors, /entities/nodes, /measurements, /tracks/{local,nodes},
/// /metrics/{picture,siap,first_detection} and /cues (when the scenario has sensors).
void WriteSensingGroups(io::Group& root, const PreparedScenario& p, const RunResult& r);
}  // namespace bmd::sim
