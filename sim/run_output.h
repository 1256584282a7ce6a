#pragma once
/// Writes one run to an HDF5 file (layout: docs/hdf5-schema.md, "Run files"), atomically:
/// a temporary file renamed onto `path` only when complete.
#include <string>

#include "sim/prepare.h"
#include "sim/world.h"

namespace bmd::sim {

struct OutputContext {
  std::string command_line;
};

void WriteRunFile(const std::string& path, const PreparedScenario& prepared,
                  const RunResult& result, const OutputContext& ctx);

}  // namespace bmd::sim
