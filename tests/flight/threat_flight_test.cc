// Unit tests of the threat flight model: stage and mass bookkeeping, thrust, drag and frame
// forces against hand computations, event times against closed forms.
#include "models/flight/threat_flight.h"

#include <gtest/gtest.h>

#include <Eigen/Geometry>

#include <cmath>

#include "models/earth/atmosphere.h"
#include "models/flight/forces.h"
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

}  // namespace
}  // namespace bmd::flight
