#pragma once
/// What a sweep runs: the grid of varied scenario values crossed with Monte Carlo runs
/// 0..runs-1, the metrics of each run's row, and the identity its journal is checked
/// against on --resume.
///
/// Common random numbers: run r of EVERY grid point uses random-stream run index r (the
/// streams are keyed by (seed, r, entity, purpose)), so grid points are compared on the same
/// draws and differences between them are not masked by sampling noise; row (g, r) is
/// reproduced alone by `bmdsim run SCENARIO --run r --set KEY=V...` with grid point g's values.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/run_summary.h"
#include "sim/sweep_grid.h"
#include "sim/sweep_journal.h"
#include "sim/sweep_row.h"

namespace bmd::sim {

struct SweepPlan {
  std::vector<SweepAxis> axes;
  std::vector<GridPoint> grid;
  std::uint64_t runs = 0;                    ///< Monte Carlo runs per grid point
  std::vector<SummaryMetric> metrics;        ///< row columns, normally SummaryMetrics()
  JournalIdentity identity;

  std::uint64_t total_runs() const { return static_cast<std::uint64_t>(grid.size()) * runs; }
  /// Every (grid point, run), grid point major.
  std::vector<SweepTask> AllTasks() const;
};

/// Builds a plan. `scenario_texts` are the scenario file text followed by its catalog texts
/// (hashed into identity.scenario_sha256); `seed` is the --seed override if any. The
/// identity's argument text covers everything that changes a row: runs, seed override,
/// axes with their values, metric names. Throws InputError for runs == 0 or a bad grid.
SweepPlan MakeSweepPlan(const std::vector<std::string>& scenario_texts, std::uint64_t runs,
                        std::optional<std::uint64_t> seed, std::vector<SweepAxis> axes,
                        std::vector<SummaryMetric> metrics);

}  // namespace bmd::sim
