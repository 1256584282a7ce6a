#pragma once
/// Writes a sweep's HDF5 file from its journal (layout: docs/hdf5-schema.md, "Sweep files"),
/// atomically (io::OutputFile). Rows are read back one at a time in (grid point, run)
/// order, so memory does not grow with the number of runs and the tables do not depend on
/// the order in which runs finished, on thread counts or on MPI ranks.
///
///   /meta            provenance, file_kind = "sweep"
///   /scenario        the base scenario (attributes + yaml text)
///   /grid            grid_point, param:<key>...
///   /runs            grid_point, run_index, seed, stream_run_index, status, <metrics>...
///   /timing          grid_point, run_index, wall_time_s, mpi_rank (not deterministic)
///   /aggregate       per grid point: n_runs, n_failed, per metric statistics
///   /detail/grid_point_<g>/run_<k>/...   full run output of the runs asked for
///   /summary         attributes runs_planned, runs_done, runs_failed, complete, ...
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "sim/io/group.h"
#include "sim/scenario/scenario.h"
#include "sim/sweep_journal.h"
#include "sim/sweep_plan.h"

namespace bmd::sim {

/// Writes the full output of run `run` of grid point `grid_point` into the (new, empty)
/// group `target`.
using DetailWriter =
    std::function<void(const io::Group& target, std::uint64_t grid_point, std::uint64_t run)>;

struct SweepFileContext {
  std::string command_line;
  const Scenario* scenario = nullptr;  ///< base scenario for /scenario (optional)
  std::uint64_t seed = 0;              ///< /meta seed
  double confidence = 0.95;            ///< two-sided level of every interval in /aggregate
  double wall_time_s = 0.0;            ///< this session's run time
  int threads = 1;
  int mpi_ranks = 1;
  std::vector<std::uint64_t> keep_detail;  ///< run indices, for every grid point
  DetailWriter detail;                      ///< required if keep_detail is not empty
  /// Optional: writes further objects under the root group after the sweep's own, before
  /// the file is committed (e.g. the /compare table of `bmdsim compare`).
  std::function<void(const io::Group& root)> extra;
};

struct SweepFileStats {
  std::uint64_t planned = 0;
  std::uint64_t done = 0;
  std::uint64_t failed = 0;
  bool complete = false;
  std::uint64_t detail_runs = 0;
};

SweepFileStats WriteSweepFile(const std::filesystem::path& path, const SweepPlan& plan,
                              const JournalReader& journal, const SweepFileContext& context);

/// Column names of the aggregate statistics of one metric, in column order: for kFlag
/// n_valid_<m>, p_<m>, p_<m>_lo, p_<m>_hi (Wilson), p_<m>_cp_lo, p_<m>_cp_hi
/// (Clopper-Pearson); otherwise n_valid_<m>, mean_<m>, std_<m>, mean_<m>_lo, mean_<m>_hi
/// (Student t), min_<m>, max_<m>.
std::vector<std::string> AggregateColumnNames(const SummaryMetric& metric);

}  // namespace bmd::sim
