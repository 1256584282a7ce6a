#include "models/fusion/fusion_node.h"

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <limits>

namespace bmd::fusion {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
std::uint64_t Bit(std::int32_t source) { return std::uint64_t{1} << (source & 63); }
}  // namespace

FusionNode::FusionNode(const FusionNodeConfig& cfg, const Predictor& predictor)
    : cfg_(cfg),
      predictor_(predictor),
      gate_(boost::math::quantile(boost::math::chi_squared(6), cfg.gate_probability)),
      next_number_(cfg.first_number) {
  tracks_.reserve(cfg.max_tracks);
  links_.reserve(cfg.max_reports);
  propagated_.reserve(cfg.max_reports);
  report_track_.reserve(cfg.max_reports);
  used_sources_.reserve(cfg.max_tracks);
  pending_.reserve(cfg.max_reports);
  cost_.reserve(cfg.max_reports * (cfg.max_tracks + cfg.max_reports));
  row_to_col_.reserve(cfg.max_reports);
  solver_.Reserve(static_cast<int>(cfg.max_reports),
                  static_cast<int>(cfg.max_tracks + cfg.max_reports));
}

int FusionNode::FindTrack(std::int64_t number) const {
  for (std::size_t i = 0; i < tracks_.size(); ++i) {
    if (tracks_[i].number == number) return static_cast<int>(i);
  }
  return -1;
}

int FusionNode::FindLink(std::int32_t source, std::int64_t track_id) const {
  for (std::size_t i = 0; i < links_.size(); ++i) {
    if (links_[i].source == source && links_[i].track_id == track_id) return static_cast<int>(i);
  }
  return -1;
}

std::int64_t FusionNode::NumberOf(std::int32_t source, std::int64_t track_id) const {
  const int l = FindLink(source, track_id);
  return l < 0 ? -1 : links_[l].number;
}

bool FusionNode::Correlates(const GaussianState& a, const GaussianState& b) const {
  const double d2 = StateDifferenceD2<6>(a.x, a.P, b.x, b.P);
  return d2 >= 0.0 && d2 <= gate_;
}

void FusionNode::Update(double t_s, std::span<const SourceTrack> reports) {
  const int nr = static_cast<int>(reports.size());
  // 1. Bring every report and every network track to t.
  propagated_.resize(nr);
  for (int k = 0; k < nr; ++k) propagated_[k] = predictor_.Predict(reports[k].state, t_s);
  for (NetworkTrack& t : tracks_) t.state = predictor_.Predict(t.state, t_s);
  report_track_.assign(nr, -1);
  used_sources_.assign(tracks_.size(), 0);

  // 2. Keep existing links that still correlate.
  pending_.clear();
  for (int k = 0; k < nr; ++k) {
    const int l = FindLink(reports[k].source, reports[k].track_id);
    const int ti = l < 0 ? -1 : FindTrack(links_[l].number);
    if (ti >= 0 && (used_sources_[ti] & Bit(reports[k].source)) == 0 &&
        Correlates(propagated_[k], tracks_[ti].state)) {
      report_track_[k] = ti;
      used_sources_[ti] |= Bit(reports[k].source);
    } else {
      pending_.push_back(k);
    }
  }

  // 3. GNN for the rest, one source at a time (sources in order of first appearance), so that
  //    a network track started by one source's report is a candidate for the next source's.
  //    Rows = that source's pending reports, columns = network tracks + one dummy per row.
  std::size_t done = 0;
  while (done < pending_.size()) {
    const std::int32_t src = reports[pending_[done]].source;
    // Move this source's pending reports to the front of the unprocessed part (stable).
    const auto mid = std::stable_partition(pending_.begin() + static_cast<std::ptrdiff_t>(done),
                                           pending_.end(),
                                           [&](int k) { return reports[k].source == src; });
    const int first = static_cast<int>(done);
    const int np = static_cast<int>(mid - pending_.begin()) - first;
    done += static_cast<std::size_t>(np);
    const int nt = static_cast<int>(tracks_.size());
    const int cols = nt + np;
    cost_.assign(static_cast<std::size_t>(np) * cols, kInf);
    for (int r = 0; r < np; ++r) {
      const int k = pending_[first + r];
      double* row = cost_.data() + static_cast<std::size_t>(r) * cols;
      for (int ti = 0; ti < nt; ++ti) {
        if (used_sources_[ti] & Bit(src)) continue;
        const double d2 = StateDifferenceD2<6>(propagated_[k].x, propagated_[k].P,
                                               tracks_[ti].state.x, tracks_[ti].state.P);
        if (d2 >= 0.0 && d2 <= gate_) row[ti] = d2;
      }
      row[nt + r] = gate_;
    }
    row_to_col_.resize(np);
    solver_.Solve(cost_.data(), np, cols, row_to_col_.data());
    for (int r = 0; r < np; ++r) {
      const int k = pending_[first + r];
      int ti = row_to_col_[r];
      if (ti >= nt || ti < 0) {
        if (tracks_.size() >= std::min(cfg_.max_tracks, tracks_.capacity())) continue;
        NetworkTrack t;
        t.number = next_number_++;
        t.state = propagated_[k];
        tracks_.push_back(t);
        used_sources_.push_back(0);
        ti = static_cast<int>(tracks_.size()) - 1;
      }
      report_track_[k] = ti;
      used_sources_[ti] |= Bit(src);
    }
  }

  // Links: record numbers and count changes.
  for (int k = 0; k < nr; ++k) {
    if (report_track_[k] < 0) continue;
    const std::int64_t number = tracks_[report_track_[k]].number;
    const int l = FindLink(reports[k].source, reports[k].track_id);
    if (l >= 0) {
      if (links_[l].number != number) ++number_changes_;
      links_[l].number = number;
      links_[l].last_seen_s = t_s;
    } else if (links_.size() < links_.capacity()) {
      links_.push_back({reports[k].source, reports[k].track_id, number, t_s});
    }
  }

  // 4. Fuse the reports of each network track.
  for (std::size_t ti = 0; ti < tracks_.size(); ++ti) {
    NetworkTrack& t = tracks_[ti];
    int count = 0;
    for (int k = 0; k < nr; ++k) {
      if (report_track_[k] != static_cast<int>(ti)) continue;
      if (count == 0) {
        t.state = propagated_[k];
        t.truth_id = reports[k].truth_id;
      } else {
        const FusedEstimate<6> f =
            cfg_.method == FusionMethod::kNaive
                ? NaiveFusion<6>(t.state.x, t.state.P, propagated_[k].x, propagated_[k].P)
                : CovarianceIntersection<6>(t.state.x, t.state.P, propagated_[k].x,
                                            propagated_[k].P, cfg_.criterion);
        if (f.ok) {
          t.state.x = f.x;
          t.state.P = f.P;
        }
      }
      ++count;
    }
    t.num_reports = count;
    if (count > 0) {
      t.last_update_s = t_s;
      t.source_mask = used_sources_[ti];
    }
  }
  std::erase_if(tracks_, [&](const NetworkTrack& t) {
    return t_s - t.last_update_s > cfg_.drop_after_s;
  });
  std::erase_if(links_, [&](const Link& l) { return t_s - l.last_seen_s > cfg_.drop_after_s; });
}

}  // namespace bmd::fusion
