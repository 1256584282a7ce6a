// Track-to-track fusion at a C2 node: covariance intersection of 2 and 4 source tracks of
// one object (sequential CI, as the node fuses its reports), both criteria, CI over fixed sets
// of interior-optimum and end-point pairs, the correlation gate, and the ballistic track
// predictor alone at the node's and the trackers' time steps.
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <vector>

#include "models/common/random.h"
#include "models/earth/geodesy.h"
#include "models/fusion/predictor.h"
#include "models/fusion/track_fusion.h"
#include "tests/fusion/fusion_hotpaths_reference.h"

namespace {

using namespace bmd;
using namespace bmd::fusion;

void FuseSequential(benchmark::State& state, int n, CiCriterion criterion) {
  const auto tracks = reference::SourceTracks();
  double omega_sum = 0.0;
  for (auto _ : state) {
    Vector6d x = tracks[0].x;
    Matrix6d p = tracks[0].P;
    for (int k = 1; k < n; ++k) {
      const auto& s = tracks[static_cast<std::size_t>(k)];
      const FusedEstimate<6> f = CovarianceIntersection<6>(x, p, s.x, s.P, criterion);
      x = f.x;
      p = f.P;
      omega_sum += f.omega;
    }
    benchmark::DoNotOptimize(x);
    benchmark::DoNotOptimize(p);
  }
  state.counters["ci_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()) * (n - 1),
                                                  benchmark::Counter::kIsRate);
}

void BM_CiTrace2Tracks(benchmark::State& state) { FuseSequential(state, 2, CiCriterion::kTrace); }
void BM_CiTrace4Tracks(benchmark::State& state) { FuseSequential(state, 4, CiCriterion::kTrace); }
void BM_CiDet2Tracks(benchmark::State& state) { FuseSequential(state, 2, CiCriterion::kDeterminant); }
void BM_CiDet4Tracks(benchmark::State& state) { FuseSequential(state, 4, CiCriterion::kDeterminant); }
BENCHMARK(BM_CiTrace2Tracks);
BENCHMARK(BM_CiTrace4Tracks);
BENCHMARK(BM_CiDet2Tracks);
BENCHMARK(BM_CiDet4Tracks);

// One CI call per iteration over a fixed set of 256 pairs, each pair's optimum interior
// (0 < w < 1) for both criteria, or each at an end point: radar-like node-fusion geometry
// (position covariance long along each radar's line of sight, velocity block 1e-4..1e-2 of
// it, correlated position-velocity block), as in tests/fusion/fusion_hotpaths_speed_test.cc.
struct PairSet {
  std::vector<std::array<GaussianState, 2>> pairs;
  explicit PairSet(bool interior) {
    RandomStream rng(interior ? 31 : 32, 0, 0, Purpose::kTest);
    auto track = [&rng]() {
      Matrix6d p = reference::RadarLikeCovariance(rng);
      Matrix6d a;
      for (int i = 0; i < 6; ++i)
        for (int j = 0; j < 6; ++j) a(i, j) = rng.Normal();
      p += 1e-3 * a * a.transpose();
      GaussianState s;
      s.P = p;
      for (int i = 0; i < 6; ++i) s.x[i] = 30.0 * rng.Normal();
      return s;
    };
    while (pairs.size() < 256) {
      std::array<GaussianState, 2> ab{track(), track()};
      if (!interior) ab[1].P = ab[0].P + 0.5 * ab[1].P;  // P1 <= P2: w = 1 for both criteria
      bool all_interior = true;
      for (CiCriterion c : {CiCriterion::kTrace, CiCriterion::kDeterminant}) {
        const double w = CovarianceIntersection<6>(ab[0].x, ab[0].P, ab[1].x, ab[1].P, c).omega;
        all_interior = all_interior && w > 0.0 && w < 1.0;
      }
      if (all_interior == interior) pairs.push_back(ab);
    }
  }
};

void CiOverPairs(benchmark::State& state, bool interior, CiCriterion criterion) {
  const PairSet set(interior);
  std::size_t k = 0;
  for (auto _ : state) {
    const auto& ab = set.pairs[k++ & 255];
    const FusedEstimate<6> f = CovarianceIntersection<6>(ab[0].x, ab[0].P, ab[1].x, ab[1].P, criterion);
    benchmark::DoNotOptimize(f);
  }
  state.counters["ci_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
void BM_CiTraceInterior(benchmark::State& s) { CiOverPairs(s, true, CiCriterion::kTrace); }
void BM_CiDetInterior(benchmark::State& s) { CiOverPairs(s, true, CiCriterion::kDeterminant); }
void BM_CiTraceEndPoint(benchmark::State& s) { CiOverPairs(s, false, CiCriterion::kTrace); }
void BM_CiDetEndPoint(benchmark::State& s) { CiOverPairs(s, false, CiCriterion::kDeterminant); }
BENCHMARK(BM_CiTraceInterior);
BENCHMARK(BM_CiDetInterior);
BENCHMARK(BM_CiTraceEndPoint);
BENCHMARK(BM_CiDetEndPoint);

void BM_CorrelationGateD2(benchmark::State& state) {
  const auto tracks = reference::SourceTracks();
  std::size_t k = 0;
  for (auto _ : state) {
    const auto& a = tracks[k & 3];
    const auto& b = tracks[(k + 1) & 3];
    benchmark::DoNotOptimize(StateDifferenceD2<6>(a.x, a.P, b.x, b.P));
    ++k;
  }
}
BENCHMARK(BM_CorrelationGateD2);

// Predictor alone (ballistic ECEF, J2 + rotation, default 5 s sub-steps) over dt.
template <class P>
void PredictOnly(benchmark::State& state) {
  const double dt = static_cast<double>(state.range(0)) / 10.0;
  const P predictor{MotionModel(MotionModelConfig{})};
  GaussianState s = reference::SourceTracks()[0];
  for (auto _ : state) {
    const GaussianState out = predictor.Predict(s, s.t_s + dt);
    benchmark::DoNotOptimize(out);
  }
  state.SetLabel("dt = " + std::to_string(dt).substr(0, 4) + " s");
}
void BM_EkfPredict(benchmark::State& state) { PredictOnly<EkfPredictor>(state); }
void BM_UkfPredict(benchmark::State& state) { PredictOnly<UkfPredictor>(state); }
BENCHMARK(BM_EkfPredict)->Arg(1)->Arg(10)->Arg(50)->Arg(100);
BENCHMARK(BM_UkfPredict)->Arg(1)->Arg(10)->Arg(50)->Arg(100);

}  // namespace
