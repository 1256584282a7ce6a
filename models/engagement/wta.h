#pragma once
/// Weapon-target assignment (WTA): how many interceptors each fire unit commits to each
/// threat.
///
/// Model (static WTA, Manne/denBroeder): fire unit i, threat j, x_ij >= 0 shots,
/// single-shot kill probability p_ij (independent shots), threat value V_j. Maximise the
/// expected protected value
///     F(x) = sum_j V_j (1 - prod_i (1 - p_ij)^x_ij)
/// subject to
///     sum_j x_ij <= inventory_i                      (rounds on hand)
///     x_ij <= max_salvo_i                            (shots one unit fires at one threat)
///     sum_i x_ij <= max_shots_per_threat_j           (optional)
///     #{i : x_ij > 0} <= max_layers_per_threat       (optional: distinct units/layers per threat)
///     x_ij = 0 unless p_ij >= min_pk_to_commit and p_ij > 0   (p_ij = 0: not engageable)
/// Two solvers: SolveWtaExact (depth-first branch and bound, proven optimal within a node
/// budget) for small problems, SolveWtaHeuristic (maximum marginal return + local search)
/// for raids. Neither is a per-tick function: call them when the threat picture or the
/// inventory changes (an engagement-planning event); they allocate.
#include <cstdint>
#include <string>
#include <vector>

namespace bmd::engagement {

struct WtaProblem {
  int num_fire_units = 0;
  int num_threats = 0;
  std::vector<double> threat_value;  ///< V_j >= 0, size num_threats (see ThreatValues())
  std::vector<int> inventory;        ///< rounds per fire unit, size num_fire_units
  std::vector<int> max_salvo;        ///< per fire unit, max shots at one threat (>= 1)
  /// Single-shot Pk, row-major [i * num_threats + j], in [0, 1]; 0 = cannot engage.
  std::vector<double> pk;
  std::vector<int> max_shots_per_threat;  ///< size num_threats, or empty = no limit
  int max_layers_per_threat = 0;          ///< distinct fire units per threat; 0 = no limit
  double min_pk_to_commit = 0.0;          ///< pairs below this Pk are never assigned

  double Pk(int unit, int threat) const { return pk[static_cast<std::size_t>(unit * num_threats + threat)]; }
  /// Every inconsistency found (sizes, ranges), empty when the problem is well formed.
  std::vector<std::string> Validate() const;
};

/// V_j = asset_value[threatened_asset[j]] * p_leak[j]: the value at stake if threat j
/// leaks (p_leak = probability that the threat, unopposed, destroys its asset; empty means
/// 1). Threats aimed at one asset add up linearly - the threat-value form of the objective.
std::vector<double> ThreatValues(const std::vector<double>& asset_value, const std::vector<int>& threatened_asset,
                                 const std::vector<double>& p_leak = {});

struct WtaSolution {
  std::vector<int> shots;       ///< x_ij, row-major like WtaProblem::pk
  double expected_value = 0.0;  ///< F(x)
  bool proven_optimal = false;  ///< exact solver finished within its node budget
  std::int64_t nodes = 0;       ///< branch-and-bound nodes (exact) or moves tried (heuristic)

  int Shots(int unit, int threat, int num_threats) const {
    return shots[static_cast<std::size_t>(unit * num_threats + threat)];
  }
};

/// F(x) for any x (feasible or not).
double ExpectedProtectedValue(const WtaProblem& p, const std::vector<int>& shots);
/// Whether x satisfies every constraint of p.
bool IsFeasible(const WtaProblem& p, const std::vector<int>& shots);

/// Exact: depth-first branch and bound over x_ij (threats by decreasing value, units within
/// a threat), largest shot count first, seeded with the heuristic solution. Bound at a node:
/// assigned value + for every open threat V_j (1 - S_j * prod of its best remaining shots),
/// where each unit offers min(cap, rounds left) shots and the threat takes the best
/// max_shots_j of them - inventory sharing between threats and the layer limit are relaxed,
/// so the bound is optimistic and pruning is safe. Stops after max_nodes nodes
/// (proven_optimal = false, best solution so far). seed_with_heuristic = false starts from
/// the empty assignment (for testing the search on its own).
WtaSolution SolveWtaExact(const WtaProblem& p, std::int64_t max_nodes = 20'000'000,
                          bool seed_with_heuristic = true);

struct WtaHeuristicOptions {
  int max_passes = 50;  ///< local-search passes over all moves
};

/// Heuristic for large raids:
///  1. maximum marginal return: repeatedly add the single feasible shot with the largest
///     gain V_j S_j p_ij (S_j = current survival of threat j), until no shot gains;
///  2. local search, first improvement, until a full pass finds nothing (or max_passes):
///     move one shot of unit i from threat j to threat k; swap the targets of two shots of
///     different units (i: j->k, l: k->j); then greedy additions again (a move may free
///     room under a per-threat limit).
/// Survival bookkeeping is O(1) per candidate (log-survival sums, with certain-kill shots
/// counted separately), so 50 threats x 20 units solve in about a millisecond.
WtaSolution SolveWtaHeuristic(const WtaProblem& p, const WtaHeuristicOptions& options = {});

}  // namespace bmd::engagement
