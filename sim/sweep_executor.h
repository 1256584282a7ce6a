#pragma once
/// The scheduling layer of a sweep: runs a list of (grid point, run) tasks on OpenMP
/// threads with dynamic scheduling and hands each finished row to a sink, one at a time.
///
/// Determinism: a task's row depends only on the task (the run function keys every random
/// stream by (seed, run_index, entity, purpose)), never on the thread or the order; the
/// sink sees rows in completion order, and the writer sorts them by (grid point, run)
/// before anything reaches a table.
#include <functional>
#include <span>

#include "sim/sweep_row.h"

namespace bmd::sim {

/// Computes one task's row. Called concurrently from several threads: it must only read
/// shared state. Exceptions are turned into failed rows by ExecuteTasks.
using RunFunction = std::function<RunRow(const SweepTask&)>;
/// Receives finished rows; calls are serialised (never concurrent). An exception stops the
/// sweep and is rethrown by ExecuteTasks once the running tasks have finished.
using RowSink = std::function<void(RunRow&&)>;
/// Polled before each task is started; true stops scheduling (running tasks finish).
using StopPredicate = std::function<bool()>;

struct ExecuteOptions {
  int threads = 1;      ///< OpenMP threads (>= 1)
  StopPredicate stop;   ///< optional
};

struct ExecuteStats {
  std::size_t executed = 0;  ///< rows handed to the sink
  bool stopped = false;      ///< the stop predicate fired before every task had started
};

/// Runs `tasks` (any order) and sinks their rows. A run function exception becomes a row
/// with ok = false, message "<what>" and no metrics.
ExecuteStats ExecuteTasks(std::span<const SweepTask> tasks, const RunFunction& run,
                          const RowSink& sink, const ExecuteOptions& options);

}  // namespace bmd::sim
