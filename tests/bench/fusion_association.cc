// GNN association (pre-gate + chi-square gate + Hungarian) of 100 tracks x 100 measurements,
// and the whole tracker scan (predict, associate, update, initiate, delete) for 100 targets.
#include <benchmark/benchmark.h>

#include <optional>
#include <vector>

#include "models/common/random.h"
#include "models/fusion/association.h"
#include "models/fusion/predictor.h"
#include "models/fusion/tracker.h"
#include "models/fusion/updater.h"

namespace {

using namespace bmd;
using namespace bmd::fusion;

// 100 objects in a raid: a 10 x 10 grid with the given spacing, local flat frame, kPosition
// measurements with 20 m noise (spacing 500 m: each track gates ~1 measurement; 50 m: a dense
// cloud where every track gates several).
struct Raid {
  std::vector<Eigen::Vector3d> r0;
  Eigen::Vector3d v{2000.0, 500.0, -300.0};
  explicit Raid(double spacing_m) {
    for (int i = 0; i < 10; ++i)
      for (int j = 0; j < 10; ++j) r0.emplace_back(i * spacing_m, j * spacing_m, 80e3);
  }
  void Measure(double t, RandomStream& rng, std::vector<sensors::Measurement>* ms) const {
    ms->resize(r0.size());
    for (std::size_t i = 0; i < r0.size(); ++i) {
      sensors::Measurement& m = (*ms)[i];
      m.kind = sensors::MeasurementKind::kPosition;
      m.t_s = t;
      m.truth_id = static_cast<std::int64_t>(i);
      m.sigma << 20, 20, 20, 0;
      m.z.head<3>() = r0[i] + v * t;
      for (int d = 0; d < 3; ++d) m.z[d] += 20.0 * rng.Normal();
    }
  }
};

void BM_GnnAssociate100x100(benchmark::State& state) {
  const Raid raid(static_cast<double>(state.range(0)));
  RandomStream rng(1, 0, 0, Purpose::kTest);
  const EkfUpdater updater;
  GnnAssociator assoc(GateConfig{}, updater);
  assoc.Reserve(100, 100);
  std::vector<Track> tracks(100);
  for (int i = 0; i < 100; ++i) {
    tracks[i].status = TrackStatus::kConfirmed;
    tracks[i].state.x << raid.r0[i] + Eigen::Vector3d(10, -10, 5), raid.v;
    tracks[i].state.P = Matrix6d::Identity() * 900.0;
  }
  std::vector<sensors::Measurement> ms;
  raid.Measure(0.0, rng, &ms);
  Associations out;
  int correct = 0;
  for (auto _ : state) {
    assoc.Associate(tracks, ms, &out);
    benchmark::DoNotOptimize(out.track_to_measurement.data());
  }
  for (int i = 0; i < 100; ++i) correct += out.track_to_measurement[i] == i;
  state.counters["correct"] = correct;
  state.counters["gated_pairs"] = out.gated_pairs;
}
BENCHMARK(BM_GnnAssociate100x100)->Arg(500)->Arg(50)->Unit(benchmark::kMicrosecond);

void BM_TrackerScan100Targets(benchmark::State& state) {
  const Raid raid(500.0);
  RandomStream rng(2, 0, 0, Purpose::kTest);
  MotionModelConfig mc;
  mc.kind = MotionKind::kFlatGravity;
  mc.gravity_mps2 = 0.0;  // the raid flies straight in this benchmark
  const EkfPredictor predictor{MotionModel(mc)};
  const EkfUpdater updater;
  TrackerConfig cfg;
  cfg.initiator.velocity_sigma_mps = 3000.0;
  std::optional<Tracker> tracker;
  tracker.emplace(cfg, predictor, updater);
  // Pre-generate 100 scans (measurement generation is not part of the tracker's cost).
  std::vector<std::vector<sensors::Measurement>> scans(100);
  for (int k = 0; k < 100; ++k) raid.Measure(k, rng, &scans[k]);
  for (int k = 0; k < 5; ++k) tracker->Step(k, scans[k]);  // confirm all tracks first
  int k = 5;
  double t = 5.0;
  for (auto _ : state) {
    tracker->Step(t, scans[k]);
    t += 1.0;
    if (++k == 100) {
      // Out of pre-generated scans: restart the tracker from scan 5 (excluded from timing).
      state.PauseTiming();
      tracker.emplace(cfg, predictor, updater);
      for (int j = 0; j < 5; ++j) tracker->Step(j, scans[j]);
      k = 5;
      t = 5.0;
      state.ResumeTiming();
    }
  }
  state.counters["tracks"] = static_cast<double>(tracker->tracks().size());
}
BENCHMARK(BM_TrackerScan100Targets)->Unit(benchmark::kMicrosecond);

}  // namespace
