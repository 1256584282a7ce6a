// The radar trackers' per-scan hot paths: EkfUpdater::PredictInnovation (gating, once per
// pre-gated track/measurement pair; the tracker calls PrepareUpdate, the same work kept),
// EkfUpdater::Update / UpdatePrepared (once per associated track: the tracker reuses the
// association's innovation) and
// EkfPredictor::Predict (once per track and scan), on the states and measurements a tracker
// sees: ballistic objects 200-1,500 km from a ground radar (range/az/el, with and without
// range rate), the same objects seen by a space IR sensor (line of sight), and Cartesian
// position reports. Each call goes through a non-inlined wrapper so that callgrind reports
// instructions per call directly:
//   valgrind --tool=callgrind --callgrind-out-file=cg.out bench/bench_tracker_hotpaths
//       --benchmark_filter=Fixed   (one command line)
//   callgrind_annotate --inclusive=yes cg.out | grep Call
// The P update of the prediction is CallPredict minus CallPropagate (the motion model's
// state and transition matrix, which Predict calls first). The Fixed variants run a fixed
// number of iterations over the same inputs. Tested against the former implementations in
// tests/fusion/tracker_hotpaths_test.cc.
#include <benchmark/benchmark.h>

#include <Eigen/Cholesky>
#include <array>
#include <cmath>
#include <vector>

#include "models/common/random.h"
#include "models/earth/geodesy.h"
#include "models/fusion/predictor.h"
#include "models/fusion/updater.h"
#include "models/sensors/measurement.h"
#include "tests/fusion/fusion_hotpaths_reference.h"

namespace {

using namespace bmd;
using namespace bmd::fusion;
using sensors::Measurement;
using sensors::MeasurementKind;

constexpr int kCases = 64;

struct Case {
  GaussianState prior;
  Measurement m;
};

// Random covariance of a track some scans after initiation: position block elongated along
// the radar's line of sight (range sigma 20-200 m, cross-range 0.3-3 mrad x range), velocity
// block a few % of it, random correlation (Wishart-like term), i.e. symmetric positive
// definite with condition numbers 1e2-1e6.
Matrix6d TrackCovariance(RandomStream& rng, const Eigen::Vector3d& los, double range_m) {
  const double s_r = rng.Uniform(20.0, 200.0);
  const double s_x = rng.Uniform(0.3e-3, 3e-3) * range_m;
  const Eigen::Matrix3d pos = s_x * s_x * Eigen::Matrix3d::Identity() +
                              (s_r * s_r - s_x * s_x) * los * los.transpose();
  Matrix6d a;
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j) a(i, j) = rng.Normal();
  Matrix6d p = Matrix6d::Zero();
  p.topLeftCorner<3, 3>() = pos;
  p.bottomRightCorner<3, 3>() = 0.02 * pos;
  p.topRightCorner<3, 3>() = 0.1 * pos;
  p.bottomLeftCorner<3, 3>() = 0.1 * pos;
  p += 1e-2 * s_r * s_r * a * a.transpose();
  return 0.5 * (p + p.transpose());
}

std::vector<Case> MakeCases(MeasurementKind kind) {
  RandomStream rng(11, 0, static_cast<std::uint64_t>(kind), Purpose::kTest);
  const earth::Geodetic site{36.0 * earth::kDeg, 127.0 * earth::kDeg, 100.0};
  const Eigen::Vector3d site_ecef = earth::GeodeticToEcef(site);
  const Eigen::Matrix3d r_site = earth::REcefFromEnu(site.lat_rad, site.lon_rad);
  // Space IR sensor: 1,000 km above 30 N 135 E, local ENU axes of its sub-point.
  const earth::Geodetic sat{30.0 * earth::kDeg, 135.0 * earth::kDeg, 1000e3};
  std::vector<Case> out(kCases);
  for (Case& c : out) {
    const double range = rng.Uniform(200e3, 1500e3);
    const double az = rng.Uniform(-0.6, 0.6), el = rng.Uniform(0.05, 0.6);
    const Eigen::Vector3d los_enu = sensors::RangeAzElToEnu(1.0, az, el);
    const Eigen::Vector3d r = site_ecef + r_site * (range * los_enu);
    const Eigen::Vector3d v = r_site * Eigen::Vector3d(rng.Uniform(-3e3, 3e3),
                                                       rng.Uniform(-3e3, 3e3), -1e3);
    c.prior.x << r, v;
    c.prior.P = TrackCovariance(rng, r_site * los_enu, range);
    c.prior.t_s = 100.0;
    Measurement& m = c.m;
    m.kind = kind;
    m.t_s = 100.0;
    m.site_pos = site_ecef;
    m.R_frame_from_enu = r_site;
    m.sigma << 20.0, 1e-3, 1e-3, 2.0;
    if (kind == MeasurementKind::kAngles) {
      m.site_pos = earth::GeodeticToEcef(sat);
      m.R_frame_from_enu = earth::REcefFromEnu(sat.lat_rad, sat.lon_rad);
      m.sigma << 60e-6, 50e-6, 1.0, 1.0;
    } else if (kind == MeasurementKind::kPosition) {
      m.sigma << 150.0, 150.0, 150.0, 1.0;
    }
    reference::DrawMeasurementFromPrior(rng, c.prior, m);  // z = h(x_true) + noise
  }
  return out;
}

__attribute__((noinline)) Innovation CallPredictInnovation(const EkfUpdater& u, const Case& c) {
  return u.PredictInnovation(c.prior, c.m);
}
__attribute__((noinline)) UpdateResult CallUpdate(const EkfUpdater& u, const Case& c) {
  return u.Update(c.prior, c.m);
}
__attribute__((noinline)) UpdateResult CallUpdatePrepared(const EkfUpdater& u, const Case& c,
                                                          const InnovationWork& w) {
  return u.UpdatePrepared(c.prior, c.m, w);
}

