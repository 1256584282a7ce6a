// Weapon-target assignment: hand cases, exact solver against an independent brute-force
// enumeration, heuristic optimality gap over random instances.
#include "models/engagement/wta.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include "models/common/random.h"

namespace bmd::engagement {
namespace {

WtaProblem MakeProblem(int m, int n) {
  WtaProblem p;
  p.num_fire_units = m;
  p.num_threats = n;
  p.threat_value.assign(static_cast<std::size_t>(n), 1.0);
  p.inventory.assign(static_cast<std::size_t>(m), 1);
  p.max_salvo.assign(static_cast<std::size_t>(m), 1);
  p.pk.assign(static_cast<std::size_t>(m * n), 0.0);
  return p;
}

TEST(Wta, SingleRoundGoesToLargestValueTimesPk) {
  WtaProblem p = MakeProblem(1, 3);
  p.threat_value = {10.0, 30.0, 20.0};
  p.pk = {0.9, 0.2, 0.5};  // V p = 9, 6, 10 -> threat 2
  for (const WtaSolution& s : {SolveWtaExact(p), SolveWtaHeuristic(p)}) {
    EXPECT_EQ(s.shots, (std::vector<int>{0, 0, 1}));
    EXPECT_NEAR(s.expected_value, 10.0, 1e-12);
  }
}

TEST(Wta, LocalSearchRepairsGreedyTrap) {
  // Greedy takes A->1 (0.9) and is left with B->2 (0.1): 1.0. The optimum crosses over,
  // A->2 and B->1: 0.8 + 0.8 = 1.6. The swap move must find it.
  WtaProblem p = MakeProblem(2, 2);
  p.pk = {0.9, 0.8,   // unit A
          0.8, 0.1};  // unit B
  const WtaSolution exact = SolveWtaExact(p);
  const WtaSolution heur = SolveWtaHeuristic(p);
  EXPECT_TRUE(exact.proven_optimal);
  EXPECT_NEAR(exact.expected_value, 1.6, 1e-12);
  EXPECT_NEAR(heur.expected_value, 1.6, 1e-12);
  EXPECT_EQ(exact.shots, (std::vector<int>{0, 1, 1, 0}));
}

TEST(Wta, SalvoOnOneThreatFollowsIndependentShots) {
  // One unit, 3 rounds, salvo limit 3, one threat: all three at it, 1 - 0.4^3.
  WtaProblem p = MakeProblem(1, 1);
  p.inventory = {3};
  p.max_salvo = {3};
  p.pk = {0.6};
  const WtaSolution s = SolveWtaExact(p);
  EXPECT_EQ(s.shots[0], 3);
  EXPECT_NEAR(s.expected_value, 1.0 - 0.4 * 0.4 * 0.4, 1e-12);
  p.max_shots_per_threat = {2};  // per-threat limit binds
  EXPECT_EQ(SolveWtaExact(p).shots[0], 2);
  EXPECT_EQ(SolveWtaHeuristic(p).shots[0], 2);
}

TEST(Wta, MinPkToCommitAndLayerLimit) {
  WtaProblem p = MakeProblem(3, 1);
  p.pk = {0.5, 0.3, 0.2};
  p.min_pk_to_commit = 0.25;  // unit 2 (0.2) may never fire
  for (const WtaSolution& s : {SolveWtaExact(p), SolveWtaHeuristic(p)}) {
    EXPECT_EQ(s.shots, (std::vector<int>{1, 1, 0}));
  }
  p.max_layers_per_threat = 1;  // only the best unit
  for (const WtaSolution& s : {SolveWtaExact(p), SolveWtaHeuristic(p)}) {
    EXPECT_EQ(s.shots, (std::vector<int>{1, 0, 0}));
  }
}

TEST(Wta, ValidateReportsEveryError) {
  WtaProblem p = MakeProblem(2, 2);
  p.pk[1] = 1.5;
  p.inventory = {1};
  p.max_salvo[0] = 0;
  const auto errors = p.Validate();
  EXPECT_EQ(errors.size(), 3u);
  EXPECT_TRUE(MakeProblem(2, 3).Validate().empty());
}

TEST(Wta, ThreatValuesFromAssets) {
  const auto v = ThreatValues({100.0, 40.0}, {1, 0, 0}, {0.5, 1.0, 0.25});
  EXPECT_EQ(v, (std::vector<double>{20.0, 100.0, 25.0}));
}

TEST(Wta, NodeBudgetIsReported) {
  WtaProblem p = MakeProblem(3, 4);
  p.pk = {0.5, 0.6, 0.7, 0.4, 0.3, 0.8, 0.2, 0.6, 0.9, 0.1, 0.5, 0.5};
  p.inventory = {2, 2, 2};
  const WtaSolution s = SolveWtaExact(p, 1);
  EXPECT_FALSE(s.proven_optimal);
  EXPECT_TRUE(IsFeasible(p, s.shots));  // still the heuristic seed: usable
}

// ---------------------------------------------------------------------------------------
// Independent reference: enumerate every x with 0 <= x_ij <= max_salvo_i on engageable
// pairs, keep those satisfying the constraints as stated in the brief, evaluate the
// objective from scratch. Shares no code with the solvers.
double BruteForce(const WtaProblem& p) {
  const int m = p.num_fire_units, n = p.num_threats;
  std::vector<int> x(static_cast<std::size_t>(m * n), 0);
  double best = 0.0;
  std::function<void(int)> rec = [&](int k) {
    if (k == m * n) {
      for (int i = 0; i < m; ++i) {
        int used = 0;
        for (int j = 0; j < n; ++j) used += x[static_cast<std::size_t>(i * n + j)];
        if (used > p.inventory[static_cast<std::size_t>(i)]) return;
      }
      double f = 0.0;
      for (int j = 0; j < n; ++j) {
        int shots = 0, layers = 0;
        double survive = 1.0;
        for (int i = 0; i < m; ++i) {
          const int xij = x[static_cast<std::size_t>(i * n + j)];
          shots += xij;
          if (xij > 0) ++layers;
          for (int s = 0; s < xij; ++s) survive *= 1.0 - p.pk[static_cast<std::size_t>(i * n + j)];
        }
        if (!p.max_shots_per_threat.empty() && shots > p.max_shots_per_threat[static_cast<std::size_t>(j)]) return;
        if (p.max_layers_per_threat > 0 && layers > p.max_layers_per_threat) return;
        f += p.threat_value[static_cast<std::size_t>(j)] * (1.0 - survive);
      }
      best = std::max(best, f);
      return;
    }
    const int i = k / n;
    const double pk = p.pk[static_cast<std::size_t>(k)];
    const int hi = (pk > 0.0 && pk >= p.min_pk_to_commit) ? p.max_salvo[static_cast<std::size_t>(i)] : 0;
    for (int v = 0; v <= hi; ++v) {
      x[static_cast<std::size_t>(k)] = v;
      rec(k + 1);
    }
    x[static_cast<std::size_t>(k)] = 0;
  };
  rec(0);
  return best;
}

WtaProblem RandomProblem(RandomStream& rng, int max_units, int max_threats) {
  // Half of the instances at the full size, the rest smaller.
  const bool full = rng.Bernoulli(0.5);
  const int m = full ? max_units : 1 + static_cast<int>(rng.UniformIndex(static_cast<std::uint64_t>(max_units)));
  const int n = full ? max_threats : 1 + static_cast<int>(rng.UniformIndex(static_cast<std::uint64_t>(max_threats)));
  WtaProblem p = MakeProblem(m, n);
  for (auto& v : p.threat_value) v = rng.Uniform(1.0, 100.0);
  for (auto& v : p.inventory) v = static_cast<int>(rng.UniformIndex(4));   // 0..3
  for (auto& v : p.max_salvo) v = 1 + static_cast<int>(rng.UniformIndex(2));  // 1..2
  for (auto& v : p.pk) v = rng.Bernoulli(0.25) ? 0.0 : rng.Uniform(0.05, 0.95);
  if (rng.Bernoulli(0.5)) {
    p.max_shots_per_threat.resize(static_cast<std::size_t>(n));
    for (auto& v : p.max_shots_per_threat) v = 1 + static_cast<int>(rng.UniformIndex(3));
  }
  p.max_layers_per_threat = static_cast<int>(rng.UniformIndex(3));  // 0 (none), 1, 2
  p.min_pk_to_commit = rng.Bernoulli(0.3) ? rng.Uniform(0.2, 0.6) : 0.0;
  return p;
}

TEST(Wta, ExactEqualsBruteForceAndHeuristicGapIsSmall) {
  RandomStream rng(20240601, 0, 1, Purpose::kTest);
  const int kInstances = 400;
  double gap_sum = 0.0, gap_worst = 0.0;
  int exact_hits_for_heuristic = 0;
  for (int k = 0; k < kInstances; ++k) {
    const WtaProblem p = RandomProblem(rng, 3, 4);  // up to 3 fire units x 4 threats
    ASSERT_TRUE(p.Validate().empty());
    const double ref = BruteForce(p);
    // Values are sums of at most 4 terms of size <= 100 computed in different orders:
    // agreement to 1e-9 relative is rounding, anything larger is a wrong assignment.
    // The search is checked on its own too (unseeded), since a good seed can hide a
    // broken bound.
    for (bool seeded : {true, false}) {
      const WtaSolution exact = SolveWtaExact(p, 20'000'000, seeded);
      ASSERT_TRUE(exact.proven_optimal);
      ASSERT_TRUE(IsFeasible(p, exact.shots));
      EXPECT_NEAR(exact.expected_value, ref, 1e-9 * std::max(1.0, ref)) << "instance " << k << " seeded " << seeded;
    }
    const WtaSolution heur = SolveWtaHeuristic(p);
    ASSERT_TRUE(IsFeasible(p, heur.shots));
    EXPECT_LE(heur.expected_value, ref + 1e-9 * std::max(1.0, ref));
    const double gap = ref > 0.0 ? (ref - heur.expected_value) / ref : 0.0;
    gap_sum += gap;
    gap_worst = std::max(gap_worst, gap);
    if (gap < 1e-12) ++exact_hits_for_heuristic;
  }
  const double gap_avg = gap_sum / kInstances;
  std::printf("WTA heuristic gap over %d random instances (<= 3 units x 4 threats): average %.4f %%, worst %.4f %%, optimal in %d\n",
              kInstances, 100.0 * gap_avg, 100.0 * gap_worst, exact_hits_for_heuristic);
  // Brief: average gap <= 5 %. A heuristic without local search (pure greedy) fails the
  // worst-case figure below on the trap instance above; the average bound is the spec.
  EXPECT_LE(gap_avg, 0.05);
  EXPECT_LE(gap_worst, 0.25);
}

TEST(Wta, HeuristicGapOnMediumInstancesAgainstBranchAndBound) {
  // Larger than brute force can reach (up to 5 units x 6 threats, 3 rounds each): compare
  // with the exact branch and bound, which is itself checked against brute force above.
  RandomStream rng(20240601, 0, 2, Purpose::kTest);
  const int kInstances = 60;
  double gap_sum = 0.0, gap_worst = 0.0;
  int proven = 0;
  for (int k = 0; k < kInstances; ++k) {
    WtaProblem p = RandomProblem(rng, 5, 6);
    const WtaSolution exact = SolveWtaExact(p, 2'000'000);
    if (!exact.proven_optimal) continue;
    ++proven;
    const WtaSolution heur = SolveWtaHeuristic(p);
    const double gap = exact.expected_value > 0.0 ? (exact.expected_value - heur.expected_value) / exact.expected_value : 0.0;
    EXPECT_GE(gap, -1e-9);  // the heuristic can never beat a proven optimum
    gap_sum += gap;
    gap_worst = std::max(gap_worst, gap);
  }
  ASSERT_GT(proven, kInstances / 2);
  std::printf("WTA heuristic gap over %d medium instances (<= 5 units x 6 threats): average %.4f %%, worst %.4f %%\n",
              proven, 100.0 * gap_sum / proven, 100.0 * gap_worst);
  EXPECT_LE(gap_sum / proven, 0.05);
}

TEST(Wta, LargeRaidHeuristicIsFeasibleAndUsesRounds) {
  RandomStream rng(7, 0, 3, Purpose::kTest);
  WtaProblem p = MakeProblem(20, 50);
  for (auto& v : p.threat_value) v = rng.Uniform(1.0, 100.0);
  for (auto& v : p.inventory) v = 2 + static_cast<int>(rng.UniformIndex(7));
  for (auto& v : p.max_salvo) v = 2;
  for (auto& v : p.pk) v = rng.Bernoulli(0.6) ? 0.0 : rng.Uniform(0.3, 0.9);
  p.max_shots_per_threat.assign(50, 4);
  const WtaSolution s = SolveWtaHeuristic(p);
  EXPECT_TRUE(IsFeasible(p, s.shots));
  // Every round of a unit that can still gain something must be used: a unit with rounds
  // left implies no threat it can reach has room for it.
  for (int i = 0; i < p.num_fire_units; ++i) {
    int used = 0;
    for (int j = 0; j < p.num_threats; ++j) used += s.Shots(i, j, p.num_threats);
    if (used == p.inventory[static_cast<std::size_t>(i)]) continue;
    for (int j = 0; j < p.num_threats; ++j) {
      int on_j = 0;
      for (int l = 0; l < p.num_fire_units; ++l) on_j += s.Shots(l, j, p.num_threats);
      const bool room = p.Pk(i, j) > 0.0 && s.Shots(i, j, p.num_threats) < 2 && on_j < 4;
      EXPECT_FALSE(room) << "unit " << i << " idle with room on threat " << j;
    }
  }
}

}  // namespace
}  // namespace bmd::engagement
