#pragma once
/// `bmdsim compare`: the same scenario under several sharing architectures, side by side
/// (docs/compare.md).
///
/// A compare is a sweep (sweep_plan.h) over the one-axis grid
/// `sharing.architecture = A1, A2, ...` with common random numbers: run r of every
/// architecture uses random-stream run index r, so the columns differ by the policy and not
/// by sampling noise. It reuses the sweep's journal, OpenMP/MPI executor, statistics
/// (sweep_stats.h) and file writer (sweep_output.h); on top it reduces the journal to one
/// cell per (architecture, metric) and prints them as a table.
///
/// Statistics of a cell over the n runs with a value (failed runs and NaN excluded), at
/// two-sided confidence c:
///   count / continuous metric: mean, Student t interval mean +- t_{(1+c)/2, n-1} s / sqrt(n);
///   flag metric (0/1):         p = k / n, Wilson score interval.
/// Intervals are NaN for n < 2 (t) or n = 0 (Wilson). Identical to the sweep's /aggregate.
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/run_summary.h"
#include "sim/sweep_journal.h"
#include "sim/sweep_plan.h"

namespace bmd::sim {

/// Architecture names compare accepts, in canonical order: custom (the scenario's own
/// sharing rules), national, bilateral, trilateral.
std::span<const std::string_view> CompareArchitectureNames();

/// Parses "national,bilateral,trilateral" (order kept). Throws InputError naming the valid
/// names for an unknown name, and for an empty list or a name given twice.
std::vector<std::string> ParseArchitectureList(std::string_view text);

struct CompareCommandOptions {
  std::string scenario_path;
  std::string architectures = "national,bilateral,trilateral";
  std::string output_path;            ///< empty: no file (the journal goes to a temporary directory)
  std::uint64_t runs = 1;             ///< Monte Carlo runs per architecture
  int threads = 0;                    ///< OpenMP threads; 0: OMP_NUM_THREADS or all cores
  std::optional<std::uint64_t> seed;  ///< overrides scenario.seed
  double confidence = 0.95;
  bool resume = false;                ///< finish an interrupted compare (needs output_path)
  bool quiet = false;                 ///< no progress or summary on stderr
  std::string command_line;           ///< for /meta provenance
};

/// One figure of one architecture.
struct CompareCell {
  std::uint64_t n = 0;  ///< runs with a value (ok and not NaN)
  double mean = std::numeric_limits<double>::quiet_NaN();     ///< mean, or proportion for a flag
  double ci_low = std::numeric_limits<double>::quiet_NaN();   ///< t (Wilson for a flag) lower bound
  double ci_high = std::numeric_limits<double>::quiet_NaN();  ///< upper bound
};

/// The reduced compare: columns = architectures in the order given, rows = metrics.
struct CompareTable {
  std::string scenario_name;
  std::vector<std::string> architectures;
  std::vector<SummaryMetric> metrics;          ///< SummaryMetrics() order
  std::uint64_t runs = 0;                      ///< planned runs per architecture
  std::vector<std::uint64_t> runs_done;        ///< per architecture (ok + failed)
  std::vector<std::uint64_t> runs_failed;      ///< per architecture
  std::vector<std::string> first_failure;      ///< per architecture: message of its first failed run
  std::vector<std::vector<CompareCell>> cells; ///< [architecture][metric]
  double confidence = 0.95;

  /// Index of a metric by name, or -1.
  int MetricIndex(std::string_view name) const;
  /// The cell of (architecture index, metric name). Throws std::out_of_range if unknown.
  const CompareCell& Cell(std::size_t architecture, std::string_view metric) const;
};

/// Reduces a sweep journal whose plan has a single axis (the architectures) to a table, rows
/// read in (grid point, run) order so the result does not depend on threads or ranks.
CompareTable BuildCompareTable(const SweepPlan& plan, const JournalReader& journal, double confidence);

/// One printed row: a metric and how it is labelled and formatted.
struct CompareRow {
  const char* metric;  ///< SummaryMetrics() name
  const char* label;   ///< with its unit, e.g. "time to first track (s)"
  int decimals;        ///< of means and interval bounds
};

/// The printed rows, top to bottom.
std::span<const CompareRow> CompareRows();

/// The side-by-side text table (one column per architecture, one row per CompareRows()
/// entry, plus a runs row). With runs > 1 a cell reads "mean [lo, hi]" (interval at the
/// table's confidence; "(n=K)" appended when only K runs had a value); with one run it is
/// the plain value. "n/a" where no run had a value.
std::string FormatCompareTable(const CompareTable& table);

/// Runs the compare and prints the table on stdout. Returns 0 when complete, 128 + signal
/// when interrupted. Throws InputError / ScenarioError for bad input (exit 2).
int CompareCommand(const CompareCommandOptions& options);

}  // namespace bmd::sim
