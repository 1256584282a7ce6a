#include "sim/track_replay.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <set>
#include <unordered_map>

#include "models/fusion/imm.h"
#include "models/fusion/predictor.h"
#include "models/fusion/tracker.h"
#include "models/fusion/updater.h"
#include "sim/errors.h"

namespace bmd::sim {
namespace {

using fusion::MotionKind;
using fusion::MotionModelConfig;

MotionModelConfig BallisticModel(TrackFrame frame, double q) {
  MotionModelConfig mc;
  mc.kind = frame == TrackFrame::kLocalFlat ? MotionKind::kFlatGravity : MotionKind::kBallisticEcef;
  mc.q_m2ps3 = q;
  return mc;
}

void Validate(const TrackReplayConfig& cfg) {
  if (cfg.confirm_m < 1 || cfg.confirm_n < cfg.confirm_m || cfg.confirm_n > 32) {
    throw InputError(fmt::format("confirmation {}/{}: need 1 <= M <= N <= 32", cfg.confirm_m,
                                 cfg.confirm_n));
  }
  if (!(cfg.gate_probability > 0.0 && cfg.gate_probability < 1.0)) {
    throw InputError(fmt::format("gate probability {} is not inside (0, 1)", cfg.gate_probability));
  }
  if (!(cfg.ospa_c_m > 0.0) || !std::isfinite(cfg.ospa_c_m)) {
    throw InputError(fmt::format("OSPA cut-off c = {} m must be positive", cfg.ospa_c_m));
  }
  if (!(cfg.ospa_p >= 1.0) || !std::isfinite(cfg.ospa_p)) {
    throw InputError(fmt::format("OSPA order p = {} must be >= 1", cfg.ospa_p));
  }
  if (!(cfg.velocity_sigma_mps > 0.0) || !std::isfinite(cfg.velocity_sigma_mps)) {
    throw InputError("the initiation velocity sigma must be positive");
  }
  if (!std::isfinite(cfg.q_m2ps3) || !(cfg.imm_high_q_m2ps3 > 0.0)) {
    throw InputError("process noise q must be finite (and the IMM's high q positive)");
  }
}

// The filter chosen by the configuration, owning its components; builds the tracker.
struct FilterChain {
  std::unique_ptr<fusion::Predictor> predictor;
  std::unique_ptr<fusion::Updater> updater;
  std::optional<fusion::ImmFilter> imm;
  std::unique_ptr<fusion::Tracker> tracker;
};

void BuildChain(const TrackReplayConfig& cfg, TrackFrame frame, double q,
                const fusion::TrackerConfig& tc, FilterChain* chain) {
  const MotionModelConfig ballistic = cfg.motion ? *cfg.motion : BallisticModel(frame, q);
  switch (cfg.filter) {
    case TrackFilter::kConstantVelocity: {
      MotionModelConfig mc;
      mc.kind = MotionKind::kConstantVelocity;
      mc.q_m2ps3 = q;
      chain->predictor = std::make_unique<fusion::EkfPredictor>(fusion::MotionModel(mc));
      chain->updater = std::make_unique<fusion::EkfUpdater>();
      break;
    }
    case TrackFilter::kBallisticEkf:
      chain->predictor = std::make_unique<fusion::EkfPredictor>(fusion::MotionModel(ballistic));
      chain->updater = std::make_unique<fusion::EkfUpdater>();
      break;
    case TrackFilter::kUkf:
      chain->predictor = std::make_unique<fusion::UkfPredictor>(fusion::MotionModel(ballistic));
      chain->updater = std::make_unique<fusion::UkfUpdater>();
      break;
    case TrackFilter::kImm: {
      fusion::ImmConfig ic;
      ic.models[fusion::kImmBoost] = BallisticModel(frame, cfg.imm_high_q_m2ps3);
      ic.models[fusion::kImmBallistic] = BallisticModel(frame, q);
      chain->imm.emplace(ic);
      chain->tracker = std::make_unique<fusion::Tracker>(tc, *chain->imm);
      return;
    }
  }
  chain->tracker = std::make_unique<fusion::Tracker>(tc, *chain->predictor, *chain->updater);
}

bool IsConfirmed(const fusion::Track& t) {
  return t.status == fusion::TrackStatus::kConfirmed || t.status == fusion::TrackStatus::kCoasting;
}

// Label bookkeeping for swaps and tracks-per-truth (see the header comment).
class LabelBook {
 public:
  void Observe(std::int64_t track_id, std::int64_t truth_id) {
    if (truth_id < 0) return;
    auto [it, inserted] = label_.try_emplace(track_id, truth_id);
    if (!inserted && it->second != truth_id) {
      ++swaps_;
      it->second = truth_id;
    }
    tracks_of_truth_[truth_id].insert(track_id);
  }
  std::int64_t swaps() const { return swaps_; }
  int tracked_truths() const { return static_cast<int>(tracks_of_truth_.size()); }
  double TracksPerTruth() const {
    if (tracks_of_truth_.empty()) return 0.0;
    double sum = 0.0;
    for (const auto& [truth, ids] : tracks_of_truth_) sum += static_cast<double>(ids.size());
    return sum / static_cast<double>(tracks_of_truth_.size());
  }

