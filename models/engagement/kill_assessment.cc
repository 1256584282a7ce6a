#include "models/engagement/kill_assessment.h"

namespace bmd::engagement {

bool DrawKill(double miss_m, double lethal_radius_m, double pk, RandomStream& rng) {
  const double u = rng.Uniform();  // always drawn: stream alignment
  return miss_m <= lethal_radius_m && u < pk;
}

KillAssessment AssessKill(const KillAssessmentConfig& cfg, bool killed, RandomStream& rng) {
  const double u = rng.Uniform();  // always drawn: stream alignment
  if (killed) return u < cfg.missed_kill_prob ? KillAssessment::kNoKill : KillAssessment::kKill;
  return u < cfg.false_kill_prob ? KillAssessment::kKill : KillAssessment::kNoKill;
}

}  // namespace bmd::engagement
