#include "models/engagement/wta.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

namespace bmd::engagement {
namespace {

constexpr int kNoLimit = std::numeric_limits<int>::max();

std::size_t Idx(const WtaProblem& p, int i, int j) { return static_cast<std::size_t>(i * p.num_threats + j); }

int MaxShotsOn(const WtaProblem& p, int j) {
  return p.max_shots_per_threat.empty() ? kNoLimit : p.max_shots_per_threat[static_cast<std::size_t>(j)];
}
int MaxLayers(const WtaProblem& p) { return p.max_layers_per_threat > 0 ? p.max_layers_per_threat : kNoLimit; }

bool Engageable(const WtaProblem& p, int i, int j) {
  const double pk = p.Pk(i, j);
  return pk > 0.0 && pk >= p.min_pk_to_commit;
}

// Largest x_ij allowed by the single-pair constraints.
int Cap(const WtaProblem& p, int i, int j) {
  if (!Engageable(p, i, j)) return 0;
  const auto ui = static_cast<std::size_t>(i);
  return std::max(0, std::min({p.max_salvo[ui], p.inventory[ui], MaxShotsOn(p, j)}));
}

// ---------------------------------------------------------------------------------------
// Heuristic: incremental state with O(1) survival updates.
class HeuristicState {
 public:
  explicit HeuristicState(const WtaProblem& p)
      : p_(p),
        m_(p.num_fire_units),
        n_(p.num_threats),
        x_(static_cast<std::size_t>(m_ * n_), 0),
        cap_(x_.size(), 0),
        log_q_(x_.size(), 0.0),
        certain_(x_.size(), 0),
        inv_left_(p.inventory),
        shots_on_(static_cast<std::size_t>(n_), 0),
        layers_on_(static_cast<std::size_t>(n_), 0),
        log_s_(static_cast<std::size_t>(n_), 0.0),
        zeros_(static_cast<std::size_t>(n_), 0),
        max_layers_(MaxLayers(p)) {
    for (int i = 0; i < m_; ++i) {
      for (int j = 0; j < n_; ++j) {
        const std::size_t k = Idx(p, i, j);
        cap_[k] = Cap(p, i, j);
        const double q = 1.0 - p.pk[k];
        certain_[k] = q <= 0.0 ? 1 : 0;
        log_q_[k] = q <= 0.0 ? 0.0 : std::log1p(-p.pk[k]);
      }
    }
  }

  double Survival(int j) const { return SurvivalAfter(j, 0.0, 0); }
  double SurvivalAfter(int j, double d_log, int d_zero) const {
    const auto u = static_cast<std::size_t>(j);
    return zeros_[u] + d_zero > 0 ? 0.0 : std::exp(log_s_[u] + d_log);
  }
  double Value(int j) const { return p_.threat_value[static_cast<std::size_t>(j)]; }
  double Pk(int i, int j) const { return p_.pk[Idx(p_, i, j)]; }
  int X(int i, int j) const { return x_[Idx(p_, i, j)]; }

  // Room to add one shot of unit i on threat j, given `inventory_ok`.
  bool RoomOn(int i, int j) const {
    const std::size_t k = Idx(p_, i, j);
    const auto uj = static_cast<std::size_t>(j);
    if (x_[k] >= cap_[k]) return false;
    if (shots_on_[uj] >= MaxShotsOn(p_, j)) return false;
    if (x_[k] == 0 && layers_on_[uj] >= max_layers_) return false;
    return true;
  }
  bool CanAdd(int i, int j) const { return inv_left_[static_cast<std::size_t>(i)] > 0 && RoomOn(i, j); }
  double AddGain(int i, int j) const { return Value(j) * Survival(j) * Pk(i, j); }

  void Add(int i, int j) { Change(i, j, +1); }
  void Remove(int i, int j) { Change(i, j, -1); }

  // Rebuild the survival sums of one threat from scratch (keeps rounding from drifting).
  void Refresh(int j) {
    const auto uj = static_cast<std::size_t>(j);
    double s = 0.0;
    int z = 0;
    for (int i = 0; i < m_; ++i) {
      const std::size_t k = Idx(p_, i, j);
      if (x_[k] == 0) continue;
      if (certain_[k]) z += x_[k];
      else s += x_[k] * log_q_[k];
    }
    log_s_[uj] = s;
    zeros_[uj] = z;
  }

