#include "models/interop/network_track_manager.h"

#include <algorithm>
#include <cmath>
#include <boost/math/distributions/chi_squared.hpp>
#include <limits>
#include <typeinfo>

namespace bmd::interop {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
std::uint64_t Bit(std::int32_t source) { return std::uint64_t{1} << (source & 63); }

// States aged by at most kShortAge_s (a report's link latency plus the fusion period, a
// track coasting from one fusion time to the next: nearly all of them) get the EKF's mean bit
// for bit and the covariance of PredictForGating, which drops the position gradient of
// gravity and of the centrifugal term (|da/dr| <= 2 GM / r^3 ~ 3e-6 /s^2 at the surface).
// The dropped terms of the transition are ~|da/dr| dt^2 of its unit blocks, so P moves by
// ~1e-5 of its largest entries at 2 s (3.5e-6 at 1 s; tests/interop/track_number_test.cc),
// far inside what a chi-square gate or a CI weight can see, at well under half the cost of
// the variational transition. Longer horizons get the full transition.
constexpr double kShortAge_s = 2.0;

// Prediction of s to t_s. A state already at t_s (a local track updated at this fusion time)
// skips the EKF propagation: with dt = 0 the transition is the identity and Q(0) = 0, so
// EkfPredictor::Predict reduces to (P + 0) symmetrised, which is what is returned here (the
// same values, zeros included); other predictors always propagate.
fusion::GaussianState PredictTo(const fusion::Predictor& predictor, bool ekf, const fusion::GaussianState& s,
                                double t_s) {
  if (ekf && s.t_s != t_s && std::abs(t_s - s.t_s) <= kShortAge_s) return predictor.PredictForGating(s, t_s);
  if (!ekf || s.t_s != t_s) return predictor.Predict(s, t_s);
  fusion::GaussianState out;
  out.t_s = t_s;
  out.x = s.x;
  out.P = s.P + fusion::Matrix6d::Zero();
  out.P = 0.5 * (out.P + out.P.transpose()).eval();
  return out;
}
// EkfPredictor is final: the dynamic type test is a type_info comparison (no __dynamic_cast
// walk per prediction).
bool IsEkf(const fusion::Predictor& predictor) { return typeid(predictor) == typeid(fusion::EkfPredictor); }
}  // namespace

fusion::GaussianState PredictToTime(const fusion::Predictor& predictor, const fusion::GaussianState& s,
                                    double t_s) {
  return PredictTo(predictor, IsEkf(predictor), s, t_s);
}

ManagedReport ManagedReport::FromTrackReport(const TrackReport& r, std::int32_t source,
                                             NationId nation) {
  // Built in place (the state straight from the report: no default identity covariance
  // written first and overwritten).
  return ManagedReport{.source = source,
                       .local_number = r.local_track_number,
                       .remote_network_number = r.network_track_number,
                       .nation = nation,
                       .nations = r.contributing_nations,
                       .state = r.State(),
                       .truth_id = r.truth_id};
}

NetworkTrackManager::NetworkTrackManager(const NetworkTrackManagerConfig& cfg,
                                         const fusion::Predictor& predictor)
    : cfg_(cfg),
      predictor_(predictor),
      gate_(boost::math::quantile(boost::math::chi_squared(cfg.position_only_gate ? 3 : 6), cfg.gate_probability)),
      ekf_(IsEkf(predictor)),
      next_number_(cfg.first_number) {
  tracks_.reserve(cfg_.max_tracks);
  corr_.reserve(cfg_.max_reports);
  events_.reserve(2 * cfg_.max_reports + cfg_.max_tracks);
  propagated_.reserve(cfg_.max_reports);
  at_t_.reserve(cfg_.max_reports);
  gating_.reserve(cfg_.max_tracks);
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
  return FindCorrelationFrom(source, local_number, 0);
}

