// (b) Invariants of vacuum flight: specific energy and angular momentum (non-rotating
// point-mass Earth) and the Jacobi integral (rotating ECEF frame with J2).
#include <gtest/gtest.h>

#include <Eigen/Geometry>

#include <cmath>

#include "models/flight/integrators.h"
#include "models/flight/threat_flight.h"
#include "tests/validation/notional_threats.h"

namespace bmd::flight {
namespace {

// An IRBM-like free flight: 4.9 km/s at 35 deg from 150 km (~3,000 km, ~15 min).
void Start(Eigen::Vector3d& r, Eigen::Vector3d& v) {
  const Eigen::Matrix3d R = earth::REcefFromEnu(35 * earth::kDeg, 120 * earth::kDeg);
  r = (earth::kSphereRadius + 150e3) * R.col(2);
  v = 4900.0 * (std::sin(35 * earth::kDeg) * R.col(2) + std::cos(35 * earth::kDeg) * R.col(1));
}

double Energy(const Eigen::Vector3d& r, const Eigen::Vector3d& v) {
  return 0.5 * v.squaredNorm() - earth::kGM / r.norm();
}

// Jacobi integral in the rotating frame with the J2 potential
//   U = GM/r [1 - J2 (a/r)^2 (3 sin^2(phi) - 1) / 2],  C = v^2/2 - U - w^2 (x^2 + y^2) / 2.
double Jacobi(const Eigen::Vector3d& r, const Eigen::Vector3d& v) {
  const double rn = r.norm(), s2 = r.z() * r.z() / (rn * rn);
  const double U = earth::kGM / rn *
                   (1.0 - earth::kJ2 * std::pow(earth::kWgs84A / rn, 2) * 0.5 * (3.0 * s2 - 1.0));
  const double w = earth::kOmegaEarth;
  return 0.5 * v.squaredNorm() - U - 0.5 * w * w * (r.x() * r.x() + r.y() * r.y());
}

// The bound: 1e-9 relative over a flight.
constexpr double kRel = 1e-9;

TEST(Conservation, EnergyAndAngularMomentumDp54) {
  const ThreatPlan plan = MakePlan(testing::IrbmNotional(), earth::EarthConfig::Kepler(), {}, 0.0,
                                   LaunchParameters{});
  Eigen::Vector3d r0, v0;
  Start(r0, v0);
  TrajectoryOptions o;
  o.dp.rtol = 1e-13;
  o.dp.atol = 1e-9;
  const Trajectory tr = PropagateTrajectory(plan, CoastState(plan, FlightBody::kMissile, 0, r0, v0), o);
  ASSERT_TRUE(tr.impacted);
  ASSERT_GT(tr.samples.size(), 10u);
  const double e0 = Energy(r0, v0);
  const Eigen::Vector3d h0 = r0.cross(v0);
  for (const auto& s : tr.samples) {
    ASSERT_NEAR(Energy(s.r_ecef, s.v_ecef), e0, kRel * std::abs(e0)) << "t = " << s.t_s;
    ASSERT_LT((s.r_ecef.cross(s.v_ecef) - h0).norm(), kRel * h0.norm()) << "t = " << s.t_s;
  }
}

TEST(Conservation, EnergyAndAngularMomentumRk4SmallStep) {
  ThreatPlan plan = MakePlan(testing::IrbmNotional(), earth::EarthConfig::Kepler(), {}, 0.0,
                             LaunchParameters{});
  plan.max_step_s = 0.05;
  Eigen::Vector3d r0, v0;
  Start(r0, v0);
  FlightState s = CoastState(plan, FlightBody::kMissile, 0, r0, v0);
  const double e0 = Energy(r0, v0);
  const Eigen::Vector3d h0 = r0.cross(v0);
  FlightEventBuffer ev;
  int ticks = 0;
  for (double t = 1.0; s.phase != FlightPhase::kImpacted; t += 1.0, ++ticks) {
    ev.Clear();
    AdvanceTo(plan, s, t, ev);
    ASSERT_NEAR(Energy(s.r_ecef, s.v_ecef), e0, kRel * std::abs(e0)) << "t = " << s.t_s;
    ASSERT_LT((s.r_ecef.cross(s.v_ecef) - h0).norm(), kRel * h0.norm()) << "t = " << s.t_s;
  }
  EXPECT_GT(ticks, 600);  // a real flight (~15 min), not a trivially short one
}

TEST(Conservation, JacobiIntegralRotatingFrameWithJ2) {
  // Rotation + J2, vacuum: the Jacobi integral is the conserved quantity in ECEF.
  earth::EarthConfig cfg{earth::Shape::kWgs84, true, true, earth::AtmosphereModel::kNone};
  const ThreatPlan plan = MakePlan(testing::IrbmNotional(), cfg, {}, 0.0, LaunchParameters{});
  Eigen::Vector3d r0, v0;
  Start(r0, v0);
  TrajectoryOptions o;
  o.dp.rtol = 1e-13;
  o.dp.atol = 1e-9;
  const Trajectory tr = PropagateTrajectory(plan, CoastState(plan, FlightBody::kMissile, 0, r0, v0), o);
  ASSERT_TRUE(tr.impacted);
  const double c0 = Jacobi(r0, v0);
  for (const auto& s : tr.samples) {
    ASSERT_NEAR(Jacobi(s.r_ecef, s.v_ecef), c0, kRel * std::abs(c0)) << "t = " << s.t_s;
  }
  // Sanity: the inertial energy is NOT conserved in this frame (the test can fail).
  EXPECT_GT(std::abs(Energy(tr.final_state.r_ecef, tr.final_state.v_ecef) - Energy(r0, v0)),
            1e-6 * std::abs(Energy(r0, v0)));
}

}  // namespace
}  // namespace bmd::flight
