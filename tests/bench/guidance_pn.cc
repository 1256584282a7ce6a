// Guidance-law evaluation rate (the per-tick cost per homing interceptor), the exact
// closest-approach solve, and the target truth interpolation inside a tick (ten 10 ms
// terminal substeps of a 0.1 s span: power form vs the basis-function form).
#include <benchmark/benchmark.h>

#include "models/flight/integrators.h"
#include "models/guidance/closest_approach.h"
#include "models/guidance/guidance_law.h"
#include "models/guidance/interceptor_flight.h"

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

TargetTruthSpan ReentrySpan() {
  TargetTruthSpan span;
  span.t0_s = 300.0;
  span.t1_s = 300.1;
  span.r0_ecef = {-3.05e6, 4.05e6, 3.85e6};
  span.v0_ecef = {1500.0, -2200.0, -1900.0};
  span.a0_ecef = {30.0, -40.0, -60.0};
  span.a1_ecef = {31.0, -41.0, -61.0};
  span.v1_ecef = span.v0_ecef + 0.05 * (span.a0_ecef + span.a1_ecef);
  span.r1_ecef = span.r0_ecef + 0.05 * (span.v0_ecef + span.v1_ecef);
  return span;
}

void BM_TruthSpanInterpolator(benchmark::State& state) {
  TargetTruthSpan span = ReentrySpan();
  for (auto _ : state) {
    benchmark::DoNotOptimize(span);
    bmd::guidance::TruthSpanInterpolator at(span);
    Eigen::Vector3d r, v, sum = Eigen::Vector3d::Zero();
    for (int k = 1; k <= 10; ++k) {
      at.At(span.t0_s + 0.01 * k, r, v);
      sum += r + v;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(10 * state.iterations());
}
BENCHMARK(BM_TruthSpanInterpolator);

void BM_TruthHermiteBasisForm(benchmark::State& state) {
  TargetTruthSpan span = ReentrySpan();
  for (auto _ : state) {
    benchmark::DoNotOptimize(span);
    Eigen::Vector3d r, v, sum = Eigen::Vector3d::Zero();
    const double h = span.t1_s - span.t0_s;
    for (int k = 1; k <= 10; ++k) {
      bmd::flight::HermiteInterpolate(span.r0_ecef, span.v0_ecef, span.a0_ecef, span.r1_ecef,
                                      span.v1_ecef, span.a1_ecef, h, 0.01 * k / h, r, v);
      sum += r + v;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(10 * state.iterations());
}
BENCHMARK(BM_TruthHermiteBasisForm);

}  // namespace
