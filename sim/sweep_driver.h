#pragma once
/// Runs the missing rows of a sweep into its journal: creates the journal (or, with
/// --resume, checks it belongs to the same sweep and keeps its rows), schedules every
/// (grid point, run) not yet journaled over OpenMP threads (and MPI ranks), appends each
/// finished row at once, and stops early on request. Never writes the HDF5 file
/// (sweep_output.h does, from the journal).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/prepare.h"
#include "sim/sweep_executor.h"
#include "sim/sweep_plan.h"

namespace bmd::sim {

class MpiSession;

struct SweepExecution {
  std::filesystem::path journal_path;
  bool resume = false;        ///< keep an existing journal's rows (else an existing journal is an error)
  int threads = 1;
  bool progress_bar = true;   ///< shown only if stderr is a terminal
  StopPredicate stop;         ///< polled before each run is started
  const MpiSession* mpi = nullptr;
};

struct SweepRunStats {
  std::uint64_t planned = 0;      ///< grid points x runs
  std::uint64_t done_before = 0;  ///< rows already in the journal (resume)
  std::uint64_t executed = 0;     ///< rows run by this session (all ranks)
  bool stopped = false;           ///< stopped before every run was done
  double wall_time_s = 0.0;       ///< of this session's runs
  double runs_per_s = 0.0;
  std::uint64_t ignored_journal_bytes = 0;  ///< torn tail cut off on resume
};

/// Throws InputError when the journal exists without `resume`, or belongs to another sweep
/// (different scenario text or arguments: the message says which). On MPI ranks other than
/// 0 only `planned`/`executed`-of-this-rank are meaningful.
SweepRunStats RunSweepJournal(const SweepPlan& plan, const RunFunction& run, const SweepExecution& exec);

/// The summary row of one sweep task on its prepared grid point: the run with detail off
/// and one thread (a sweep's threads run whole runs), random streams keyed by the run index
/// (common random numbers across grid points); a thrown error makes a failed row.
RunRow RunSummaryRow(const PreparedScenario& p, const SweepTask& task);

/// Every grid point of `plan` loaded from the scenario file with its overrides (and `seed`
/// when given) and prepared, in grid order, shared read-only by the point's runs. When
/// Prepare rejects a point with std::invalid_argument, `bad_point` (if set) turns the point and
/// the message into the error to throw instead.
std::vector<PreparedScenario> PrepareGrid(
    const std::string& scenario_path, const SweepPlan& plan, std::optional<std::uint64_t> seed,
    const std::function<void(const GridPoint&, const std::invalid_argument&)>& bad_point = {});

/// RunSweepJournal over RunSummaryRow of prepared[grid point]; stops when SIGINT/SIGTERM
/// was received (SweepSignalGuard) unless exec.stop is already set.
SweepRunStats RunPreparedSweep(const SweepPlan& plan, const std::vector<PreparedScenario>& prepared,
                               SweepExecution exec);

}  // namespace bmd::sim
