#include "sim/compare.h"

#include <fmt/format.h>
#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "sim/errors.h"
#include "sim/io/attributes.h"
#include "sim/io/table.h"
#include "sim/prepare.h"
#include "sim/scenario/loader.h"
#include "sim/sweep_driver.h"
#include "sim/sweep_mpi.h"
#include "sim/sweep_output.h"
#include "sim/sweep_signals.h"
#include "sim/sweep_stats.h"
#include "sim/world.h"

namespace bmd::sim {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 4> kArchitectureNames = {"custom", "national", "bilateral", "trilateral"};
constexpr std::string_view kArchitectureKey = "sharing.architecture";

constexpr std::array<CompareRow, 12> kRows = {{
    {"leakers", "leakers (threats)", 2},
    {"zero_leakers", "P(zero leakers)", 2},
    {"assets_hit", "assets hit (assets)", 2},
    {"time_to_first_track_s", "time to first track (s)", 1},
    {"mean_completeness", "track completeness (fraction)", 3},
    {"mean_commonality", "commonality, same threats (fraction)", 3},
    {"mean_same_number", "same track number (fraction)", 3},
    {"mean_dual_tracks", "dual tracks (per node picture)", 2},
    {"engagement_timeliness_s", "engagement timeliness (s)", 1},
    {"interceptors_per_kill", "interceptors per kill (interceptors)", 2},
    {"duplicate_engagements", "duplicate engagements (launches)", 2},
    {"messages_withheld", "messages withheld (messages)", 1},
}};

std::string ValidNames() {
  std::string s;
  for (auto n : kArchitectureNames) s += (s.empty() ? "" : ", ") + std::string(n);
  return s;
}

// Bad combinations of the scenario and the architectures asked for, as one-line errors.
void CheckArchitecturesApply(const Scenario& sc, const std::vector<std::string>& architectures) {
  for (const auto& a : architectures) {
    if (a == "bilateral") {
      const bool hub_defined = std::any_of(sc.nations.begin(), sc.nations.end(),
                                           [&](const Nation& n) { return n.id == sc.sharing.hub; });
      if (!hub_defined) {
        std::string nations;
        for (const auto& n : sc.nations) nations += (nations.empty() ? "" : ", ") + n.id;
        throw InputError(fmt::format(
            "architecture 'bilateral' needs a hub nation: sharing.hub is '{}', which is not a nation of "
            "scenario '{}' (nations: {}); set 'sharing: {{hub: NATION}}' in the scenario",
            sc.sharing.hub, sc.name, nations.empty() ? "none" : nations));
      }
    } else if (a == "custom" && sc.sharing.rules.empty()) {
      throw InputError(fmt::format(
          "architecture 'custom' compares the scenario's own sharing rules, but scenario '{}' has no "
          "sharing.rules (its preset is used instead); use the presets national, bilateral, trilateral",
          sc.name));
    }
  }
}

void CheckOutputDirectory(const fs::path& out) {
  const auto parent = out.parent_path();
  if (!parent.empty() && !fs::exists(parent)) {
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) throw InputError(fmt::format("cannot create output directory '{}': {}", parent.string(), ec.message()));
  }
  const std::string dir = parent.empty() ? "." : parent.string();
  if (access(dir.c_str(), W_OK) != 0) throw InputError(fmt::format("output directory '{}' is not writable", dir));
}

// A private directory for the journal of a compare without -o, removed with everything in it.
class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    static std::atomic<int> counter{0};
    const fs::path base = fs::temp_directory_path();
    for (int attempt = 0; attempt < 100; ++attempt) {
      fs::path p = base / fmt::format("bmdsim-compare-{}-{}", getpid(), counter++);
      std::error_code ec;
      if (fs::create_directory(p, ec)) {
        path_ = std::move(p);
        return;
      }
    }
    throw InputError(fmt::format("cannot create a temporary directory in '{}'", base.string()));
  }
  ~TemporaryDirectory() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string SignalName(int sig) { return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "a signal"; }

