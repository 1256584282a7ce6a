#include "models/interop/network_track_manager.h"

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <limits>

namespace bmd::interop {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
std::uint64_t Bit(std::int32_t source) { return std::uint64_t{1} << (source & 63); }

// Prediction of s to t_s. A state already at t_s (a local track updated at this fusion time)
// skips the EKF propagation: with dt = 0 the transition is the identity and Q(0) = 0, so
// EkfPredictor::Predict reduces to (P + 0) symmetrised, which is what is returned here (the
// same values, zeros included); other predictors always propagate.
fusion::GaussianState PredictTo(const fusion::Predictor& predictor, bool ekf, const fusion::GaussianState& s,
                                double t_s) {
  if (!ekf || s.t_s != t_s) return predictor.Predict(s, t_s);
  fusion::GaussianState out;
  out.t_s = t_s;
  out.x = s.x;
  out.P = s.P + fusion::Matrix6d::Zero();
  out.P = 0.5 * (out.P + out.P.transpose()).eval();
  return out;
}
bool IsEkf(const fusion::Predictor& predictor) {
  return dynamic_cast<const fusion::EkfPredictor*>(&predictor) != nullptr;
}
}  // namespace

fusion::GaussianState PredictToTime(const fusion::Predictor& predictor, const fusion::GaussianState& s,
                                    double t_s) {
  return PredictTo(predictor, IsEkf(predictor), s, t_s);
}

ManagedReport ManagedReport::FromTrackReport(const TrackReport& r, std::int32_t source,
                                             NationId nation) {
  ManagedReport m;
  m.source = source;
  m.local_number = r.local_track_number;
  m.remote_network_number = r.network_track_number;
  m.nation = nation;
  m.nations = r.contributing_nations;
  m.state = r.State();
  m.truth_id = r.truth_id;
  return m;
}

NetworkTrackManager::NetworkTrackManager(const NetworkTrackManagerConfig& cfg,
                                         const fusion::Predictor& predictor)
    : cfg_(cfg),
      predictor_(predictor),
      gate_(boost::math::quantile(boost::math::chi_squared(cfg.position_only_gate ? 3 : 6), cfg.gate_probability)),
      next_number_(cfg.first_number) {
  tracks_.reserve(cfg_.max_tracks);
  corr_.reserve(cfg_.max_reports);
  events_.reserve(2 * cfg_.max_reports + cfg_.max_tracks);
  propagated_.reserve(cfg_.max_reports);
  prior_.reserve(cfg_.max_tracks);
  report_track_.reserve(cfg_.max_reports);
  report_gated_.reserve(cfg_.max_reports);
  report_exclude_.reserve(cfg_.max_reports);
  report_corr_.reserve(cfg_.max_reports);
  track_first_.reserve(cfg_.max_tracks + 1);
  by_track_.reserve(cfg_.max_reports);
  used_sources_.reserve(cfg_.max_tracks);
  pending_.reserve(cfg_.max_reports);
  cost_.reserve(cfg_.max_reports * (cfg_.max_tracks + cfg_.max_reports));
  row_to_col_.reserve(cfg_.max_reports);
  solver_.Reserve(static_cast<int>(cfg_.max_reports),
                  static_cast<int>(cfg_.max_tracks + cfg_.max_reports));
}

int NetworkTrackManager::FindTrack(std::int64_t number) const {
  for (std::size_t i = 0; i < tracks_.size(); ++i) {
    if (tracks_[i].number == number) return static_cast<int>(i);
  }
  return -1;
}

