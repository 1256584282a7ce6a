#include "sim/sweep_output.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "sim/io/attributes.h"
#include "sim/io/output_file.h"
#include "sim/io/provenance.h"
#include "sim/io/table.h"
#include "sim/io/table_writer.h"
#include "sim/sweep_stats.h"

namespace bmd::sim {
namespace {

using io::ColumnSpec;
using io::ColumnType;

void WriteScenarioGroup(const io::Group& root, const Scenario& sc) {
  io::Group g = root.CreateGroup("scenario");
  io::WriteStringAttribute(g.id(), "name", sc.name);
  io::WriteStringAttribute(g.id(), "description", sc.description);
  io::WriteStringAttribute(g.id(), "start_utc", sc.start_utc);
  io::WriteDoubleAttribute(g.id(), "duration_s", sc.duration_s);
  io::WriteDoubleAttribute(g.id(), "tick_s", sc.tick_s);
  io::WriteStringAttribute(g.id(), "source_path", sc.source_path);
  io::WriteTextBlob(g, "yaml", sc.yaml_text, "base scenario file text, exactly as loaded (before --vary)");
}

void WriteGrid(const io::Group& root, const SweepPlan& plan) {
  std::vector<io::Column> cols;
  std::vector<std::int64_t> gp;
  for (const auto& g : plan.grid) gp.push_back(static_cast<std::int64_t>(g.index));
  cols.push_back(io::Column::Int64("grid_point", gp, "", "grid point index (row-major over the --vary axes)"));
  for (std::size_t a = 0; a < plan.axes.size(); ++a) {
    std::vector<std::string> values;
    for (const auto& g : plan.grid) values.push_back(plan.axes[a].values[g.value_index[a]]);
    cols.push_back(io::Column::String("param:" + plan.axes[a].key, values,
                                      "override value (YAML text) of scenario key " + plan.axes[a].key));
  }
  io::WriteTable(root, "grid", "grid points: the scenario values of each (cartesian product of --vary)", cols);
}

std::string ParamDescription(const SweepAxis& a) { return "value of scenario key " + a.key + " at this grid point"; }

struct AggregateLayout {
  std::vector<ColumnSpec> specs;
};

AggregateLayout MakeAggregateLayout(const SweepPlan& plan, double confidence) {
  AggregateLayout l;
  const std::string level = fmt::format("{:g} %", 100.0 * confidence);
  l.specs.push_back({"grid_point", ColumnType::kInt64, "", "grid point index (/grid)"});
  for (const auto& a : plan.axes) l.specs.push_back({"param:" + a.key, ColumnType::kString, "", ParamDescription(a)});
  l.specs.push_back({"n_runs", ColumnType::kInt64, "1", "runs done at this grid point (ok or failed)"});
  l.specs.push_back({"n_failed", ColumnType::kInt64, "1", "runs that failed (excluded from the statistics)"});
  for (const auto& m : plan.metrics) {
    const auto names = AggregateColumnNames(m);
    const std::string u = m.units;
    if (m.kind == MetricKind::kFlag) {
      l.specs.push_back({names[0], ColumnType::kInt64, "1", fmt::format("runs with a value of {}", m.name)});
      l.specs.push_back({names[1], ColumnType::kFloat64, "1", fmt::format("proportion of runs with {} = 1", m.name)});
      l.specs.push_back({names[2], ColumnType::kFloat64, "1", fmt::format("Wilson {} lower bound of p_{}", level, m.name)});
      l.specs.push_back({names[3], ColumnType::kFloat64, "1", fmt::format("Wilson {} upper bound of p_{}", level, m.name)});
      l.specs.push_back({names[4], ColumnType::kFloat64, "1",
                         fmt::format("Clopper-Pearson {} lower bound of p_{}", level, m.name)});
      l.specs.push_back({names[5], ColumnType::kFloat64, "1",
                         fmt::format("Clopper-Pearson {} upper bound of p_{}", level, m.name)});
    } else {
      l.specs.push_back({names[0], ColumnType::kInt64, "1", fmt::format("runs with a value of {} (NaN excluded)", m.name)});
      l.specs.push_back({names[1], ColumnType::kFloat64, u, fmt::format("mean of {}", m.name)});
      l.specs.push_back({names[2], ColumnType::kFloat64, u, fmt::format("sample standard deviation of {}", m.name)});
      l.specs.push_back({names[3], ColumnType::kFloat64, u,
                         fmt::format("Student t {} lower bound of the mean of {}", level, m.name)});
      l.specs.push_back({names[4], ColumnType::kFloat64, u,
                         fmt::format("Student t {} upper bound of the mean of {}", level, m.name)});
      l.specs.push_back({names[5], ColumnType::kFloat64, u, fmt::format("minimum of {}", m.name)});
      l.specs.push_back({names[6], ColumnType::kFloat64, u, fmt::format("maximum of {}", m.name)});
    }
  }
  return l;
}

std::string Status(const RunRow& r) { return r.ok ? std::string("ok") : "failed: " + r.message; }

}  // namespace

std::vector<std::string> AggregateColumnNames(const SummaryMetric& m) {
  const std::string n = m.name;
  if (m.kind == MetricKind::kFlag) {
    return {"n_valid_" + n, "p_" + n, "p_" + n + "_lo", "p_" + n + "_hi", "p_" + n + "_cp_lo", "p_" + n + "_cp_hi"};
  }
  return {"n_valid_" + n, "mean_" + n, "std_" + n, "mean_" + n + "_lo", "mean_" + n + "_hi", "min_" + n, "max_" + n};
}

SweepFileStats WriteSweepFile(const std::filesystem::path& path, const SweepPlan& plan,
                              const JournalReader& journal, const SweepFileContext& ctx) {
  SweepFileStats stats;
  stats.planned = plan.total_runs();
  auto file = io::OutputFile::Create(path);
  io::Group meta = io::WriteProvenance(file, io::Provenance{ctx.command_line, ctx.seed});
  io::WriteStringAttribute(meta.id(), "file_kind", "sweep");
  io::Group root = file.Root();
  if (ctx.scenario) WriteScenarioGroup(root, *ctx.scenario);
  WriteGrid(root, plan);

  // Journal rows of this plan in (grid point, run) order.
  std::vector<JournalEntry> entries;
  for (const auto& e : journal.entries()) {
    if (e.grid_point < plan.grid.size() && e.run_index < plan.runs) entries.push_back(e);
  }
  std::sort(entries.begin(), entries.end(), [](const JournalEntry& a, const JournalEntry& b) {
    return a.grid_point != b.grid_point ? a.grid_point < b.grid_point : a.run_index < b.run_index;
  });

  std::vector<ColumnSpec> run_specs = {
      {"grid_point", ColumnType::kInt64, "", "grid point index (/grid)"},
      {"run_index", ColumnType::kInt64, "", "Monte Carlo run index within the grid point"},
      {"seed", ColumnType::kInt64, "", "scenario seed (uint64 stored as int64 two's complement)"},
      {"stream_run_index", ColumnType::kInt64, "",
       "run key of the random streams (= run_index: common random numbers across grid points)"},
      {"status", ColumnType::kString, "", "ok | failed: <message>"},
  };
  for (const auto& m : plan.metrics) run_specs.push_back({m.name, ColumnType::kFloat64, m.units, m.description});
  io::TableWriter runs(root, "runs", "one summary row per finished run, sorted by (grid_point, run_index)", run_specs);
  io::TableWriter timing(root, "timing", "wall time per run (depends on the machine; not deterministic)",
                         {{"grid_point", ColumnType::kInt64, "", "grid point index"},
                          {"run_index", ColumnType::kInt64, "", "run index"},
                          {"wall_time_s", ColumnType::kFloat64, "s", "wall time of the run"},
                          {"mpi_rank", ColumnType::kInt32, "", "MPI rank that ran it (0 without MPI)"}});
  const AggregateLayout layout = MakeAggregateLayout(plan, ctx.confidence);
  io::TableWriter agg(root, "aggregate",
                      fmt::format("statistics per grid point over its ok runs ({:g} % intervals)", 100.0 * ctx.confidence),
                      layout.specs);

  std::set<std::pair<std::uint64_t, std::uint64_t>> detail_ok;
  const std::set<std::uint64_t> keep(ctx.keep_detail.begin(), ctx.keep_detail.end());
  std::size_t i = 0;
  for (const auto& g : plan.grid) {
    std::vector<MetricAccumulator> acc(plan.metrics.size());
    std::int64_t n_runs = 0, n_failed = 0;
    for (; i < entries.size() && entries[i].grid_point == g.index; ++i) {
      const RunRow row = journal.Read(entries[i]);
      std::size_t c = 0;
      runs.Set(c++, static_cast<std::int64_t>(row.grid_point));
      runs.Set(c++, static_cast<std::int64_t>(row.run_index));
      runs.Set(c++, static_cast<std::int64_t>(row.seed));
      runs.Set(c++, static_cast<std::int64_t>(row.stream_run_index));
      runs.Set(c++, Status(row));
      for (std::size_t m = 0; m < plan.metrics.size(); ++m) {
        const double v = m < row.metrics.size() ? row.metrics[m] : std::numeric_limits<double>::quiet_NaN();
        runs.Set(c++, v);
        if (row.ok) acc[m].Add(v);
      }
      runs.EndRow();
      timing.AppendRow(static_cast<std::int64_t>(row.grid_point), static_cast<std::int64_t>(row.run_index),
                       row.wall_time_s, row.rank);
      ++n_runs;
      if (!row.ok) ++n_failed;
      if (row.ok && keep.count(row.run_index)) detail_ok.insert({row.grid_point, row.run_index});
    }
    stats.done += static_cast<std::uint64_t>(n_runs);
    stats.failed += static_cast<std::uint64_t>(n_failed);

    std::size_t c = 0;
    agg.Set(c++, static_cast<std::int64_t>(g.index));
    for (std::size_t a = 0; a < plan.axes.size(); ++a) agg.Set(c++, plan.axes[a].values[g.value_index[a]]);
    agg.Set(c++, n_runs);
    agg.Set(c++, n_failed);
    for (std::size_t m = 0; m < plan.metrics.size(); ++m) {
      const auto& a = acc[m];
      agg.Set(c++, static_cast<std::int64_t>(a.n_valid()));
      if (plan.metrics[m].kind == MetricKind::kFlag) {
        // Flags are 0/1, so the sum is the exact success count.
        const auto k = static_cast<std::uint64_t>(std::llround(a.Sum()));
        const Interval w = WilsonInterval(k, a.n_valid(), ctx.confidence);
        const Interval cp = ClopperPearsonInterval(k, a.n_valid(), ctx.confidence);
        agg.Set(c++, a.n_valid() > 0 ? static_cast<double>(k) / static_cast<double>(a.n_valid())
                                     : std::numeric_limits<double>::quiet_NaN());
        agg.Set(c++, w.lo);
        agg.Set(c++, w.hi);
        agg.Set(c++, cp.lo);
        agg.Set(c++, cp.hi);
      } else {
        const Interval t = MeanInterval(a.Mean(), a.SampleStd(), a.n_valid(), ctx.confidence);
        agg.Set(c++, a.Mean());
        agg.Set(c++, a.SampleStd());
        agg.Set(c++, t.lo);
        agg.Set(c++, t.hi);
        agg.Set(c++, a.Min());
        agg.Set(c++, a.Max());
      }
    }
    agg.EndRow();
  }
  runs.Close();
  timing.Close();
  io::WriteDoubleAttribute(io::Group::Open(root.id(), "aggregate").id(), "confidence", ctx.confidence);
  agg.Close();

  stats.complete = stats.done == stats.planned;
  if (!detail_ok.empty() && ctx.detail) {
    io::Group detail = root.CreateGroup("detail");
    for (const auto& [gp, run] : detail_ok) {
      io::Group target = detail.CreateGroup(fmt::format("grid_point_{}/run_{}", gp, run));
      io::WriteInt64Attribute(target.id(), "grid_point", static_cast<std::int64_t>(gp));
      io::WriteInt64Attribute(target.id(), "run_index", static_cast<std::int64_t>(run));
      ctx.detail(target, gp, run);
      ++stats.detail_runs;
    }
  }

  io::Group summary = root.CreateGroup("summary");
  io::WriteInt64Attribute(summary.id(), "runs_planned", static_cast<std::int64_t>(stats.planned));
  io::WriteInt64Attribute(summary.id(), "runs_done", static_cast<std::int64_t>(stats.done));
  io::WriteInt64Attribute(summary.id(), "runs_failed", static_cast<std::int64_t>(stats.failed));
  io::WriteInt64Attribute(summary.id(), "complete", stats.complete ? 1 : 0);
  io::WriteInt64Attribute(summary.id(), "grid_points", static_cast<std::int64_t>(plan.grid.size()));
  io::WriteInt64Attribute(summary.id(), "runs_per_grid_point", static_cast<std::int64_t>(plan.runs));
  io::WriteDoubleAttribute(summary.id(), "confidence", ctx.confidence);
  io::WriteDoubleAttribute(summary.id(), "wall_time_s", ctx.wall_time_s);
  io::WriteInt64Attribute(summary.id(), "threads", ctx.threads);
  io::WriteInt64Attribute(summary.id(), "mpi_ranks", ctx.mpi_ranks);
  io::WriteStringAttribute(summary.id(), "random_numbers",
                           "common: run r of every grid point uses stream run index r");
  if (ctx.extra) ctx.extra(root);
  file.Commit();
  return stats;
}

}  // namespace bmd::sim