// The /compare table: one row per (architecture, metric), architecture-major.
void WriteCompareTable(const io::Group& root, const CompareTable& t) {
  std::vector<std::int64_t> grid_point, n;
  std::vector<std::string> architecture, metric, units, interval;
  std::vector<double> mean, lo, hi;
  for (std::size_t a = 0; a < t.architectures.size(); ++a) {
    for (std::size_t m = 0; m < t.metrics.size(); ++m) {
      const CompareCell& c = t.cells[a][m];
      grid_point.push_back(static_cast<std::int64_t>(a));
      architecture.push_back(t.architectures[a]);
      metric.push_back(t.metrics[m].name);
      units.push_back(t.metrics[m].units);
      interval.push_back(t.metrics[m].kind == MetricKind::kFlag ? "wilson" : "student_t");
      mean.push_back(c.mean);
      lo.push_back(c.ci_low);
      hi.push_back(c.ci_high);
      n.push_back(static_cast<std::int64_t>(c.n));
    }
  }
  const std::string level = fmt::format("{:g} %", 100.0 * t.confidence);
  const std::vector<io::Column> cols = {
      io::Column::Int64("grid_point", std::move(grid_point), "", "grid point of the architecture (/grid, /aggregate)"),
      io::Column::String("architecture", std::move(architecture),
                         "sharing architecture (value of sharing.architecture), in the order asked for"),
      io::Column::String("metric", std::move(metric), "summary metric name (a column of /runs)"),
      io::Column::String("units", std::move(units), "units of mean, ci_low and ci_high in this row"),
      io::Column::String("interval", std::move(interval),
                         "student_t: t interval of the mean; wilson: Wilson score interval of a proportion"),
      io::Column::Float64("mean", std::move(mean), "",
                          "mean over the runs with a value (proportion for a 0/1 metric); units in column units"),
      io::Column::Float64("ci_low", std::move(lo), "",
                          fmt::format("lower bound of the {} interval (NaN if n < 2 for student_t)", level)),
      io::Column::Float64("ci_high", std::move(hi), "",
                          fmt::format("upper bound of the {} interval (NaN if n < 2 for student_t)", level)),
      io::Column::Int64("n", std::move(n), "1", "runs with a value (ok runs; NaN values excluded)"),
  };
  io::WriteTable(root, "compare",
                 fmt::format("sharing architectures side by side: one row per (architecture, metric), {} "
                             "intervals, common random numbers",
                             level),
                 cols);
  const io::Group g = io::Group::Open(root.id(), "compare");
  io::WriteDoubleAttribute(g.id(), "confidence", t.confidence);
  io::WriteInt64Attribute(g.id(), "runs_per_architecture", static_cast<std::int64_t>(t.runs));
}

std::string FormatNumber(double v, int decimals) {
  if (std::isnan(v)) return "n/a";
  std::string s = fmt::format("{:.{}f}", v, decimals);
  if (s == fmt::format("-{:.{}f}", 0.0, decimals)) s.erase(0, 1);  // no "-0.00"
  return s;
}

std::string FormatCell(const CompareCell& c, const SummaryMetric& m, const CompareRow& row,
                       std::uint64_t runs_planned, std::uint64_t runs_ok) {
  if (c.n == 0) return "n/a";
  if (runs_planned == 1) {
    // One run: the plain value (counts and flags are integers).
    return FormatNumber(c.mean, m.kind == MetricKind::kContinuous ? row.decimals : 0);
  }
  std::string s = FormatNumber(c.mean, row.decimals);
  if (std::isfinite(c.ci_low) && std::isfinite(c.ci_high)) {
    // A count is never negative: its t interval is shown cut at 0 (the file keeps it whole).
    const double lo = m.kind == MetricKind::kCount ? std::max(0.0, c.ci_low) : c.ci_low;
    s += fmt::format(" [{}, {}]", FormatNumber(lo, row.decimals), FormatNumber(c.ci_high, row.decimals));
  }
  if (c.n < runs_ok) s += fmt::format(" (n={})", c.n);
  return s;
}

}  // namespace

std::span<const std::string_view> CompareArchitectureNames() { return kArchitectureNames; }

std::span<const CompareRow> CompareRows() { return kRows; }