// The tracker's update of an associated pair: the association's innovation work is reused
// (PrepareUpdate once per case, outside the timed loop), only K, x+ and the Joseph P+ remain.
void BM_UpdatePrepared(benchmark::State& state) {
  const auto kind = static_cast<MeasurementKind>(state.range(0));
  const std::vector<Case> cases = MakeCases(kind);
  const EkfUpdater updater;
  std::vector<InnovationWork> work(cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    updater.PrepareUpdate(cases[i].prior, cases[i].m, &work[i]);
  }
  std::size_t k = 0;
  for (auto _ : state) {
    const std::size_t i = k++ % cases.size();
    const UpdateResult r = CallUpdatePrepared(updater, cases[i], work[i]);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_UpdatePrepared)->DenseRange(0, 3);
BENCHMARK(BM_UpdatePrepared)->Name("Fixed/UpdatePrepared")->Arg(0)->Iterations(20000);
BENCHMARK(BM_UpdatePrepared)->Name("Fixed/UpdatePreparedRate")->Arg(1)->Iterations(20000);

template <bool kUpdate>
void Ekf(benchmark::State& state) {
  const auto kind = static_cast<MeasurementKind>(state.range(0));
  const std::vector<Case> cases = MakeCases(kind);
  const EkfUpdater updater;
  std::size_t k = 0;
  for (auto _ : state) {
    const Case& c = cases[k++ % cases.size()];
    if constexpr (kUpdate) {
      const UpdateResult r = CallUpdate(updater, c);
      benchmark::DoNotOptimize(r);
    } else {
      const Innovation inn = CallPredictInnovation(updater, c);
      benchmark::DoNotOptimize(inn);
    }
  }
  static constexpr const char* kNames[] = {"range/az/el", "range/az/el/rate", "angles",
                                           "position"};
  state.SetLabel(kNames[state.range(0)]);
}
void BM_PredictInnovation(benchmark::State& s) { Ekf<false>(s); }
void BM_Update(benchmark::State& s) { Ekf<true>(s); }
BENCHMARK(BM_PredictInnovation)->DenseRange(0, 3);
BENCHMARK(BM_Update)->DenseRange(0, 3);
// Kind 0 (range/az/el) only: the baseline scenario's radars (others per the label above).
BENCHMARK(BM_PredictInnovation)->Name("Fixed/PredictInnovation")->Arg(0)->Iterations(20000);
BENCHMARK(BM_Update)->Name("Fixed/Update")->Arg(0)->Iterations(20000);
BENCHMARK(BM_PredictInnovation)->Name("Fixed/PredictInnovationRate")->Arg(1)->Iterations(20000);
BENCHMARK(BM_Update)->Name("Fixed/UpdateRate")->Arg(1)->Iterations(20000);
BENCHMARK(BM_PredictInnovation)->Name("Fixed/PredictInnovationAngles")->Arg(2)->Iterations(20000);
BENCHMARK(BM_Update)->Name("Fixed/UpdateAngles")->Arg(2)->Iterations(20000);

__attribute__((noinline)) GaussianState CallPredict(const EkfPredictor& p, const GaussianState& s,
                                                    double t_s) {
  return p.Predict(s, t_s);
}
__attribute__((noinline)) void CallPropagate(const MotionModel& mm, const GaussianState& s,
                                             double dt_s, Vector6d* x, Matrix6d* f) {
  mm.PropagateWithTransition(s.x, dt_s, x, f);
}

// Ballistic ECEF model (J2, rotation) or the constant-velocity model; dt = 1 s (a scan).
template <bool kWhole>
void Predict(benchmark::State& state) {
  MotionModelConfig cfg;
  cfg.kind = state.range(0) == 0 ? MotionKind::kBallisticEcef : MotionKind::kConstantVelocity;
  const EkfPredictor predictor{MotionModel(cfg)};
  const std::vector<Case> cases = MakeCases(MeasurementKind::kRangeAzEl);
  std::size_t k = 0;
  for (auto _ : state) {
    const Case& c = cases[k++ % cases.size()];
    if constexpr (kWhole) {
      const GaussianState out = CallPredict(predictor, c.prior, c.prior.t_s + 1.0);
      benchmark::DoNotOptimize(out);
    } else {
      Vector6d x;
      Matrix6d f;
      CallPropagate(predictor.motion(), c.prior, 1.0, &x, &f);
      benchmark::DoNotOptimize(x);
      benchmark::DoNotOptimize(f);
    }
  }
  state.SetLabel(state.range(0) == 0 ? "ballistic" : "constant velocity");
}
void BM_EkfPredict(benchmark::State& s) { Predict<true>(s); }
void BM_Propagate(benchmark::State& s) { Predict<false>(s); }
BENCHMARK(BM_EkfPredict)->Arg(0)->Arg(1);
BENCHMARK(BM_Propagate)->Arg(0)->Arg(1);
BENCHMARK(BM_EkfPredict)->Name("Fixed/EkfPredict")->Arg(0)->Iterations(20000);
BENCHMARK(BM_Propagate)->Name("Fixed/Propagate")->Arg(0)->Iterations(20000);
BENCHMARK(BM_EkfPredict)->Name("Fixed/EkfPredictCv")->Arg(1)->Iterations(20000);
BENCHMARK(BM_Propagate)->Name("Fixed/PropagateCv")->Arg(1)->Iterations(20000);

}  // namespace
