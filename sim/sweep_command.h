#pragma once
/// `bmdsim sweep`: Monte Carlo runs crossed with a grid of scenario values, run in parallel
/// (OpenMP threads, MPI ranks under mpirun), journaled so that a killed or interrupted sweep
/// resumes without losing or repeating a run, written to one HDF5 file (docs/sweeps.md,
/// docs/hdf5-schema.md "Sweep files").
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bmd::sim {

struct SweepCommandOptions {
  std::string scenario_path;
  std::string output_path;               ///< required; the journal is <output>.journal
  std::uint64_t runs = 1;                ///< Monte Carlo runs per grid point
  int threads = 0;                       ///< OpenMP threads; 0: OMP_NUM_THREADS or all cores
  std::optional<std::uint64_t> seed;     ///< overrides scenario.seed (after --vary)
  std::vector<std::string> vary;         ///< "KEY=V1,V2,..." each
  std::string keep_detail;               ///< run list "0,5,10-12" (every grid point)
  bool resume = false;
  bool quiet = false;
  double confidence = 0.95;
  std::string command_line;              ///< for /meta provenance
};

/// Returns 0 when every run is done, 128 + signal (130 for SIGINT) when interrupted (the
/// file is then written with complete = 0 and the journal kept). Throws InputError /
/// ScenarioError for bad input (exit 2), anything else for internal errors.
int SweepCommand(const SweepCommandOptions& options);

}  // namespace bmd::sim
