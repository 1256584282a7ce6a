#pragma once
/// Network track-number management at a C2 node: which source tracks (own sensors' local
/// tracks, remote nodes' reports) form which network track, under what number, and the
/// fused estimate of each network track.
///
/// Differs from fusion::FusionNode (which re-assigns a source track the moment its gate
/// fails) by hysteresis, as track-management protocols do (cf. J7.x correlation/
/// decorrelation): per Update(t, reports)
///   1. reports and network tracks are predicted to t;
///   2. a report already correlated with network track N (and the first of its source on N
///      this cycle) stays on N. If it passes the gate (chi-square, 6 dof, on the state
///      difference with P1 + P2) its failure count resets; if not, the count grows and the
///      report is held on N without being fused; at the K-th consecutive failure
///      (decorrelate_after) it is decorrelated: it leaves N (event kDecorrelated);
///   3. reports without a correlation (new or decorrelated) are assigned by GNN (Hungarian,
///      cost d2, gated; at most one report per source per network track; a decorrelated
///      report never returns to the track it left in the same cycle), source by source; a
///      report left over starts a new network track whose number is the sender's network
///      number when the report carries one that is free here (adopt_remote_numbers: a
///      networked picture then shares numbers), else the next number of this node's block;
///   4. a source track whose network number differs from the previous cycle's counts one
///      track-number change (event kNumberChange);
///   1b. dual-track resolution (merge_duplicates): two network tracks with no source in
///      common whose states pass the gate are one object: the higher number is merged into
///      the lower (older) one, its source tracks move over (one number change each, event
///      kMerged) and the higher number is dropped. Without this a dual track created while a
///      registration error lasted would persist after the error is corrected, because each
///      report keeps correlating with its own single-source track;
///   5. each network track fuses its gated reports (covariance intersection or naive); held
///      reports are fused only when the track has no gated report. Track quality is
///      recomputed from the fused covariance; a network track without reports is predicted
///      and dropped after drop_after_s, a source correlation unseen for drop_after_s is
///      forgotten.
/// Steady state allocates nothing within max_tracks / max_reports.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "models/fusion/assignment.h"
#include "models/fusion/fusion_node.h"
#include "models/fusion/gaussian_state.h"
#include "models/fusion/predictor.h"
#include "models/fusion/track_fusion.h"
#include "models/interop/messages.h"
#include "models/interop/nations.h"

namespace bmd::interop {

/// One source track as received by the node this cycle.
struct ManagedReport {
  std::int32_t source = -1;                  ///< sensor / node index, 0..63
  std::int64_t local_number = -1;            ///< the source's own track number
  std::int64_t remote_network_number = -1;   ///< sender's network number (-1: none)
  NationId nation = -1;                      ///< nation of the source
  NationSet nations = 0;                     ///< further nations whose data it carries (remote)
  fusion::GaussianState state;
  std::int64_t truth_id = -1;                ///< scoring only
  /// Optional: `state` already brought to the Update time by PredictToTime with the manager's
  /// predictor (a report several nodes received is predicted once for all of them); Update
  /// then uses it instead of predicting again. Must outlive the Update call.
  const fusion::GaussianState* state_at_update = nullptr;

  /// From a received TrackReport (its network number becomes remote_network_number).
  static ManagedReport FromTrackReport(const TrackReport& r, std::int32_t source, NationId nation);
};

/// The prediction Update applies to every report and track: `s` brought to t_s by the
/// predictor (a state already at t_s skips the EKF propagation; an EKF state at most 2 s
/// old gets the gating-grade covariance; see the definition).
fusion::GaussianState PredictToTime(const fusion::Predictor& predictor, const fusion::GaussianState& s,
                                    double t_s);

struct ManagedTrack {
  std::int64_t number = -1;
  fusion::GaussianState state;
  double last_update_s = 0.0;
  std::uint64_t source_mask = 0;  ///< sources fused on the latest update
  NationSet nations = 0;          ///< their nations
  int num_reports = 0;            ///< reports fused on the latest update
  int quality = 0;                ///< TQ of the fused estimate
  std::int64_t truth_id = -1;     ///< truth id of the first fused report (scoring only)
  /// Covariance-intersection weight of the k-th fusion of the latest update (k = 0: second
  /// report into the first): the next update's search starts there (-1: none).
  std::array<double, 8> ci_weights{-1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0};
};

enum class TrackNumberEventKind : std::uint8_t {
  kNewTrack = 0,      ///< a report started network track new_number
  kCorrelated = 1,    ///< a new source track joined an existing network track
  kDecorrelated = 2,  ///< a source track left old_number after K gate failures
  kNumberChange = 3,  ///< a source track's network number changed old -> new
  kDropped = 4,       ///< network track old_number dropped (no reports for drop_after_s)
  kMerged = 5,        ///< a source track moved from old_number to new_number by a merge
};

struct TrackNumberEvent {
  TrackNumberEventKind kind = TrackNumberEventKind::kNewTrack;
  double t_s = 0.0;
  std::int32_t source = -1;
  std::int64_t local_number = -1;
  std::int64_t old_number = -1;
  std::int64_t new_number = -1;
};

struct NetworkTrackManagerConfig {
  double gate_probability = 0.999;
  int decorrelate_after = 3;  ///< K consecutive gate failures
  fusion::FusionMethod method = fusion::FusionMethod::kCovarianceIntersection;
  fusion::CiCriterion criterion = fusion::CiCriterion::kTrace;
  double drop_after_s = 30.0;
  bool adopt_remote_numbers = true;
  bool merge_duplicates = true;
  /// Gate on the position difference only (chi-square, 3 dof) instead of the full state
  /// (6 dof). Track velocities of different sensors disagree beyond their covariances in
  /// boost and at staging (model mismatch), which would split one object into dual tracks.
  bool position_only_gate = false;
  std::int64_t first_number = 1;  ///< this node's number block starts here
  std::size_t max_tracks = 1024;
  std::size_t max_reports = 1024;
};

class NetworkTrackManager {
 public:
  /// predictor must outlive the manager.
  NetworkTrackManager(const NetworkTrackManagerConfig& cfg, const fusion::Predictor& predictor);

