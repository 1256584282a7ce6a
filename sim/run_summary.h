#pragma once
/// One run reduced to a fixed list of named figures: the row a sweep keeps per run and the
/// basis of its aggregate statistics. The list grows as models land; consumers (sweep
/// tables, aggregates, AAR tools) iterate over SummaryMetrics() and never hard-code names.
#include <span>
#include <vector>

#include "sim/world.h"

namespace bmd::sim {

enum class MetricKind {
  kCount,       ///< non-negative integer per run (mean with a t confidence interval)
  kContinuous,  ///< real value per run; NaN = not applicable in this run (excluded)
  kFlag,        ///< 0/1 per run (a probability: Wilson / Clopper-Pearson interval)
};

struct SummaryMetric {
  const char* name;         ///< column name, snake_case with a unit suffix where it has one
  const char* units;        ///< "1" for counts and flags
  MetricKind kind;
  const char* description;
};

/// The metrics, in column order.
std::span<const SummaryMetric> SummaryMetrics();

/// Values of SummaryMetrics() for one run, in the same order.
std::vector<double> SummarizeRun(const RunResult& result);

}  // namespace bmd::sim
