#include "sim/sweep_plan.h"

#include <fmt/format.h>

#include "sim/errors.h"
#include "sim/io/sha256.h"

namespace bmd::sim {

std::vector<SweepTask> SweepPlan::AllTasks() const {
  std::vector<SweepTask> tasks;
  tasks.reserve(total_runs());
  for (const auto& g : grid) {
    for (std::uint64_t r = 0; r < runs; ++r) tasks.push_back(SweepTask{g.index, r});
  }
  return tasks;
}

SweepPlan MakeSweepPlan(const std::vector<std::string>& scenario_texts, std::uint64_t runs,
                        std::optional<std::uint64_t> seed, std::vector<SweepAxis> axes,
                        std::vector<SummaryMetric> metrics) {
  if (runs == 0) throw InputError("--runs must be at least 1");
  SweepPlan plan;
  plan.grid = BuildGrid(axes);
  plan.axes = std::move(axes);
  plan.runs = runs;
  plan.metrics = std::move(metrics);

  io::Sha256 h;
  for (const auto& text : scenario_texts) {
    // Length-prefix each text so that moving bytes between files changes the digest.
    h.Update(fmt::format("{}:", text.size()));
    h.Update(text);
  }
  plan.identity.scenario_sha256 = h.HexDigest();

  std::string args = fmt::format("runs={}\nseed={}\n", runs, seed ? std::to_string(*seed) : "scenario");
  for (const auto& a : plan.axes) {
    args += "vary " + a.key + " =";
    for (const auto& v : a.values) args += fmt::format(" [{}]", v);
    args += "\n";
  }
  args += "metrics";
  for (const auto& m : plan.metrics) args += std::string(" ") + m.name;
  args += "\n";
  plan.identity.arguments = std::move(args);
  return plan;
}

}  // namespace bmd::sim