int NetworkTrackManager::FindCorrelation(std::int32_t source, std::int64_t local_number) const {
  for (std::size_t i = 0; i < corr_.size(); ++i) {
    if (corr_[i].source == source && corr_[i].local_number == local_number) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

std::int64_t NetworkTrackManager::NumberOf(std::int32_t source, std::int64_t local_number) const {
  const int c = FindCorrelation(source, local_number);
  return c < 0 ? -1 : corr_[c].number;
}

int NetworkTrackManager::FailuresOf(std::int32_t source, std::int64_t local_number) const {
  const int c = FindCorrelation(source, local_number);
  return c < 0 ? 0 : corr_[c].failures;
}

double NetworkTrackManager::D2(const fusion::GaussianState& a, const fusion::GaussianState& b) const {
  if (cfg_.position_only_gate) {
    const Eigen::Vector3d ra = a.x.head<3>(), rb = b.x.head<3>();
    const Eigen::Matrix3d pa = a.P.topLeftCorner<3, 3>(), pb = b.P.topLeftCorner<3, 3>();
    return fusion::StateDifferenceD2<3>(ra, pa, rb, pb);
  }
  return fusion::StateDifferenceD2<6>(a.x, a.P, b.x, b.P);
}

std::int64_t NetworkTrackManager::NewNumber(std::int64_t wanted) {
  if (cfg_.adopt_remote_numbers && wanted >= 0 && FindTrack(wanted) < 0) return wanted;
  std::int64_t n = next_number_++;
  while (FindTrack(n) >= 0) n = next_number_++;  // skip numbers adopted from remote nodes
  return n;
}

void NetworkTrackManager::DropSourceTrack(std::int32_t source, std::int64_t local_number) {
  const int c = FindCorrelation(source, local_number);
  if (c >= 0) corr_.erase(corr_.begin() + c);
}

TrackReport NetworkTrackManager::MakeReport(const ManagedTrack& t) const {
  TrackReport r;
  r.network_track_number = t.number;
  r.local_track_number = t.number;
  r.SetState(t.state);
  r.contributing_nations = t.nations;
  r.truth_id = t.truth_id;
  return r;
}

void NetworkTrackManager::MergeDuplicates(double t_s) {
  for (std::size_t i = 0; i < tracks_.size(); ++i) {
    for (std::size_t j = i + 1; j < tracks_.size();) {
      ManagedTrack& a = tracks_[i];
      ManagedTrack& b = tracks_[j];
      const double d2 = (a.source_mask & b.source_mask) != 0 ? -1.0 : D2(a.state, b.state);
      if (!(d2 >= 0.0 && d2 <= gate_)) {
        ++j;
        continue;
      }
      // Keep the lower (older) number.
      if (b.number < a.number) {
        std::swap(a, b);
        std::swap(prior_[i], prior_[j]);
      }
      for (Correlation& c : corr_) {
        if (c.number != b.number) continue;
        events_.push_back({TrackNumberEventKind::kMerged, t_s, c.source, c.local_number, b.number,
                           a.number});
        c.number = a.number;
        c.failures = 0;
        ++number_changes_;
      }
      a.source_mask |= b.source_mask;
      a.nations |= b.nations;
      ++merges_;
      tracks_.erase(tracks_.begin() + static_cast<std::ptrdiff_t>(j));
      prior_.erase(prior_.begin() + static_cast<std::ptrdiff_t>(j));
    }
  }
}

void NetworkTrackManager::Update(double t_s, std::span<const ManagedReport> reports) {
  events_.clear();
  const int nr = static_cast<int>(reports.size());
  // 1. Everything to t.
  propagated_.resize(nr);
  const bool ekf = IsEkf(predictor_);
  for (int k = 0; k < nr; ++k) {
    const ManagedReport& rep = reports[k];
    propagated_[k] = rep.state_at_update != nullptr && rep.state_at_update->t_s == t_s
                         ? *rep.state_at_update
                         : PredictTo(predictor_, ekf, rep.state, t_s);
  }
  // Tracks: the gating prediction (PredictForGating: the EKF's mean, a cheaper covariance);
  // most are replaced by the fusion of their reports below, and those left coasting get the
  // full prediction from the state kept in prior_ (step 5).
  prior_.resize(tracks_.size());
  for (std::size_t i = 0; i < tracks_.size(); ++i) {
    ManagedTrack& t = tracks_[i];
    prior_[i] = t.state;
    t.state = t.state.t_s == t_s ? PredictTo(predictor_, ekf, t.state, t_s)
                                 : predictor_.PredictForGating(t.state, t_s);
  }
  if (cfg_.merge_duplicates) MergeDuplicates(t_s);
  report_track_.assign(nr, -1);
  report_gated_.assign(nr, 0);
  report_exclude_.assign(nr, -1);
  report_corr_.assign(nr, -1);
  used_sources_.assign(tracks_.size(), 0);

  // 2. Existing correlations: keep (gated or held) or decorrelate after K failures.
  pending_.clear();
  for (int k = 0; k < nr; ++k) {
    const ManagedReport& rep = reports[k];
    const int c = FindCorrelation(rep.source, rep.local_number);
    report_corr_[k] = c;
    const int ti = c < 0 ? -1 : FindTrack(corr_[c].number);
    if (ti < 0 || (used_sources_[ti] & Bit(rep.source)) != 0) {
      pending_.push_back(k);
      continue;
    }
    const double d2 = D2(propagated_[k], tracks_[ti].state);
    if (d2 >= 0.0 && d2 <= gate_) {
      corr_[c].failures = 0;
      report_gated_[k] = 1;
    } else if (++corr_[c].failures >= cfg_.decorrelate_after) {
      events_.push_back({TrackNumberEventKind::kDecorrelated, t_s, rep.source, rep.local_number,
                         corr_[c].number, -1});
      ++decorrelations_;
      corr_[c].failures = 0;
      report_exclude_[k] = ti;
      pending_.push_back(k);
      continue;
    }
    report_track_[k] = ti;
    used_sources_[ti] |= Bit(rep.source);
  }

  // 3. GNN for the rest, one source at a time (in order of first appearance).
  std::size_t done = 0;
  while (done < pending_.size()) {
    const std::int32_t src = reports[pending_[done]].source;
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
        if ((used_sources_[ti] & Bit(src)) != 0 || ti == report_exclude_[k]) continue;
        const double d2 = D2(propagated_[k], tracks_[ti].state);
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
        if (tracks_.size() >= cfg_.max_tracks) continue;
        ManagedTrack t;
        t.number = NewNumber(reports[k].remote_network_number);
        t.state = propagated_[k];
        t.last_update_s = t_s;
        tracks_.push_back(t);
        prior_.push_back(t.state);  // never coasts this cycle (it has this report)
        used_sources_.push_back(0);
        ++tracks_created_;
        ti = static_cast<int>(tracks_.size()) - 1;
        events_.push_back({TrackNumberEventKind::kNewTrack, t_s, reports[k].source,
                           reports[k].local_number, -1, t.number});
      } else {
        events_.push_back({TrackNumberEventKind::kCorrelated, t_s, reports[k].source,
                           reports[k].local_number, -1, tracks_[ti].number});
      }
      report_track_[k] = ti;
      report_gated_[k] = 1;
      used_sources_[ti] |= Bit(src);
    }
  }

  // 4. Correlation table: record numbers, count changes.
  for (int k = 0; k < nr; ++k) {
    if (report_track_[k] < 0) continue;
    const ManagedReport& rep = reports[k];
    const std::int64_t number = tracks_[report_track_[k]].number;
    // The entry step 2 found (corr_ only grows between the two steps, so its index holds);
    // a report that had none searches again: an earlier report of this loop may have added it.
    const int c = report_corr_[k] >= 0 ? report_corr_[k] : FindCorrelation(rep.source, rep.local_number);
    if (c >= 0) {
      if (corr_[c].number != number) {
        ++number_changes_;
        events_.push_back({TrackNumberEventKind::kNumberChange, t_s, rep.source, rep.local_number,
                           corr_[c].number, number});
        corr_[c].number = number;
      }
      corr_[c].last_seen_s = t_s;
    } else if (corr_.size() < cfg_.max_reports) {
      corr_.push_back({rep.source, rep.local_number, number, 0, t_s});
    }
  }

  // 5. Fuse each track's gated reports (held ones only when nothing gated), in report order:
  // the reports are first grouped by track (a stable counting sort), so each track visits
  // only its own.
  const std::size_t ntr = tracks_.size();
  track_first_.assign(ntr + 1, 0);
  for (int k = 0; k < nr; ++k) {
    if (report_track_[k] >= 0) ++track_first_[static_cast<std::size_t>(report_track_[k]) + 1];
  }
  for (std::size_t i = 0; i < ntr; ++i) track_first_[i + 1] += track_first_[i];
  by_track_.resize(static_cast<std::size_t>(track_first_[ntr]));
  for (int k = 0; k < nr; ++k) {
    if (report_track_[k] < 0) continue;
    by_track_[static_cast<std::size_t>(track_first_[static_cast<std::size_t>(report_track_[k])]++)] = k;
  }
  // track_first_[i] is now the end of track i's reports; its start is the previous end.
  for (std::size_t ti = 0; ti < ntr; ++ti) {
    ManagedTrack& t = tracks_[ti];
    const std::span<const int> mine(by_track_.data() + (ti == 0 ? 0 : track_first_[ti - 1]),
                                    by_track_.data() + track_first_[ti]);
    bool any_gated = false;
    for (const int k : mine) any_gated = any_gated || report_gated_[k] != 0;
    int count = 0;
    std::uint64_t mask = 0;
    NationSet nations = 0;
    for (const int k : mine) {
      if (any_gated && !report_gated_[k]) continue;
      if (count == 0) {
        t.state = propagated_[k];
        t.truth_id = reports[k].truth_id;
      } else {
        const fusion::FusedEstimate<6> f =
            cfg_.method == fusion::FusionMethod::kNaive
                ? fusion::NaiveFusion<6>(t.state.x, t.state.P, propagated_[k].x, propagated_[k].P)
                : fusion::CovarianceIntersection<6>(t.state.x, t.state.P, propagated_[k].x,
                                                    propagated_[k].P, cfg_.criterion);
        if (f.ok) {
          t.state.x = f.x;
          t.state.P = f.P;
        }
      }
      mask |= Bit(reports[k].source);
      nations |= SetOf(reports[k].nation) | reports[k].nations;
      ++count;
    }
    t.num_reports = count;
    if (count == 0) t.state = PredictTo(predictor_, ekf, prior_[ti], t_s);  // coasting
    if (count > 0) {
      t.last_update_s = t_s;
      t.source_mask = mask;
      t.nations = nations;
    }
    t.quality = TrackQualityFromCovariance(t.state.P.topLeftCorner<3, 3>());
  }

  // 6. Drop stale tracks and correlations.
  for (const ManagedTrack& t : tracks_) {
    if (t_s - t.last_update_s > cfg_.drop_after_s) {
      events_.push_back({TrackNumberEventKind::kDropped, t_s, -1, -1, t.number, -1});
    }
  }
  std::erase_if(tracks_, [&](const ManagedTrack& t) { return t_s - t.last_update_s > cfg_.drop_after_s; });
  std::erase_if(corr_, [&](const Correlation& c) { return t_s - c.last_seen_s > cfg_.drop_after_s; });
}

}  // namespace bmd::interop
