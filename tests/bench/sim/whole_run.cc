// Whole-run cost of the engine (docs/performance.md, issue "Monte Carlo and parameter
// sweeps"): one run of a prepared scenario (Prepare, i.e. targeting and flyout envelopes, is
// done once outside the timing, as in a sweep).
//   BM_BaselineSweepRun: scenarios/korea-baseline.yaml as a sweep runs it (detail off, one
//     thread): the per-run cost behind sweep throughput (target <= 100 ms on one core).
//   BM_BaselineDetailRun: the same with detail on (what `bmdsim run` simulates).
//   BM_RaidRun/threads: scenarios/raid-200.yaml (200 threats, tools/gen_raid.py) with detail
//     on at 1 and 2 threads inside the run (`bmdsim run --threads T`); wall time.
// Counters: simulated seconds per wall second ("x_realtime").
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <string>

#include "sim/prepare.h"
#include "sim/scenario/loader.h"
#include "sim/world.h"

namespace {

using namespace bmd;

const sim::PreparedScenario& Prepared(const std::string& name) {
  static std::map<std::string, sim::PreparedScenario> cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    // This file is <source>/tests/bench/sim/whole_run.cc.
    const std::string src = std::string(__FILE__).substr(0, std::string(__FILE__).rfind("/tests/bench/sim/"));
    auto sc = std::make_shared<const sim::Scenario>(sim::LoadScenarioFile(src + "/scenarios/" + name));
    it = cache.emplace(name, sim::Prepare(sc)).first;
  }
  return it->second;
}

void Run(benchmark::State& state, const std::string& scenario, bool detail, int threads) {
  const auto& p = Prepared(scenario);
  sim::RunOptions opt;
  opt.detail = detail;
  opt.threads = threads;
  std::uint64_t run = 0;
  for (auto _ : state) {
    const sim::RunResult r = sim::RunOnce(p, p.scenario->seed, run++, opt);
    benchmark::DoNotOptimize(r.intercepts);
  }
  state.counters["x_realtime"] = benchmark::Counter(p.scenario->duration_s * static_cast<double>(state.iterations()),
                                                    benchmark::Counter::kIsRate);
}

void BM_BaselineSweepRun(benchmark::State& state) { Run(state, "korea-baseline.yaml", false, 1); }
void BM_BaselineDetailRun(benchmark::State& state) { Run(state, "korea-baseline.yaml", true, 1); }
void BM_RaidRun(benchmark::State& state) {
  Run(state, "raid-200.yaml", true, static_cast<int>(state.range(0)));
}

BENCHMARK(BM_BaselineSweepRun)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_BaselineDetailRun)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_RaidRun)->Arg(1)->Arg(2)->ArgName("threads")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

}  // namespace
