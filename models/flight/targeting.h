#pragma once
/// Targeting: the launch parameters (azimuth, pitch-program kick angle, thrust cut-off time)
/// that make the RV impact the aim point under the configured dynamics (with the default
/// EarthConfig: WGS-84, rotation, J2, USSA 1976 drag), solved by shooting on trajectories
/// integrated with DP54 (PropagateTrajectory), never by a flat-Earth formula.
///
/// Trajectory family: the pitch program of threat_plan.h (vertical rise, linear pitch-over to
/// a kick angle, gravity turn) with thrust termination. For an azimuth a, kick k and cut-off
/// t_c the impact lies at geodesic range R(a, k, t_c) and azimuth A(a, k, t_c) from the launch
/// point. With R* and A* those of the aim point:
///   - minimum energy: the smallest cut-off (least propellant, least burnout energy) whose
///     best kick reaches R*:  t_c* = min{t_c : max_k R(a, k, t_c) >= R*}  (outer Brent root on
///     t_c, inner golden-section maximum over k). Range is stationary in k at the optimum, so
///     k is then frozen and only t_c is re-solved while the azimuth is corrected.
///   - apogee / flight time: on the curve R(a, k, t_c(k)) = R* (t_c solved by Brent for each
///     k), apogee and flight time fall monotonically as k grows (lofted -> depressed); Brent on
///     k between the full-burn limit and the minimum-energy kick, on the side the requested
///     value lies (the requested value decides lofted vs depressed; Shaping::lofted is not
///     needed and is reported back in TargetingResult::lofted).
///   - azimuth: fixed-point iteration a += A* - A until the miss is below the tolerance (the
///     cross-range deflection by Earth rotation barely depends on a).
/// Searches: the best kick at full burn comes from a 12-point scan and parabolic
/// interpolation; inside the minimum-energy Brent (t_c to 10 ms) the best kick is searched
/// near the one of the nearest cut-off already evaluated (it moves smoothly with t_c), then
/// the minimum-energy kick is polished to 1e-4 rad by golden section; t_c solves start with
/// a secant step (last dR/dt_c) and stop at 1e-5 s (~5 cm of range); shaping solves the kick
/// to 1e-6 rad in a narrow bracket around the previous azimuth pass's kick; the last few
/// trajectories are remembered (exact parameters) so a root is never flown twice.
/// Cost: ~70-100 trajectories of ~50 us each for minimum energy, ~200-500 with apogee /
/// flight-time shaping (a few ms to ~15 ms per threat; bench_prepare_targeting). Runs once
/// per threat per scenario; no state is shared between calls (thread-safe).
#include <string>

#include "models/earth/earth_model.h"
#include "models/earth/geodesy.h"
#include "models/flight/integrators.h"
#include "models/flight/threat_plan.h"
#include "models/flight/vehicle.h"

namespace bmd::flight {

struct TargetingOptions {
  double miss_tolerance_m = 2.0;  ///< accept when the impact is this close to the aim point
  int max_azimuth_iterations = 12;
  double vertical_rise_s = 5.0;   ///< fixed part of the pitch program
  double pitch_over_s = 10.0;
  double min_kick_rad = 0.5 * earth::kDeg;   ///< kick search domain
  double max_kick_rad = 85.0 * earth::kDeg;
  Dp54Options dp{1e-10, 1e-4};    ///< trajectory integration tolerances (rtol, atol m, m/s)
};

struct TargetingResult {
  bool ok = false;
  std::string reason;            ///< why not, when !ok (user-facing sentence)
  ThreatPlan plan;               ///< ready to fly when ok
  LaunchParameters params;
  double range_m = 0.0;          ///< geodesic launch -> aim distance on the configured shape
  double max_range_m = 0.0;      ///< full-burn, best-kick range toward the aim azimuth
  double miss_m = 0.0;           ///< geodesic impact -> aim distance of the solution
  double apogee_alt_m = 0.0;
  double flight_time_s = 0.0;    ///< launch to impact
  double burnout_speed_m_s = 0.0;  ///< ECEF speed at RV separation
  double burnout_fpa_rad = 0.0;  ///< flight-path angle above the local horizontal at separation
  double burnout_alt_m = 0.0;
  double min_energy_apogee_alt_m = 0.0;  ///< of the minimum-energy trajectory to this range
  double min_energy_flight_time_s = 0.0;
  bool lofted = false;           ///< apogee above the minimum-energy one
  int trajectories = 0;          ///< trajectories integrated by the solve
};

/// Solves the launch parameters. Never throws for an unreachable aim point or impossible
/// shaping: ok = false with a reason such as "aim point 3,400 km away exceeds the maximum
/// range of about 3,150 km for type srbm_notional". Throws std::invalid_argument only for an
/// invalid type spec (see MakePlan). The impact height is the aim point's alt_m.
TargetingResult SolveTargeting(const ThreatTypeSpec& type, const earth::EarthConfig& earth,
                               const earth::Geodetic& launch, double launch_time_s,
                               const earth::Geodetic& aim, const Shaping& shaping,
                               const TargetingOptions& options = {});

}  // namespace bmd::flight
