#include "models/interop/picture_metrics.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace bmd::interop {
namespace {

// Index of the truth a track is associated with, -1 if none; *d_out = |r_track - r_truth|
// of that truth (computed once: the value every caller would compute again).
int AssociatedTruth(const PictureTrack& t, std::span<const fusion::TruthPoint> truths, double d_m,
                    TruthAssociation mode, double* d_out) {
  int best = -1;
  double best_d = std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < truths.size(); ++j) {
    if (mode == TruthAssociation::kByLabel) {
      if (t.truth_id >= 0 && truths[j].id == t.truth_id) {
        *d_out = (t.r - truths[j].r).norm();
        return static_cast<int>(j);
      }
      continue;
    }
    const double d = (t.r - truths[j].r).norm();
    if (d <= d_m && d < best_d) {
      best_d = d;
      best = static_cast<int>(j);
    }
  }
  *d_out = best_d;
  return best;
}

// Per truth: index of the nearest associated track (-1 if none), into rep (best: scratch).
void Representatives(std::span<const PictureTrack> tracks, std::span<const fusion::TruthPoint> truths,
                     double d_m, TruthAssociation mode, std::vector<int>& rep, std::vector<double>& best) {
  rep.assign(truths.size(), -1);
  best.assign(truths.size(), std::numeric_limits<double>::infinity());
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    double d = 0.0;
    const int j = AssociatedTruth(tracks[i], truths, d_m, mode, &d);
    if (j < 0) continue;
    if (d < best[j]) {
      best[j] = d;
      rep[j] = static_cast<int>(i);
    }
  }
}

// Per-thread buffers: the picture metrics run every recorded second (no allocation once warm).
struct Scratch {
  std::vector<int> ra, rb, per_truth;
  std::vector<double> best;
};
Scratch& LocalScratch() {
  thread_local Scratch s;
  return s;
}

// EvaluatePicture, and the representatives (PictureRepresentatives) into *rep if not null:
// both from the one association of each track.
PictureScan Evaluate(std::span<const PictureTrack> tracks, std::span<const fusion::TruthPoint> truths,
                     double d_m, TruthAssociation mode, std::vector<int>* rep) {
  PictureScan s;
  s.truths = static_cast<int>(truths.size());
  s.tracks = static_cast<int>(tracks.size());
  Scratch& scratch = LocalScratch();
  std::vector<int>& per_truth = scratch.per_truth;
  per_truth.assign(truths.size(), 0);
  if (rep != nullptr) {
    rep->assign(truths.size(), -1);
    scratch.best.assign(truths.size(), std::numeric_limits<double>::infinity());
  }
  double err = 0.0;
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    double d = 0.0;
    const int j = AssociatedTruth(tracks[i], truths, d_m, mode, &d);
    if (j < 0) {
      ++s.spurious_tracks;
      continue;
    }
    ++per_truth[j];
    ++s.associated_tracks;
    err += d;
    // Each truth's nearest associated track, the first one on a tie (as Representatives).
    if (rep != nullptr && d < scratch.best[j]) {
      scratch.best[j] = d;
      (*rep)[j] = static_cast<int>(i);
    }
  }
  for (int n : per_truth) {
    if (n > 0) ++s.truths_tracked;
    if (n > 1) {
      s.dual_tracks += n - 1;
      ++s.truths_with_dual_tracks;
    }
  }
  s.mean_position_error_m = s.associated_tracks > 0 ? err / s.associated_tracks : 0.0;
  return s;
}

}  // namespace

PictureScan EvaluatePicture(std::span<const PictureTrack> tracks,
                            std::span<const fusion::TruthPoint> truths, double d_m,
                            TruthAssociation mode) {
  return Evaluate(tracks, truths, d_m, mode, nullptr);
}

PictureScan EvaluatePicture(std::span<const PictureTrack> tracks,
                            std::span<const fusion::TruthPoint> truths, double d_m,
                            TruthAssociation mode, std::vector<int>& rep) {
  return Evaluate(tracks, truths, d_m, mode, &rep);
}

void PictureRepresentatives(std::span<const PictureTrack> tracks,
                            std::span<const fusion::TruthPoint> truths, double d_m,
                            TruthAssociation mode, std::vector<int>& rep) {
  Representatives(tracks, truths, d_m, mode, rep, LocalScratch().best);
}

Commonality PictureCommonality(std::span<const PictureTrack> a, std::span<const int> rep_a,
                               std::span<const PictureTrack> b, std::span<const int> rep_b) {
  Commonality c;
  double sum = 0.0;
  const std::size_t n = std::min(rep_a.size(), rep_b.size());
  for (std::size_t j = 0; j < n; ++j) {
    const bool in_a = rep_a[j] >= 0, in_b = rep_b[j] >= 0;
    if (in_a || in_b) ++c.truths_in_either;
    if (!(in_a && in_b)) continue;
    ++c.truths_in_both;
    const PictureTrack& ta = a[static_cast<std::size_t>(rep_a[j])];
    const PictureTrack& tb = b[static_cast<std::size_t>(rep_b[j])];
    if (ta.number == tb.number) ++c.same_number;
    const double d = (ta.r - tb.r).norm();
    sum += d;
    c.max_disagreement_m = std::max(c.max_disagreement_m, d);
  }
  if (c.truths_in_either > 0) c.common_fraction = double(c.truths_in_both) / c.truths_in_either;
  if (c.truths_in_both > 0) {
    c.same_number_fraction = double(c.same_number) / c.truths_in_both;
    c.mean_disagreement_m = sum / c.truths_in_both;
  }
  return c;
}

Commonality PictureCommonality(std::span<const PictureTrack> a, std::span<const PictureTrack> b,
                               std::span<const fusion::TruthPoint> truths, double d_m,
                               TruthAssociation mode) {
  Scratch& scratch = LocalScratch();
  Representatives(a, truths, d_m, mode, scratch.ra, scratch.best);
  Representatives(b, truths, d_m, mode, scratch.rb, scratch.best);
  return PictureCommonality(a, scratch.ra, b, scratch.rb);
}

}  // namespace bmd::interop