  /// One fusion cycle at t_s with every report received since the last one.
  void Update(double t_s, std::span<const ManagedReport> reports);
  /// Forget a source track the source has deleted.
  void DropSourceTrack(std::int32_t source, std::int64_t local_number);

  const std::vector<ManagedTrack>& tracks() const { return tracks_; }
  /// Events of the latest Update, in the order they happened.
  const std::vector<TrackNumberEvent>& events() const { return events_; }
  /// Network number of a source track after the latest update, -1 if not correlated.
  std::int64_t NumberOf(std::int32_t source, std::int64_t local_number) const;
  /// Consecutive gate failures of a correlated source track (0 if unknown).
  int FailuresOf(std::int32_t source, std::int64_t local_number) const;

  std::int64_t number_changes() const { return number_changes_; }
  std::int64_t decorrelations() const { return decorrelations_; }
  std::int64_t tracks_created() const { return tracks_created_; }
  std::int64_t merges() const { return merges_; }

  /// A TrackReport of one of this node's network tracks (for sending); its quality is the
  /// track's TQ as the latest Update computed it from the same covariance.
  TrackReport MakeReport(const ManagedTrack& t) const;

 private:
  struct Correlation {
    std::int32_t source;
    std::int64_t local_number;
    std::int64_t number;
    int failures;
    double last_seen_s;
    int track_hint;  ///< index in tracks_ where `number` was last found (checked before use)
  };
  int FindTrack(std::int64_t number) const;
  int FindCorrelation(std::int32_t source, std::int64_t local_number) const;
  int FindCorrelationFrom(std::int32_t source, std::int64_t local_number, std::size_t start) const;
  double D2(const fusion::GaussianState& a, const fusion::GaussianState& b) const;
  std::int64_t NewNumber(std::int64_t wanted);
  void MergeDuplicates(double t_s);

  NetworkTrackManagerConfig cfg_;
  const fusion::Predictor& predictor_;
  double gate_;
  bool ekf_;  ///< predictor_ is an EkfPredictor (PredictTo's zero-step shortcut applies)
  fusion::AssignmentSolver solver_;
  std::vector<ManagedTrack> tracks_;
  std::vector<Correlation> corr_;
  std::vector<TrackNumberEvent> events_;
  // Per-cycle work arrays (sized per report / per track).
  std::vector<fusion::GaussianState> propagated_;     // reports predicted here (own storage)
  std::vector<const fusion::GaussianState*> at_t_;    // per report: its state at t (propagated_
                                                      // or the caller's state_at_update)
  std::vector<fusion::GaussianState> gating_;  // per track: its gating prediction to t (steps
                                               // 1b-3); tracks_[i].state keeps the prior
  std::vector<int> report_track_;    // index into tracks_ or -1
  std::vector<char> report_gated_;   // 1 = passed the gate (fused), 0 = held
  std::vector<int> report_exclude_;  // track a decorrelated report may not rejoin
  std::vector<int> report_corr_;     // index into corr_ found in step 2, or -1
  std::vector<int> track_first_;     // step 5: reports of track i are by_track_[first[i]..first[i+1])
  std::vector<int> by_track_;        // report indices grouped by track, ascending within a track
  std::vector<std::uint64_t> used_sources_;
  std::vector<int> pending_;
  std::vector<double> cost_;
  std::vector<int> row_to_col_;
  std::int64_t next_number_;
  std::int64_t number_changes_ = 0;
  std::int64_t decorrelations_ = 0;
  std::int64_t tracks_created_ = 0;
  std::int64_t merges_ = 0;
};

}  // namespace bmd::interop
