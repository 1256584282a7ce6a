#pragma once
#include <optional>

#include "models/fusion/motion_model.h"
#include "models/fusion/tracker.h"
/// Replay of recorded measurements through the fusion chain (fusion::Tracker) with scoring:
/// the logic of `bmdsim track`, free of file formats (TrackInput in, TrackReplayResult out).
///
/// Per scan k (time t_k): Tracker::Step(t_k, measurements_k) is timed alone (steady clock;
/// parsing, scoring and output excluded); then, when truth is present, the confirmed tracks
/// (status confirmed or coasting) are scored against the truths of the scan:
///   OSPA(c, p) on positions (fusion::Ospa), GOSPA(c, p, alpha = 2) with its decomposition and
///   optimal assignment (fusion::Gospa), and SIAP (fusion::SiapAccumulator, association
///   distance c).
/// Label bookkeeping from the per-scan GOSPA assignment (a track is labelled with the truth it
/// is assigned to, at distance < c):
///   swaps           number of times a confirmed track's label changes from one truth to
///                   another (an unassigned scan keeps the previous label);
///   tracks per truth  mean over truths of the number of distinct confirmed tracks ever
///                   labelled with that truth (1 = ideal; counted over tracked truths).
///
/// Filters (motion model in the tracker frame of the input: kFlatGravity for local-flat,
/// kBallisticEcef with J2 and Earth rotation for enu/ECEF):
///   cv             EKF, constant velocity (a = 0)
///   ballistic-ekf  EKF, ballistic motion
///   ukf            UKF predictor and updater, ballistic motion
///   imm            IMM of two ballistic EKFs: "manoeuvre" (q = imm_high_q) and "ballistic" (q)
/// Process noise spectral density q: kDefaultQ for the ballistic filters, kDefaultQcv for cv
/// (white acceleration of ~10 m/s^2 in one second, enough to absorb unmodelled gravity).
#include <cstdint>
#include <string>
#include <vector>

#include "models/fusion/metrics.h"
#include "models/fusion/track.h"
#include "sim/track_input.h"

namespace bmd::sim {

enum class TrackFilter { kConstantVelocity, kBallisticEkf, kUkf, kImm };

/// Stable names used on the command line and in the output: cv, ballistic-ekf, ukf, imm.
const char* TrackFilterName(TrackFilter f);
/// Parses a stable name; false if unknown.
bool ParseTrackFilter(const std::string& name, TrackFilter* f);

struct TrackReplayConfig {
  TrackFilter filter = TrackFilter::kBallisticEkf;
  double q_m2ps3 = -1.0;            ///< process noise; <= 0: the filter's default
  double imm_high_q_m2ps3 = 2.5e3;  ///< IMM manoeuvre model's q
  double gate_probability = 0.9997; ///< chi-square gate probability
  int confirm_m = 3;                ///< M-of-N confirmation
  int confirm_n = 4;
  double velocity_sigma_mps = 5000.0;  ///< single-point initiation velocity prior, per axis
  double ospa_c_m = 1000.0;         ///< OSPA/GOSPA cut-off c (also the SIAP association distance)
  double ospa_p = 2.0;              ///< OSPA/GOSPA order p
  /// Replaying a run file with the run's own settings (sim/tracker_setup.h): this tracker
  /// and motion configuration replace the options above (filter still picks EKF or UKF).
  std::optional<fusion::TrackerConfig> tracker;
  std::optional<fusion::MotionModelConfig> motion;
};

inline constexpr double kDefaultQ = 1.0;      ///< m^2/s^3, ballistic filters
inline constexpr double kDefaultQcv = 100.0;  ///< m^2/s^3, constant-velocity filter

/// The q the replay uses for cfg (its default when cfg.q_m2ps3 <= 0).
double EffectiveQ(const TrackReplayConfig& cfg);

/// One confirmed track at one scan, in the input's frame (local-flat or ENU: x east, y north,
/// z up; HDF5 input: ECEF).
struct TrackRow {
  std::int64_t scan = 0;
  double t_s = 0.0;
  std::int64_t track_id = -1;
  Eigen::Vector3d r = Eigen::Vector3d::Zero();  ///< m
  Eigen::Vector3d v = Eigen::Vector3d::Zero();  ///< m/s
  std::int64_t truth_id = -1;            ///< majority truth id of the associated measurements
  std::int64_t assigned_truth_id = -1;   ///< GOSPA-assigned truth of this scan, -1 if none
  double position_sigma_m = 0.0;         ///< sqrt(trace P_rr)
  bool coasting = false;                 ///< confirmed but not updated on this scan
};

struct ScanRecord {
  std::int64_t scan = 0;
  double t_s = 0.0;
  int measurements = 0;
  int truths = 0;
  int confirmed = 0;   ///< confirmed + coasting tracks after the step
  int tentative = 0;
  double step_s = 0.0; ///< wall time of Tracker::Step
  double ospa_m = 0.0;           ///< NaN without truth
  double gospa_m = 0.0;          ///< NaN without truth
  double gospa_localisation = 0.0;  ///< m^p
  int gospa_missed = 0;
  int gospa_false = 0;
};

struct TimingStats {
  double median_s = 0.0, mean_s = 0.0, p95_s = 0.0, max_s = 0.0, total_s = 0.0;
};

struct ScoreSummary {
  double mean_ospa_second_half_m = 0.0;  ///< over scans k >= n/2
  double mean_gospa_second_half_m = 0.0;
  int truths = 0;                 ///< distinct truth ids
  int truths_tracked = 0;         ///< ever assigned a confirmed track
  int truths_tracked_final = 0;   ///< assigned a confirmed track in the last scan with truth
  int truths_final = 0;           ///< truths present in that scan
  std::int64_t swaps = 0;
  double tracks_per_truth = 0.0;
  fusion::SiapResult siap;
};

struct TrackReplayResult {
  std::vector<TrackRow> tracks;
  std::vector<ScanRecord> scans;
  TimingStats timing;
  bool has_truth = false;
  ScoreSummary score;             ///< valid when has_truth
  std::int64_t confirmed_tracks = 0;  ///< distinct track ids ever confirmed
  std::int64_t tracks_initiated = 0;  ///< tentative tracks started (track ids used)
  double q_m2ps3 = 0.0;           ///< the process noise used
};

/// Runs the tracker over every scan of `input` and scores it (see the header comment).
/// Throws InputError for an invalid configuration (e.g. confirm M > N).
TrackReplayResult RunTrackReplay(const TrackInput& input, const TrackReplayConfig& cfg);

/// Timing statistics of per-scan durations (median and p95 by nearest rank).
TimingStats ComputeTimingStats(std::vector<double> durations_s);

}  // namespace bmd::sim
