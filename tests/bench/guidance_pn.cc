// Guidance-law evaluation rate (the per-tick cost per homing interceptor) and the exact
// closest-approach solve.
#include <benchmark/benchmark.h>

#include "models/guidance/closest_approach.h"
#include "models/guidance/guidance_law.h"

namespace {

using namespace bmd::guidance;

void BM_GuidanceLaw(benchmark::State& state) {
  GuidanceConfig cfg{static_cast<GuidanceLawKind>(state.range(0)), 4.0, 300.0};
  RelativeState rel;
  rel.r_m = {20000.0, 3000.0, 2000.0};
  rel.v_mps = {-4500.0, -300.0, 600.0};
  rel.target_accel_mps2 = {0.0, 30.0, -10.0};
  rel.missile_velocity_mps = {2900.0, 500.0, 300.0};
  for (auto _ : state) {
    benchmark::DoNotOptimize(rel);
    Eigen::Vector3d a = CommandedAccel(cfg, rel);
    benchmark::DoNotOptimize(a);
    rel.r_m.x() -= 1e-3;  // defeat hoisting
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GuidanceLaw)
    ->Arg(static_cast<int>(GuidanceLawKind::kPurePn))
    ->Arg(static_cast<int>(GuidanceLawKind::kTruePn))
    ->Arg(static_cast<int>(GuidanceLawKind::kAugmentedPn))
    ->Arg(static_cast<int>(GuidanceLawKind::kZeroEffortMiss));

void BM_ClosestApproachConstantAccel(benchmark::State& state) {
  Eigen::Vector3d r(500.0, -300.0, 200.0), v(-4000.0, 250.0, -100.0), a(30.0, 80.0, -60.0);
  for (auto _ : state) {
    benchmark::DoNotOptimize(r);
    ClosestApproach c = ClosestApproachConstantAccel(r, v, a, 0.2);
    benchmark::DoNotOptimize(c);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ClosestApproachConstantAccel);

void BM_ClosestApproachHermite(benchmark::State& state) {
  Eigen::Vector3d r0(500.0, -300.0, 200.0), v0(-4000.0, 250.0, -100.0);
  Eigen::Vector3d r1(-300.0, -250.0, 180.0), v1(-3990.0, 260.0, -110.0);
  for (auto _ : state) {
    benchmark::DoNotOptimize(r0);
    ClosestApproach c = ClosestApproachHermite(r0, v0, r1, v1, 0.2);
    benchmark::DoNotOptimize(c);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ClosestApproachHermite);

}  // namespace
