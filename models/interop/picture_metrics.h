#pragma once
/// Picture-quality metrics of network track pictures against truth, for comparing
/// architectures (national only / bilateral / trilateral). Not in the per-tick hot path
/// (they allocate small work arrays).
///
/// Association of a track with a truth (mode):
///   kByDistance  the nearest truth whose position is within association_distance_m;
///   kByLabel     the truth whose id equals the track's truth_id (scoring label), if present.
/// Per scan (EvaluatePicture): a truth is tracked if at least one track is associated with
/// it; dual_tracks = sum over truths of (n_assoc - 1) for n_assoc >= 2 (redundant tracks on
/// one object: "one object, one track number" is violated); spurious = tracks associated
/// with no truth; mean_position_error_m = mean |r_track - r_truth| over associated tracks.
/// Commonality of two nodes' pictures A and B over the same truths (PictureCommonality):
/// each truth's representative track in a picture is its nearest associated track; then
///   common_fraction      = #truths tracked in both / #truths tracked in either;
///   same_number_fraction = #truths whose representatives share the number / #tracked in both;
///   mean / max_disagreement_m = |r_A - r_B| of the representatives, over truths in both.
/// Empty denominators give 0 (and truths_either = 0 means nothing to compare).
#include <Eigen/Core>

#include <cstdint>
#include <span>
#include <vector>

#include "models/fusion/metrics.h"

namespace bmd::interop {

struct PictureTrack {
  std::int64_t number = -1;
  Eigen::Vector3d r = Eigen::Vector3d::Zero();
  std::int64_t truth_id = -1;  ///< scoring label, used by kByLabel
};

enum class TruthAssociation : std::uint8_t { kByDistance = 0, kByLabel = 1 };

struct PictureScan {
  int truths = 0;
  int truths_tracked = 0;
  int tracks = 0;
  int associated_tracks = 0;
  int spurious_tracks = 0;
  int dual_tracks = 0;
  int truths_with_dual_tracks = 0;
  double mean_position_error_m = 0.0;
};

PictureScan EvaluatePicture(std::span<const PictureTrack> tracks,
                            std::span<const fusion::TruthPoint> truths,
                            double association_distance_m,
                            TruthAssociation mode = TruthAssociation::kByDistance);

/// EvaluatePicture and PictureRepresentatives of the same picture (same truths, distance and
/// mode) in one pass: each track is associated once; the figures and rep are those of the
/// two calls.
PictureScan EvaluatePicture(std::span<const PictureTrack> tracks,
                            std::span<const fusion::TruthPoint> truths,
                            double association_distance_m, TruthAssociation mode,
                            std::vector<int>& rep);

struct Commonality {
  int truths_in_both = 0;
  int truths_in_either = 0;
  int same_number = 0;
  double common_fraction = 0.0;
  double same_number_fraction = 0.0;
  double mean_disagreement_m = 0.0;
  double max_disagreement_m = 0.0;
};

Commonality PictureCommonality(std::span<const PictureTrack> a, std::span<const PictureTrack> b,
                               std::span<const fusion::TruthPoint> truths,
                               double association_distance_m,
                               TruthAssociation mode = TruthAssociation::kByDistance);

/// Each truth's representative track in a picture (index into tracks, -1 if none): its
/// nearest associated track (the first such track on a tie). rep is resized to truths.size().
void PictureRepresentatives(std::span<const PictureTrack> tracks,
                            std::span<const fusion::TruthPoint> truths,
                            double association_distance_m, TruthAssociation mode,
                            std::vector<int>& rep);

/// PictureCommonality from representatives already found (PictureRepresentatives of a and b
/// over the same truths): a node's representatives serve every pair it is part of.
Commonality PictureCommonality(std::span<const PictureTrack> a, std::span<const int> rep_a,
                               std::span<const PictureTrack> b, std::span<const int> rep_b);

}  // namespace bmd::interop
