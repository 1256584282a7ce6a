#include "models/engagement/doctrine.h"

#include <cmath>

namespace bmd::engagement {

int MaxEngagements(const Doctrine& d) {
  return d.policy == FiringPolicy::kSalvo ? 1 : (d.max_engagements > 0 ? d.max_engagements : 1);
}

bool MayCommit(const Doctrine& d, double pk) { return pk > 0.0 && pk >= d.min_pk_to_commit; }

bool InFiringWindow(const Doctrine& d, double t_s) {
  return t_s >= d.earliest_launch_s && t_s <= d.latest_launch_s;
}

double PlannedKillProbability(const Doctrine& d, double pk) {
  const double shots = static_cast<double>(d.salvo_size) * MaxEngagements(d);
  return 1.0 - std::pow(1.0 - pk, shots);
}

double ShootLookShootKillProbability(double pk, int salvo_size, double false_kill_prob) {
  const double q_salvo = std::pow(1.0 - pk, salvo_size);
  // First salvo kills (1 - q^k); otherwise it is re-engaged when the look is not fooled.
  return 1.0 - q_salvo * (1.0 - (1.0 - false_kill_prob) * (1.0 - q_salvo));
}

ReengageDecision MayReengage(const Doctrine& d, const ReengageQuery& q) {
  ReengageDecision out;
  out.launch_s = q.intercept_s + q.assessment_delay_s;
  out.intercept_s = out.launch_s + q.flyout_time_s;
  if (q.assessment == KillAssessment::kKill) {
    out.verdict = ReengageVerdict::kAssessedKilled;
  } else if (d.policy == FiringPolicy::kSalvo) {
    out.verdict = ReengageVerdict::kNoLookUnderSalvo;
  } else if (q.engagements_done >= MaxEngagements(d)) {
    out.verdict = ReengageVerdict::kNoEngagementsLeft;
  } else if (q.rounds_left < d.salvo_size) {
    out.verdict = ReengageVerdict::kNoRounds;
  } else if (!InFiringWindow(d, out.launch_s)) {
    out.verdict = ReengageVerdict::kOutsideFiringWindow;
  } else if (!(q.last_intercept_s - q.intercept_s > q.assessment_delay_s + q.flyout_time_s)) {
    out.verdict = ReengageVerdict::kNoTimeLeft;
  } else {
    out.verdict = ReengageVerdict::kAllowed;
  }
  return out;
}

}  // namespace bmd::engagement
