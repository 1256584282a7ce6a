#include "models/guidance/point_mass_engagement.h"

#include <algorithm>

#include "models/guidance/closest_approach.h"

namespace bmd::guidance {
namespace {

void Propagate(PointMassState& s, const Eigen::Vector3d& a, double h) {
  s.r_m += s.v_mps * h + 0.5 * h * h * a;
  s.v_mps += a * h;
}

}  // namespace

PointMassEngagementResult RunPointMassEngagement(const PointMassState& missile0,
                                                 const PointMassState& target0,
                                                 const PointMassEngagementConfig& cfg) {
  PointMassEngagementResult res;
  PointMassState m = missile0, tg = target0;
  DivertBudget budget(cfg.divert_delta_v_mps);
  const Eigen::Vector3d a_t = cfg.target_accel_mps2;
  const Eigen::Vector3d a_t_seen = cfg.seeker_sees_target_accel ? a_t : Eigen::Vector3d::Zero();
  double t = 0.0;
  while (t < cfg.max_time_s) {
    const double h = std::min(cfg.dt_s, cfg.max_time_s - t);
    const RelativeState rel = MakeRelativeState(m.r_m, m.v_mps, tg.r_m, tg.v_mps, a_t_seen);
    const Eigen::Vector3d a_m = budget.Apply(CommandedAccel(cfg.guidance, rel), h);
    res.max_accel_mps2 = std::max(res.max_accel_mps2, a_m.norm());
    const ClosestApproach cpa = ClosestApproachConstantAccel(rel.r_m, rel.v_mps, a_t - a_m, h);
    if (cpa.t_s < h) {
      Propagate(m, a_m, cpa.t_s);
      Propagate(tg, a_t, cpa.t_s);
      res.delta_v_used_mps += a_m.norm() * cpa.t_s;
      res.miss_m = cpa.miss_m;
      res.t_cpa_s = t + cpa.t_s;
      res.reached_cpa = true;
      break;
    }
    Propagate(m, a_m, h);
    Propagate(tg, a_t, h);
    res.delta_v_used_mps += a_m.norm() * h;
    t += h;
  }
  if (!res.reached_cpa) {
    res.miss_m = (tg.r_m - m.r_m).norm();
    res.t_cpa_s = t;
  }
  res.missile = m;
  res.target = tg;
  return res;
}

}  // namespace bmd::guidance
