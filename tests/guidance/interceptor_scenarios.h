#pragma once
/// Shared fixtures of the interceptor tests: real threat trajectories (SolveTargeting on the
/// full Earth model), the engine's tick loop in miniature (threat AdvanceTo + interceptor
/// Advance), and cached envelopes.
#include <cmath>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "models/earth/geodesy.h"
#include "models/flight/targeting.h"
#include "models/flight/threat_flight.h"
#include "models/guidance/engageability.h"
#include "models/guidance/flyout_envelope.h"
#include "models/guidance/interceptor_flight.h"
#include "models/guidance/pip.h"
#include "tests/guidance/interceptor_notional.h"

namespace bmd::guidance::testing {

inline earth::Geodetic Deg(double lat, double lon, double alt = 0.0) {
  return {lat * earth::kDeg, lon * earth::kDeg, alt};
}

/// Notional SRBM (300 km) and MRBM (1,000 km) threat types (same figures as
/// scenarios/catalog/threats.yaml).
inline flight::ThreatTypeSpec Srbm() {
  flight::ThreatTypeSpec t;
  t.name = "srbm_notional";
  t.body_diameter_m = 0.88;
  t.stages = {{3700.0, 850.0, 230.0, 58.0}};
  t.rv_mass_kg = 1000.0;
  t.rv_ballistic_coeff_kg_m2 = 40e3 / earth::kG0;
  return t;
}
inline flight::ThreatTypeSpec Mrbm() {
  flight::ThreatTypeSpec t;
  t.name = "mrbm_notional";
  t.body_diameter_m = 1.25;
  t.stages = {{11000.0, 1500.0, 250.0, 105.0}};
  t.rv_mass_kg = 900.0;
  t.rv_ballistic_coeff_kg_m2 = 60e3 / earth::kG0;
  return t;
}

/// A threat flown with the engine's RK4 stepping: its plan, the sampled truth and the
/// predicted path from the truth state shortly after burnout (perfect track).
struct Threat {
  flight::ThreatPlan plan;
  earth::Geodetic aim;
  PredictedPath path;          ///< ballistic prediction from t_track_s
  double t_track_s = 0.0;
  double impact_time_s = 0.0;
};

inline Threat MakeThreat(const flight::ThreatTypeSpec& type, const earth::Geodetic& launch,
                         double azimuth_deg, double range_km) {
  Threat th;
  th.aim = earth::GeodesicDirect(launch.lat_rad, launch.lon_rad, azimuth_deg * earth::kDeg,
                                 range_km * 1e3);
  th.aim.alt_m = 0.0;
  const flight::TargetingResult res = flight::SolveTargeting(
      type, earth::EarthConfig{}, launch, 0.0, th.aim, flight::Shaping{});
  if (!res.ok) throw std::runtime_error("test threat: " + res.reason);
  th.plan = res.plan;
  th.impact_time_s = res.flight_time_s;
  // Track state 10 s after burnout, from the engine stepping.
  flight::FlightState s = flight::InitialState(th.plan);
  flight::FlightEventBuffer ev;
  th.t_track_s = th.plan.cutoff_s + 10.0;
  flight::AdvanceTo(th.plan, s, th.t_track_s, ev);
  PredictBallistic(th.plan.earth, s.t_s, s.r_ecef, s.v_ecef, th.plan.rv_drag_area_per_mass, 1.0,
                   3000.0, th.path);
  return th;
}

/// Time at which the predicted path descends through alt_m (linear between samples).
inline double DescendingThrough(const PredictedPath& p, double alt_m) {
  for (int i = p.size() - 1; i > 0; --i) {
    const auto k = static_cast<std::size_t>(i);
    if (p.alt_m[k - 1] >= alt_m && p.alt_m[k] < alt_m) {
      return p.TimeAt(i - 1) + p.dt_s * (p.alt_m[k - 1] - alt_m) / (p.alt_m[k - 1] - p.alt_m[k]);
    }
  }
  return -1.0;
}

struct FlyResult {
  bool intercepted = false;      ///< a kIntercept event happened
  InterceptorEvent intercept;
  bool divert_exhausted = false;
  bool acquired = false;
  double t_burnout_s = -1.0;
  InterceptorState final_state;
};

/// The engine's tick loop in miniature: threat and interceptor advanced tick by tick; the
/// interceptor gets the threat's truth over each tick, and (when guided) the truth at the
/// tick start as a perfect track.
inline FlyResult FlyEngagement(const InterceptorModel& m, const Threat& th,
                               const EngageSite& site, double t_launch_s,
                               const Eigen::Vector3d& launch_dir, double dt_s, bool guided,
                               RandomStream* rng = nullptr) {
  FlyResult out;
  flight::FlightState ts = flight::InitialState(th.plan);
  flight::FlightEventBuffer tev;
  double t = std::floor((t_launch_s - 1.0) / dt_s) * dt_s;
  flight::AdvanceTo(th.plan, ts, t, tev);
  InterceptorState is = MakeInterceptorState(m, site.r_ecef, t_launch_s, launch_dir, t);
  InterceptorEventBuffer ev;
  const auto accel = [&](const flight::FlightState& s) {
    return flight::CoastAccelOf(th.plan, flight::FlightBody::kMissile, s.r_ecef, s.v_ecef);
  };
  while (is.phase != InterceptorPhase::kDone && ts.phase != flight::FlightPhase::kImpacted) {
    TargetTruthSpan span;
    span.t0_s = t;
    span.r0_ecef = ts.r_ecef;
    span.v0_ecef = ts.v_ecef;
    span.a0_ecef = accel(ts);
    TargetEstimate est{t, ts.r_ecef, ts.v_ecef, th.plan.rv_drag_area_per_mass};
    tev.Clear();
    flight::AdvanceTo(th.plan, ts, t + dt_s, tev);
    if (ts.phase == flight::FlightPhase::kImpacted) break;
    t += dt_s;
    span.t1_s = t;
    span.r1_ecef = ts.r_ecef;
    span.v1_ecef = ts.v_ecef;
    span.a1_ecef = accel(ts);
    ev.Clear();
    Advance(m, is, t, guided ? &est : nullptr, span, rng, ev);
    for (const InterceptorEvent& e : ev) {
      if (e.kind == InterceptorEventKind::kIntercept) {
        out.intercepted = true;
        out.intercept = e;
      }
      out.divert_exhausted |= e.kind == InterceptorEventKind::kDivertExhausted;
      out.acquired |= e.kind == InterceptorEventKind::kSeekerAcquisition;
      if (e.kind == InterceptorEventKind::kBurnout) out.t_burnout_s = e.t_s;
    }
  }
  out.final_state = is;
  return out;
}

/// Models and envelopes of the three classes, built once per test binary.
struct ClassFixture {
  InterceptorModel model;
  FlyoutEnvelope envelope;
};
inline const ClassFixture& Class(const std::string& name) {
  static std::map<std::string, std::unique_ptr<ClassFixture>> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return *it->second;
  InterceptorTypeSpec spec = name == "upper_tier_exo"      ? UpperTierExo()
                             : name == "high_alt_terminal" ? HighAltTerminal()
                                                           : LowerTierEndo();
  auto f = std::make_unique<ClassFixture>();
  f->model = MakeInterceptorModel(spec, earth::EarthConfig{});
  f->envelope = FlyoutEnvelope::Build(f->model);
  return *cache.emplace(name, std::move(f)).first->second;
}

}  // namespace bmd::guidance::testing
