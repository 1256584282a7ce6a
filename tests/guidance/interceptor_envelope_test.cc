// (d) Flyout envelope tables against direct flyout shooting at off-grid points.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/guidance/interceptor_scenarios.h"

namespace bmd::guidance::testing {
namespace {

// At every cell centre (the point farthest from the nodes) whose four corners are reachable,
// the bilinear look-up agrees with a direct shooting solve at the same point. The bilinear
// error bound is (dr^2 |T_rr| + da^2 |T_aa|) / 8 + dr da |T_ra| / 4 (centre of the cell);
// the second derivatives come from the table's own second differences around the cell
// (an independent estimate of the curvature), plus 0.01 s for the shooting/integration.
TEST(InterceptorEnvelope, BilinearMatchesDirectFlyoutAtCellCentres) {
  for (const char* cls : {"lower_tier_endo", "high_alt_terminal", "upper_tier_exo"}) {
    SCOPED_TRACE(cls);
    const ClassFixture& f = Class(cls);
    const FlyoutEnvelope& env = f.envelope;
    const EnvelopeOptions opt;
    const Eigen::Vector3d site = earth::GeodeticToEcef(opt.reference_site);
    int checked = 0;
    double worst_ratio = 0.0;
    for (int j = 1; j + 2 < env.alt_nodes(); j += 2) {
      for (int i = 1; i + 2 < env.range_nodes(); i += 2) {
        auto T = [&](int a, int b) { return env.NodeTime(a, b); };
        bool finite = true;
        for (int a = i - 1; a <= i + 2; ++a)
          for (int b = j - 1; b <= j + 2; ++b) finite &= std::isfinite(T(a, b));
        // Only the class's intercept window matters (below it, e.g. 20 km for the high-altitude
        // class, the table holds lofted solutions the cold-started reference cannot find).
        if (!finite || (j + 1) * env.alt_step_m() < f.model.spec.min_intercept_alt_m) continue;
        const double range = (i + 0.5) * env.range_step_m(), alt = (j + 0.5) * env.alt_step_m();
        const Eigen::Vector3d p = PointAtRangeAltitude(site, opt.reference_azimuth_rad, range, alt, earth::Shape::kWgs84);
        LaunchSolution sol = SolveLaunchDirection(f.model, opt.reference_site, p);
        if (!sol.ok) {  // cold start failed: warm-start from the solution at the corner node
          const LaunchSolution corner = SolveLaunchDirection(
              f.model, opt.reference_site,
              PointAtRangeAltitude(site, opt.reference_azimuth_rad, i * env.range_step_m(),
                                   j * env.alt_step_m(), earth::Shape::kWgs84));
          sol = SolveLaunchDirection(f.model, opt.reference_site, p, &corner);
        }
        ASSERT_TRUE(sol.ok) << "range " << range << " alt " << alt << " miss " << sol.miss_m
                            << " tof " << sol.time_of_flight_s << " table " << env.TimeToReach(range, alt);
        // Second differences (per node spacing squared) around the cell.
        const double d2r = std::max(std::abs(T(i - 1, j) - 2 * T(i, j) + T(i + 1, j)),
                                    std::abs(T(i, j) - 2 * T(i + 1, j) + T(i + 2, j)));
        const double d2a = std::max(std::abs(T(i, j - 1) - 2 * T(i, j) + T(i, j + 1)),
                                    std::abs(T(i, j) - 2 * T(i, j + 1) + T(i, j + 2)));
        const double d2ra = std::abs(T(i + 1, j + 1) - T(i + 1, j) - T(i, j + 1) + T(i, j));
        const double bound = (d2r + d2a) / 8.0 + d2ra / 4.0;
        const double tol = 1.5 * bound + 0.01;  // 1.5: the curvature varies across the cell
        const double err = std::abs(env.TimeToReach(range, alt) - sol.time_of_flight_s);
        EXPECT_LE(err, tol) << "range " << range << " alt " << alt;
        worst_ratio = std::max(worst_ratio, err / std::max(sol.time_of_flight_s, 1.0));
        ++checked;
      }
    }
    EXPECT_GE(checked, 15);
    // Overall quality of the default 31 x 31 table: relative error under 2 % everywhere
    // checked (largest near the steep edge of reach, where the curvature bound is large).
    EXPECT_LT(worst_ratio, 0.02);
  }
}

// Site and azimuth dependence (Earth rotation, oblateness) of the table built at one
// reference site: flyouts elsewhere differ by less than 1 % of the time of flight (the PIP
// refinement then removes it).
TEST(InterceptorEnvelope, OtherSitesAgreeWithinOnePercent) {
  const ClassFixture& f = Class("upper_tier_exo");
  const earth::Geodetic site = Deg(60.0, 10.0);
  const Eigen::Vector3d s = earth::GeodeticToEcef(site);
  for (double az_deg : {90.0, 225.0}) {
    for (double range : {300e3, 900e3}) {
      const double alt = 300e3;
      const Eigen::Vector3d p = PointAtRangeAltitude(s, az_deg * earth::kDeg, range, alt, earth::Shape::kWgs84);
      const LaunchSolution sol = SolveLaunchDirection(f.model, site, p);
      ASSERT_TRUE(sol.ok);
      EXPECT_NEAR(f.envelope.TimeToReach(range, alt), sol.time_of_flight_s, 0.01 * sol.time_of_flight_s);
    }
  }
}

TEST(InterceptorEnvelope, OutsideTableIsUnreachable) {
  const FlyoutEnvelope& env = Class("lower_tier_endo").envelope;
  EXPECT_TRUE(std::isinf(env.TimeToReach(-1.0, 10e3)));
  EXPECT_TRUE(std::isinf(env.TimeToReach(41e3, 10e3)));
  EXPECT_TRUE(std::isinf(env.TimeToReach(10e3, 26e3)));
  EXPECT_TRUE(std::isfinite(env.TimeToReach(10e3, 10e3)));
  // A cell with an unreachable corner (ground level next to the site) is unreachable.
  EXPECT_TRUE(std::isinf(env.TimeToReach(0.5 * env.range_step_m(), 0.0)));
  // Ground-range helper against the spherical closed form R * angle.
  const Eigen::Vector3d a(1, 0, 0), b(std::cos(0.3), std::sin(0.3), 0);
  EXPECT_NEAR(GroundRangeBetweenUnits(a, b), 0.3 * earth::kSphereRadius, 1e-6 * earth::kSphereRadius);
  const Eigen::Vector3d c(std::cos(0.01), std::sin(0.01), 0);
  EXPECT_NEAR(GroundRangeBetweenUnits(a, c), 0.01 * earth::kSphereRadius, 1e-3);
}

}  // namespace
}  // namespace bmd::guidance::testing
