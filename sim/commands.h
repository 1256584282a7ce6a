#pragma once
/// The bmdsim subcommands as plain functions (the CLI in sim/cli only parses arguments).
/// Each returns the process exit code on success and throws on errors: ScenarioError /
/// InputError (exit 2) or anything else (exit 1); see sim/cli/main.cc.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/override.h"

namespace bmd::sim {

struct RunCommandOptions {
  std::string scenario_path;
  std::string output_path;                 ///< empty: <scenario name>.h5 in the current directory
  std::optional<std::uint64_t> seed;       ///< overrides scenario.seed
  std::uint64_t run_index = 0;             ///< run K of a sweep (random streams keyed by it)
  std::vector<Override> overrides;         ///< --set KEY=VALUE, applied in order before the seed
  bool quiet = false;
  int threads = 1;                         ///< OpenMP threads inside the run (results unchanged)
  std::string command_line;                ///< for /meta provenance
};

/// `bmdsim run`: one run, HDF5 output, summary on stdout.
int RunCommand(const RunCommandOptions& opts);

/// `bmdsim validate`: load + check (including targeting), summary on stdout.
int ValidateCommand(const std::string& scenario_path);

}  // namespace bmd::sim