 private:
  std::unordered_map<std::int64_t, std::int64_t> label_;
  std::map<std::int64_t, std::set<std::int64_t>> tracks_of_truth_;
  std::int64_t swaps_ = 0;
};

}  // namespace

const char* TrackFilterName(TrackFilter f) {
  switch (f) {
    case TrackFilter::kConstantVelocity: return "cv";
    case TrackFilter::kBallisticEkf: return "ballistic-ekf";
    case TrackFilter::kUkf: return "ukf";
    case TrackFilter::kImm: return "imm";
  }
  return "?";
}

bool ParseTrackFilter(const std::string& name, TrackFilter* f) {
  for (TrackFilter k : {TrackFilter::kConstantVelocity, TrackFilter::kBallisticEkf, TrackFilter::kUkf,
                        TrackFilter::kImm}) {
    if (name == TrackFilterName(k)) {
      *f = k;
      return true;
    }
  }
  return false;
}

double EffectiveQ(const TrackReplayConfig& cfg) {
  if (cfg.q_m2ps3 > 0.0) return cfg.q_m2ps3;
  return cfg.filter == TrackFilter::kConstantVelocity ? kDefaultQcv : kDefaultQ;
}

TimingStats ComputeTimingStats(std::vector<double> d) {
  TimingStats s;
  if (d.empty()) return s;
  std::sort(d.begin(), d.end());
  const std::size_t n = d.size();
  s.total_s = std::accumulate(d.begin(), d.end(), 0.0);
  s.mean_s = s.total_s / static_cast<double>(n);
  s.median_s = n % 2 == 1 ? d[n / 2] : 0.5 * (d[n / 2 - 1] + d[n / 2]);
  // Nearest rank: the smallest value with at least 95 % of the samples at or below it.
  const auto rank = static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(n)));
  s.p95_s = d[std::max<std::size_t>(rank, 1) - 1];
  s.max_s = d.back();
  return s;
}

