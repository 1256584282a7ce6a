#pragma once
/// The immutable flight plan of one threat: type spec + launch point/time + launch parameters
/// (azimuth, pitch program, thrust cut-off), with the boost schedule derived from them.
/// Built once per threat per scenario (usually by SolveTargeting) and shared read-only by
/// every run.
///
/// Boost model (per stage i, burning from ignition t_i to burnout t_i + burn_time_i, stages
/// fired back to back with no coast):
///   mdot_i = propellant_i / burn_time_i   (constant mass flow)
///   T_i    = isp_i g0 mdot_i              (vacuum thrust, no back-pressure loss)
///   m(t)   = m_ign_i - mdot_i (t - t_i),  m_ign_i = RV + all stages from i upward
/// At staging the dry mass of stage i is dropped. Thrust stops at cutoff_s (thrust
/// termination, for range control) or at the final burnout, whichever comes first; the RV
/// (payload) then separates, and the rest (the burning stage's dry mass + unburnt propellant
/// + any unfired upper stages) continues as the spent 'booster' object.
///
/// Pitch program (in the ECEF frame, launch-point axes fixed to the Earth):
///   [0, vertical_rise_s)                    thrust along the geodetic up of the launch point
///   [vertical_rise_s, + pitch_over_s)       thrust tilted from up toward the launch azimuth
///                                           by kick * (t - vertical_rise_s) / pitch_over_s
///   [vertical_rise_s + pitch_over_s, cut)   gravity turn: thrust along the air-relative
///                                           velocity (zero angle of attack)
/// The kick angle alone shapes the trajectory: small kicks loft it, large kicks depress it.
#include <Eigen/Core>

#include <array>
#include <cstdint>
#include <limits>

#include "models/earth/earth_model.h"
#include "models/earth/geodesy.h"
#include "models/flight/vehicle.h"

namespace bmd::flight {

inline constexpr int kMaxStages = 4;

/// The free parameters of a launch (what targeting solves for).
struct LaunchParameters {
  double azimuth_rad = 0.0;      ///< launch azimuth at the launch point, clockwise from north
  double vertical_rise_s = 5.0;  ///< vertical flight after lift-off
  double pitch_over_s = 10.0;    ///< duration of the programmed tilt to the kick angle
  double kick_rad = 0.1;         ///< tilt from vertical at the end of the pitch-over
  /// Thrust termination, s after launch; +inf (or anything >= total burn) = burn to depletion.
  double cutoff_s = std::numeric_limits<double>::infinity();
};

/// Steering law of one boost segment.
enum class Steering : std::uint8_t { kVertical, kPitchOver, kGravityTurn };

/// What happens at the end of a boost segment.
enum class SegmentEnd : std::uint8_t { kNone, kStaging, kBurnout };

/// One interval of powered flight with a single stage and a single steering law; segment
/// boundaries are the scheduled events (steering changes, staging, burnout), where the RK4
/// and DP54 steps are split exactly.
struct BoostSegment {
  double start_s = 0.0;  ///< since launch
  double end_s = 0.0;    ///< since launch
  int stage = 0;
  Steering steering = Steering::kVertical;
  SegmentEnd end = SegmentEnd::kNone;
};

struct ThreatPlan {
  ThreatTypeSpec type;
  earth::EarthConfig earth;
  earth::Geodetic launch;          ///< alt_m = height of the launch point above the surface
  double launch_time_s = 0.0;      ///< scenario time of lift-off
  LaunchParameters params;
  double impact_height_m = 0.0;    ///< impact = descending through this height (aim-point height)
  double max_step_s = 0.1;         ///< largest RK4 step taken by AdvanceTo

  // Derived by MakePlan.
  Eigen::Vector3d launch_ecef = Eigen::Vector3d::Zero();
  Eigen::Vector3d up_ecef = Eigen::Vector3d::UnitZ();        ///< geodetic up at launch
  Eigen::Vector3d downrange_ecef = Eigen::Vector3d::UnitX();  ///< horizontal, toward azimuth
  int num_stages = 0;
  std::array<double, kMaxStages> ignition_s{};      ///< since launch
  std::array<double, kMaxStages> mass_ignition_kg{};
  std::array<double, kMaxStages> mdot_kg_s{};
  std::array<double, kMaxStages> thrust_n{};
  std::array<BoostSegment, kMaxStages + 3> segments{};
  int num_segments = 0;
  double cutoff_s = 0.0;            ///< effective thrust end since launch (<= total burn)
  int final_stage = 0;              ///< stage burning at thrust end
  double liftoff_mass_kg = 0.0;
  double rv_mass_kg = 0.0;
  double booster_mass_kg = 0.0;     ///< spent booster after RV separation
  double booster_drag_area_m2 = 0.0;  ///< Cd A of the booster body (boost and spent booster)
  double rv_drag_area_per_mass = 0.0;  ///< 1 / beta_RV, m^2/kg
  double booster_drag_area_per_mass = 0.0;  ///< Cd A / m of the spent booster, m^2/kg
};

/// Builds a plan and its boost schedule. Throws std::invalid_argument for an invalid type
/// (no stage, more than kMaxStages, non-positive masses/Isp/burn time, thrust-to-weight at
/// lift-off <= 1) or invalid parameters (cut-off before the end of the pitch-over).
ThreatPlan MakePlan(const ThreatTypeSpec& type, const earth::EarthConfig& earth,
                    const earth::Geodetic& launch, double launch_time_s,
                    const LaunchParameters& params, double impact_height_m = 0.0);

/// Total burn time of all stages (s).
double TotalBurnTime(const ThreatTypeSpec& type);

/// Mass (kg) of the powered stack at time tau_s since launch within segment seg (left limit
/// at the segment's end).
inline double BoostMass(const ThreatPlan& plan, const BoostSegment& seg, double tau_s) {
  const int i = seg.stage;
  return plan.mass_ignition_kg[i] - plan.mdot_kg_s[i] * (tau_s - plan.ignition_s[i]);
}

/// Powered-flight acceleration (m/s^2, ECEF) at tau_s since launch in segment seg: gravity +
/// frame terms + booster drag (Cd A / m(t)) + thrust along the segment's steering law.
Eigen::Vector3d BoostAccel(const ThreatPlan& plan, const BoostSegment& seg, double tau_s,
                           const Eigen::Vector3d& r, const Eigen::Vector3d& v);

}  // namespace bmd::flight
