#pragma once
// HDF5 groups of a run's interoperability: links, sharing policy outcomes, network picture
// structure and commonality, track-number management, registration (docs/hdf5-schema.md).
#include "sim/io/group.h"
#include "sim/prepare.h"
#include "sim/world.h"

namespace bmd::sim {
void WriteInteropGroups(io::Group& root, const PreparedScenario& p, const RunResult& r);
}  // namespace bmd::sim
