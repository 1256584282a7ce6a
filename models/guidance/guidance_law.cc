#include "models/guidance/guidance_law.h"

#include <algorithm>
#include <cmath>

namespace bmd::guidance {

LosKinematics ComputeLos(const RelativeState& rel) {
  LosKinematics k;
  const double r2 = rel.r_m.squaredNorm();
  k.range_m = std::sqrt(r2);
  k.time_to_go_s = std::numeric_limits<double>::infinity();
  if (!(k.range_m > 0.0)) return k;
  k.los_unit = rel.r_m / k.range_m;
  k.los_rate_radps = rel.r_m.cross(rel.v_mps) / r2;
  k.closing_speed_mps = -rel.r_m.dot(rel.v_mps) / k.range_m;
  if (k.closing_speed_mps > 0.0) k.time_to_go_s = k.range_m / k.closing_speed_mps;
  return k;
}

namespace {

Eigen::Vector3d PerpendicularTo(const Eigen::Vector3d& a, const Eigen::Vector3d& unit) {
  return a - a.dot(unit) * unit;
}

}  // namespace

Eigen::Vector3d CommandedAccelLos(const GuidanceConfig& cfg, const RelativeState& rel) {
  const LosKinematics k = ComputeLos(rel);
  if (!(k.range_m > 0.0) || !(k.closing_speed_mps > 0.0)) return Eigen::Vector3d::Zero();
  const double n = cfg.nav_ratio;
  Eigen::Vector3d a = Eigen::Vector3d::Zero();
  switch (cfg.kind) {
    case GuidanceLawKind::kTruePn:
      a = n * k.closing_speed_mps * k.los_rate_radps.cross(k.los_unit);
      break;
    case GuidanceLawKind::kPurePn: {
      const double vm = rel.missile_velocity_mps.norm();
      if (!(vm > 0.0)) return Eigen::Vector3d::Zero();
      a = n * k.closing_speed_mps * k.los_rate_radps.cross(rel.missile_velocity_mps / vm);
      break;
    }
    case GuidanceLawKind::kAugmentedPn:
      a = n * k.closing_speed_mps * k.los_rate_radps.cross(k.los_unit) +
          0.5 * n * PerpendicularTo(rel.target_accel_mps2, k.los_unit);
      break;
    case GuidanceLawKind::kZeroEffortMiss: {
      const double t_go = rel.time_to_go_s > 0.0 ? rel.time_to_go_s : k.time_to_go_s;
      const Eigen::Vector3d zem =
          rel.r_m + rel.v_mps * t_go + 0.5 * t_go * t_go * rel.target_accel_mps2;
      a = n * PerpendicularTo(zem, k.los_unit) / (t_go * t_go);
      break;
    }
  }
  return ClampMagnitude(a, cfg.accel_limit_mps2);
}

DivertBudget::DivertBudget(double delta_v_mps)
    : total_mps_(delta_v_mps > 0.0 ? delta_v_mps : 0.0), remaining_mps_(total_mps_) {}

}  // namespace bmd::guidance
