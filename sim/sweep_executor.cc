#include "sim/sweep_executor.h"

#include <omp.h>

#include <atomic>
#include <exception>
#include <mutex>

namespace bmd::sim {

ExecuteStats ExecuteTasks(std::span<const SweepTask> tasks, const RunFunction& run,
                          const RowSink& sink, const ExecuteOptions& options) {
  ExecuteStats stats;
  std::mutex sink_mutex;
  std::exception_ptr sink_error;
  std::atomic<bool> stop{false};
  const auto n = static_cast<std::int64_t>(tasks.size());
  const int threads = options.threads < 1 ? 1 : options.threads;

#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (std::int64_t i = 0; i < n; ++i) {
    if (stop.load(std::memory_order_relaxed)) continue;
    if (options.stop && options.stop()) {
      stop.store(true);
      continue;
    }
    const SweepTask& task = tasks[static_cast<std::size_t>(i)];
    RunRow row;
    try {
      row = run(task);
    } catch (const std::exception& e) {
      row = RunRow{};
      row.ok = false;
      row.message = e.what();
    } catch (...) {
      row = RunRow{};
      row.ok = false;
      row.message = "unknown exception";
    }
    row.grid_point = task.grid_point;
    row.run_index = task.run_index;
    std::lock_guard lock(sink_mutex);
    if (sink_error) continue;
    try {
      sink(std::move(row));
      ++stats.executed;
    } catch (...) {
      sink_error = std::current_exception();
      stop.store(true);
    }
  }
  if (sink_error) std::rethrow_exception(sink_error);
  stats.stopped = stats.executed < tasks.size();
  return stats;
}

}  // namespace bmd::sim
