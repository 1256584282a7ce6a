// Weapon-target assignment timing: heuristic on a 50-threat x 20-fire-unit raid (target
// <= 10 ms), exact branch and bound on small cases.
#include <benchmark/benchmark.h>

#include <cstdio>

#include "models/common/random.h"
#include "models/engagement/wta.h"

namespace {

using bmd::engagement::WtaProblem;

// Random notional raid: about 40 % of (unit, threat) pairs engageable, Pk 0.3-0.9,
// 2-8 rounds per unit, salvo limit 2, at most 4 shots and 2 layers per threat.
WtaProblem Raid(int units, int threats, int inventory_lo, int inventory_span, std::uint64_t seed) {
  bmd::RandomStream rng(seed, 0, 0, bmd::Purpose::kTest);
  WtaProblem p;
  p.num_fire_units = units;
  p.num_threats = threats;
  p.threat_value.resize(static_cast<std::size_t>(threats));
  for (auto& v : p.threat_value) v = rng.Uniform(1.0, 100.0);
  p.inventory.resize(static_cast<std::size_t>(units));
  for (auto& v : p.inventory) v = inventory_lo + static_cast<int>(rng.UniformIndex(static_cast<std::uint64_t>(inventory_span)));
  p.max_salvo.assign(static_cast<std::size_t>(units), 2);
  p.pk.resize(static_cast<std::size_t>(units * threats));
  for (auto& v : p.pk) v = rng.Bernoulli(0.6) ? 0.0 : rng.Uniform(0.3, 0.9);
  p.max_shots_per_threat.assign(static_cast<std::size_t>(threats), 4);
  p.max_layers_per_threat = 2;
  return p;
}

void BM_WtaHeuristic_50x20(benchmark::State& state) {
  const WtaProblem p = Raid(20, 50, 2, 7, static_cast<std::uint64_t>(state.range(0)));
  bmd::engagement::WtaSolution s;
  for (auto _ : state) {
    s = bmd::engagement::SolveWtaHeuristic(p);
    benchmark::DoNotOptimize(s.expected_value);
  }
  char label[64];
  std::snprintf(label, sizeof label, "expected value %.1f", s.expected_value);
  state.SetLabel(label);
}
BENCHMARK(BM_WtaHeuristic_50x20)->Arg(1)->Arg(2)->Arg(3)->Unit(benchmark::kMillisecond);

void BM_WtaExact(benchmark::State& state) {
  const int units = static_cast<int>(state.range(0)), threats = static_cast<int>(state.range(1));
  const WtaProblem p = Raid(units, threats, 1, 3, 42);
  double nodes = 0.0, proven = 0.0;
  for (auto _ : state) {
    const auto s = bmd::engagement::SolveWtaExact(p);
    nodes = static_cast<double>(s.nodes);
    proven = s.proven_optimal ? 1.0 : 0.0;
    benchmark::DoNotOptimize(s.expected_value);
  }
  state.counters["nodes"] = nodes;
  state.counters["proven"] = proven;
}
BENCHMARK(BM_WtaExact)->Args({3, 4})->Args({4, 6})->Args({5, 8})->Args({6, 10})->Unit(benchmark::kMillisecond);

}  // namespace