std::vector<std::string> ParseArchitectureList(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = text.substr(start, end - start);
    start = end + 1;
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty()) {
      throw InputError(fmt::format("--architectures '{}': empty name (valid: {})", text, ValidNames()));
    }
    if (std::find(kArchitectureNames.begin(), kArchitectureNames.end(), item) == kArchitectureNames.end()) {
      throw InputError(fmt::format("--architectures: unknown architecture '{}' (valid: {})", item, ValidNames()));
    }
    if (std::find(out.begin(), out.end(), item) != out.end()) {
      throw InputError(fmt::format("--architectures: '{}' is given twice", item));
    }
    out.emplace_back(item);
  }
  return out;
}

int CompareTable::MetricIndex(std::string_view name) const {
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    if (name == metrics[m].name) return static_cast<int>(m);
  }
  return -1;
}

const CompareCell& CompareTable::Cell(std::size_t architecture, std::string_view metric) const {
  const int m = MetricIndex(metric);
  if (m < 0 || architecture >= cells.size()) {
    throw std::out_of_range(fmt::format("compare table: no cell ({}, {})", architecture, metric));
  }
  return cells[architecture][static_cast<std::size_t>(m)];
}

CompareTable BuildCompareTable(const SweepPlan& plan, const JournalReader& journal, double confidence) {
  if (plan.axes.size() != 1) throw std::invalid_argument("BuildCompareTable: the plan must have one axis");
  CompareTable t;
  t.architectures = plan.axes[0].values;
  t.metrics = plan.metrics;
  t.runs = plan.runs;
  t.confidence = confidence;
  const std::size_t n_arch = plan.grid.size();
  t.runs_done.assign(n_arch, 0);
  t.runs_failed.assign(n_arch, 0);
  t.first_failure.assign(n_arch, "");

  // Rows in (grid point, run) order: the accumulators then see the same sequence as the
  // sweep's /aggregate, whatever order the runs finished in.
  std::vector<JournalEntry> entries;
  for (const auto& e : journal.entries()) {
    if (e.grid_point < n_arch && e.run_index < plan.runs) entries.push_back(e);
  }
  std::sort(entries.begin(), entries.end(), [](const JournalEntry& a, const JournalEntry& b) {
    return a.grid_point != b.grid_point ? a.grid_point < b.grid_point : a.run_index < b.run_index;
  });
  std::vector<std::vector<MetricAccumulator>> acc(n_arch, std::vector<MetricAccumulator>(plan.metrics.size()));
  for (const auto& e : entries) {
    const RunRow row = journal.Read(e);
    const std::size_t g = row.grid_point;
    ++t.runs_done[g];
    if (!row.ok) {
      if (t.runs_failed[g]++ == 0) t.first_failure[g] = fmt::format("run {}: {}", row.run_index, row.message);
      continue;
    }
    for (std::size_t m = 0; m < plan.metrics.size() && m < row.metrics.size(); ++m) acc[g][m].Add(row.metrics[m]);
  }

  t.cells.assign(n_arch, std::vector<CompareCell>(plan.metrics.size()));
  for (std::size_t g = 0; g < n_arch; ++g) {
    for (std::size_t m = 0; m < plan.metrics.size(); ++m) {
      const MetricAccumulator& a = acc[g][m];
      CompareCell& c = t.cells[g][m];
      c.n = a.n_valid();
      if (plan.metrics[m].kind == MetricKind::kFlag) {
        // Flags are 0/1: the sum is the exact success count.
        const auto k = static_cast<std::uint64_t>(std::llround(a.Sum()));
        const Interval w = WilsonInterval(k, c.n, confidence);
        if (c.n > 0) c.mean = static_cast<double>(k) / static_cast<double>(c.n);
        c.ci_low = w.lo;
        c.ci_high = w.hi;
      } else {
        const Interval iv = MeanInterval(a.Mean(), a.SampleStd(), c.n, confidence);
        c.mean = a.Mean();
        c.ci_low = iv.lo;
        c.ci_high = iv.hi;
      }
    }
  }
  return t;
}

