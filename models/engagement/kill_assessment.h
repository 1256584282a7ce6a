#pragma once
/// Kill draw and kill assessment (KA) for hit-to-kill or blast-fragmentation intercepts.
///
/// Kill draw: the end game gives a miss distance (exact closest approach, see
/// models/guidance/closest_approach.h); the threat is killed iff
///     miss <= lethal radius  and  U < Pk,   U ~ Uniform(0, 1)
/// with Pk the conditional kill probability given a lethal miss.
/// Kill assessment: the sensors then report kill / no-kill with two error modes:
///     P(report kill    | missed) = false_kill_prob   (the dangerous error: no re-engagement)
///     P(report no-kill | killed) = missed_kill_prob  (wastes a round on a dead object)
/// Each call consumes exactly one uniform draw from the stream whatever the inputs, so the
/// stream position never depends on an outcome (runs stay aligned when a parameter
/// changes). Streams: Purpose::kKillDraw and Purpose::kKillAssessment, keyed by the
/// interceptor or engagement id.
#include "models/common/random.h"

namespace bmd::engagement {

enum class KillAssessment { kKill, kNoKill };

struct KillAssessmentConfig {
  double false_kill_prob = 0.0;   ///< report kill when the threat survived, in [0, 1]
  double missed_kill_prob = 0.0;  ///< report no-kill when the threat was killed, in [0, 1]
  double delay_s = 0.0;           ///< time from intercept to a usable assessment, s
};

/// True kill outcome of one intercept (see file comment).
bool DrawKill(double miss_m, double lethal_radius_m, double pk, RandomStream& rng);

/// What the sensors report about an intercept whose true outcome is `killed`.
KillAssessment AssessKill(const KillAssessmentConfig& cfg, bool killed, RandomStream& rng);

}  // namespace bmd::engagement
