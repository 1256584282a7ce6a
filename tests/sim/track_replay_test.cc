// RunTrackReplay on small hand-built inputs: confirmation timing, OSPA against its closed form,
// swap counting, timing statistics, and the output file layout.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "models/common/random.h"
#include "sim/errors.h"
#include "sim/io/input_file.h"
#include "sim/track_hdf5_input.h"
#include "sim/track_output.h"
#include "sim/track_replay.h"

namespace bmd::sim {
namespace {

constexpr double kG = 9.80665;

Eigen::Vector3d Arc(const Eigen::Vector3d& r0, const Eigen::Vector3d& v0, double t) {
  return r0 + v0 * t + Eigen::Vector3d(0, 0, -0.5 * kG * t * t);
}
Eigen::Vector3d ArcVel(const Eigen::Vector3d& v0, double t) { return v0 + Eigen::Vector3d(0, 0, -kG * t); }

struct Target {
  std::int64_t id;
  Eigen::Vector3d r0, v0;
  bool detected = true;
};

// Scans every second of flat-gravity targets, 20 m noise; truth rows for every target.
TrackInput MakeInput(const std::vector<Target>& targets, int scans, std::uint64_t seed) {
  RandomStream rng(seed, 0, 0, Purpose::kTest);
  TrackInput in;
  in.frame = TrackFrame::kLocalFlat;
  in.has_truth = true;
  for (int k = 0; k < scans; ++k) {
    TrackScan s;
    s.scan = k;
    s.t_s = k;
    for (const Target& tg : targets) {
      fusion::TruthPoint p;
      p.id = tg.id;
      p.r = Arc(tg.r0, tg.v0, k);
      p.v = ArcVel(tg.v0, k);
      s.truths.push_back(p);
      if (!tg.detected) continue;
      sensors::Measurement m;
      m.t_s = k;
      m.kind = sensors::MeasurementKind::kPosition;
      m.truth_id = tg.id;
      m.sigma << 20, 20, 20, 0;
      m.z.head<3>() = p.r + 20.0 * Eigen::Vector3d(rng.Normal(), rng.Normal(), rng.Normal());
      s.measurements.push_back(m);
      ++in.measurement_count;
    }
    in.truth_count += s.truths.size();
    in.scans.push_back(std::move(s));
  }
  return in;
}

TEST(TrackReplay, ConfirmsOnTheMthHitAndScoresAgainstTheClosedForm) {
  // Target 1 detected every scan; target 2 never detected (always a missed truth).
  const std::vector<Target> targets{{1, {0, 0, 100e3}, {2000, 0, 300}},
                                    {2, {0, 300e3, 120e3}, {0, -1500, 100}, false}};
  const TrackInput in = MakeInput(targets, 30, 5);
  TrackReplayConfig cfg;  // ballistic EKF, 3/4, c = 1 km, p = 2
  const TrackReplayResult r = RunTrackReplay(in, cfg);
  ASSERT_EQ(r.scans.size(), 30u);
  // 3 of 4: tentative after hits 1 and 2, confirmed on the third scan (index 2).
  EXPECT_EQ(r.scans[1].confirmed, 0);
  EXPECT_EQ(r.scans[2].confirmed, 1);
  EXPECT_EQ(r.confirmed_tracks, 1);
  // Each scan: one track at distance d << c from target 1, target 2 missed. OSPA with n = 2,
  // m = 1: sqrt((d^2 + c^2) / 2). The track's error d is at most about one measurement's, whose
  // 3-D norm (chi with 3 dof, sigma 20 m) exceeds 5 sigma = 100 m with probability 1.5e-5: OSPA
  // lies in [c / sqrt 2, sqrt((100^2 + c^2) / 2)] = [707.1, 710.6] m.
  for (std::size_t k = 2; k < r.scans.size(); ++k) {
    EXPECT_GE(r.scans[k].ospa_m, 1000.0 / std::sqrt(2.0) - 1e-9);
    EXPECT_LE(r.scans[k].ospa_m, std::sqrt((100.0 * 100.0 + 1e6) / 2.0));
    EXPECT_EQ(r.scans[k].gospa_missed, 1);
    EXPECT_EQ(r.scans[k].gospa_false, 0);
  }
  // Before confirmation both truths are missed: OSPA = c exactly.
  EXPECT_DOUBLE_EQ(r.scans[0].ospa_m, 1000.0);
  EXPECT_EQ(r.score.truths, 2);
  EXPECT_EQ(r.score.truths_tracked, 1);
  EXPECT_EQ(r.score.truths_final, 2);
  EXPECT_EQ(r.score.truths_tracked_final, 1);
  EXPECT_EQ(r.score.swaps, 0);
  EXPECT_DOUBLE_EQ(r.score.tracks_per_truth, 1.0);
  // Track rows: every row of the one track carries truth id 1 (vote and assignment).
  ASSERT_EQ(r.tracks.size(), 28u);
  for (const TrackRow& row : r.tracks) {
    EXPECT_EQ(row.truth_id, 1);
    EXPECT_EQ(row.assigned_truth_id, 1);
  }
  // SIAP: target 2 is never tracked, target 1 tracked on 28 of 30 scans.
  EXPECT_NEAR(r.score.siap.completeness, 28.0 / 60.0, 1e-12);
  EXPECT_EQ(r.score.siap.spuriousness, 0.0);
}

TEST(TrackReplay, ExchangedTruthLabelsCountTwoSwaps) {
  // Two far-apart targets; from scan 15 on the truth ids of the two are exchanged, so each
  // confirmed track's assigned truth changes once: 2 swaps, 2 tracks per truth.
  const std::vector<Target> targets{{1, {0, 0, 100e3}, {2000, 0, 300}},
                                    {2, {0, 300e3, 120e3}, {0, -1500, 100}}};
  TrackInput in = MakeInput(targets, 30, 6);
  for (std::size_t k = 15; k < in.scans.size(); ++k) {
    std::swap(in.scans[k].truths[0].id, in.scans[k].truths[1].id);
  }
  const TrackReplayResult r = RunTrackReplay(in, {});
  EXPECT_EQ(r.score.swaps, 2);
  EXPECT_DOUBLE_EQ(r.score.tracks_per_truth, 2.0);
  EXPECT_EQ(r.score.truths_tracked, 2);
}

TEST(TrackReplay, EveryFilterTracksABallisticTarget) {
  const std::vector<Target> targets{{4, {50e3, 0, 150e3}, {-1000, 2500, 600}}};
  const TrackInput in = MakeInput(targets, 40, 7);
  for (TrackFilter f : {TrackFilter::kConstantVelocity, TrackFilter::kBallisticEkf, TrackFilter::kUkf,
                        TrackFilter::kImm}) {
    TrackReplayConfig cfg;
    cfg.filter = f;
    const TrackReplayResult r = RunTrackReplay(in, cfg);
    SCOPED_TRACE(TrackFilterName(f));
    EXPECT_EQ(r.confirmed_tracks, 1);
    EXPECT_EQ(r.score.truths_tracked_final, 1);
    // One track for one truth; OSPA is the position error: well inside 5 x (20 m noise) x sqrt 3.
    EXPECT_LT(r.score.mean_ospa_second_half_m, 5.0 * 20.0 * std::sqrt(3.0));
  }
  TrackReplayConfig cv;
  cv.filter = TrackFilter::kConstantVelocity;
  EXPECT_EQ(EffectiveQ(cv), kDefaultQcv);
  EXPECT_EQ(EffectiveQ({}), kDefaultQ);
  cv.q_m2ps3 = 3.0;
  EXPECT_EQ(EffectiveQ(cv), 3.0);
}

TEST(TrackReplay, FilterNamesRoundTrip) {
  for (TrackFilter f : {TrackFilter::kConstantVelocity, TrackFilter::kBallisticEkf, TrackFilter::kUkf,
                        TrackFilter::kImm}) {
    TrackFilter g = TrackFilter::kConstantVelocity;
    ASSERT_TRUE(ParseTrackFilter(TrackFilterName(f), &g));
    EXPECT_EQ(f, g);
  }
  TrackFilter g;
  EXPECT_FALSE(ParseTrackFilter("kalman", &g));
}

TEST(TrackReplay, InvalidConfigurationIsAnInputError) {
  const TrackInput in = MakeInput({{1, {0, 0, 1e5}, {1000, 0, 0}}}, 3, 1);
  TrackReplayConfig bad;
  bad.confirm_m = 5;
  bad.confirm_n = 4;
  EXPECT_THROW(RunTrackReplay(in, bad), InputError);
  bad = {};
  bad.ospa_c_m = 0.0;
  EXPECT_THROW(RunTrackReplay(in, bad), InputError);
  bad = {};
  bad.ospa_p = 0.5;
  EXPECT_THROW(RunTrackReplay(in, bad), InputError);
}

TEST(TrackReplay, TimingStatisticsHandComputed) {
  // Sorted: 1..10 ms. Median (5 + 6) / 2; p95 by nearest rank: ceil(9.5) = 10th value.
  const TimingStats s = ComputeTimingStats({0.003, 0.001, 0.010, 0.002, 0.005, 0.004, 0.009,
                                            0.006, 0.008, 0.007});
  EXPECT_NEAR(s.median_s, 0.0055, 1e-15);
  EXPECT_NEAR(s.mean_s, 0.0055, 1e-15);
  EXPECT_NEAR(s.total_s, 0.055, 1e-15);
  EXPECT_DOUBLE_EQ(s.p95_s, 0.010);
  EXPECT_DOUBLE_EQ(s.max_s, 0.010);
  const TimingStats odd = ComputeTimingStats({3.0, 1.0, 2.0});
  EXPECT_DOUBLE_EQ(odd.median_s, 2.0);
  EXPECT_DOUBLE_EQ(odd.p95_s, 3.0);  // ceil(2.85) = 3rd value
  EXPECT_EQ(ComputeTimingStats({}).total_s, 0.0);
}

TEST(TrackReplay, HermiteInterpolationIsExactForCubics) {
  // r(t) = a + b t + c t^2 + d t^3 per axis: the cubic Hermite through (r, v) at t0 and t1
  // reproduces it exactly (up to rounding).
  auto r = [](double t) { return Eigen::Vector3d(1 + 2 * t - 3 * t * t + 0.5 * t * t * t, 7 - t * t, 4 * t); };
  auto v = [](double t) { return Eigen::Vector3d(2 - 6 * t + 1.5 * t * t, -2 * t, 4.0); };
  Eigen::Vector3d ri, vi;
  for (double t : {2.0, 2.3, 3.1, 4.0}) {
    HermiteInterpolate(2.0, r(2.0), v(2.0), 4.0, r(4.0), v(4.0), t, &ri, &vi);
    EXPECT_LT((ri - r(t)).norm(), 1e-12);
    EXPECT_LT((vi - v(t)).norm(), 1e-12);
  }
}

TEST(TrackReplay, WritesTheDocumentedOutput) {
  const TrackInput in = MakeInput({{1, {0, 0, 100e3}, {2000, 0, 300}}}, 10, 9);
  const TrackReplayResult r = RunTrackReplay(in, {});
  const auto dir = std::filesystem::path(BMD_BINARY_DIR) / "tests" / "track_scratch";
  std::filesystem::create_directories(dir);
  const std::string h5 = (dir / "replay.h5").string(), csv = (dir / "replay.csv").string();
  TrackOutputContext ctx;
  ctx.command_line = "bmdsim track x.csv -o replay.h5";
  ctx.input_path = "x.csv";
  ctx.frame_name = "local-flat";
  WriteTrackFile(h5, r, ctx);
  WriteTracksCsv(csv, r);

  const io::InputFile f = io::InputFile::Open(h5);
  EXPECT_EQ(f.TableRows("/tracks"), r.tracks.size());
  EXPECT_EQ(f.TableRows("/scans"), 10u);
  EXPECT_EQ(f.TableColumns("/tracks"),
            (std::vector<std::string>{"scan", "t_s", "track_id", "x_m", "y_m", "z_m", "vx_m_s",
                                      "vy_m_s", "vz_m_s", "truth_id", "assigned_truth_id",
                                      "position_sigma_m", "coasting"}));
  const auto x = f.ReadDoubleColumn("/tracks", "x_m");
  ASSERT_FALSE(x.empty());
  EXPECT_DOUBLE_EQ(x.back(), r.tracks.back().r.x());
  EXPECT_EQ(f.ReadStringAttribute("/summary", "filter"), "ballistic-ekf");
  EXPECT_DOUBLE_EQ(f.ReadDoubleAttribute("/summary", "step_time_median_s"), r.timing.median_s);
  EXPECT_DOUBLE_EQ(f.ReadDoubleAttribute("/summary", "mean_ospa_second_half_m"),
                   r.score.mean_ospa_second_half_m);

  std::ifstream c(csv);
  std::string header, first;
  std::getline(c, header);
  std::getline(c, first);
  EXPECT_EQ(header, "scan,track_id,x,y,z,vx,vy,vz");
  EXPECT_EQ(first.substr(0, 4), "2,1,");  // first confirmed row: scan 2, track 1
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace bmd::sim
