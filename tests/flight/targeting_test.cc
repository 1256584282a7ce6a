// Targeting failure results: clear reasons for unreachable aim points and impossible shapings.
#include "models/flight/targeting.h"

#include <gtest/gtest.h>

#include "tests/validation/notional_threats.h"

namespace bmd::flight {
namespace {

const earth::Geodetic kLaunch{39.0 * earth::kDeg, 125.7 * earth::kDeg, 0.0};

earth::Geodetic AimAt(double km) {
  return earth::GeodesicDirect(kLaunch.lat_rad, kLaunch.lon_rad, 135 * earth::kDeg, km * 1e3);
}

TEST(Targeting, BeyondMaximumRangeFailsWithReason) {
  const auto res = SolveTargeting(testing::SrbmNotional(), {}, kLaunch, 0, AimAt(600), {});
  EXPECT_FALSE(res.ok);
  EXPECT_NE(res.reason.find("aim point 600 km away exceeds the maximum range of about"),
            std::string::npos) << res.reason;
  EXPECT_NE(res.reason.find("srbm_notional"), std::string::npos);
  EXPECT_GT(res.max_range_m, 300e3);
  EXPECT_LT(res.max_range_m, 600e3);
}

TEST(Targeting, TooCloseFailsWithReason) {
  const auto res = SolveTargeting(testing::IrbmNotional(), {}, kLaunch, 0, AimAt(5), {});
  EXPECT_FALSE(res.ok);
  EXPECT_NE(res.reason.find("closer than the minimum range"), std::string::npos) << res.reason;
}

TEST(Targeting, ImpossibleApogeeAndFlightTimeFailWithReason) {
  const auto hi = SolveTargeting(testing::SrbmNotional(), {}, kLaunch, 0, AimAt(300),
                                 Shaping{ShapingKind::kApogee, true, 900e3, 0});
  EXPECT_FALSE(hi.ok);
  EXPECT_NE(hi.reason.find("apogee 900 km is not reachable at 300 km range"), std::string::npos)
      << hi.reason;
  const auto fast = SolveTargeting(testing::MrbmNotional(), {}, kLaunch, 0, AimAt(1000),
                                   Shaping{ShapingKind::kFlightTime, false, 0, 200});
  EXPECT_FALSE(fast.ok);
  EXPECT_NE(fast.reason.find("flight time 200 s is not reachable"), std::string::npos)
      << fast.reason;
}

TEST(Targeting, SolvedPlanHitsAimOnSphereWithoutRotation) {
  // Sphere, no rotation, no J2, with drag: every force lies in the launch plane, so the impact
  // stays on the launch azimuth and the solver must return the geodesic azimuth unchanged.
  // (With J2 on a sphere the J2 gravity has a horizontal component that the spherical 'up'
  // does not absorb; the gravity turn carries it into a ~0.5 deg azimuth correction.)
  const earth::EarthConfig sphere{earth::Shape::kSphere, false, false,
                                  earth::AtmosphereModel::kUssa1976};
  const earth::Geodetic aim = earth::GeodesicDirect(kLaunch.lat_rad, kLaunch.lon_rad,
                                                    135 * earth::kDeg, 800e3, earth::Shape::kSphere);
  const auto res = SolveTargeting(testing::MrbmNotional(), sphere, kLaunch, 0, aim, {});
  ASSERT_TRUE(res.ok) << res.reason;
  EXPECT_LT(res.miss_m, 2.0);  // the solver's own acceptance tolerance
  EXPECT_NEAR(res.params.azimuth_rad, 135 * earth::kDeg, 1e-6);
}

}  // namespace
}  // namespace bmd::flight
