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
  std::vector<double> dist;  // m x n row-major: d(x_i, y_j) where d < c, else -1
  std::vector<int> a;        // row -> column of a pair with d < c, or -1 (row left at c^p)
  std::vector<int> parent;   // union-find over rows: rows sharing a column below the cut-off
  std::vector<int> col_row;  // per column: the first row within the cut-off of it, or -1
  std::vector<int> rows, cols, sub_a;
  std::vector<double> sub_cost;
  AssignmentSolver solver;
};

int FindRoot(std::vector<int>& parent, int i) {
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];  // path halving
    i = parent[i];
  }
  return i;
}

// Optimal assignment of x to y (|x| <= |y|) minimising sum_i min(d(x_i, y_pi(i)), c)^p, as
// the pairs below the cut-off it uses: a[i] = j with d(x_i, y_j) < c, or -1 when row i is
// left at cost c^p. Every pair with d >= c costs the same c^p as leaving both unassigned,
// so the problem is a maximum-weight matching on the sparse graph of pairs with d < c
// (weight c^p - d^p > 0), and it splits into the connected components of that graph: rows
// that share no column below the cut-off do not compete. A component of one row takes its
// nearest column (the only optimum: any other choice costs more); one of two rows by
// enumerating the (k + 1)^2 choices of its k columns; a larger component is
// solved exactly by the assignment algorithm on its own rows x columns with the same costs
// min(d, c)^p (with |rows| <= |cols| every row gets a column, and a row sent to a column
// beyond the cut-off pays c^p exactly as an unassigned one; otherwise every column gets a
// row). The optimum of the whole problem is the union of the components' optima, so with
// a unique optimum (any two different sets of pairs differ in cost unless distances tie
// exactly) the pairs are those of the dense m x n problem, found at a fraction of the cost:
// m x n squared distances, square roots only below the cut-off, assignments only where rows
// compete (in the engine's pictures, an RV and its booster close together).
const AssignmentScratch& CutoffAssignment(std::span<const Eigen::Vector3d> x,
                                          std::span<const Eigen::Vector3d> y, double c, double p) {
  thread_local AssignmentScratch s;
  const int m = static_cast<int>(x.size()), n = static_cast<int>(y.size());
  s.dist.resize(static_cast<std::size_t>(m) * n);
  s.a.assign(static_cast<std::size_t>(m), -1);
  s.parent.resize(static_cast<std::size_t>(m));
  s.col_row.assign(static_cast<std::size_t>(n), -1);
  // d2 >= c^2 (1 + 1e-12), at least the exact c^2 whatever the rounding of c * c, gives
  // sqrt(d2) >= c (sqrt is correctly rounded and monotone, c is representable): only the
  // pairs below the bound need the square root, and d < c is then decided on d itself, the
  // value (x_i - y_j).norm() the dense costs were made of.
  const double c2_bound = c * c * (1.0 + 1e-12);
  bool shared = false;
  for (int i = 0; i < m; ++i) {
    s.parent[static_cast<std::size_t>(i)] = i;
    double* row = s.dist.data() + static_cast<std::size_t>(i) * n;
    for (int j = 0; j < n; ++j) {
      row[j] = -1.0;
      const double d2 = (x[i] - y[j]).squaredNorm();
      if (!(d2 < c2_bound)) continue;
      const double d = std::sqrt(d2);
      if (!(d < c)) continue;
      row[j] = d;
      int& first = s.col_row[static_cast<std::size_t>(j)];
      if (first < 0) {
        first = i;
      } else {
        shared = true;
        const int ra = FindRoot(s.parent, first), rb = FindRoot(s.parent, i);
        if (ra != rb) s.parent[static_cast<std::size_t>(std::max(ra, rb))] = std::min(ra, rb);
      }
    }
  }
  const auto nearest = [&](int i) {
    const double* row = s.dist.data() + static_cast<std::size_t>(i) * n;
    int best_j = -1;
    for (int j = 0; j < n; ++j) {
      if (row[j] >= 0.0 && (best_j < 0 || row[j] < row[best_j])) best_j = j;
    }
    return best_j;
  };
  if (!shared) {
    for (int i = 0; i < m; ++i) s.a[static_cast<std::size_t>(i)] = nearest(i);
    return s;
  }
  for (int i = 0; i < m; ++i) s.parent[static_cast<std::size_t>(i)] = FindRoot(s.parent, i);
  const double cp = PowP(c, p);
  for (int r = 0; r < m; ++r) {
    if (s.parent[static_cast<std::size_t>(r)] != r) continue;  // components by their lowest row
    s.rows.clear();
    for (int i = r; i < m; ++i) {
      if (s.parent[static_cast<std::size_t>(i)] == r) s.rows.push_back(i);
    }
    if (s.rows.size() == 1) {
      s.a[static_cast<std::size_t>(r)] = nearest(r);
      continue;
    }
    s.cols.clear();
    for (int j = 0; j < n; ++j) {
      const int first = s.col_row[static_cast<std::size_t>(j)];
      if (first >= 0 && s.parent[static_cast<std::size_t>(first)] == r) s.cols.push_back(j);
    }
    const int mr = static_cast<int>(s.rows.size()), nc = static_cast<int>(s.cols.size());
    if (mr == 2) {
      // Two rows (the usual conflict: an RV and its booster): every choice of at most one
      // column each below the cut-off, distinct, is enumerated; the cheapest total of
      // d^p (c^p for a row left out) is the optimum of the component.
      const int i0 = s.rows[0], i1 = s.rows[1];
      const double* row0 = s.dist.data() + static_cast<std::size_t>(i0) * n;
      const double* row1 = s.dist.data() + static_cast<std::size_t>(i1) * n;
      double best = 2.0 * cp;
      int best0 = -1, best1 = -1;
      for (int l0 = -1; l0 < nc; ++l0) {
        const int j0 = l0 < 0 ? -1 : s.cols[static_cast<std::size_t>(l0)];
        if (j0 >= 0 && row0[j0] < 0.0) continue;
        const double c0 = j0 < 0 ? cp : PowP(row0[j0], p);
        for (int l1 = -1; l1 < nc; ++l1) {
          const int j1 = l1 < 0 ? -1 : s.cols[static_cast<std::size_t>(l1)];
          if (j1 >= 0 && (j1 == j0 || row1[j1] < 0.0)) continue;
          const double total = c0 + (j1 < 0 ? cp : PowP(row1[j1], p));
          if (total < best) {
            best = total;
            best0 = j0;
            best1 = j1;
          }
        }
      }
      s.a[static_cast<std::size_t>(i0)] = best0;
      s.a[static_cast<std::size_t>(i1)] = best1;
      continue;
    }
    s.sub_cost.resize(static_cast<std::size_t>(mr) * nc);
    for (int k = 0; k < mr; ++k) {
      const double* row = s.dist.data() + static_cast<std::size_t>(s.rows[static_cast<std::size_t>(k)]) * n;
      for (int l = 0; l < nc; ++l) {
        const double d = row[s.cols[static_cast<std::size_t>(l)]];
        s.sub_cost[static_cast<std::size_t>(k) * nc + l] = d >= 0.0 ? PowP(d, p) : cp;
      }
    }
    s.sub_a.resize(static_cast<std::size_t>(mr));
    s.solver.Solve(s.sub_cost.data(), mr, nc, s.sub_a.data());
    for (int k = 0; k < mr; ++k) {
      const int i = s.rows[static_cast<std::size_t>(k)], l = s.sub_a[static_cast<std::size_t>(k)];
      if (l < 0) continue;
      const int j = s.cols[static_cast<std::size_t>(l)];
      if (s.dist[static_cast<std::size_t>(i) * n + j] >= 0.0) s.a[static_cast<std::size_t>(i)] = j;
    }
  }
  return s;
}
}  // namespace

