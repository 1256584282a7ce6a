#include "models/fusion/metrics.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <limits>

#include "models/fusion/assignment.h"

namespace bmd::fusion {

EstimateErrors ComputeErrors(const GaussianState& est, const Eigen::Vector3d& r_true,
                             const Eigen::Vector3d& v_true) {
  EstimateErrors e;
  Vector6d d;
  d.head<3>() = est.x.head<3>() - r_true;
  d.tail<3>() = est.x.tail<3>() - v_true;
  e.position_error_m = d.head<3>().norm();
  e.velocity_error_mps = d.tail<3>().norm();
  e.nees = est.P.llt().solve(d).dot(d);
  const Eigen::Vector3d dr = d.head<3>();
  e.nees_position = est.P.topLeftCorner<3, 3>().llt().solve(dr).dot(dr);
  return e;
}

namespace {
// x^p with the common orders done by multiplication (p = 2 is the usual OSPA/GOSPA order;
// std::pow costs ~100 instructions and the metrics are computed at every record tick).
double PowP(double x, double p) {
  if (p == 2.0) return x * x;
  if (p == 1.0) return x;
  return std::pow(x, p);
}
// (sum)^(1/p), the inverse of PowP.
double RootP(double s, double p) {
  if (p == 2.0) return std::sqrt(s);
  if (p == 1.0) return s;
  return std::pow(s, 1.0 / p);
}

// Per-thread scratch of the cut-off assignment: the metrics run every recorded second of
// every run, so their buffers are kept (no allocation once warm).
struct AssignmentScratch {
  std::vector<double> cost;
  std::vector<int> a;
  AssignmentSolver solver;
};

// Optimal assignment of x to y (|x| <= |y|) minimising sum min(d, c)^p: the costs (row-major
// m x n) and the assignment (row -> column) in the thread's scratch.
const AssignmentScratch& CutoffAssignment(std::span<const Eigen::Vector3d> x,
                                          std::span<const Eigen::Vector3d> y, double c, double p) {
  thread_local AssignmentScratch s;
  const int m = static_cast<int>(x.size()), n = static_cast<int>(y.size());
  s.cost.resize(static_cast<std::size_t>(m) * n);
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) s.cost[i * n + j] = PowP(std::min((x[i] - y[j]).norm(), c), p);
  }
  s.a.assign(static_cast<std::size_t>(m), -1);
  if (m > 0) s.solver.Solve(s.cost.data(), m, n, s.a.data());
  return s;
}
}  // namespace

double Ospa(std::span<const Eigen::Vector3d> x, std::span<const Eigen::Vector3d> y, double c,
            double p) {
  if (x.size() > y.size()) std::swap(x, y);
  const int m = static_cast<int>(x.size()), n = static_cast<int>(y.size());
  if (n == 0) return 0.0;
  const AssignmentScratch& s = CutoffAssignment(x, y, c, p);
  double sum = PowP(c, p) * (n - m);
  for (int i = 0; i < m; ++i) sum += s.cost[i * n + s.a[i]];
  return RootP(sum / n, p);
}

GospaResult Gospa(std::span<const Eigen::Vector3d> truths, std::span<const Eigen::Vector3d> estimates,
                  double c, double p) {
  thread_local std::vector<int> unused;
  unused.resize(estimates.size());
  return Gospa(truths, estimates, c, p, unused);
}

GospaResult Gospa(std::span<const Eigen::Vector3d> truths, std::span<const Eigen::Vector3d> estimates,
                  double c, double p, std::span<int> estimate_to_truth) {
  GospaResult g;
  std::fill(estimate_to_truth.begin(), estimate_to_truth.end(), -1);
  const bool swapped = truths.size() > estimates.size();
  std::span<const Eigen::Vector3d> x = swapped ? estimates : truths;
  std::span<const Eigen::Vector3d> y = swapped ? truths : estimates;
  const int m = static_cast<int>(x.size());
  const std::vector<int>& a = CutoffAssignment(x, y, c, p).a;
  for (int i = 0; i < m; ++i) {
    const double d = (x[i] - y[a[i]]).norm();
    if (d < c) {
      ++g.num_assigned;
      g.localisation += PowP(d, p);
      // x[i] and y[a[i]] are (truth, estimate), or (estimate, truth) when swapped.
      if (swapped) {
        estimate_to_truth[static_cast<std::size_t>(i)] = a[i];
      } else {
        estimate_to_truth[static_cast<std::size_t>(a[i])] = i;
      }
    }
  }
  g.num_missed = static_cast<int>(truths.size()) - g.num_assigned;
  g.num_false = static_cast<int>(estimates.size()) - g.num_assigned;
  const double half_cp = 0.5 * PowP(c, p);
  g.missed = half_cp * g.num_missed;
  g.false_tracks = half_cp * g.num_false;
  g.distance = RootP(g.localisation + g.missed + g.false_tracks, p);
  return g;
}