std::string FormatCompareTable(const CompareTable& t) {
  // Rows of text: label, then one cell per architecture.
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = {""};
  for (const auto& a : t.architectures) header.push_back(a);
  std::vector<std::string> runs_row = {"runs"};
  for (std::size_t a = 0; a < t.architectures.size(); ++a) {
    const std::uint64_t ok = t.runs_done[a] - t.runs_failed[a];
    runs_row.push_back(ok == t.runs ? fmt::format("{}", ok)
                                    : fmt::format("{} of {} ({} failed)", ok, t.runs, t.runs_failed[a]));
  }
  rows.push_back(std::move(runs_row));
  for (const CompareRow& r : kRows) {
    const int m = t.MetricIndex(r.metric);
    if (m < 0) continue;  // a metric this build does not produce
    std::vector<std::string> line = {r.label};
    for (std::size_t a = 0; a < t.architectures.size(); ++a) {
      line.push_back(FormatCell(t.cells[a][static_cast<std::size_t>(m)], t.metrics[static_cast<std::size_t>(m)], r,
                                t.runs, t.runs_done[a] - t.runs_failed[a]));
    }
    rows.push_back(std::move(line));
  }

  std::vector<std::size_t> width(header.size(), 0);
  for (std::size_t c = 0; c < header.size(); ++c) width[c] = header[c].size();
  for (const auto& line : rows) {
    for (std::size_t c = 0; c < line.size(); ++c) width[c] = std::max(width[c], line[c].size());
  }
  const auto emit = [&](const std::vector<std::string>& line) {
    std::string s = fmt::format("{:<{}}", line[0], width[0]);
    for (std::size_t c = 1; c < line.size(); ++c) s += fmt::format("   {:<{}}", line[c], width[c]);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s + "\n";
  };

  const std::string level = fmt::format("{:g} %", 100.0 * t.confidence);
  std::string out;
  if (t.runs > 1) {
    out += fmt::format("Sharing architectures compared on {}: {} runs each, common random numbers; "
                       "cells are mean [{} interval]\n",
                       t.scenario_name, t.runs, level);
  } else {
    out += fmt::format("Sharing architectures compared on {}: 1 run each (run 0), same random numbers\n",
                       t.scenario_name);
  }
  out += emit(header);
  std::size_t total = width[0];
  for (std::size_t c = 1; c < width.size(); ++c) total += 3 + width[c];
  out += std::string(total, '-') + "\n";
  for (const auto& line : rows) out += emit(line);
  if (t.runs > 1) {
    out += "Intervals: Student t for means (counts cut at 0), Wilson score for P(zero leakers); "
           "(n=K): only K runs had a value.\n";
  }
  for (std::size_t a = 0; a < t.architectures.size(); ++a) {
    if (t.runs_failed[a] > 0) {
      out += fmt::format("{}: {} failed run{}, first {}\n", t.architectures[a], t.runs_failed[a],
                         t.runs_failed[a] == 1 ? "" : "s", t.first_failure[a]);
    }
  }
  return out;
}

