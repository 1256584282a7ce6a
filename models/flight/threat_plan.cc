#include "models/flight/threat_plan.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include "models/flight/forces.h"

namespace bmd::flight {
namespace {

void Require(bool ok, const ThreatTypeSpec& type, const std::string& what) {
  if (!ok) throw std::invalid_argument("threat type '" + type.name + "': " + what);
}

}  // namespace

double TotalBurnTime(const ThreatTypeSpec& type) {
  double t = 0.0;
  for (const auto& s : type.stages) t += s.burn_time_s;
  return t;
}

ThreatPlan MakePlan(const ThreatTypeSpec& type, const earth::EarthConfig& earth,
                    const earth::Geodetic& launch, double launch_time_s,
                    const LaunchParameters& params, double impact_height_m) {
  Require(!type.stages.empty(), type, "has no stage");
  Require(type.stages.size() <= static_cast<std::size_t>(kMaxStages), type,
          "has more than " + std::to_string(kMaxStages) + " stages");
  for (const auto& s : type.stages) {
    Require(s.propellant_mass_kg > 0.0 && s.dry_mass_kg >= 0.0 && s.isp_s > 0.0 &&
                s.burn_time_s > 0.0,
            type, "stage needs propellant > 0, dry mass >= 0, Isp > 0 and burn time > 0");
  }
  Require(type.rv_mass_kg > 0.0 && type.rv_ballistic_coeff_kg_m2 > 0.0, type,
          "reentry vehicle needs mass > 0 and ballistic coefficient > 0");
  Require(type.body_diameter_m >= 0.0 && type.booster_cd >= 0.0, type,
          "body diameter and booster Cd must be >= 0");
  if (!(params.vertical_rise_s > 0.0 && params.pitch_over_s > 0.0)) {
    throw std::invalid_argument("vertical rise and pitch-over durations must be > 0");
  }
  const double pitch_end = params.vertical_rise_s + params.pitch_over_s;
  Require(type.stages[0].burn_time_s > pitch_end, type,
          "first-stage burn must outlast the vertical rise and pitch-over");
  if (!(params.cutoff_s > pitch_end)) {
    throw std::invalid_argument("thrust cut-off must come after the end of the pitch-over");
  }

  ThreatPlan p;
  p.type = type;
  p.earth = earth;
  p.launch = launch;
  p.launch_time_s = launch_time_s;
  p.params = params;
  p.impact_height_m = impact_height_m;

  p.launch_ecef = earth::GeodeticToEcef(launch, earth.shape);
  const Eigen::Matrix3d R = earth::REcefFromEnu(launch.lat_rad, launch.lon_rad);
  p.up_ecef = R.col(2);
  p.downrange_ecef =
      std::sin(params.azimuth_rad) * R.col(0) + std::cos(params.azimuth_rad) * R.col(1);

  // Stage schedule.
  p.num_stages = static_cast<int>(type.stages.size());
  double mass_above = type.rv_mass_kg;
  for (int i = p.num_stages - 1; i >= 0; --i) {
    const auto& s = type.stages[static_cast<std::size_t>(i)];
    mass_above += s.propellant_mass_kg + s.dry_mass_kg;
    p.mass_ignition_kg[static_cast<std::size_t>(i)] = mass_above;
  }
  double t = 0.0;
  for (int i = 0; i < p.num_stages; ++i) {
    const auto& s = type.stages[static_cast<std::size_t>(i)];
    const auto k = static_cast<std::size_t>(i);
    p.ignition_s[k] = t;
    p.mdot_kg_s[k] = s.propellant_mass_kg / s.burn_time_s;
    p.thrust_n[k] = s.isp_s * earth::kG0 * p.mdot_kg_s[k];
    t += s.burn_time_s;
  }
  p.liftoff_mass_kg = p.mass_ignition_kg[0];
  Require(p.thrust_n[0] > p.liftoff_mass_kg * earth::kG0, type,
          "thrust-to-weight ratio at lift-off must exceed 1");
  p.cutoff_s = std::min(params.cutoff_s, t);

  // Segments: split the powered flight at steering changes and stage burnouts up to cutoff.
  const double area = std::numbers::pi * 0.25 * type.body_diameter_m * type.body_diameter_m;
  p.booster_drag_area_m2 = type.booster_cd * area;
  p.num_segments = 0;
  double start = 0.0;
  for (int i = 0; i < p.num_stages && start < p.cutoff_s; ++i) {
    const auto k = static_cast<std::size_t>(i);
    const double burnout = p.ignition_s[k] + type.stages[k].burn_time_s;
    const double stage_end = std::min(burnout, p.cutoff_s);
    for (const double steering_end : {params.vertical_rise_s, pitch_end, stage_end}) {
      if (steering_end <= start || steering_end > stage_end) continue;
      BoostSegment seg;
      seg.start_s = start;
      seg.end_s = steering_end;
      seg.stage = i;
      seg.steering = start < params.vertical_rise_s ? Steering::kVertical
                     : start < pitch_end             ? Steering::kPitchOver
                                                     : Steering::kGravityTurn;
      if (steering_end == stage_end) {
        seg.end = stage_end >= p.cutoff_s ? SegmentEnd::kBurnout : SegmentEnd::kStaging;
      }
      p.segments[static_cast<std::size_t>(p.num_segments++)] = seg;
      start = steering_end;
    }
    p.final_stage = i;
  }

  // Masses after separation.
  p.rv_mass_kg = type.rv_mass_kg;
  const BoostSegment& last = p.segments[static_cast<std::size_t>(p.num_segments - 1)];
  p.booster_mass_kg = BoostMass(p, last, p.cutoff_s) - type.rv_mass_kg;
  p.rv_drag_area_per_mass = 1.0 / type.rv_ballistic_coeff_kg_m2;
  p.booster_drag_area_per_mass = p.booster_drag_area_m2 / p.booster_mass_kg;
  return p;
}

Eigen::Vector3d BoostAccel(const ThreatPlan& plan, const BoostSegment& seg, double tau_s,
                           const Eigen::Vector3d& r, const Eigen::Vector3d& v) {
  const double m = BoostMass(plan, seg, tau_s);
  Eigen::Vector3d u = plan.up_ecef;
  switch (seg.steering) {
    case Steering::kVertical:
      break;
    case Steering::kPitchOver: {
      const double tilt =
          plan.params.kick_rad * (tau_s - plan.params.vertical_rise_s) / plan.params.pitch_over_s;
      u = std::cos(tilt) * plan.up_ecef + std::sin(tilt) * plan.downrange_ecef;
      break;
    }
    case Steering::kGravityTurn: {
      const Eigen::Vector3d& v_air = AirRelativeVelocity(v);
      const double speed = v_air.norm();
      u = speed > 1e-6 ? Eigen::Vector3d(v_air / speed) : plan.up_ecef;
      break;
    }
  }
  return CoastAccel(plan.earth, r, v, plan.booster_drag_area_m2 / m) +
         ThrustAccel(plan.thrust_n[static_cast<std::size_t>(seg.stage)], m, u);
}

}  // namespace bmd::flight