double OspaFromGospa(const GospaResult& g, double c, double p) {
  const int n_truths = g.num_assigned + g.num_missed, n_estimates = g.num_assigned + g.num_false;
  const int n = std::max(n_truths, n_estimates);
  if (n == 0) return 0.0;
  return RootP((g.localisation + PowP(c, p) * (n - g.num_assigned)) / n, p);
}

void SiapAccumulator::AddScan(double t_s, std::span<const TruthPoint> truths,
                              std::span<const TrackPoint> tracks) {
  const double dt = have_scan_ ? t_s - last_t_s_ : 0.0;
  have_scan_ = true;
  last_t_s_ = t_s;
  // Each track to its nearest truth within the association distance.
  std::vector<int> track_truth(tracks.size(), -1);
  for (std::size_t k = 0; k < tracks.size(); ++k) {
    double best = assoc_m_;
    for (std::size_t j = 0; j < truths.size(); ++j) {
      const double d = (tracks[k].r - truths[j].r).norm();
      if (d <= best) {
        best = d;
        track_truth[k] = static_cast<int>(j);
      }
    }
  }
  sum_nt_ += static_cast<double>(truths.size());
  sum_ntr_ += static_cast<double>(tracks.size());
  for (std::size_t k = 0; k < tracks.size(); ++k) {
    const int j = track_truth[k];
    if (j < 0) {
      sum_ns_ += 1.0;
      continue;
    }
    sum_na_ += 1.0;
    sum_pos_err_ += (tracks[k].r - truths[j].r).norm();
    sum_vel_err_ += (tracks[k].v - truths[j].v).norm();
  }
  for (std::size_t j = 0; j < truths.size(); ++j) {
    TruthHistory& h = truths_[truths[j].id];
    ++h.scans_present;
    bool keeps = false;
    int nearest = -1;
    double nearest_d = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < tracks.size(); ++k) {
      if (track_truth[k] != static_cast<int>(j)) continue;
      if (tracks[k].number == h.current_number) keeps = true;
      const double d = (tracks[k].r - truths[j].r).norm();
      if (d < nearest_d) {
        nearest_d = d;
        nearest = static_cast<int>(k);
      }
    }
    if (nearest < 0) {
      h.run = 0;  // untracked scan ends the segment; the number is remembered
      continue;
    }
    sum_njt_ += 1.0;
    h.tracked_s += dt;
    if (keeps) {
      ++h.run;
    } else {
      if (h.current_number >= 0) ++changes_;
      h.current_number = tracks[nearest].number;
      h.run = 1;
    }
    h.longest_run = std::max(h.longest_run, h.run);
  }
}

SiapResult SiapAccumulator::Result() const {
  SiapResult r;
  auto ratio = [](double a, double b) { return b > 0.0 ? a / b : 0.0; };
  r.completeness = ratio(sum_njt_, sum_nt_);
  r.ambiguity = ratio(sum_na_, sum_njt_);
  r.spuriousness = ratio(sum_ns_, sum_ntr_);
  r.positional_accuracy_m = ratio(sum_pos_err_, sum_na_);
  r.velocity_accuracy_mps = ratio(sum_vel_err_, sum_na_);
  double tracked = 0.0, ls = 0.0;
  for (const auto& [id, h] : truths_) {
    tracked += h.tracked_s;
    ls += ratio(h.longest_run, h.scans_present);
  }
  r.track_number_changes = changes_;
  r.track_number_change_rate_per_s = ratio(static_cast<double>(changes_), tracked);
  r.longest_track_segment = truths_.empty() ? 0.0 : ls / static_cast<double>(truths_.size());
  return r;
}

}  // namespace bmd::fusion
