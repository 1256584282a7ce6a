#include "sim/sweep_command.h"

#include <fmt/format.h>
#include <omp.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "sim/errors.h"
#include "sim/io/attributes.h"
#include "sim/io/h5_error.h"
#include "sim/io/h5_handle.h"
#include "sim/prepare.h"
#include "sim/run_output.h"
#include "sim/run_summary.h"
#include "sim/scenario/loader.h"
#include "sim/sweep_driver.h"
#include "sim/sweep_mpi.h"
#include "sim/sweep_output.h"
#include "sim/sweep_signals.h"
#include "sim/world.h"

namespace bmd::sim {
namespace {

std::string SignalName(int sig) { return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "a signal"; }

void CheckOutputDirectory(const std::filesystem::path& out) {
  const auto parent = out.parent_path();
  if (!parent.empty() && !std::filesystem::exists(parent)) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) throw InputError(fmt::format("cannot create output directory '{}': {}", parent.string(), ec.message()));
  }
  const std::string dir = parent.empty() ? "." : parent.string();
  if (access(dir.c_str(), W_OK) != 0) throw InputError(fmt::format("output directory '{}' is not writable", dir));
}

// Copies every top-level object of a run file except /meta and /scenario (the sweep file
// has its own) into `target`.
void CopyRunGroups(const std::filesystem::path& run_file, const io::Group& target) {
  io::QuietHdf5Errors();
  io::FileHandle src(io::CheckId(H5Fopen(run_file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open", run_file.string()));
  std::vector<std::string> names;
  const auto collect = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
  };
  io::CheckStatus(H5Literate(src.id(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect, &names), "iterate",
                  run_file.string());
  for (const auto& n : names) {
    if (n == "meta" || n == "scenario") continue;
    io::CheckStatus(H5Ocopy(src.id(), n.c_str(), target.id(), n.c_str(), H5P_DEFAULT, H5P_DEFAULT), "copy",
                    run_file.string() + ":/" + n);
  }
}

}  // namespace

int SweepCommand(const SweepCommandOptions& opts) {
  SweepSignalGuard signals;
  const std::unique_ptr<MpiSession> mpi = MpiSession::InitIfLaunched();
  const bool root = !mpi || mpi->is_root();

  if (opts.output_path.empty()) throw InputError("sweep: an output file is required (-o OUT.h5)");
  if (!(opts.confidence > 0.0 && opts.confidence < 1.0)) {
    throw InputError(fmt::format("--confidence {} must be strictly between 0 and 1", opts.confidence));
  }
  if (opts.runs == 0) throw InputError("--runs must be at least 1");
  std::vector<SweepAxis> axes;
  for (const auto& v : opts.vary) axes.push_back(ParseVaryArgument(v));
  const std::vector<std::uint64_t> keep_detail = ParseRunList(opts.keep_detail, opts.runs);
  const int threads = opts.threads > 0 ? opts.threads : omp_get_max_threads();
  const std::filesystem::path out = opts.output_path;
  std::filesystem::path journal_path = out;
  journal_path += ".journal";
  if (root) CheckOutputDirectory(out);

  // The base scenario (its text identifies the sweep), then every grid point loaded and
  // prepared once, shared read-only by its runs.
  Scenario base = LoadScenarioFile(opts.scenario_path);
  if (opts.seed) base.seed = *opts.seed;
  std::vector<std::string> texts = {base.yaml_text};
  texts.insert(texts.end(), base.catalog_texts.begin(), base.catalog_texts.end());
  const auto metrics = SummaryMetrics();
  SweepPlan plan = MakeSweepPlan(texts, opts.runs, opts.seed, axes,
                                 std::vector<SummaryMetric>(metrics.begin(), metrics.end()));
  const std::vector<PreparedScenario> prepared = PrepareGrid(opts.scenario_path, plan, opts.seed);

  SweepExecution exec;
  exec.journal_path = journal_path;
  exec.resume = opts.resume;
  exec.threads = threads;
  exec.progress_bar = !opts.quiet;
  exec.mpi = mpi.get();
  const SweepRunStats rs = RunPreparedSweep(plan, prepared, exec);
  const int sig = SweepSignalGuard::ReceivedSignal();
  if (!root) return sig != 0 ? ExitCodeForSignal(sig) : 0;

  // The file, from the journal. Detail runs are re-run here from their seeds (they are
  // deterministic), so the journal never holds per-run detail.
  const JournalReader journal = JournalReader::Open(journal_path);
  SweepFileContext ctx;
  ctx.command_line = opts.command_line;
  ctx.scenario = &base;
  ctx.seed = base.seed;
  ctx.confidence = opts.confidence;
  ctx.wall_time_s = rs.wall_time_s;
  ctx.threads = threads;
  ctx.mpi_ranks = mpi ? mpi->size() : 1;
  if (sig == 0) {
    ctx.keep_detail = keep_detail;
    ctx.detail = [&](const io::Group& target, std::uint64_t gp, std::uint64_t r) {
      const PreparedScenario& p = prepared[gp];
      const RunResult result = RunOnce(p, p.scenario->seed, r);
      std::filesystem::path tmp = out;
      tmp += fmt::format(".detail.{}.{}.{}.h5", getpid(), gp, r);
      WriteRunFile(tmp.string(), p, result, OutputContext{opts.command_line});
      try {
        CopyRunGroups(tmp, target);
        io::WriteInt64Attribute(target.id(), "seed", static_cast<std::int64_t>(p.scenario->seed));
      } catch (...) {
        std::filesystem::remove(tmp);
        throw;
      }
      std::filesystem::remove(tmp);
    };
  }
  const SweepFileStats fs = WriteSweepFile(out, plan, journal, ctx);

  if (fs.complete) std::filesystem::remove(journal_path);
  const std::string rate = fmt::format("{:.2f} runs/s with {} thread{} x {} rank{}", rs.runs_per_s, threads,
                                       threads == 1 ? "" : "s", ctx.mpi_ranks, ctx.mpi_ranks == 1 ? "" : "s");
  std::printf("sweep %s: %llu/%llu runs done (%llu this session, %llu already journaled), %llu failed, %.1f s, "
              "%s -> %s%s\n",
              fs.complete ? "complete" : "incomplete", static_cast<unsigned long long>(fs.done),
              static_cast<unsigned long long>(fs.planned), static_cast<unsigned long long>(rs.executed),
              static_cast<unsigned long long>(rs.done_before), static_cast<unsigned long long>(fs.failed),
              rs.wall_time_s, rate.c_str(), out.c_str(), rs.ignored_journal_bytes ? " (torn journal tail ignored)" : "");
  std::fflush(stdout);
  if (sig != 0) {
    std::fprintf(stderr,
                 "sweep interrupted by %s: %s written with complete = 0; journal kept in %s, finish with the "
                 "same command and --resume\n",
                 SignalName(sig).c_str(), out.c_str(), journal_path.c_str());
    return ExitCodeForSignal(sig);
  }
  return 0;
}

}  // namespace bmd::sim