// (source, local_number) is unique in corr_ (step 4 adds an entry only where none is found),
// so a cyclic scan from any start finds the same entry as the scan from 0. Update starts at
// the entry after the previous report's: entries are added in report order and the sources
// report in a stable order, so the next report's entry is usually the first one tried.
int NetworkTrackManager::FindCorrelationFrom(std::int32_t source, std::int64_t local_number,
                                             std::size_t start) const {
  const std::size_t n = corr_.size();
  if (start >= n) start = 0;
  for (std::size_t i = start; i < n; ++i) {
    if (corr_[i].source == source && corr_[i].local_number == local_number) return static_cast<int>(i);
  }
  for (std::size_t i = 0; i < start; ++i) {
    if (corr_[i].source == source && corr_[i].local_number == local_number) return static_cast<int>(i);
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
  // Exact pre-gate: for a positive-definite S, d^T S^-1 d >= d_i^2 / S_ii for every axis i
  // (Cauchy-Schwarz in the S^-1 inner product: (e_i^T d)^2 <= (e_i^T S e_i)(d^T S^-1 d)). So
  // d_i^2 > gate S_ii means the pair fails the gate whatever the rest of S (and if S is not
  // positive definite the full test below fails it too: -1). Every caller only tests
  // 0 <= d2 <= gate_, so returning -1 here decides exactly as the full test; the margin
  // 1 + 1e-6 keeps the decision on the same side as the Cholesky-computed d2, whose relative
  // rounding error is ~1e-16 times the condition number of S. Most pairs tested (tracks of
  // different objects in the merge and GNN steps) are rejected here without a factorisation.
  const int n = cfg_.position_only_gate ? 3 : 6;
  const double bound = gate_ * (1.0 + 1e-6);
  for (int i = 0; i < n; ++i) {
    const double di = a.x[i] - b.x[i];
    if (di * di > bound * (a.P(i, i) + b.P(i, i))) return -1.0;
  }
  if (cfg_.position_only_gate) {
    // d2 = d^T S^-1 d = |L^-1 d|^2 with S = L L^T (3x3 Cholesky written out; Eigen's general
    // LLT solve, StateDifferenceD2<3>, costs ~5x as much). -1 if S is not positive definite,
    // as there. Same value to rounding (a different but equally exact operation order, ~1e-16
    // times cond S); d2 only feeds the gate comparisons and the GNN costs, and the baseline
    // run and sweep files are bit-identical with it.
    const Eigen::Vector3d d = a.x.head<3>() - b.x.head<3>();
    const Eigen::Matrix3d s = a.P.topLeftCorner<3, 3>() + b.P.topLeftCorner<3, 3>();
    if (!(s(0, 0) > 0.0)) return -1.0;
    const double l00 = std::sqrt(s(0, 0));
    const double l10 = s(1, 0) / l00, l20 = s(2, 0) / l00;
    const double p11 = s(1, 1) - l10 * l10;
    if (!(p11 > 0.0)) return -1.0;
    const double l11 = std::sqrt(p11);
    const double l21 = (s(2, 1) - l20 * l10) / l11;
    const double p22 = s(2, 2) - (l20 * l20 + l21 * l21);
    if (!(p22 > 0.0)) return -1.0;
    const double l22 = std::sqrt(p22);
    const double y0 = d[0] / l00;
    const double y1 = (d[1] - l10 * y0) / l11;
    const double y2 = (d[2] - l20 * y0 - l21 * y1) / l22;
    return y0 * y0 + y1 * y1 + y2 * y2;
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
  // Built in place (no default covariance written first); quality is the track's own TQ, which
  // Update computed from the same covariance (what SetState would recompute).
  return TrackReport{.network_track_number = t.number,
                     .local_track_number = t.number,
                     .t_s = t.state.t_s,
                     .r_ecef = t.state.x.head<3>(),
                     .v_ecef = t.state.x.tail<3>(),
                     .P = t.state.P,
                     .quality = t.quality,
                     .contributing_nations = t.nations,
                     .truth_id = t.truth_id};
}

void NetworkTrackManager::MergeDuplicates(double t_s) {
  for (std::size_t i = 0; i < tracks_.size(); ++i) {
    for (std::size_t j = i + 1; j < tracks_.size();) {
      ManagedTrack& a = tracks_[i];
      ManagedTrack& b = tracks_[j];
      const double d2 = (a.source_mask & b.source_mask) != 0 ? -1.0 : D2(gating_[i], gating_[j]);
      if (!(d2 >= 0.0 && d2 <= gate_)) {
        ++j;
        continue;
      }
      // Keep the lower (older) number.
      if (b.number < a.number) {
        std::swap(a, b);
        std::swap(gating_[i], gating_[j]);
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
      gating_.erase(gating_.begin() + static_cast<std::ptrdiff_t>(j));
    }
  }
}

void NetworkTrackManager::Update(double t_s, std::span<const ManagedReport> reports) {
  events_.clear();
  const int nr = static_cast<int>(reports.size());
  // 1. Everything to t.
  // A report brought to t by the caller is used where it is (no copy).
  propagated_.resize(nr);
  at_t_.resize(nr);
  const bool ekf = ekf_;
  for (int k = 0; k < nr; ++k) {
    const ManagedReport& rep = reports[k];
    if (rep.state_at_update != nullptr && rep.state_at_update->t_s == t_s) {
      at_t_[k] = rep.state_at_update;
    } else {
      propagated_[k] = PredictTo(predictor_, ekf, rep.state, t_s);
      at_t_[k] = &propagated_[k];
    }
  }
  // Tracks: the gating prediction (PredictForGating: the EKF's mean, a cheaper covariance) in
  // gating_, the track's own state left as it was (its prior); most are replaced by the fusion
  // of their reports below, and those left coasting get the full prediction from the prior
  // (step 5).
  gating_.resize(tracks_.size());
  for (std::size_t i = 0; i < tracks_.size(); ++i) {
    const ManagedTrack& t = tracks_[i];
    gating_[i] = t.state.t_s == t_s ? PredictTo(predictor_, ekf, t.state, t_s)
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
  std::size_t corr_start = 0;
  for (int k = 0; k < nr; ++k) {
    const ManagedReport& rep = reports[k];
    const int c = FindCorrelationFrom(rep.source, rep.local_number, corr_start);
    report_corr_[k] = c;
    if (c >= 0) corr_start = static_cast<std::size_t>(c) + 1;
    int ti = -1;
    if (c >= 0) {
      // Track numbers are unique in tracks_: the index this entry found last time, if it
      // still holds the number, is the one the scan would find.
      Correlation& cc = corr_[c];
      ti = cc.track_hint >= 0 && static_cast<std::size_t>(cc.track_hint) < tracks_.size() &&
                   tracks_[static_cast<std::size_t>(cc.track_hint)].number == cc.number
               ? cc.track_hint
               : FindTrack(cc.number);
      cc.track_hint = ti;
    }
    if (ti < 0 || (used_sources_[ti] & Bit(rep.source)) != 0) {
      pending_.push_back(k);
      continue;
    }
    const double d2 = D2(*at_t_[k], gating_[ti]);
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
        const double d2 = D2(*at_t_[k], gating_[ti]);
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
        t.state = *at_t_[k];
        t.last_update_s = t_s;
        tracks_.push_back(t);
        gating_.push_back(t.state);  // never coasts this cycle (it has this report)
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
      corr_.push_back({rep.source, rep.local_number, number, 0, t_s, report_track_[k]});
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
      const fusion::GaussianState& rs = *at_t_[k];
      if (count == 0) {
        t.state = rs;
        t.truth_id = reports[k].truth_id;
      } else {
        const std::size_t slot = static_cast<std::size_t>(count - 1);
        const bool hinted = slot < t.ci_weights.size();
        const fusion::FusedEstimate<6> f =
            cfg_.method == fusion::FusionMethod::kNaive
                ? fusion::NaiveFusion<6>(t.state.x, t.state.P, rs.x, rs.P)
                : fusion::CovarianceIntersection<6>(t.state.x, t.state.P, rs.x, rs.P, cfg_.criterion,
                                                    hinted ? t.ci_weights[slot] : -1.0);
        if (f.ok) {
          t.state.x = f.x;
          t.state.P = f.P;
        }
        if (hinted) t.ci_weights[slot] = f.ok ? f.omega : -1.0;
      }
      mask |= Bit(reports[k].source);
      nations |= SetOf(reports[k].nation) | reports[k].nations;
      ++count;
    }
    t.num_reports = count;
    if (count == 0) t.state = PredictTo(predictor_, ekf, t.state, t_s);  // coasting, from the prior
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
