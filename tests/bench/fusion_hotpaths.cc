// The two node-fusion hot paths against their former implementations (reference copies in
// tests/fusion/fusion_hotpaths_reference.h): covariance intersection of two 6-D tracks
// (trace and determinant criteria) and the ballistic EKF prediction at several time steps.
// Each call goes through a non-inlined wrapper so that callgrind reports instructions per
// call directly:
//   valgrind --tool=callgrind --callgrind-out-file=cg.out bench/bench_fusion_hotpaths
//       --benchmark_filter=Fixed   (one command line)
//   callgrind_annotate --inclusive=yes cg.out | grep -E 'Call(Ci|Predict)'
// (the Fixed variants run a fixed number of iterations over the same inputs).
#include <benchmark/benchmark.h>

#include <array>

#include "models/common/random.h"
#include "models/earth/geodesy.h"
#include "models/fusion/predictor.h"
#include "models/fusion/track_fusion.h"
#include "tests/fusion/fusion_hotpaths_reference.h"

namespace {

using namespace bmd;
using namespace bmd::fusion;

constexpr int kTracks = 4;

// All ordered pairs of distinct source tracks (12 fusions with different optimal omega).
struct Pairs {
  std::array<GaussianState, kTracks> tracks = reference::SourceTracks();
  std::array<std::array<int, 2>, kTracks*(kTracks - 1)> index{};
  Pairs() {
    std::size_t n = 0;
    for (int i = 0; i < kTracks; ++i)
      for (int j = 0; j < kTracks; ++j)
        if (i != j) index[n++] = {i, j};
  }
};

__attribute__((noinline)) FusedEstimate<6> CallCiNew(const GaussianState& a, const GaussianState& b,
                                                     CiCriterion c) {
  return CovarianceIntersection<6>(a.x, a.P, b.x, b.P, c);
}
__attribute__((noinline)) FusedEstimate<6> CallCiReference(const GaussianState& a,
                                                           const GaussianState& b, CiCriterion c) {
  return reference::CovarianceIntersection<6>(a.x, a.P, b.x, b.P, c);
}

template <bool kNew>
void Ci(benchmark::State& state, CiCriterion criterion) {
  const Pairs pairs;
  std::size_t k = 0;
  for (auto _ : state) {
    const auto& ij = pairs.index[k % pairs.index.size()];
    const auto& a = pairs.tracks[static_cast<std::size_t>(ij[0])];
    const auto& b = pairs.tracks[static_cast<std::size_t>(ij[1])];
    const FusedEstimate<6> f = kNew ? CallCiNew(a, b, criterion) : CallCiReference(a, b, criterion);
    benchmark::DoNotOptimize(f);
    ++k;
  }
  state.counters["calls_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
void BM_CiTrace(benchmark::State& s) { Ci<true>(s, CiCriterion::kTrace); }
void BM_CiTraceReference(benchmark::State& s) { Ci<false>(s, CiCriterion::kTrace); }
void BM_CiDet(benchmark::State& s) { Ci<true>(s, CiCriterion::kDeterminant); }
void BM_CiDetReference(benchmark::State& s) { Ci<false>(s, CiCriterion::kDeterminant); }
BENCHMARK(BM_CiTrace);
BENCHMARK(BM_CiTraceReference);
BENCHMARK(BM_CiDet);
BENCHMARK(BM_CiDetReference);
BENCHMARK(BM_CiTrace)->Name("Fixed/CiTrace")->Iterations(12000);
BENCHMARK(BM_CiTraceReference)->Name("Fixed/CiTraceReference")->Iterations(12000);
BENCHMARK(BM_CiDet)->Name("Fixed/CiDet")->Iterations(12000);
BENCHMARK(BM_CiDetReference)->Name("Fixed/CiDetReference")->Iterations(12000);

__attribute__((noinline)) GaussianState CallPredictNew(const EkfPredictor& p, const GaussianState& s,
                                                       double t_s) {
  return p.Predict(s, t_s);
}
__attribute__((noinline)) GaussianState CallPredictReference(const EkfPredictor& p,
                                                             const GaussianState& s, double t_s) {
  return reference::EkfPredict(p.motion(), s, t_s);
}

// Ballistic ECEF model with J2 and rotation, default 5 s sub-steps; dt = range(0) / 100 s.
template <bool kNew>
void Predict(benchmark::State& state) {
  const double dt = static_cast<double>(state.range(0)) / 100.0;
  const EkfPredictor predictor{MotionModel(MotionModelConfig{})};
  const GaussianState s = reference::SourceTracks()[0];
  for (auto _ : state) {
    const GaussianState out =
        kNew ? CallPredictNew(predictor, s, s.t_s + dt) : CallPredictReference(predictor, s, s.t_s + dt);
    benchmark::DoNotOptimize(out);
  }
  state.SetLabel("dt = " + std::to_string(dt).substr(0, 4) + " s");
}
void BM_EkfPredict(benchmark::State& s) { Predict<true>(s); }
void BM_EkfPredictReference(benchmark::State& s) { Predict<false>(s); }
BENCHMARK(BM_EkfPredict)->Arg(10)->Arg(100)->Arg(500)->Arg(1200);
BENCHMARK(BM_EkfPredictReference)->Arg(10)->Arg(100)->Arg(500)->Arg(1200);
BENCHMARK(BM_EkfPredict)->Name("Fixed/EkfPredict")->Arg(100)->Iterations(10000);
BENCHMARK(BM_EkfPredictReference)->Name("Fixed/EkfPredictReference")->Arg(100)->Iterations(10000);

}  // namespace
