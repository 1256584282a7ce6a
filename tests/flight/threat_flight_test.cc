// Unit tests of the threat flight model: stage and mass bookkeeping, thrust, drag and frame
// forces against hand computations, event times against closed forms.
#include "models/flight/threat_flight.h"

#include <gtest/gtest.h>

#include <Eigen/Geometry>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "models/earth/atmosphere.h"
#include "models/flight/forces.h"
#include "models/flight/targeting.h"
#include "tests/validation/kepler_reference.h"
#include "tests/validation/notional_threats.h"

namespace bmd::flight {
namespace {

const earth::Geodetic kLaunch{39.0 * earth::kDeg, 125.7 * earth::kDeg, 0.0};

ThreatPlan IrbmPlan(const earth::EarthConfig& cfg, double launch_time = 30.0) {
  LaunchParameters p;
  p.azimuth_rad = 135 * earth::kDeg;
  p.kick_rad = 30 * earth::kDeg;
  return MakePlan(testing::IrbmNotional(), cfg, kLaunch, launch_time, p);
}

TEST(ThreatPlan, StageScheduleAndMasses) {
  const ThreatPlan plan = IrbmPlan({});
  const auto t = testing::IrbmNotional();
  // Hand sums: lift-off = 12,000 + 1,400 + 3,200 + 500 + 700 = 17,800 kg.
  EXPECT_DOUBLE_EQ(plan.liftoff_mass_kg, 17800.0);
  EXPECT_DOUBLE_EQ(plan.mass_ignition_kg[1], 3200.0 + 500.0 + 700.0);
  EXPECT_DOUBLE_EQ(plan.ignition_s[1], 80.0);
  EXPECT_DOUBLE_EQ(plan.mdot_kg_s[0], 150.0);
  // Thrust = Isp g0 mdot: 255 * 9.80665 * 150 = 375,104.36 N.
  EXPECT_NEAR(plan.thrust_n[0], 255.0 * 9.80665 * 150.0, 1e-6);
  EXPECT_DOUBLE_EQ(plan.cutoff_s, 145.0);  // full burn
  EXPECT_DOUBLE_EQ(plan.booster_mass_kg, 500.0);  // spent second stage: its dry mass
  EXPECT_NEAR(plan.rv_drag_area_per_mass, earth::kG0 / 80e3, 1e-15);

  // Thrust cut-off at 120 s leaves (145 - 120) * mdot_2 of propellant in the booster.
  LaunchParameters p = plan.params;
  p.cutoff_s = 120.0;
  const ThreatPlan cut = MakePlan(t, {}, kLaunch, 0.0, p);
  EXPECT_NEAR(cut.booster_mass_kg, 500.0 + 25.0 * 3200.0 / 65.0, 1e-9);
  EXPECT_EQ(cut.final_stage, 1);
}

TEST(ThreatPlan, RejectsInvalidTypes) {
  auto t = testing::SrbmNotional();
  t.stages[0].propellant_mass_kg = 100.0;
  t.stages[0].burn_time_s = 60.0;  // thrust-to-weight < 1
  EXPECT_THROW(MakePlan(t, {}, kLaunch, 0.0, {}), std::invalid_argument);
  t.stages.clear();
  EXPECT_THROW(MakePlan(t, {}, kLaunch, 0.0, {}), std::invalid_argument);
}

TEST(Forces, ThrustAtLiftOffMatchesHandComputation) {
  // Kepler Earth (no drag, no rotation), vertical at lift-off, v = 0:
  // a_up = Isp g0 mdot / m0 - GM / R^2.
  const ThreatPlan plan = IrbmPlan(earth::EarthConfig::Kepler());
  const Eigen::Vector3d a = BoostAccel(plan, plan.segments[0], 0.0, plan.launch_ecef,
                                       Eigen::Vector3d::Zero());
  const double expected = 255.0 * 9.80665 * 150.0 / 17800.0 -
                          earth::kGM / (earth::kSphereRadius * earth::kSphereRadius);
  EXPECT_NEAR(a.dot(plan.up_ecef), expected, 1e-9);
  EXPECT_LT((a - a.dot(plan.up_ecef) * plan.up_ecef).norm(), 1e-9);
}

TEST(Forces, DragMatchesUssa1976) {
  // 1 km/s horizontal at 10 km: |a| = rho v^2 / (2 beta), rho from the exact 1976 layers
  // (4.1351e-1 kg/m^3 in the published table); DensityFast is within 2e-4.
  const earth::EarthConfig cfg{earth::Shape::kSphere, false, false,
                               earth::AtmosphereModel::kUssa1976};
  const Eigen::Vector3d r(earth::kSphereRadius + 10e3, 0, 0), v(0, 1000, 0);
  const double beta = 4000.0;
  const Eigen::Vector3d a = DragAccel(cfg, r, v, 1.0 / beta);
  const double rho = earth::Ussa1976(10e3).density_kg_m3;
  EXPECT_NEAR(rho, 0.41351, 1e-4);
  EXPECT_NEAR(a.norm(), rho * 1e6 / (2 * beta), 3e-4 * a.norm());
  EXPECT_NEAR(a.normalized().dot(-v.normalized()), 1.0, 1e-15);
  // No drag in vacuum or above the 150 km ceiling.
  EXPECT_EQ(DragAccel(earth::EarthConfig::Kepler(), r, v, 1.0 / beta).norm(), 0.0);
  const Eigen::Vector3d high(kDragCeilingRadius_m + 1.0, 0, 0);
  EXPECT_EQ(DragAccel(cfg, high, v, 1.0 / beta).norm(), 0.0);
}

TEST(Forces, RotatingFrameTerms) {
  // On the equator at rest: centrifugal w^2 R outward. Moving north at 1 km/s on the
  // equator: Coriolis -2 w x v = 2 w v toward +y (east of x-axis point) is zero since v is
  // parallel to w; moving east (+y at lon 0): -2 w x v = +2 w v_e along +x (outward).
  const earth::EarthConfig cfg{earth::Shape::kSphere, true, false, earth::AtmosphereModel::kNone};
  const double w = earth::kOmegaEarth, R = 6.4e6;
  const Eigen::Vector3d r(R, 0, 0);
  EXPECT_NEAR(FrameAccel(cfg, r, Eigen::Vector3d::Zero()).x(), w * w * R, 1e-12);
  EXPECT_NEAR(FrameAccel(cfg, r, Eigen::Vector3d(0, 0, 1000)).x(), w * w * R, 1e-12);
  EXPECT_NEAR(FrameAccel(cfg, r, Eigen::Vector3d(0, 1000, 0)).x(), w * w * R + 2 * w * 1000,
              1e-12);
  EXPECT_EQ(FrameAccel(earth::EarthConfig::Kepler(), r, Eigen::Vector3d(0, 1000, 0)).norm(), 0.0);
}

TEST(ThreatFlight, EventsAtExactTimesAndStagingMassDrop) {
  const ThreatPlan plan = IrbmPlan({}, 30.0);
  FlightState s = InitialState(plan, 0.0);
  FlightEventBuffer ev;
  std::vector<FlightEvent> all;
  double mass_before_staging = 0.0;
  // An awkward tick (0.3 s) so that no scheduled event falls on a tick.
  for (double t = 0.3; s.phase != FlightPhase::kImpacted && t < 5000; t += 0.3) {
    ev.Clear();
    const double m_prev = s.mass_kg;
    const FlightPhase phase_prev = s.phase;
    AdvanceTo(plan, s, t, ev);
    for (const auto& e : ev) {
      all.push_back(e);
      if (e.kind == FlightEventKind::kStaging) mass_before_staging = m_prev;
    }
    if (phase_prev == FlightPhase::kPreLaunch && s.phase == FlightPhase::kPreLaunch) {
      EXPECT_EQ(s.r_ecef, plan.launch_ecef);  // waits on the launcher
    }
  }
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(all[0].kind, FlightEventKind::kLaunch);
  EXPECT_DOUBLE_EQ(all[0].t_s, 30.0);
  EXPECT_EQ(all[1].kind, FlightEventKind::kStaging);
  EXPECT_NEAR(all[1].t_s, 110.0, 1e-12);
  EXPECT_EQ(all[1].stage, 1);
  EXPECT_EQ(all[2].kind, FlightEventKind::kBurnout);
  EXPECT_NEAR(all[2].t_s, 175.0, 1e-12);
  EXPECT_EQ(all[3].kind, FlightEventKind::kRvSeparation);
  EXPECT_EQ(all[4].kind, FlightEventKind::kApogee);
  EXPECT_EQ(all[5].kind, FlightEventKind::kImpact);
  for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LE(all[i - 1].t_s, all[i].t_s);
  // The last tick before staging ends at 109.8 s: mass = m0 - mdot * 79.8 s.
  EXPECT_NEAR(mass_before_staging, 17800.0 - 150.0 * 79.8, 1e-6);
  EXPECT_DOUBLE_EQ(s.mass_kg, 700.0);  // the RV
  // Apogee: radial velocity zero at the event (located inside the step).
  EXPECT_NEAR(all[4].r_ecef.normalized().dot(all[4].v_ecef), 0.0, 1e-3);
  EXPECT_NEAR(earth::EcefToGeodetic(s.r_ecef).alt_m, 0.0, 0.01);
}

TEST(ThreatFlight, SpentBoosterIsSeparateAndFallsShort) {
  const ThreatPlan plan = IrbmPlan({});
  const Trajectory rv = PropagateTrajectory(plan, InitialState(plan));
  ASSERT_TRUE(rv.impacted && rv.separated);
  FlightEvent sep;
  for (const auto& e : rv.events) if (e.kind == FlightEventKind::kRvSeparation) sep = e;
  const FlightState b0 = SpentBoosterState(plan, sep);
  EXPECT_EQ(b0.body, FlightBody::kBooster);
  EXPECT_DOUBLE_EQ(b0.mass_kg, 500.0);
  const Trajectory booster = PropagateTrajectory(plan, b0);
  ASSERT_TRUE(booster.impacted);
  // The booster (beta = m / (Cd A) ~ 1,080 kg/m^2) decelerates far more in reentry than the
  // RV (8,160 kg/m^2): it lands short and later.
  const double rv_range = (rv.final_state.r_ecef - plan.launch_ecef).norm();
  const double b_range = (booster.final_state.r_ecef - plan.launch_ecef).norm();
  EXPECT_LT(b_range, rv_range);
  EXPECT_GT(booster.final_state.t_s, rv.final_state.t_s);
  EXPECT_EQ(booster.events.back().body, FlightBody::kBooster);
}

TEST(ThreatFlight, ApogeeAndImpactTimesMatchKepler) {
  // Vacuum, spherical, non-rotating: from (r0, v0) the apogee time is (pi - M0) / n.
  const ThreatPlan plan = IrbmPlan(earth::EarthConfig::Kepler());
  const Eigen::Matrix3d R = earth::REcefFromEnu(10 * earth::kDeg, 0.0);
  const double r0 = earth::kSphereRadius + 100e3, v = 4000.0, g = 40 * earth::kDeg;
  const Eigen::Vector3d r = r0 * R.col(2);
  const Eigen::Vector3d vel = v * (std::sin(g) * R.col(2) + std::cos(g) * R.col(1));
  const auto ref = testing::KeplerFreeFlight(earth::kGM, r0, v, g, earth::kSphereRadius);

  const Trajectory tr = PropagateTrajectory(plan, CoastState(plan, FlightBody::kMissile, 0, r, vel));
  ASSERT_TRUE(tr.impacted);
  // DP54 at rtol 1e-10 plus Brent on the dense output: event times to ~1e-6 s.
  EXPECT_NEAR(tr.apogee_time_s, ref.apogee_time_s, 1e-5);
  EXPECT_NEAR(tr.final_state.t_s, ref.time_s, 1e-5);

  // RK4 at 0.5 s steps: root inside the step from the Hermite interpolant, then an exact
  // RK4 step to it; global RK4 error at h = 0.5 s is ~1e-7 relative, i.e. < 1 ms here.
  ThreatPlan coarse = plan;
  coarse.max_step_s = 0.5;
  FlightState s = CoastState(coarse, FlightBody::kMissile, 0, r, vel);
  FlightEventBuffer ev;
  double t_apogee = -1;
  for (double t = 0.5; s.phase != FlightPhase::kImpacted; t += 0.5) {
    ev.Clear();
    AdvanceTo(coarse, s, t, ev);
    for (const auto& e : ev) if (e.kind == FlightEventKind::kApogee) t_apogee = e.t_s;
  }
  EXPECT_NEAR(t_apogee, ref.apogee_time_s, 1e-3);
  EXPECT_NEAR(s.t_s, ref.time_s, 1e-3);
  EXPECT_GT(std::abs(std::remainder(ref.apogee_time_s, 0.5)), 1e-3);  // not on a tick
}

// ---------------------------------------------------------------------------------------
// Long drag-free coast steps (AdvanceOptions::coast_step_s) against the plain 0.1 s RK4
// stepping (coast_step_s = 0, the stepping used before long steps existed).

// A threat flown in ticks as the engine flies it: the missile/RV, and the spent booster
// created at RV separation and advanced in the same tick. Tick k ends at
// launch + k * tick_twentieths / 20 s, so runs with different ticks share bit-identical
// times at their common ticks (keyed by the numerator n = k * tick_twentieths).
struct Sample {
  Eigen::Vector3d r, v;
};
struct TickedEvent {
  FlightEvent e;
  double tick_start_s, tick_end_s;
};
struct TickedFlight {
  std::map<long, Sample> rv, booster;  // state at the end of tick n (objects still flying)
  std::vector<TickedEvent> events;     // both bodies, in the order reported
  FlightState rv_final, booster_final;
  int long_step_ticks = 0;             // ticks ending inside or at the end of a long step
  int long_steps = 0;                  // distinct long steps taken (RV and booster)
};

TickedFlight FlyTicked(const ThreatPlan& plan, int tick_twentieths, const AdvanceOptions& opt,
                       FlightState rv = FlightState{}, bool from_launch = true) {
  TickedFlight out;
  if (from_launch) rv = InitialState(plan);
  FlightState booster;
  bool booster_flying = false;
  FlightEventBuffer ev;
  double t_prev = rv.t_s;
  const double t0 = rv.t_s;
  double last_rv_step = -1.0, last_b_step = -1.0;
  auto count_step = [&](const FlightState& s, double& last) {
    if (!s.coast_step.active) return;
    ++out.long_step_ticks;
    if (s.coast_step.t0_s != last) ++out.long_steps, last = s.coast_step.t0_s;
  };
  for (long k = 1; k < 200000; ++k) {
    const long n = k * tick_twentieths;
    const double t = t0 + static_cast<double>(n) / 20.0;
    const bool rv_flying = rv.phase != FlightPhase::kImpacted;
    const bool b_flying = booster_flying && booster.phase != FlightPhase::kImpacted;
    if (!rv_flying && !b_flying) break;
    if (rv_flying) {
      ev.Clear();
      AdvanceTo(plan, rv, t, ev, opt);
      for (const auto& e : ev) {
        out.events.push_back({e, t_prev, t});
        if (e.kind == FlightEventKind::kRvSeparation) {
          booster = SpentBoosterState(plan, e);
          booster_flying = true;
        }
      }
      if (rv.phase != FlightPhase::kImpacted) out.rv[n] = {rv.r_ecef, rv.v_ecef};
      count_step(rv, last_rv_step);
    }
    if (booster_flying && booster.phase != FlightPhase::kImpacted) {
      const double b_start = std::max(t_prev, booster.t_s);
      ev.Clear();
      AdvanceTo(plan, booster, t, ev, opt);
      for (const auto& e : ev) out.events.push_back({e, b_start, t});
      if (booster.phase != FlightPhase::kImpacted) out.booster[n] = {booster.r_ecef, booster.v_ecef};
      count_step(booster, last_b_step);
    }
    t_prev = t;
  }
  out.rv_final = rv;
  out.booster_final = booster;
  return out;
}

// An object coasting north from (lat, lon, alt) at `speed`, `gamma_deg` above the horizontal.
FlightState CoastNorthFrom(const ThreatPlan& plan, double lat_deg, double lon_deg, double alt_m,
                           double speed_mps, double gamma_deg) {
  const Eigen::Matrix3d R = earth::REcefFromEnu(lat_deg * earth::kDeg, lon_deg * earth::kDeg);
  const double g = gamma_deg * earth::kDeg;
  return CoastState(plan, FlightBody::kMissile, 0.0,
                    earth::GeodeticToEcef({lat_deg * earth::kDeg, lon_deg * earth::kDeg, alt_m}),
                    speed_mps * (std::sin(g) * R.col(2) + std::cos(g) * R.col(1)));
}

struct Diff {
  double r_m = 0.0, v_mps = 0.0;
  long common = 0;
};
Diff MaxDiff(const std::map<long, Sample>& a, const std::map<long, Sample>& b) {
  Diff d;
  for (const auto& [n, sa] : a) {
    const auto it = b.find(n);
    if (it == b.end()) continue;
    ++d.common;
    d.r_m = std::max(d.r_m, (sa.r - it->second.r).norm());
    d.v_mps = std::max(d.v_mps, (sa.v - it->second.v).norm());
  }
  return d;
}

// Same events (kind, body, order), times to 1e-6 s, impact points to 1 cm.
void ExpectSameEvents(const TickedFlight& a, const TickedFlight& b) {
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    const FlightEvent& ea = a.events[i].e;
    const FlightEvent& eb = b.events[i].e;
    EXPECT_EQ(ea.kind, eb.kind) << i;
    EXPECT_EQ(ea.body, eb.body) << i;
    EXPECT_NEAR(ea.t_s, eb.t_s, 1e-6) << ToString(ea.kind);
    if (ea.kind == FlightEventKind::kImpact) {
      EXPECT_LT((ea.r_ecef - eb.r_ecef).norm(), 0.01) << ToString(ea.kind);
    }
  }
}

// Every event lies in the tick that reported it, and each kind is reported once per body.
void ExpectEventsInTheirTicks(const TickedFlight& f) {
  std::map<std::pair<int, int>, int> count;
  for (const auto& te : f.events) {
    EXPECT_GE(te.e.t_s, te.tick_start_s) << ToString(te.e.kind);
    EXPECT_LE(te.e.t_s, te.tick_end_s) << ToString(te.e.kind);
    const int n = ++count[{static_cast<int>(te.e.body), static_cast<int>(te.e.kind)}];
    if (te.e.kind != FlightEventKind::kStaging) {
      EXPECT_EQ(n, 1) << ToString(te.e.kind);
    }
  }
}

struct FlightCase {
  std::string name;
  ThreatTypeSpec type;
  double range_m;
  Shaping shaping;
  bool expect_long_steps;  // apogee well above the 150 km drag ceiling
};

void PrintTo(const FlightCase& c, std::ostream* os) { *os << c.name; }

ThreatPlan SolvedPlan(const FlightCase& c) {
  const earth::Geodetic aim_point = earth::GeodesicDirect(kLaunch.lat_rad, kLaunch.lon_rad,
                                                          135 * earth::kDeg, c.range_m);
  const earth::Geodetic aim{aim_point.lat_rad, aim_point.lon_rad, 0.0};
  const TargetingResult res = SolveTargeting(c.type, {}, kLaunch, 0.0, aim, c.shaping);
  EXPECT_TRUE(res.ok) << res.reason;
  return res.plan;
}

class LongCoastSteps : public ::testing::TestWithParam<FlightCase> {};

TEST_P(LongCoastSteps, WholeFlightMatchesPlainStepping) {
  const ThreatPlan plan = SolvedPlan(GetParam());
  AdvanceOptions plain;
  plain.coast_step_s = 0.0;
  const TickedFlight ref = FlyTicked(plan, 2, plain);
  const TickedFlight fast = FlyTicked(plan, 2, AdvanceOptions{});
  ASSERT_EQ(ref.rv_final.phase, FlightPhase::kImpacted);
  ASSERT_EQ(fast.rv_final.phase, FlightPhase::kImpacted);
  EXPECT_EQ(ref.long_step_ticks, 0);
  // Long steps really are taken where the flight rises well above the drag ceiling (so the
  // comparison below is not vacuous), and never otherwise.
  if (GetParam().expect_long_steps) {
    EXPECT_GT(fast.long_step_ticks, 100);
  } else {
    EXPECT_EQ(fast.long_step_ticks, 0);
  }
  // Acceptance bounds of the change: 1 mm and 1e-5 m/s at every 0.1 s tick. Expected
  // differences are far smaller (threat_flight.h: RK4 local error ~4e-9 m per 2 s step,
  // interpolant <= 6e-7 m and ~1e-9 m/s, none of it fed back into the integration).
  const Diff d_rv = MaxDiff(ref.rv, fast.rv), d_b = MaxDiff(ref.booster, fast.booster);
  EXPECT_GT(d_rv.common, 1000);
  EXPECT_GT(d_b.common, 1000);
  EXPECT_LT(d_rv.r_m, 1e-3);
  EXPECT_LT(d_rv.v_mps, 1e-5);
  EXPECT_LT(d_b.r_m, 1e-3);
  EXPECT_LT(d_b.v_mps, 1e-5);
  EXPECT_EQ(ref.rv.size(), fast.rv.size());
  EXPECT_EQ(ref.booster.size(), fast.booster.size());
  ExpectSameEvents(ref, fast);
  ExpectEventsInTheirTicks(fast);
  // Final states (the impact points, moved onto the surface by the same Newton polish).
  EXPECT_LT((ref.rv_final.r_ecef - fast.rv_final.r_ecef).norm(), 0.01);
  EXPECT_LT((ref.booster_final.r_ecef - fast.booster_final.r_ecef).norm(), 0.01);
  EXPECT_NEAR(ref.rv_final.t_s, fast.rv_final.t_s, 1e-6);
  // The impact lies on the impact surface (aim height 0): PolishImpact's Newton step leaves
  // ~mm (the existing AdvanceTo contract, see EventsAtExactTimesAndStagingMassDrop).
  EXPECT_NEAR(earth::EcefToGeodetic(fast.rv_final.r_ecef).alt_m, 0.0, 0.01);
  RecordProperty("max_rv_diff_m", std::to_string(d_rv.r_m));
  RecordProperty("max_rv_diff_mps", std::to_string(d_rv.v_mps));
  std::printf("[ %s ] long-step ticks %d of %zu, steps %d; max |dr| RV %.2e m booster %.2e m, "
              "max |dv| RV %.2e m/s booster %.2e m/s\n",
              GetParam().name.c_str(), fast.long_step_ticks, fast.rv.size() + fast.booster.size(),
              fast.long_steps, d_rv.r_m, d_b.r_m, d_rv.v_mps, d_b.v_mps);
}

INSTANTIATE_TEST_SUITE_P(
    SrbmAndMrbm, LongCoastSteps,
    ::testing::Values(
        FlightCase{"srbm_min_energy", testing::SrbmNotional(), 300e3, Shaping{}, false},
        FlightCase{"srbm_lofted", testing::SrbmNotional(), 300e3,
                   Shaping{ShapingKind::kApogee, true, 165e3, 0.0}, true},
        FlightCase{"mrbm_min_energy", testing::MrbmNotional(), 1000e3, Shaping{}, true},
        FlightCase{"mrbm_lofted", testing::MrbmNotional(), 800e3,
                   Shaping{ShapingKind::kApogee, true, 400e3, 0.0}, true},
        FlightCase{"mrbm_depressed", testing::MrbmNotional(), 800e3,
                   Shaping{ShapingKind::kApogee, false, 110e3, 0.0}, false}),
    [](const ::testing::TestParamInfo<FlightCase>& info) { return info.param.name; });

// Largest difference between the tick dependence (a - a_ref) of one stepping and the tick
// dependence (b - b_ref) of another, over the times common to all four runs.
Diff MaxDoubleDiff(const std::map<long, Sample>& a, const std::map<long, Sample>& a_ref,
                   const std::map<long, Sample>& b, const std::map<long, Sample>& b_ref) {
  Diff d;
  for (const auto& [n, sa] : a) {
    if (!a_ref.count(n) || !b.count(n) || !b_ref.count(n)) continue;
    ++d.common;
    const Sample &sar = a_ref.at(n), &sb = b.at(n), &sbr = b_ref.at(n);
    d.r_m = std::max(d.r_m, ((sa.r - sar.r) - (sb.r - sbr.r)).norm());
    d.v_mps = std::max(d.v_mps, ((sa.v - sar.v) - (sb.v - sbr.v)).norm());
  }
  return d;
}

TEST(LongCoastSteps, TickSizeDoesNotChangeTheTrajectory) {
  // 0.05, 0.1 and 0.25 s ticks. Long steps start wherever the previous stepping left the
  // node, and the ticks only sample the interpolant.
  //
  // (1) Full Earth model, whole lofted MRBM flight. The plain stepping itself depends on the
  // tick by millimetres here (measured: ~8e-6 m/s picked up in boost around the tropopause
  // at max-Q, where the 1976 density's slope breaks and a 0.25 s tick is stepped
  // 0.1 + 0.1 + 0.05 s; it grows to ~5-10 mm at impact). Long steps must not add to that:
  // the tick dependence with long steps equals the plain one to 1e-5 m and 1e-6 m/s (each
  // stepping differs from the plain one by <= ~3e-6 m and ~1e-8 m/s, threat_flight.h), and
  // event times move with the tick by no more than 1e-6 s beyond the plain stepping's move.
  const ThreatPlan plan = SolvedPlan({"mrbm_lofted", testing::MrbmNotional(), 800e3,
                                      Shaping{ShapingKind::kApogee, true, 400e3, 0.0}, true});
  AdvanceOptions plain;
  plain.coast_step_s = 0.0;
  const TickedFlight t10 = FlyTicked(plan, 2, AdvanceOptions{});
  const TickedFlight p10 = FlyTicked(plan, 2, plain);
  for (const int tw : {1, 5}) {
    const TickedFlight f = FlyTicked(plan, tw, AdvanceOptions{});
    const TickedFlight p = FlyTicked(plan, tw, plain);
    EXPECT_GT(f.long_step_ticks, 1000);
    for (const auto& [fa, fr, pa, pr] :
         {std::tie(f.rv, t10.rv, p.rv, p10.rv),
          std::tie(f.booster, t10.booster, p.booster, p10.booster)}) {
      const Diff dd = MaxDoubleDiff(fa, fr, pa, pr);
      EXPECT_GT(dd.common, 1000);
      EXPECT_LT(dd.r_m, 1e-5) << "tick " << tw / 20.0;
      EXPECT_LT(dd.v_mps, 1e-6) << "tick " << tw / 20.0;
    }
    ASSERT_EQ(f.events.size(), t10.events.size());
    ASSERT_EQ(p.events.size(), p10.events.size());
    for (std::size_t i = 0; i < f.events.size(); ++i) {
      EXPECT_EQ(f.events[i].e.kind, t10.events[i].e.kind);
      const double plain_dt = std::abs(p.events[i].e.t_s - p10.events[i].e.t_s);
      EXPECT_NEAR(f.events[i].e.t_s, t10.events[i].e.t_s, plain_dt + 1e-6)
          << ToString(f.events[i].e.kind);
    }
    ExpectEventsInTheirTicks(f);
  }

  // (2) Vacuum (WGS-84, rotation, J2): no density kinks, so the tick independence holds
  // absolutely: states at common times to 1 mm and 1e-5 m/s, events to 1e-6 s.
  const earth::EarthConfig vacuum{earth::Shape::kWgs84, true, true, earth::AtmosphereModel::kNone};
  const ThreatPlan vplan = IrbmPlan(vacuum);
  const FlightState start = CoastNorthFrom(vplan, 39.0, 125.7, 100e3, 4000.0, 40.0);
  const TickedFlight v10 = FlyTicked(vplan, 2, AdvanceOptions{}, start, false);
  for (const int tw : {1, 5}) {
    const TickedFlight f = FlyTicked(vplan, tw, AdvanceOptions{}, start, false);
    const Diff d = MaxDiff(v10.rv, f.rv);
    EXPECT_GT(d.common, 1000);
    EXPECT_LT(d.r_m, 1e-3) << "tick " << tw / 20.0;
    EXPECT_LT(d.v_mps, 1e-5) << "tick " << tw / 20.0;
    ExpectSameEvents(v10, f);
    ExpectEventsInTheirTicks(f);
  }
}

TEST(LongCoastSteps, ReentryIsSteppedExactlyAsBefore) {
  // An RV entering at 140 km (below the drag ceiling: drag acts on every step) at 4 km/s,
  // 25 deg below the horizontal: no long step may be taken, so the states equal those of
  // the plain 0.1 s stepping to 1e-6 m (in fact bit for bit).
  const ThreatPlan plan = IrbmPlan({});
  const FlightState start = CoastNorthFrom(plan, 37.0, 127.0, 140e3, 4000.0, -25.0);
  AdvanceOptions plain;
  plain.coast_step_s = 0.0;
  const TickedFlight ref = FlyTicked(plan, 2, plain, start, false);
  const TickedFlight fast = FlyTicked(plan, 2, AdvanceOptions{}, start, false);
  ASSERT_EQ(fast.rv_final.phase, FlightPhase::kImpacted);
  EXPECT_EQ(fast.long_step_ticks, 0);
  const Diff d = MaxDiff(ref.rv, fast.rv);
  EXPECT_GT(d.common, 300);
  EXPECT_LE(d.r_m, 1e-6);
  EXPECT_LE(d.v_mps, 1e-9);
  EXPECT_NEAR(ref.rv_final.t_s, fast.rv_final.t_s, 1e-9);

  // The 1e-6 m bound discriminates: a 2 s step (the long-step length) in this reentry, even
  // sampled only at its own nodes, moves the RV by far more than that.
  ThreatPlan coarse = plan;
  coarse.max_step_s = 2.0;
  const TickedFlight two = FlyTicked(coarse, 40, plain, start, false);
  EXPECT_GT(MaxDiff(ref.rv, two.rv).r_m, 1e-4);
}

TEST(LongCoastSteps, VacuumLongStepsDownToTheImpactBand) {
  // Without an atmosphere long steps continue down to radius a + h (|v| + 20 h) (no drag
  // anywhere); the impact itself is still found by 0.1 s steps and polished onto the
  // surface. WGS-84, rotation and J2 on, vacuum; from 100 km up at 4 km/s, 40 deg.
  const earth::EarthConfig vacuum{earth::Shape::kWgs84, true, true, earth::AtmosphereModel::kNone};
  const ThreatPlan plan = IrbmPlan(vacuum);
  const FlightState start = CoastNorthFrom(plan, 39.0, 125.7, 100e3, 4000.0, 40.0);
  AdvanceOptions plain;
  plain.coast_step_s = 0.0;
  const TickedFlight ref = FlyTicked(plan, 2, plain, start, false);
  const TickedFlight fast = FlyTicked(plan, 2, AdvanceOptions{}, start, false);
  ASSERT_EQ(fast.rv_final.phase, FlightPhase::kImpacted);
  // Nearly the whole flight is long-stepped: plain steps resume only once a 2 s step could
  // reach a + impact height, i.e. within h (|v| + 20 h) ~ 8.6 km of a at ~4.2 km/s, ~18 km
  // above the surface at this latitude (a few seconds before impact).
  EXPECT_GT(fast.long_step_ticks, static_cast<int>(0.95 * static_cast<double>(fast.rv.size())));
  const Diff d = MaxDiff(ref.rv, fast.rv);
  EXPECT_LT(d.r_m, 1e-3);  // acceptance bounds, see WholeFlightMatchesPlainStepping
  EXPECT_LT(d.v_mps, 1e-5);
  ExpectSameEvents(ref, fast);
  ExpectEventsInTheirTicks(fast);
  ASSERT_EQ(fast.events.size(), 2u);  // apogee (inside a long step) and impact
  EXPECT_EQ(fast.events[0].e.kind, FlightEventKind::kApogee);
  // Apogee: radial velocity zero at the reported state (located inside the 2 s step).
  EXPECT_NEAR(fast.events[0].e.r_ecef.normalized().dot(fast.events[0].e.v_ecef), 0.0, 1e-3);
  EXPECT_NEAR(earth::EcefToGeodetic(fast.rv_final.r_ecef).alt_m, 0.0, 0.01);
}

TEST(LongCoastSteps, StepLivesInTheStateAndTicksOnlyInterpolate) {
  const ThreatPlan plan = SolvedPlan({"mrbm_min_energy", testing::MrbmNotional(), 1000e3,
                                      Shaping{}, true});
  FlightState s = InitialState(plan);
  FlightEventBuffer ev;
  // Fly into midcourse (300 s after launch, above 200 km) in 0.1 s ticks.
  int k = 1;
  for (; k <= 3000; ++k) {
    ev.Clear();
    AdvanceTo(plan, s, plan.launch_time_s + 0.1 * k, ev);
  }
  ASSERT_TRUE(s.coast_step.active);
  // Inside a long step the step does not change from tick to tick, and the state at each
  // tick is the cubic Hermite interpolant of its end states.
  for (int i = 0; i < 40; ++i, ++k) {
    const CoastStep before = s.coast_step;
    const double t = plan.launch_time_s + 0.1 * k;
    ev.Clear();
    AdvanceTo(plan, s, t, ev);
    ASSERT_DOUBLE_EQ(s.t_s, t);
    if (before.active && t < before.t1_s) {
      EXPECT_EQ(s.coast_step.t0_s, before.t0_s);
      EXPECT_EQ(s.coast_step.r1, before.r1);
      Eigen::Vector3d r, v;
      const double h = before.t1_s - before.t0_s;
      HermiteInterpolate(before.r0, before.v0, before.a0, before.r1, before.v1, before.a1, h,
                         (t - before.t0_s) / h, r, v);
      EXPECT_EQ(s.r_ecef, r);
      EXPECT_EQ(s.v_ecef, v);
    }
    // The step's end is an exact RK4 step of its length from its start (independent check
    // with the integrator and the force model directly).
    const CoastStep& c = s.coast_step;
    ASSERT_TRUE(c.active);
    EXPECT_DOUBLE_EQ(c.t1_s - c.t0_s, kCoastStep_s);
    const CoastRhs rhs{plan.earth, plan.rv_drag_area_per_mass};
    StateVec<6> x0;
    x0 << c.r0, c.v0;
    const StateVec<6> x1 = Rk4Step<6>(rhs, c.t0_s, x0, c.t1_s - c.t0_s);
    EXPECT_LT((x1.head<3>() - c.r1).norm(), 1e-9);
    EXPECT_LT((CoastAccelOf(plan, FlightBody::kMissile, c.r1, c.v1) - c.a1).norm(), 1e-12);
  }
  // A copy (the engine copies states by value) continues identically, bit for bit; a call
  // that does not move time forward changes nothing.
  FlightState copy = s;
  ev.Clear();
  AdvanceTo(plan, copy, s.t_s, ev);
  AdvanceTo(plan, copy, s.t_s - 1.0, ev);
  EXPECT_EQ(ev.size(), 0);
  EXPECT_EQ(copy.r_ecef, s.r_ecef);
  for (int i = 0; i < 500 && s.phase != FlightPhase::kImpacted; ++i, ++k) {
    const double t = plan.launch_time_s + 0.1 * k;
    ev.Clear();
    AdvanceTo(plan, s, t, ev);
    ev.Clear();
    AdvanceTo(plan, copy, t, ev);
    ASSERT_EQ(s.r_ecef, copy.r_ecef);
    ASSERT_EQ(s.v_ecef, copy.v_ecef);
  }
}


// CoastAccelAt (the engine's end-of-tick acceleration) memoises CoastAccelOf in the state and
// AdvanceTo takes the memo as its next step's first RK4 stage. The reference is the same
// flight advanced without ever asking for the acceleration: the RK4 stage is then evaluated
// in AdvanceTo itself, so the two must agree bit for bit, tick by tick. Cases: a reentry
// from 140 km (plain 0.1 s steps with drag, the memo taken at every step start) and a
// midcourse from 300 km (long drag-free steps, whose end nodes answer from the step's own
// end acceleration).
TEST(ThreatFlight, CoastAccelAtIsCoastAccelOfAndLeavesTheFlightBitIdentical) {
  const ThreatPlan plan = IrbmPlan({});
  for (const FlightState& start : {CoastNorthFrom(plan, 37.0, 127.0, 140e3, 4000.0, -25.0),
                                   CoastNorthFrom(plan, 37.0, 127.0, 300e3, 3000.0, 10.0)}) {
    FlightState with = start, without = start;
    FlightEventBuffer ev_with, ev_without;
    int ticks = 0, memo_answers = 0;
    for (int k = 1; k <= 20000 && without.phase != FlightPhase::kImpacted; ++k, ++ticks) {
      const double t = 0.1 * k;
      ev_with.Clear();
      ev_without.Clear();
      AdvanceTo(plan, with, t, ev_with);
      AdvanceTo(plan, without, t, ev_without);
      ASSERT_EQ(with.t_s, without.t_s) << "tick " << k;
      ASSERT_EQ(with.r_ecef, without.r_ecef) << "tick " << k;
      ASSERT_EQ(with.v_ecef, without.v_ecef) << "tick " << k;
      ASSERT_EQ(ev_with.size(), ev_without.size()) << "tick " << k;
      if (with.phase == FlightPhase::kImpacted) break;
      const Eigen::Vector3d a = CoastAccelAt(plan, with);
      ASSERT_EQ(a, CoastAccelOf(plan, with.body, with.r_ecef, with.v_ecef)) << "tick " << k;
      ASSERT_EQ(CoastAccelAt(plan, with), a);  // asked twice: the memo, unchanged
      memo_answers += with.accel_valid ? 1 : 0;
    }
    EXPECT_EQ(with.phase, FlightPhase::kImpacted);
    EXPECT_GT(ticks, 300);
    EXPECT_GT(memo_answers, 300);
  }
}

// The memo is keyed on the position and velocity it was computed for: a state whose r or v
// was overwritten (against the FlightState contract, but possible) must not reuse it. The
// reference is a fresh CoastState at the overwritten position, which has no memo.
TEST(ThreatFlight, CoastAccelMemoIsNotReusedForAnotherState) {
  const ThreatPlan plan = IrbmPlan({});
  FlightState s = CoastNorthFrom(plan, 37.0, 127.0, 100e3, 4000.0, -25.0);
  FlightEventBuffer ev;
  AdvanceTo(plan, s, 0.1, ev);
  (void)CoastAccelAt(plan, s);
  ASSERT_TRUE(s.accel_valid);
  // 2 km lower: the drag there differs by ~30 %, far above any rounding.
  const Eigen::Vector3d r_moved = s.r_ecef * (1.0 - 2e3 / s.r_ecef.norm());
  FlightState moved = s;
  moved.r_ecef = r_moved;
  FlightState fresh = CoastState(plan, FlightBody::kMissile, s.t_s, r_moved, s.v_ecef);
  AdvanceTo(plan, moved, 0.2, ev);
  AdvanceTo(plan, fresh, 0.2, ev);
  EXPECT_EQ(moved.r_ecef, fresh.r_ecef);
  EXPECT_EQ(moved.v_ecef, fresh.v_ecef);
}

}  // namespace
}  // namespace bmd::flight