int CompareCommand(const CompareCommandOptions& opts) {
  SweepSignalGuard signals;
  const std::unique_ptr<MpiSession> mpi = MpiSession::InitIfLaunched();
  const bool root = !mpi || mpi->is_root();

  if (!(opts.confidence > 0.0 && opts.confidence < 1.0)) {
    throw InputError(fmt::format("--confidence {} must be strictly between 0 and 1", opts.confidence));
  }
  if (opts.runs == 0) throw InputError("--runs must be at least 1");
  if (opts.resume && opts.output_path.empty()) {
    throw InputError("--resume needs -o OUT.h5 (without -o the journal is temporary and not kept)");
  }
  const std::vector<std::string> architectures = ParseArchitectureList(opts.architectures);
  const int threads = opts.threads > 0 ? opts.threads : omp_get_max_threads();

  Scenario base = LoadScenarioFile(opts.scenario_path);
  if (opts.seed) base.seed = *opts.seed;
  CheckArchitecturesApply(base, architectures);

  // The journal: beside the output (kept for --resume if interrupted), or in a temporary
  // directory when there is no output file.
  std::unique_ptr<TemporaryDirectory> temp;
  fs::path journal_path;
  const fs::path out = opts.output_path;
  if (!out.empty()) {
    if (root) CheckOutputDirectory(out);
    journal_path = out;
    journal_path += ".journal";
  } else if (root) {
    temp = std::make_unique<TemporaryDirectory>();
    journal_path = temp->path() / "compare.journal";
  }

  // The sweep: one axis, sharing.architecture, every architecture loaded and prepared once.
  std::vector<std::string> texts = {base.yaml_text};
  texts.insert(texts.end(), base.catalog_texts.begin(), base.catalog_texts.end());
  const auto metrics = SummaryMetrics();
  std::vector<SweepAxis> axes = {SweepAxis{std::string(kArchitectureKey), architectures}};
  const SweepPlan plan = MakeSweepPlan(texts, opts.runs, opts.seed, std::move(axes),
                                       std::vector<SummaryMetric>(metrics.begin(), metrics.end()));
  // ResolveSharing (in Prepare): a nation or alliance the policy names does not exist.
  const std::vector<PreparedScenario> prepared =
      PrepareGrid(opts.scenario_path, plan, opts.seed, [&](const GridPoint& g, const std::invalid_argument& e) {
        throw InputError(fmt::format("architecture '{}': {}", plan.axes[0].values[g.index], e.what()));
      });
  if (root && !opts.quiet) {
    std::fprintf(stderr, "compare %s: %zu architecture%s x %llu run%s on %d thread%s\n", base.name.c_str(),
                 architectures.size(), architectures.size() == 1 ? "" : "s",
                 static_cast<unsigned long long>(opts.runs), opts.runs == 1 ? "" : "s", threads,
                 threads == 1 ? "" : "s");
  }

  SweepExecution exec;
  exec.journal_path = journal_path;
  exec.resume = opts.resume;
  exec.threads = threads;
  exec.progress_bar = !opts.quiet;
  exec.mpi = mpi.get();
  const SweepRunStats rs = RunPreparedSweep(plan, prepared, exec);
  const int sig = SweepSignalGuard::ReceivedSignal();
  if (!root) return sig != 0 ? ExitCodeForSignal(sig) : 0;

  const JournalReader journal = JournalReader::Open(journal_path);
  CompareTable table = BuildCompareTable(plan, journal, opts.confidence);
  table.scenario_name = base.name;

  if (!out.empty()) {
    SweepFileContext ctx;
    ctx.command_line = opts.command_line;
    ctx.scenario = &base;
    ctx.seed = base.seed;
    ctx.confidence = opts.confidence;
    ctx.wall_time_s = rs.wall_time_s;
    ctx.threads = threads;
    ctx.mpi_ranks = mpi ? mpi->size() : 1;
    // /compare only for a complete compare: a partial one would compare unequal run sets.
    if (sig == 0) ctx.extra = [&table](const io::Group& r) { WriteCompareTable(r, table); };
    const SweepFileStats fs = WriteSweepFile(out, plan, journal, ctx);
    if (fs.complete) fs::remove(journal_path);
  }
  if (sig != 0) {
    if (out.empty()) {
      std::fprintf(stderr, "compare interrupted by %s: no table (runs are discarded without -o)\n",
                   SignalName(sig).c_str());
    } else {
      std::fprintf(stderr,
                   "compare interrupted by %s: %s written with complete = 0 and no /compare; journal kept in "
                   "%s, finish with the same command and --resume\n",
                   SignalName(sig).c_str(), out.c_str(), journal_path.c_str());
    }
    return ExitCodeForSignal(sig);
  }

  const std::string text = FormatCompareTable(table);
  std::fputs(text.c_str(), stdout);
  std::fflush(stdout);
  if (!opts.quiet) {
    std::fprintf(stderr, "compare: %llu runs (%llu this session) in %.1f s, %.2f runs/s%s%s\n",
                 static_cast<unsigned long long>(plan.total_runs()), static_cast<unsigned long long>(rs.executed),
                 rs.wall_time_s, rs.runs_per_s, out.empty() ? "" : " -> ", out.c_str());
  }
  return 0;
}

}  // namespace bmd::sim