TrackReplayResult RunTrackReplay(const TrackInput& in, const TrackReplayConfig& cfg) {
  Validate(cfg);
  TrackReplayResult out;
  out.q_m2ps3 = EffectiveQ(cfg);
  out.has_truth = in.has_truth;

  std::size_t max_meas = 1;
  for (const TrackScan& s : in.scans) max_meas = std::max(max_meas, s.measurements.size());
  fusion::TrackerConfig tc;
  tc.gate.probability = cfg.gate_probability;
  tc.initiator.confirm_m = cfg.confirm_m;
  tc.initiator.confirm_n = cfg.confirm_n;
  tc.initiator.velocity_sigma_mps = cfg.velocity_sigma_mps;
  tc.max_measurements = max_meas;
  // Room for every target's track plus the tentative tracks of a few scans of clutter.
  tc.max_tracks = std::max<std::size_t>(1024, 8 * max_meas);
  if (cfg.tracker) tc = *cfg.tracker;
  FilterChain chain;
  BuildChain(cfg, in.frame, out.q_m2ps3, tc, &chain);
  fusion::Tracker& tracker = *chain.tracker;

  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Eigen::Matrix3d R_out = in.frame == TrackFrame::kEnu
                                    ? Eigen::Matrix3d(in.enu.R_ecef_from_enu.transpose())
                                    : Eigen::Matrix3d::Identity();
  std::vector<double> durations;
  durations.reserve(in.scans.size());
  std::vector<Eigen::Vector3d> truth_r, track_r;
  std::vector<fusion::TrackPoint> track_points;
  std::vector<int> assignment;
  std::set<std::int64_t> truth_ids, confirmed_ids;
  LabelBook labels;
  fusion::SiapAccumulator siap(cfg.ospa_c_m);
  std::int64_t max_track_id = 0;
  int last_truths = 0, last_tracked = 0;

  for (const TrackScan& s : in.scans) {
    const auto t0 = std::chrono::steady_clock::now();
    tracker.Step(s.t_s, s.measurements);
    const auto t1 = std::chrono::steady_clock::now();
    ScanRecord rec;
    rec.scan = s.scan;
    rec.t_s = s.t_s;
    rec.measurements = static_cast<int>(s.measurements.size());
    rec.truths = static_cast<int>(s.truths.size());
    rec.step_s = std::chrono::duration<double>(t1 - t0).count();
    durations.push_back(rec.step_s);

    // Confirmed tracks of this scan (tracker frame, for scoring).
    const std::size_t first_row = out.tracks.size();
    track_r.clear();
    track_points.clear();
    for (const fusion::Track& t : tracker.tracks()) {
      max_track_id = std::max(max_track_id, t.id);
      if (!IsConfirmed(t)) {
        ++rec.tentative;
        continue;
      }
      ++rec.confirmed;
      confirmed_ids.insert(t.id);
      TrackRow row;
      row.scan = s.scan;
      row.t_s = s.t_s;
      row.track_id = t.id;
      row.r = in.frame == TrackFrame::kEnu ? in.enu.ToEnu(t.state.Position()) : t.state.Position();
      row.v = R_out * t.state.Velocity();
      row.truth_id = t.truth_id;
      row.position_sigma_m = std::sqrt(t.state.P.topLeftCorner<3, 3>().trace());
      row.coasting = t.status == fusion::TrackStatus::kCoasting;
      out.tracks.push_back(row);
      track_r.push_back(t.state.Position());
      fusion::TrackPoint p;
      p.number = t.id;
      p.r = t.state.Position();
      p.v = t.state.Velocity();
      track_points.push_back(p);
    }

    rec.ospa_m = rec.gospa_m = rec.gospa_localisation = nan;
    if (in.has_truth) {
      truth_r.clear();
      for (const fusion::TruthPoint& p : s.truths) {
        truth_r.push_back(p.r);
        truth_ids.insert(p.id);
      }
      rec.ospa_m = fusion::Ospa(track_r, truth_r, cfg.ospa_c_m, cfg.ospa_p);
      assignment.assign(track_r.size(), -1);
      const fusion::GospaResult g =
          fusion::Gospa(truth_r, track_r, cfg.ospa_c_m, cfg.ospa_p, assignment);
      rec.gospa_m = g.distance;
      rec.gospa_localisation = g.localisation;
      rec.gospa_missed = g.num_missed;
      rec.gospa_false = g.num_false;
      for (std::size_t k = 0; k < track_r.size(); ++k) {
        TrackRow& row = out.tracks[first_row + k];
        if (assignment[k] >= 0) row.assigned_truth_id = s.truths[assignment[k]].id;
        labels.Observe(row.track_id, row.assigned_truth_id);
      }
      siap.AddScan(s.t_s, s.truths, track_points);
      if (!s.truths.empty()) {
        last_truths = rec.truths;
        last_tracked = g.num_assigned;
      }
    }
    out.scans.push_back(rec);
  }

  out.timing = ComputeTimingStats(durations);
  out.confirmed_tracks = static_cast<std::int64_t>(confirmed_ids.size());
  out.tracks_initiated = max_track_id;
  if (in.has_truth) {
    ScoreSummary& sc = out.score;
    const std::size_t n = out.scans.size(), half = n / 2;
    double ospa = 0.0, gospa = 0.0;
    for (std::size_t k = half; k < n; ++k) {
      ospa += out.scans[k].ospa_m;
      gospa += out.scans[k].gospa_m;
    }
    const double count = static_cast<double>(n - half);
    sc.mean_ospa_second_half_m = count > 0 ? ospa / count : 0.0;
    sc.mean_gospa_second_half_m = count > 0 ? gospa / count : 0.0;
    sc.truths = static_cast<int>(truth_ids.size());
    sc.truths_tracked = labels.tracked_truths();
    sc.truths_final = last_truths;
    sc.truths_tracked_final = last_tracked;
    sc.swaps = labels.swaps();
    sc.tracks_per_truth = labels.TracksPerTruth();
    sc.siap = siap.Result();
  }
  return out;
}

}  // namespace bmd::sim