  const WtaProblem& p_;
  const int m_, n_;
  std::vector<int> x_, cap_;
  std::vector<double> log_q_;
  std::vector<char> certain_;
  std::vector<int> inv_left_, shots_on_, layers_on_;
  std::vector<double> log_s_;
  std::vector<int> zeros_;
  const int max_layers_;

 private:
  void Change(int i, int j, int d) {
    const std::size_t k = Idx(p_, i, j);
    const auto uj = static_cast<std::size_t>(j);
    if (d > 0 && x_[k] == 0) ++layers_on_[uj];
    x_[k] += d;
    if (d < 0 && x_[k] == 0) --layers_on_[uj];
    inv_left_[static_cast<std::size_t>(i)] -= d;
    shots_on_[uj] += d;
    if (certain_[k]) zeros_[uj] += d;
    else log_s_[uj] += d * log_q_[k];
  }
};

// Survival change terms for one shot of unit i on threat j.
inline double LogQ(const HeuristicState& s, int i, int j) { return s.log_q_[Idx(s.p_, i, j)]; }
inline int Certain(const HeuristicState& s, int i, int j) { return s.certain_[Idx(s.p_, i, j)]; }

// A one-shot change (unit, threat, +1/-1); threat -1 = no-op placeholder.
struct Change {
  int unit, threat, d;
};

// Exact change of the objective for a set of one-shot changes (each threat's survival
// recomputed from its log-sum with all changes touching it).
double Delta(const HeuristicState& s, const Change* ch, int n) {
  double delta = 0.0;
  for (int a = 0; a < n; ++a) {
    const int j = ch[a].threat;
    if (j < 0) continue;
    bool seen = false;
    for (int b = 0; b < a; ++b) seen = seen || ch[b].threat == j;
    if (seen) continue;
    double d_log = 0.0;
    int d_zero = 0;
    for (int b = a; b < n; ++b) {
      if (ch[b].threat != j) continue;
      d_log += ch[b].d * LogQ(s, ch[b].unit, j);
      d_zero += ch[b].d * Certain(s, ch[b].unit, j);
    }
    delta += s.Value(j) * (s.Survival(j) - s.SurvivalAfter(j, d_log, d_zero));
  }
  return delta;
}

// Whether the state stays feasible after the changes.
bool Feasible(const HeuristicState& s, const Change* ch, int n) {
  for (int a = 0; a < n; ++a) {
    const int i = ch[a].unit, j = ch[a].threat;
    if (j < 0) continue;
    // Net change of x_ij, of unit i's rounds, of threat j's shots and layers.
    int dx = 0, d_inv = 0, d_shots = 0;
    for (int b = 0; b < n; ++b) {
      if (ch[b].threat < 0) continue;
      if (ch[b].unit == i && ch[b].threat == j) dx += ch[b].d;
      if (ch[b].unit == i) d_inv += ch[b].d;
      if (ch[b].threat == j) d_shots += ch[b].d;
    }
    const std::size_t k = Idx(s.p_, i, j);
    const int x = s.x_[k] + dx;
    if (x < 0 || x > s.cap_[k]) return false;
    if (s.inv_left_[static_cast<std::size_t>(i)] - d_inv < 0) return false;
    if (s.shots_on_[static_cast<std::size_t>(j)] + d_shots > MaxShotsOn(s.p_, j)) return false;
    int layers = 0;
    for (int u = 0; u < s.m_; ++u) {
      int xu = s.X(u, j);
      for (int b = 0; b < n; ++b)
        if (ch[b].unit == u && ch[b].threat == j) xu += ch[b].d;
      layers += xu > 0 ? 1 : 0;
    }
    if (layers > s.max_layers_) return false;
  }
  return true;
}

// Step 1: maximum marginal return. Returns the number of shots added.
int GreedyAdd(HeuristicState& s, std::int64_t& tried) {
  int added = 0;
  for (;;) {
    double best_gain = 0.0;
    int bi = -1, bj = -1;
    for (int j = 0; j < s.n_; ++j) {
      const double vs = s.Value(j) * s.Survival(j);
      if (!(vs > 0.0)) continue;
      for (int i = 0; i < s.m_; ++i) {
        ++tried;
        if (!s.CanAdd(i, j)) continue;
        const double g = vs * s.Pk(i, j);
        if (g > best_gain) {
          best_gain = g;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0) return added;
    s.Add(bi, bj);
    ++added;
  }
}

// Step 2: one local-search pass with first improvement. Returns true if anything improved.
bool LocalSearchPass(HeuristicState& s, std::int64_t& tried) {
  const double eps = 1e-12 * std::max(1.0, std::accumulate(s.p_.threat_value.begin(), s.p_.threat_value.end(), 0.0));
  bool improved = false;
  for (int i = 0; i < s.m_; ++i) {
    for (int j = 0; j < s.n_; ++j) {
      if (s.X(i, j) == 0) continue;
      // Loss on threat j when this shot leaves it.
      const double s_j = s.Survival(j);
      const double s_j_minus = s.SurvivalAfter(j, -LogQ(s, i, j), -Certain(s, i, j));
      const double loss = s.Value(j) * (s_j_minus - s_j);
      // (a) move the shot to another threat k.
      for (int k = 0; k < s.n_ && s.X(i, j) > 0; ++k) {
        if (k == j) continue;
        ++tried;
        if (!s.RoomOn(i, k)) continue;
        if (s.AddGain(i, k) - loss > eps) {
          s.Remove(i, j);
          s.Add(i, k);
          s.Refresh(j);
          s.Refresh(k);
          improved = true;
          break;
        }
      }
      if (s.X(i, j) == 0) continue;
      // (b) swap targets with a shot of another unit l on threat k: i: j->k, l: k->j.
      for (int l = 0; l < s.m_ && s.X(i, j) > 0; ++l) {
        if (l == i) continue;
        for (int k = 0; k < s.n_; ++k) {
          if (k == j || s.X(l, k) == 0) continue;
          ++tried;
          const std::size_t ik = Idx(s.p_, i, k), lj = Idx(s.p_, l, j);
          if (s.x_[ik] >= s.cap_[ik] || s.x_[lj] >= s.cap_[lj]) continue;
          const int layers_j = s.layers_on_[static_cast<std::size_t>(j)] - (s.X(i, j) == 1) + (s.X(l, j) == 0);
          const int layers_k = s.layers_on_[static_cast<std::size_t>(k)] - (s.X(l, k) == 1) + (s.X(i, k) == 0);
          if (layers_j > s.max_layers_ || layers_k > s.max_layers_) continue;
          const double new_j = s.SurvivalAfter(j, LogQ(s, l, j) - LogQ(s, i, j), Certain(s, l, j) - Certain(s, i, j));
          const double new_k = s.SurvivalAfter(k, LogQ(s, i, k) - LogQ(s, l, k), Certain(s, i, k) - Certain(s, l, k));
          const double delta = s.Value(j) * (s.Survival(j) - new_j) + s.Value(k) * (s.Survival(k) - new_k);
          if (delta > eps) {
            s.Remove(i, j);
            s.Remove(l, k);
            s.Add(i, k);
            s.Add(l, j);
            s.Refresh(j);
            s.Refresh(k);
            improved = true;
            break;
          }
        }
      }
      if (s.X(i, j) == 0) continue;
      // (c) hand the slot on j to another unit l, whose round comes from its spare
      //     inventory or from one of its shots on a threat k2 (a 3-cycle when i's freed
      //     round then goes to the best threat k it can reach).
      // Destinations for i's freed round: the three best by marginal gain now (changes
      // elsewhere touch at most two other threats), plus k2 itself, checked exactly.
      int top[3] = {-1, -1, -1};
      double top_gain[3] = {0.0, 0.0, 0.0};
      for (int k = 0; k < s.n_; ++k) {
        if (k == j || !s.RoomOn(i, k)) continue;
        const double g = s.AddGain(i, k);
        for (int r = 0; r < 3; ++r) {
          if (top[r] < 0 || g > top_gain[r]) {
            for (int q = 2; q > r; --q) {
              top[q] = top[q - 1];
              top_gain[q] = top_gain[q - 1];
            }
            top[r] = k;
            top_gain[r] = g;
            break;
          }
        }
      }
      bool done = false;
      for (int l = 0; l < s.m_ && !done; ++l) {
        if (l == i) continue;
        const std::size_t lj = Idx(s.p_, l, j);
        if (s.x_[lj] >= s.cap_[lj]) continue;
        const int layers_j = s.layers_on_[static_cast<std::size_t>(j)] - (s.X(i, j) == 1) + (s.X(l, j) == 0);
        if (layers_j > s.max_layers_) continue;
        for (int k2 = -1; k2 < s.n_ && !done; ++k2) {  // k2 = -1: spare round
          if (k2 == -1 ? s.inv_left_[static_cast<std::size_t>(l)] == 0 : (k2 == j || s.X(l, k2) == 0)) continue;
          ++tried;
          // Change set: i leaves j, l joins j, l leaves k2, then i joins a threat k.
          Change ch[4] = {{i, j, -1}, {l, j, +1}, {l, k2, -1}, {i, -1, +1}};
          const int n_ch = k2 == -1 ? 2 : 3;
          double best = Feasible(s, ch, n_ch) ? Delta(s, ch, n_ch) : -1.0;
          int best_k = -1;
          const int cands[4] = {top[0], top[1], top[2], k2};
          for (int k : cands) {
            if (k < 0 || k == j) continue;
            ch[n_ch] = {i, k, +1};
            if (!Feasible(s, ch, n_ch + 1)) continue;
            const double d = Delta(s, ch, n_ch + 1);
            if (d > best) {
              best = d;
              best_k = k;
            }
          }
          if (best > eps) {
            s.Remove(i, j);
            s.Add(l, j);
            if (k2 >= 0) s.Remove(l, k2);
            if (best_k >= 0) s.Add(i, best_k);
            s.Refresh(j);
            if (k2 >= 0) s.Refresh(k2);
            if (best_k >= 0) s.Refresh(best_k);
            improved = done = true;
          }
        }
      }
      if (s.X(i, j) == 0) continue;
      // (d) replace unit i's whole engagement of j (a layer) by as many shots of a unit l
      //     not yet on j as its spare rounds and limits allow (what single-shot moves
      //     cannot see when a layer limit binds); i's rounds are re-added greedily later.
      for (int l = 0; l < s.m_; ++l) {
        if (l == i || s.X(l, j) > 0) continue;
        const std::size_t lj = Idx(s.p_, l, j);
        const int xi = s.X(i, j);
        const int room_shots = MaxShotsOn(s.p_, j) == kNoLimit ? kNoLimit : MaxShotsOn(s.p_, j) - s.shots_on_[static_cast<std::size_t>(j)] + xi;
        const int c = std::min({s.cap_[lj], s.inv_left_[static_cast<std::size_t>(l)], room_shots});
        if (c <= xi) continue;  // no more shots than now: covered by (c)
        ++tried;
        const double new_j = s.SurvivalAfter(j, c * LogQ(s, l, j) - xi * LogQ(s, i, j),
                                             c * Certain(s, l, j) - xi * Certain(s, i, j));
        if (s.Value(j) * (s.Survival(j) - new_j) > eps) {
          for (int r = 0; r < xi; ++r) s.Remove(i, j);
          for (int r = 0; r < c; ++r) s.Add(l, j);
          s.Refresh(j);
          improved = true;
          break;
        }
      }
    }
  }
  return improved;
}

// ---------------------------------------------------------------------------------------
// Exact branch and bound.
class BranchAndBound {
 public:
  BranchAndBound(const WtaProblem& p, std::int64_t max_nodes) : p_(p), max_nodes_(max_nodes) {
    const int m = p.num_fire_units, n = p.num_threats;
    order_.resize(static_cast<std::size_t>(n));
    std::iota(order_.begin(), order_.end(), 0);
    std::stable_sort(order_.begin(), order_.end(), [&](int a, int b) {
      return p.threat_value[static_cast<std::size_t>(a)] > p.threat_value[static_cast<std::size_t>(b)];
    });
    units_.resize(static_cast<std::size_t>(n));
    for (int j = 0; j < n; ++j) {
      for (int i = 0; i < m; ++i) {
        if (Cap(p, i, j) > 0) units_[static_cast<std::size_t>(j)].push_back(i);
      }
      // Best units first: good solutions early, tighter pruning.
      std::stable_sort(units_[static_cast<std::size_t>(j)].begin(), units_[static_cast<std::size_t>(j)].end(),
                       [&](int a, int b) { return p.Pk(a, j) > p.Pk(b, j); });
    }
    inv_left_ = p.inventory;
    x_.assign(static_cast<std::size_t>(m * n), 0);
    scratch_.reserve(static_cast<std::size_t>(m) * 8);
    const double total = std::accumulate(p.threat_value.begin(), p.threat_value.end(), 0.0);
    tol_ = 1e-12 * std::max(1.0, total);
  }

  void Seed(const std::vector<int>& x, double value) {
    best_x_ = x;
    best_ = value;
  }

  void Run() { Dfs(0, 0, 1.0, 0, 0, 0.0); }

  const WtaProblem& p_;
  const std::int64_t max_nodes_;
  std::int64_t nodes_ = 0;
  bool aborted_ = false;
  double best_ = -1.0;
  std::vector<int> best_x_;

 private:
  // Smallest survival threat j can reach using units from position `from` on, with
  // `shots_used` shots already on it: the best (smallest-q) available shots up to the
  // per-threat limit; layer limit and inventory sharing relaxed.
  double BestSurvival(int j, std::size_t from, int shots_used) {
    const auto& us = units_[static_cast<std::size_t>(j)];
    scratch_.clear();
    for (std::size_t a = from; a < us.size(); ++a) {
      const int i = us[a];
      const int c = std::min(Cap(p_, i, j), inv_left_[static_cast<std::size_t>(i)]);
      if (c > 0) scratch_.push_back({1.0 - p_.Pk(i, j), c});
    }
    int room = MaxShotsOn(p_, j) - shots_used;
    double s = 1.0;
    if (room <= 0 || scratch_.empty()) return s;
    std::sort(scratch_.begin(), scratch_.end());
    for (const auto& [q, c] : scratch_) {
      const int take = std::min(c, room);
      s *= std::pow(q, take);
      room -= take;
      if (room <= 0) break;
    }
    return s;
  }

  void Dfs(std::size_t ti, std::size_t ui, double s_cur, int shots_cur, int layers_cur, double closed) {
    if (aborted_) return;
    if (++nodes_ > max_nodes_) {
      aborted_ = true;
      return;
    }
    if (ti == order_.size()) {
      if (closed > best_ + tol_) {
        best_ = closed;
        best_x_ = x_;
      }
      return;
    }
    const int j = order_[ti];
    const double v_j = p_.threat_value[static_cast<std::size_t>(j)];
    const auto& us = units_[static_cast<std::size_t>(j)];
    if (ui == us.size()) {
      Dfs(ti + 1, 0, 1.0, 0, 0, closed + v_j * (1.0 - s_cur));
      return;
    }
    // Optimistic bound.
    double bound = closed + v_j * (1.0 - s_cur * BestSurvival(j, ui, shots_cur));
    for (std::size_t t = ti + 1; t < order_.size(); ++t) {
      const int jj = order_[t];
      bound += p_.threat_value[static_cast<std::size_t>(jj)] * (1.0 - BestSurvival(jj, 0, 0));
    }
    if (bound <= best_ + tol_) return;

    const int i = us[ui];
    const auto u_i = static_cast<std::size_t>(i);
    int max_x = std::min({Cap(p_, i, j), inv_left_[u_i], MaxShotsOn(p_, j) - shots_cur});
    if (layers_cur >= MaxLayers(p_)) max_x = 0;
    const double q = 1.0 - p_.Pk(i, j);
    const std::size_t k = Idx(p_, i, j);
    for (int x = std::max(0, max_x); x >= 0; --x) {
      x_[k] = x;
      inv_left_[u_i] -= x;
      Dfs(ti, ui + 1, s_cur * std::pow(q, x), shots_cur + x, layers_cur + (x > 0 ? 1 : 0), closed);
      inv_left_[u_i] += x;
    }
    x_[k] = 0;
  }

  std::vector<int> order_;
  std::vector<std::vector<int>> units_;
  std::vector<int> inv_left_, x_;
  std::vector<std::pair<double, int>> scratch_;
  double tol_ = 0.0;
};

}  // namespace

std::vector<std::string> WtaProblem::Validate() const {
  std::vector<std::string> errors;
  const auto m = static_cast<std::size_t>(std::max(0, num_fire_units));
  const auto n = static_cast<std::size_t>(std::max(0, num_threats));
  if (num_fire_units < 0) errors.push_back("num_fire_units < 0");
  if (num_threats < 0) errors.push_back("num_threats < 0");
  if (threat_value.size() != n) errors.push_back("threat_value size != num_threats");
  if (inventory.size() != m) errors.push_back("inventory size != num_fire_units");
  if (max_salvo.size() != m) errors.push_back("max_salvo size != num_fire_units");
  if (pk.size() != m * n) errors.push_back("pk size != num_fire_units * num_threats");
  if (!max_shots_per_threat.empty() && max_shots_per_threat.size() != n)
    errors.push_back("max_shots_per_threat size != num_threats (or empty)");
  for (double v : threat_value)
    if (!(v >= 0.0) || !std::isfinite(v)) errors.push_back("threat_value must be finite and >= 0");
  for (int v : inventory)
    if (v < 0) errors.push_back("inventory must be >= 0");
  for (int v : max_salvo)
    if (v < 1) errors.push_back("max_salvo must be >= 1");
  for (double v : pk)
    if (!(v >= 0.0 && v <= 1.0)) errors.push_back("pk must lie in [0, 1]");
  for (int v : max_shots_per_threat)
    if (v < 0) errors.push_back("max_shots_per_threat must be >= 0");
  if (max_layers_per_threat < 0) errors.push_back("max_layers_per_threat must be >= 0");
  if (!(min_pk_to_commit >= 0.0 && min_pk_to_commit <= 1.0)) errors.push_back("min_pk_to_commit must lie in [0, 1]");
  return errors;
}

std::vector<double> ThreatValues(const std::vector<double>& asset_value, const std::vector<int>& threatened_asset,
                                 const std::vector<double>& p_leak) {
  std::vector<double> v(threatened_asset.size(), 0.0);
  for (std::size_t j = 0; j < v.size(); ++j) {
    const double leak = p_leak.empty() ? 1.0 : p_leak[j];
    v[j] = asset_value[static_cast<std::size_t>(threatened_asset[j])] * leak;
  }
  return v;
}

double ExpectedProtectedValue(const WtaProblem& p, const std::vector<int>& shots) {
  double f = 0.0;
  for (int j = 0; j < p.num_threats; ++j) {
    double s = 1.0;
    for (int i = 0; i < p.num_fire_units; ++i) {
      const int x = shots[Idx(p, i, j)];
      if (x > 0) s *= std::pow(1.0 - p.Pk(i, j), x);
    }
    f += p.threat_value[static_cast<std::size_t>(j)] * (1.0 - s);
  }
  return f;
}

bool IsFeasible(const WtaProblem& p, const std::vector<int>& shots) {
  if (shots.size() != static_cast<std::size_t>(p.num_fire_units * p.num_threats)) return false;
  for (int i = 0; i < p.num_fire_units; ++i) {
    int used = 0;
    for (int j = 0; j < p.num_threats; ++j) {
      const int x = shots[Idx(p, i, j)];
      if (x < 0) return false;
      if (x > 0 && (!Engageable(p, i, j) || x > p.max_salvo[static_cast<std::size_t>(i)])) return false;
      used += x;
    }
    if (used > p.inventory[static_cast<std::size_t>(i)]) return false;
  }
  for (int j = 0; j < p.num_threats; ++j) {
    int total = 0, layers = 0;
    for (int i = 0; i < p.num_fire_units; ++i) {
      const int x = shots[Idx(p, i, j)];
      total += x;
      layers += x > 0 ? 1 : 0;
    }
    if (total > MaxShotsOn(p, j) || layers > MaxLayers(p)) return false;
  }
  return true;
}

WtaSolution SolveWtaHeuristic(const WtaProblem& p, const WtaHeuristicOptions& options) {
  HeuristicState s(p);
  std::int64_t tried = 0;
  GreedyAdd(s, tried);
  for (int pass = 0; pass < options.max_passes; ++pass) {
    const bool improved = LocalSearchPass(s, tried);
    const int added = GreedyAdd(s, tried);
    if (!improved && added == 0) break;
  }
  WtaSolution sol;
  sol.shots = s.x_;
  sol.expected_value = ExpectedProtectedValue(p, sol.shots);
  sol.proven_optimal = false;
  sol.nodes = tried;
  return sol;
}

WtaSolution SolveWtaExact(const WtaProblem& p, std::int64_t max_nodes, bool seed_with_heuristic) {
  BranchAndBound bb(p, max_nodes);
  if (seed_with_heuristic) {
    const WtaSolution seed = SolveWtaHeuristic(p);
    bb.Seed(seed.shots, seed.expected_value);
  } else {
    bb.Seed(std::vector<int>(static_cast<std::size_t>(p.num_fire_units * p.num_threats), 0), 0.0);
  }
  bb.Run();
  WtaSolution sol;
  sol.shots = bb.best_x_;
  sol.expected_value = ExpectedProtectedValue(p, sol.shots);
  sol.proven_optimal = !bb.aborted_;
  sol.nodes = bb.nodes_;
  return sol;
}

}  // namespace bmd::engagement
