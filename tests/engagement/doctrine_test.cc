// Doctrine rules (exact expectations) and kill draw / kill assessment statistics, ending
// with a Monte Carlo of a full shoot-look-shoot against its closed form.
#include "models/engagement/doctrine.h"

#include <gtest/gtest.h>

#include <cmath>

#include "models/engagement/kill_assessment.h"

namespace bmd::engagement {
namespace {

Doctrine Sls() {
  Doctrine d;
  d.policy = FiringPolicy::kShootLookShoot;
  d.salvo_size = 1;
  d.max_engagements = 2;
  d.earliest_launch_s = 100.0;
  d.latest_launch_s = 400.0;
  return d;
}

// Previous intercept at 300 s, KA 10 s, flyout 60 s, battlespace ends 400 s:
// 400 - 300 = 100 > 70, next launch 310 s inside [100, 400].
ReengageQuery GoodQuery() {
  ReengageQuery q;
  q.assessment = KillAssessment::kNoKill;
  q.intercept_s = 300.0;
  q.assessment_delay_s = 10.0;
  q.flyout_time_s = 60.0;
  q.last_intercept_s = 400.0;
  q.engagements_done = 1;
  q.rounds_left = 3;
  return q;
}

TEST(Doctrine, SecondShotAllowedAfterNoKillWithTimeLeft) {
  const ReengageDecision r = MayReengage(Sls(), GoodQuery());
  EXPECT_TRUE(r.allowed());
  EXPECT_DOUBLE_EQ(r.launch_s, 310.0);
  EXPECT_DOUBLE_EQ(r.intercept_s, 370.0);
}

TEST(Doctrine, SecondShotRefusedForEachReason) {
  ReengageQuery q = GoodQuery();
  q.assessment = KillAssessment::kKill;
  EXPECT_EQ(MayReengage(Sls(), q).verdict, ReengageVerdict::kAssessedKilled);

  Doctrine salvo = Sls();
  salvo.policy = FiringPolicy::kSalvo;
  EXPECT_EQ(MayReengage(salvo, GoodQuery()).verdict, ReengageVerdict::kNoLookUnderSalvo);

  q = GoodQuery();
  q.engagements_done = 2;
  EXPECT_EQ(MayReengage(Sls(), q).verdict, ReengageVerdict::kNoEngagementsLeft);

  Doctrine ssls = Sls();
  ssls.salvo_size = 2;
  q = GoodQuery();
  q.rounds_left = 1;
  EXPECT_EQ(MayReengage(ssls, q).verdict, ReengageVerdict::kNoRounds);

  Doctrine window = Sls();
  window.latest_launch_s = 305.0;  // next launch at 310 s is too late
  EXPECT_EQ(MayReengage(window, GoodQuery()).verdict, ReengageVerdict::kOutsideFiringWindow);

  // Time boundary: 400 - 300 = 100 s against KA + flyout. Strictly greater is required.
  q = GoodQuery();
  q.flyout_time_s = 90.0;  // 10 + 90 = 100: not > 100
  EXPECT_EQ(MayReengage(Sls(), q).verdict, ReengageVerdict::kNoTimeLeft);
  q.flyout_time_s = 89.999;
  EXPECT_TRUE(MayReengage(Sls(), q).allowed());
  q.flyout_time_s = 60.0;
  q.assessment_delay_s = 40.0;  // 40 + 60 = 100 again
  EXPECT_EQ(MayReengage(Sls(), q).verdict, ReengageVerdict::kNoTimeLeft);
}

TEST(Doctrine, CommitWindowAndPlannedPk) {
  Doctrine d = Sls();
  d.min_pk_to_commit = 0.3;
  EXPECT_FALSE(MayCommit(d, 0.29));
  EXPECT_TRUE(MayCommit(d, 0.3));
  EXPECT_FALSE(MayCommit(Doctrine{}, 0.0));  // Pk 0 = not engageable, whatever the minimum
  EXPECT_FALSE(InFiringWindow(d, 99.0));
  EXPECT_TRUE(InFiringWindow(d, 100.0));
  EXPECT_TRUE(InFiringWindow(d, 400.0));
  EXPECT_FALSE(InFiringWindow(d, 400.5));
  // SLS, 1 round x 2 looks, p = 0.7: 1 - 0.3^2 = 0.91. Salvo of 2: the same 0.91, once.
  EXPECT_NEAR(PlannedKillProbability(d, 0.7), 0.91, 1e-15);
  Doctrine salvo;
  salvo.policy = FiringPolicy::kSalvo;
  salvo.salvo_size = 2;
  salvo.max_engagements = 5;  // ignored under salvo
  EXPECT_EQ(MaxEngagements(salvo), 1);
  EXPECT_NEAR(PlannedKillProbability(salvo, 0.7), 0.91, 1e-15);
  // Imperfect look: f = 0.2 -> 0.7 + 0.3 * 0.8 * 0.7 = 0.868.
  EXPECT_NEAR(ShootLookShootKillProbability(0.7, 1, 0.2), 0.868, 1e-15);
  EXPECT_NEAR(ShootLookShootKillProbability(0.7, 1, 0.0), 0.91, 1e-15);
}

// Binomial check: |k/n - p| within 5 standard errors (false failure rate ~6e-7 per check).
void ExpectFrequency(int hits, int n, double p) {
  const double se = std::sqrt(p * (1.0 - p) / n);
  EXPECT_NEAR(static_cast<double>(hits) / n, p, 5.0 * se + 1e-12) << hits << " / " << n;
}

TEST(KillDraw, LethalRadiusGatesAndPkIsTheRate) {
  RandomStream rng(11, 0, 1, Purpose::kKillDraw);
  const int n = 200000;
  int kills_in = 0, kills_out = 0;
  for (int k = 0; k < n; ++k) {
    kills_in += DrawKill(0.5, 1.0, 0.8, rng) ? 1 : 0;
    kills_out += DrawKill(1.0001, 1.0, 0.8, rng) ? 1 : 0;
  }
  ExpectFrequency(kills_in, n, 0.8);
  EXPECT_EQ(kills_out, 0);  // outside the lethal radius: never
  // Boundary inclusive; Pk 1 always kills inside; Pk 0 never.
  EXPECT_TRUE(DrawKill(1.0, 1.0, 1.0, rng));
  EXPECT_FALSE(DrawKill(0.0, 1.0, 0.0, rng));
}

TEST(KillDraw, ConsumesOneDrawWhateverTheOutcome) {
  // Stream alignment: after one call, two streams fed different inputs are at the same
  // position, so their next values agree.
  RandomStream a(5, 1, 2, Purpose::kKillDraw), b(5, 1, 2, Purpose::kKillDraw);
  (void)DrawKill(0.1, 1.0, 0.5, a);
  (void)DrawKill(50.0, 1.0, 0.5, b);
  EXPECT_EQ(a.NextU64(), b.NextU64());
  RandomStream c(5, 1, 3, Purpose::kKillAssessment), e(5, 1, 3, Purpose::kKillAssessment);
  (void)AssessKill(KillAssessmentConfig{0.1, 0.2, 0.0}, true, c);
  (void)AssessKill(KillAssessmentConfig{0.1, 0.2, 0.0}, false, e);
  EXPECT_EQ(c.NextU64(), e.NextU64());
}

TEST(KillAssessment, ErrorRatesMatchConfiguration) {
  const KillAssessmentConfig cfg{0.05, 0.15, 2.0};
  RandomStream rng(12, 0, 1, Purpose::kKillAssessment);
  const int n = 200000;
  int false_kills = 0, missed_kills = 0;
  for (int k = 0; k < n; ++k) {
    false_kills += AssessKill(cfg, false, rng) == KillAssessment::kKill ? 1 : 0;
    missed_kills += AssessKill(cfg, true, rng) == KillAssessment::kNoKill ? 1 : 0;
  }
  ExpectFrequency(false_kills, n, 0.05);
  ExpectFrequency(missed_kills, n, 0.15);
  // Perfect assessment is exact.
  RandomStream r2(12, 0, 2, Purpose::kKillAssessment);
  for (int k = 0; k < 1000; ++k) {
    ASSERT_EQ(AssessKill(KillAssessmentConfig{}, true, r2), KillAssessment::kKill);
    ASSERT_EQ(AssessKill(KillAssessmentConfig{}, false, r2), KillAssessment::kNoKill);
  }
}

TEST(ShootLookShoot, MonteCarloMatchesClosedFormWithImperfectAssessment) {
  // Full chain: shot 1 -> kill draw -> assessment -> MayReengage -> shot 2. With single
  // shot Pk 0.6 (inside the lethal radius), false-kill 0.2, missed-kill 0.3:
  //   P(kill) = 1 - 0.4 (1 - 0.8 * 0.6) = 0.792 (missed kills waste rounds only), and
  //   E[rounds] = 1 + P(look says no-kill) = 1 + 0.6 * 0.3 + 0.4 * 0.8 = 1.5.
  const Doctrine d = Sls();
  const KillAssessmentConfig ka{0.2, 0.3, 10.0};
  RandomStream kill_rng(99, 0, 7, Purpose::kKillDraw), ka_rng(99, 0, 7, Purpose::kKillAssessment);
  const int n = 200000;
  int killed_total = 0, rounds_total = 0;
  for (int k = 0; k < n; ++k) {
    bool killed = DrawKill(0.3, 1.0, 0.6, kill_rng);
    int rounds = 1;
    ReengageQuery q = GoodQuery();
    q.assessment = AssessKill(ka, killed, ka_rng);
    q.assessment_delay_s = ka.delay_s;
    if (MayReengage(d, q).allowed()) {
      ++rounds;
      killed = DrawKill(0.3, 1.0, 0.6, kill_rng) || killed;
    }
    killed_total += killed ? 1 : 0;
    rounds_total += rounds;
  }
  ExpectFrequency(killed_total, n, ShootLookShootKillProbability(0.6, 1, 0.2));
  EXPECT_NEAR(ShootLookShootKillProbability(0.6, 1, 0.2), 0.792, 1e-15);
  // Second round fired with probability 0.5: a Bernoulli count.
  ExpectFrequency(rounds_total - n, n, 0.5);
}

}  // namespace
}  // namespace bmd::engagement
