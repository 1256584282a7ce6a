#pragma once
/// Track-to-track fusion at a C2 node: the node's picture of network tracks, built each cycle
/// from the source tracks it received (own sensors' trackers and remote nodes).
///
/// Per Update(t, reports):
///   1. every report is propagated to t with the node's predictor;
///   2. a report whose (source, track id) was linked to a network track keeps that network
///      number while it still correlates with it (chi-square gate on the state difference,
///      6 dof, P1 + P2) and no other report of the same source took that track this cycle;
///   3. the remaining reports are assigned by GNN (Hungarian, cost d2, gated, at most one
///      report per source per network track), source by source, so that a network track
///      started by one source is a candidate for the next; a report left over starts a new
///      network track;
///      when a linked report moves to another number, that is one track-number change;
///   4. each network track's state is the fusion of its reports: covariance intersection
///      (sequential, omega optimised) or, for comparison, naive information-sum fusion;
///      a network track without reports is predicted, and dropped after drop_after_s.
#include <cstdint>
#include <span>
#include <vector>

#include "models/fusion/assignment.h"
#include "models/fusion/gaussian_state.h"
#include "models/fusion/predictor.h"
#include "models/fusion/track_fusion.h"

namespace bmd::fusion {

enum class FusionMethod { kCovarianceIntersection, kNaive };

/// A track as reported to the node by one source.
struct SourceTrack {
  std::int32_t source = -1;     ///< reporting sensor / node index (< 64 for the source mask)
  std::int64_t track_id = -1;   ///< the source's own track number
  GaussianState state;
  std::int64_t truth_id = -1;   ///< scoring only
};

struct NetworkTrack {
  std::int64_t number = -1;     ///< network track number, stable while its sources correlate
  GaussianState state;          ///< fused estimate
  double last_update_s = 0.0;
  std::uint64_t source_mask = 0;  ///< sources that contributed on the latest update
  int num_reports = 0;            ///< reports fused on the latest update
  std::int64_t truth_id = -1;     ///< truth id of the first report fused last (scoring only)
};

struct FusionNodeConfig {
  double gate_probability = 0.999;
  FusionMethod method = FusionMethod::kCovarianceIntersection;
  CiCriterion criterion = CiCriterion::kTrace;
  double drop_after_s = 30.0;
  std::size_t max_tracks = 1024;
  std::size_t max_reports = 1024;
  std::int64_t first_number = 1;
};

class FusionNode {
 public:
  /// predictor must outlive the node.
  FusionNode(const FusionNodeConfig& cfg, const Predictor& predictor);

  void Update(double t_s, std::span<const SourceTrack> reports);

  const std::vector<NetworkTrack>& tracks() const { return tracks_; }
  /// Total number of times a source track changed network number.
  std::int64_t track_number_changes() const { return number_changes_; }
  /// Network number of a source track after the latest update, -1 if unknown.
  std::int64_t NumberOf(std::int32_t source, std::int64_t track_id) const;

 private:
  struct Link {
    std::int32_t source;
    std::int64_t track_id;
    std::int64_t number;
    double last_seen_s;
  };
  int FindTrack(std::int64_t number) const;
  int FindLink(std::int32_t source, std::int64_t track_id) const;
  bool Correlates(const GaussianState& a, const GaussianState& b) const;

  FusionNodeConfig cfg_;
  const Predictor& predictor_;
  double gate_;
  AssignmentSolver solver_;
  std::vector<NetworkTrack> tracks_;
  std::vector<Link> links_;
  std::vector<GaussianState> propagated_;
  std::vector<int> report_track_;         // per report: index into tracks_ or -1
  std::vector<std::uint64_t> used_sources_;  // per track: sources already assigned this cycle
  std::vector<int> pending_;
  std::vector<double> cost_;
  std::vector<int> row_to_col_;
  std::int64_t next_number_;
  std::int64_t number_changes_ = 0;
};

}  // namespace bmd::fusion
