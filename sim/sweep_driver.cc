#include "sim/sweep_driver.h"

#include <fmt/format.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <chrono>
#include <limits>
#include <optional>
#include <stdexcept>
#include <unordered_set>

#include "sim/errors.h"
#include "sim/run_summary.h"
#include "sim/scenario/loader.h"
#include "sim/sweep_mpi.h"
#include "sim/sweep_progress.h"
#include "sim/sweep_signals.h"

namespace bmd::sim {
namespace {

std::string MismatchMessage(const std::filesystem::path& journal, const JournalIdentity& have,
                            const JournalIdentity& want) {
  std::string what;
  if (have.scenario_sha256 != want.scenario_sha256) {
    what = fmt::format("a different scenario text (journal sha256 {}, this scenario {})",
                       have.scenario_sha256.substr(0, 16), want.scenario_sha256.substr(0, 16));
  } else {
    what = fmt::format("different sweep arguments (journal:\n{}this command:\n{})", have.arguments, want.arguments);
  }
  return fmt::format("journal '{}' belongs to another sweep: {}; resume with the same scenario and "
                     "--runs/--seed/--vary, or delete the journal to start over",
                     journal.string(), what);
}

// Rank 0: opens or creates the journal, returns the tasks still to run.
std::vector<SweepTask> PrepareJournal(const SweepPlan& plan, const SweepExecution& exec,
                                      std::optional<JournalWriter>& writer, SweepRunStats& stats) {
  std::vector<SweepTask> pending;
  const bool exists = std::filesystem::exists(exec.journal_path);
  if (exists && !exec.resume) {
    throw InputError(fmt::format("journal '{}' exists from an unfinished sweep: pass --resume to finish "
                                 "it, or delete it to start over",
                                 exec.journal_path.string()));
  }
  if (!exists) {
    writer.emplace(JournalWriter::Create(exec.journal_path, plan.identity));
    return plan.AllTasks();
  }
  const JournalReader reader = JournalReader::Open(exec.journal_path);
  if (reader.identity().scenario_sha256 != plan.identity.scenario_sha256 ||
      reader.identity().arguments != plan.identity.arguments) {
    throw InputError(MismatchMessage(exec.journal_path, reader.identity(), plan.identity));
  }
  std::vector<std::uint8_t> done(plan.total_runs(), 0);
  for (const auto& e : reader.entries()) {
    if (e.grid_point < plan.grid.size() && e.run_index < plan.runs) {
      done[e.grid_point * plan.runs + e.run_index] = 1;
      ++stats.done_before;
    }
  }
  for (const auto& t : plan.AllTasks()) {
    if (!done[t.grid_point * plan.runs + t.run_index]) pending.push_back(t);
  }
  stats.ignored_journal_bytes = reader.ignored_bytes();
  writer.emplace(JournalWriter::OpenForAppend(exec.journal_path, reader.valid_bytes()));
  return pending;
}

// Every run allocates and frees a working set of a few MB (trackers, pools, paths). The
// freed memory stays in the thread's malloc arena, where it fragments: max RSS crept from
// 80 MB after 100 runs to 132 MB after 10,000 (2 threads) although nothing is kept between
// runs. Giving the arenas' free pages back to the system every few runs bounds RSS by the
// live working set (53 MB after 100 runs, 57 MB after 3,000). After every run it would cost
// ~3 ms a run in page faults when the next run touches the pages again; every 16th run costs
// nothing measurable. (A fixed 128 KiB mmap threshold, tried first, only halved the creep
// and cost ~1.4 % of the run time in mmap/munmap and page faults of the large blocks.)
void ReturnFreeMemoryEveryFewRuns() {
#if defined(__GLIBC__)
  constexpr int kRunsBetweenTrims = 16;
  thread_local int runs_since_trim = 0;
  if (++runs_since_trim >= kRunsBetweenTrims) {
    runs_since_trim = 0;
    malloc_trim(0);
  }
#endif
}

}  // namespace

SweepRunStats RunSweepJournal(const SweepPlan& plan, const RunFunction& run, const SweepExecution& exec) {
  SweepRunStats stats;
  stats.planned = plan.total_runs();
  const bool root = exec.mpi == nullptr || exec.mpi->is_root();

  std::optional<JournalWriter> writer;
  std::vector<SweepTask> pending;
  std::string error;
  if (root) {
    try {
      pending = PrepareJournal(plan, exec, writer, stats);
    } catch (const InputError& e) {
      if (!exec.mpi) throw;
      error = e.what();
    }
  }
  if (exec.mpi) {
    exec.mpi->BroadcastText(error);
    if (!error.empty()) throw InputError(error);
    exec.mpi->BroadcastTasks(pending);
  }

  SweepProgress progress(root && exec.progress_bar, stats.planned, stats.done_before);
  const std::size_t n_metrics = plan.metrics.size();
  const RowSink sink = [&](RunRow&& row) {
    // Rows always carry one value per metric (NaN when the run failed).
    row.metrics.resize(n_metrics, std::numeric_limits<double>::quiet_NaN());
    writer->Append(row);
    progress.RunFinished();
  };
  ExecuteOptions options{exec.threads, exec.stop};
  ExecuteStats es;
  if (exec.mpi) {
    es = exec.mpi->ExecuteDistributed(pending, run, sink, options);
  } else {
    es = ExecuteTasks(pending, run, sink, options);
  }
  if (writer) writer->Close();
  progress.Finish();
  stats.executed = es.executed;
  stats.stopped = es.stopped;
  stats.wall_time_s = progress.elapsed_s();
  stats.runs_per_s = progress.RunsPerSecond();
  return stats;
}

RunRow RunSummaryRow(const PreparedScenario& p, const SweepTask& task) {
  RunRow row;
  row.seed = p.scenario->seed;
  row.stream_run_index = task.run_index;
  const auto t0 = std::chrono::steady_clock::now();
  try {
    RunOptions ro;
    ro.detail = false;  // summary metrics only (identical with detail on)
    ro.threads = 1;
    row.metrics = SummarizeRun(RunOnce(p, p.scenario->seed, task.run_index, ro));
    ReturnFreeMemoryEveryFewRuns();
  } catch (const std::exception& e) {
    row.ok = false;
    row.message = e.what();
  }
  row.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return row;
}

std::vector<PreparedScenario> PrepareGrid(
    const std::string& scenario_path, const SweepPlan& plan, std::optional<std::uint64_t> seed,
    const std::function<void(const GridPoint&, const std::invalid_argument&)>& bad_point) {
  std::vector<PreparedScenario> prepared;
  prepared.reserve(plan.grid.size());
  for (const auto& g : plan.grid) {
    Scenario sc = LoadScenarioFile(scenario_path, GridOverrides(plan.axes, g));
    if (seed) sc.seed = *seed;
    try {
      prepared.push_back(Prepare(std::make_shared<const Scenario>(std::move(sc))));
    } catch (const std::invalid_argument& e) {
      if (bad_point) bad_point(g, e);
      throw;
    }
  }
  return prepared;
}

SweepRunStats RunPreparedSweep(const SweepPlan& plan, const std::vector<PreparedScenario>& prepared,
                               SweepExecution exec) {
  if (!exec.stop) exec.stop = [] { return SweepSignalGuard::ReceivedSignal() != 0; };
  const RunFunction run = [&prepared](const SweepTask& task) {
    return RunSummaryRow(prepared[task.grid_point], task);
  };
  return RunSweepJournal(plan, run, exec);
}

}  // namespace bmd::sim
