// Per-scan cost of the tracking step of `bmdsim track` on the generated ballistic workload
// (tools/gen_tracking_workload.py: flat-gravity arcs 1-3 km/s at 100-1,000 km, 100 scans at
// 1 s, Pd 0.9, 50 m noise, 5 clutter detections per scan) at 100 and 200 targets.
// One benchmark iteration replays all 100 scans through a fresh Tracker (flat-gravity EKF,
// q = 1 m^2/s^3, GNN gate 0.9997, 3/4 confirmation: the command's defaults); each
// Tracker::Step is timed alone and the counters report the median, mean and p95 per scan over
// all iterations. Needs /usr/bin/python3 with numpy (Debian's) to generate the workload.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "models/fusion/imm.h"
#include "models/fusion/predictor.h"
#include "models/fusion/tracker.h"
#include "models/fusion/updater.h"
#include "sim/track_csv.h"
#include "sim/track_replay.h"

namespace {

namespace fs = std::filesystem;
using namespace bmd;

// The workload CSV for n targets, generated once into the temp directory and parsed.
const sim::TrackInput& Workload(int targets) {
  static std::map<int, sim::TrackInput> cache;
  auto it = cache.find(targets);
  if (it != cache.end()) return it->second;
  // This file is <source>/tests/bench/sim/track_replay.cc.
  const fs::path tool = fs::path(__FILE__).parent_path().parent_path().parent_path().parent_path() /
                        "tools" / "gen_tracking_workload.py";
  const fs::path csv = fs::temp_directory_path() / ("bmd_track_workload_" + std::to_string(targets) + ".csv");
  const std::string cmd = "/usr/bin/python3 " + tool.string() + " --targets " + std::to_string(targets) +
                          " --scans 100 --seed " + std::to_string(targets) + " -o " + csv.string();
  if (std::system(cmd.c_str()) != 0) {
    std::fprintf(stderr, "cannot generate the workload: %s\n", cmd.c_str());
    std::exit(1);
  }
  return cache.emplace(targets, sim::ReadTrackCsv(csv.string(), {})).first->second;
}

void ReplayBenchmark(benchmark::State& state, bool imm) {
  const sim::TrackInput& in = Workload(static_cast<int>(state.range(0)));
  fusion::MotionModelConfig mc;
  mc.kind = fusion::MotionKind::kFlatGravity;
  mc.q_m2ps3 = sim::kDefaultQ;
  const fusion::EkfPredictor predictor{fusion::MotionModel(mc)};
  const fusion::EkfUpdater updater;
  fusion::ImmConfig ic;
  ic.models[fusion::kImmBoost] = mc;
  ic.models[fusion::kImmBoost].q_m2ps3 = sim::TrackReplayConfig{}.imm_high_q_m2ps3;
  ic.models[fusion::kImmBallistic] = mc;
  const fusion::ImmFilter imm_filter(ic);
  fusion::TrackerConfig tc;
  tc.initiator.velocity_sigma_mps = 5000.0;
  std::size_t max_meas = 1;
  for (const auto& s : in.scans) max_meas = std::max(max_meas, s.measurements.size());
  tc.max_measurements = max_meas;
  tc.max_tracks = std::max<std::size_t>(1024, 8 * max_meas);

  std::vector<double> per_scan;
  std::size_t confirmed = 0;
  for (auto _ : state) {
    std::unique_ptr<fusion::Tracker> tracker =
        imm ? std::make_unique<fusion::Tracker>(tc, imm_filter)
            : std::make_unique<fusion::Tracker>(tc, predictor, updater);
    double total = 0.0;
    for (const auto& s : in.scans) {
      const auto t0 = std::chrono::steady_clock::now();
      tracker->Step(s.t_s, s.measurements);
      const auto t1 = std::chrono::steady_clock::now();
      const double dt = std::chrono::duration<double>(t1 - t0).count();
      per_scan.push_back(dt);
      total += dt;
    }
    state.SetIterationTime(total);
    confirmed = 0;
    for (const auto& t : tracker->tracks()) confirmed += t.status != fusion::TrackStatus::kTentative;
  }
  const sim::TimingStats st = sim::ComputeTimingStats(per_scan);
  state.counters["scan_median_us"] = st.median_s * 1e6;
  state.counters["scan_mean_us"] = st.mean_s * 1e6;
  state.counters["scan_p95_us"] = st.p95_s * 1e6;
  state.counters["confirmed_at_end"] = static_cast<double>(confirmed);
}

void BM_TrackReplayEkf(benchmark::State& state) { ReplayBenchmark(state, false); }
void BM_TrackReplayImm(benchmark::State& state) { ReplayBenchmark(state, true); }

// Reported time = one replay of 100 scans (divide by 100 for the mean per scan).
BENCHMARK(BM_TrackReplayEkf)->Arg(100)->Arg(200)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TrackReplayImm)->Arg(100)->Arg(200)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace
