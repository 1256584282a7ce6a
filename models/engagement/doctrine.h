#pragma once
/// Firing doctrine of a fire unit and the re-engagement (second-shot) rule.
///
/// A doctrine fires `salvo_size` interceptors per engagement opportunity. Under
/// shoot-look-shoot (SLS) the unit waits for the kill assessment of one opportunity before
/// the next, up to `max_engagements` opportunities per threat (1 = a single salvo, 2 = the
/// classic shoot-look-shoot, salvo_size 2 = shoot-shoot-look-shoot). Under kSalvo the unit
/// fires once, salvo_size rounds, and never looks. Times are simulation times in s.
///
/// Re-engagement rule (MayReengage), for an SLS unit after an intercept at t_i:
///   allowed  iff  the assessment says no-kill
///            and  engagements so far < max_engagements and rounds on hand >= salvo_size
///            and  the next launch  t_L = t_i + KA delay  lies in [earliest, latest] launch
///            and  time to the last feasible intercept, t_last - t_i, exceeds
///                 KA delay + flyout time (so the second intercept t_L + flyout < t_last).
/// Planned kill probability with perfect assessment and independent shots:
///   salvo:  1 - (1 - p)^k;    SLS over E opportunities:  1 - (1 - p)^(k E)
/// (the SLS advantage is in rounds spent, not in Pk; with a false-kill probability f the
/// two-look SLS gives 1 - q^k (1 - (1 - f)(1 - q^k)), q = 1 - p).
#include <limits>

#include "models/engagement/kill_assessment.h"

namespace bmd::engagement {

enum class FiringPolicy { kShootLookShoot, kSalvo };

struct Doctrine {
  FiringPolicy policy = FiringPolicy::kShootLookShoot;
  int salvo_size = 1;        ///< interceptors per engagement opportunity (>= 1)
  int max_engagements = 2;   ///< opportunities per threat (SLS); kSalvo uses 1
  double min_pk_to_commit = 0.0;  ///< single-shot Pk below this: do not engage
  double earliest_launch_s = -std::numeric_limits<double>::infinity();
  double latest_launch_s = std::numeric_limits<double>::infinity();
};

/// Engagement opportunities the doctrine allows per threat (1 for kSalvo).
int MaxEngagements(const Doctrine& d);

/// Whether a threat with single-shot Pk `pk` may be engaged at all (pk > 0 and >= minimum).
bool MayCommit(const Doctrine& d, double pk);

/// Whether a launch at t_s lies in the firing window [earliest, latest].
bool InFiringWindow(const Doctrine& d, double t_s);

/// Planned kill probability, perfect assessment (see file comment).
double PlannedKillProbability(const Doctrine& d, double pk);

/// Planned kill probability of a two-opportunity SLS with false-kill probability f (the
/// missed-kill error only wastes rounds, it does not change the kill probability).
double ShootLookShootKillProbability(double pk, int salvo_size, double false_kill_prob);

struct ReengageQuery {
  KillAssessment assessment = KillAssessment::kNoKill;  ///< result of the look
  double intercept_s = 0.0;           ///< time of the previous intercept (the look starts)
  double assessment_delay_s = 0.0;    ///< intercept to usable assessment
  double flyout_time_s = 0.0;         ///< launch to intercept of the next salvo
  double last_intercept_s = 0.0;      ///< last time an intercept is still feasible
  int engagements_done = 1;           ///< opportunities already used on this threat
  int rounds_left = 0;                ///< interceptors on hand
};

enum class ReengageVerdict {
  kAllowed,
  kAssessedKilled,      ///< the look reported a kill
  kNoLookUnderSalvo,    ///< salvo doctrine: no re-engagement
  kNoEngagementsLeft,   ///< max_engagements used
  kNoRounds,            ///< fewer rounds than a salvo
  kOutsideFiringWindow, ///< t_L outside [earliest, latest]
  kNoTimeLeft,          ///< t_last - t_i <= KA delay + flyout
};

struct ReengageDecision {
  ReengageVerdict verdict = ReengageVerdict::kNoTimeLeft;
  double launch_s = 0.0;     ///< planned launch t_L = t_i + KA delay (when allowed)
  double intercept_s = 0.0;  ///< planned intercept t_L + flyout (when allowed)
  bool allowed() const { return verdict == ReengageVerdict::kAllowed; }
};

/// The second-shot rule (file comment). Pure function, no allocation.
ReengageDecision MayReengage(const Doctrine& d, const ReengageQuery& q);

}  // namespace bmd::engagement
