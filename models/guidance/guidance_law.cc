#include "models/guidance/guidance_law.h"

#include <algorithm>
#include <cmath>

namespace bmd::guidance {

RelativeState MakeRelativeState(const Eigen::Vector3d& missile_r_m, const Eigen::Vector3d& missile_v_mps,
                                const Eigen::Vector3d& target_r_m, const Eigen::Vector3d& target_v_mps,
                                const Eigen::Vector3d& target_accel_mps2) {
  RelativeState rel;
  rel.r_m = target_r_m - missile_r_m;
  rel.v_mps = target_v_mps - missile_v_mps;
  rel.target_accel_mps2 = target_accel_mps2;
  rel.missile_velocity_mps = missile_v_mps;
  return rel;
}

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

Eigen::Vector3d ClampMagnitude(const Eigen::Vector3d& v, double limit) {
  if (!(limit < std::numeric_limits<double>::infinity())) return v;
  if (!(limit > 0.0)) return Eigen::Vector3d::Zero();
  const double n = v.norm();
  return n > limit ? Eigen::Vector3d(v * (limit / n)) : v;
}

namespace {

Eigen::Vector3d PerpendicularTo(const Eigen::Vector3d& a, const Eigen::Vector3d& unit) {
  return a - a.dot(unit) * unit;
}

}  // namespace

Eigen::Vector3d CommandedAccel(const GuidanceConfig& cfg, const RelativeState& rel) {
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

Eigen::Vector3d DivertBudget::Apply(const Eigen::Vector3d& a_cmd_mps2, double dt_s) {
  if (!(dt_s > 0.0)) return Eigen::Vector3d::Zero();
  const Eigen::Vector3d a = ClampMagnitude(a_cmd_mps2, remaining_mps_ / dt_s);
  const double dv = a.norm() * dt_s;
  used_mps_ += dv;
  remaining_mps_ = std::max(0.0, remaining_mps_ - dv);  // inf stays inf; max() absorbs rounding
  return a;
}

}  // namespace bmd::guidance
