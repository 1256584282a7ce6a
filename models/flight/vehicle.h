#pragma once
/// Notional threat vehicle description (catalog entry, SI units) and trajectory shaping.
/// Values come from scenarios/catalog/*.yaml and are notional (public-textbook classes).
#include <string>
#include <vector>

namespace bmd::flight {

struct StageSpec {
  double propellant_mass_kg = 0.0;
  double dry_mass_kg = 0.0;    ///< structure + motor case, dropped at staging
  double isp_s = 0.0;          ///< vacuum specific impulse, s
  double burn_time_s = 0.0;    ///< constant mass flow over this time
};

struct ThreatTypeSpec {
  std::string name;
  std::string description;
  std::vector<StageSpec> stages;          ///< first stage first
  double rv_mass_kg = 0.0;                ///< reentry vehicle (payload) mass
  double rv_ballistic_coeff_kg_m2 = 0.0;  ///< beta = m / (Cd A) of the reentry vehicle
                                          ///< (a catalog value in kPa is beta * g0: divide by g0)
  double body_diameter_m = 1.0;           ///< booster diameter (drag during boost)
  double booster_cd = 0.3;                ///< booster drag coefficient (subsonic-supersonic mean)
  double rv_rcs_m2 = 0.01;                ///< RV radar cross-section (nose-on order), m^2
  double booster_rcs_m2 = 1.0;            ///< booster radar cross-section, m^2
  double ir_intensity_w_sr = 1e5;         ///< boost plume radiant intensity (space IR), W/sr
  double nominal_range_m = 0.0;           ///< class range, informational (summary, checks)
};

/// How the targeting picks one trajectory among those that reach the aim point.
enum class ShapingKind {
  kMinimumEnergy,  ///< least burnout energy (propellant) for the range
  kApogee,         ///< reach the given apogee altitude (lofted or depressed)
  kFlightTime,     ///< total flight time from launch to impact
};

struct Shaping {
  ShapingKind kind = ShapingKind::kMinimumEnergy;
  bool lofted = true;           ///< for kApogee/kFlightTime: above (true) or below min-energy
  double apogee_m = 0.0;        ///< kApogee: apogee altitude
  double flight_time_s = 0.0;   ///< kFlightTime: launch to impact
};

}  // namespace bmd::flight