double Ospa(std::span<const Eigen::Vector3d> x, std::span<const Eigen::Vector3d> y, double c,
            double p) {
  if (x.size() > y.size()) std::swap(x, y);
  const int m = static_cast<int>(x.size()), n = static_cast<int>(y.size());
  if (n == 0) return 0.0;
  const AssignmentScratch& s = CutoffAssignment(x, y, c, p);
  const double cp = PowP(c, p);
  double sum = cp * (n - m);
  for (int i = 0; i < m; ++i) {
    const int j = s.a[static_cast<std::size_t>(i)];
    sum += j >= 0 ? PowP(s.dist[static_cast<std::size_t>(i) * n + j], p) : cp;
  }
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
  const int n = static_cast<int>(y.size());
  const AssignmentScratch& s = CutoffAssignment(x, y, c, p);
  const std::vector<int>& a = s.a;
  for (int i = 0; i < m; ++i) {
    if (a[i] < 0) continue;
    const double d = s.dist[static_cast<std::size_t>(i) * n + a[i]];  // < c
    ++g.num_assigned;
    g.localisation += PowP(d, p);
    // x[i] and y[a[i]] are (truth, estimate), or (estimate, truth) when swapped.
    if (swapped) {
      estimate_to_truth[static_cast<std::size_t>(i)] = a[i];
    } else {
      estimate_to_truth[static_cast<std::size_t>(a[i])] = i;
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
