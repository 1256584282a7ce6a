// The fan-built flyout envelope (FlyoutEnvelope::Build) against the per-node shooting build
// it replaced (every node solved by SolveLaunchDirection from the solver's own first guess,
// the reference here), and the path sampling it rests on (FlyPath) against closed forms.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "tests/guidance/interceptor_scenarios.h"

namespace bmd::guidance::testing {
namespace {

// The previous FlyoutEnvelope::Build: one cold-started shooting solve per node, column by
// column until a column has no reachable node. Returns node times [alt][range], +inf where
// the shooting fails.
std::vector<double> ShootingTable(const InterceptorModel& m, const EnvelopeOptions& opt) {
  const int nr = opt.range_nodes, na = opt.alt_nodes;
  const double dr = m.spec.max_range_m / (nr - 1), dalt = m.spec.max_intercept_alt_m / (na - 1);
  std::vector<double> t(static_cast<std::size_t>(nr * na), FlyoutEnvelope::kInf);
  const Eigen::Vector3d site = earth::GeodeticToEcef(opt.reference_site, m.earth.shape);
  bool any_in_last_column = true;
  for (int i = 0; i < nr && any_in_last_column; ++i) {
    any_in_last_column = false;
    for (int j = 0; j < na; ++j) {
      const Eigen::Vector3d p =
          PointAtRangeAltitude(site, opt.reference_azimuth_rad, i * dr, j * dalt, m.earth.shape);
      const LaunchSolution sol = SolveLaunchDirection(m, opt.reference_site, p, nullptr, opt.shooting);
      if (!sol.ok) continue;
      t[static_cast<std::size_t>(j * nr + i)] = sol.time_of_flight_s;
      any_in_last_column = true;
    }
  }
  return t;
}

// Every node of the default 31 x 31 table of each class against the shooting reference:
//  - both reachable: times within 0.05 s (the accuracy asked of the fan build; the shooting
//    itself is converged to 10 m, ~3 ms of flight, and the fan interpolation to ~10 ms);
//  - reachability: identical except at nodes within one cell (8-neighbourhood) of the
//    reference's own reach boundary, and identical everywhere inside the intercept window
//    (altitude >= the class's minimum intercept altitude), the only part the engageability
//    check looks up.
// The counts are recorded as test properties (boundary_mismatches, max_dt_s).
TEST(FlyoutEnvelopeFan, MatchesPerNodeShootingEverywhere) {
  for (const char* cls : {"upper_tier_exo", "high_alt_terminal", "lower_tier_endo"}) {
    SCOPED_TRACE(cls);
    const ClassFixture& f = Class(cls);
    const FlyoutEnvelope& env = f.envelope;
    const EnvelopeOptions opt;
    const std::vector<double> ref = ShootingTable(f.model, opt);
    const int nr = env.range_nodes(), na = env.alt_nodes();
    ASSERT_EQ(static_cast<std::size_t>(nr * na), ref.size());
    auto reach = [&](int i, int j) { return std::isfinite(ref[static_cast<std::size_t>(j * nr + i)]); };
    double max_dt = 0.0;
    int boundary_mismatches = 0, both = 0;
    for (int j = 0; j < na; ++j) {
      for (int i = 0; i < nr; ++i) {
        const double t_ref = ref[static_cast<std::size_t>(j * nr + i)], t_fan = env.NodeTime(i, j);
        const bool a = std::isfinite(t_ref), b = std::isfinite(t_fan);
        if (a && b) {
          ++both;
          max_dt = std::max(max_dt, std::abs(t_fan - t_ref));
          EXPECT_NEAR(t_fan, t_ref, 0.05) << "node (" << i << ", " << j << ")";
          continue;
        }
        if (a == b) continue;
        bool boundary = false;
        for (int di = -1; di <= 1; ++di) {
          for (int dj = -1; dj <= 1; ++dj) {
            const int ii = i + di, jj = j + dj;
            if (ii >= 0 && jj >= 0 && ii < nr && jj < na && reach(ii, jj) != a) boundary = true;
          }
        }
        EXPECT_TRUE(boundary) << "node (" << i << ", " << j << ") reference " << t_ref
                              << " fan " << t_fan << " is not next to the edge of reach";
        EXPECT_LT(j * env.alt_step_m(), f.model.spec.min_intercept_alt_m)
            << "reachability differs inside the intercept window at (" << i << ", " << j << ")";
        ++boundary_mismatches;
      }
    }
    EXPECT_GT(both, nr * na / 2);
    ::testing::Test::RecordProperty(std::string(cls) + "_boundary_mismatches", boundary_mismatches);
    ::testing::Test::RecordProperty(std::string(cls) + "_max_dt_ms", static_cast<int>(1e3 * max_dt));
    // The point of the fan: a small fraction of the shooting's flyouts (~4,500-11,400).
    EXPECT_LT(env.flyouts(), 1200);
  }
}

// FlyPath on a sphere without rotation, J2 or air: the boost is a straight line along the
// launch direction d (gravity compensation, interceptor_model.h), so a passage of ground
// range R during the boost lies on that line: with s the distance along it,
//   central angle = atan2(s cos el, R_E + s sin el),  height = |R_E u + s d| - R_E.
// Every passage is also a closest approach of the path to the passage point itself, which
// FlyToward locates independently (the root of (r - P) . v): same time.
TEST(FlyoutEnvelopeFan, PathPassagesOnTheStraightBoostLineAndAtClosestApproach) {
  InterceptorModel m = MakeInterceptorModel(UpperTierExo(), earth::EarthConfig::Kepler());
  ASSERT_EQ(m.earth.shape, earth::Shape::kSphere);
  const earth::Geodetic site = Deg(37.0, 127.0);
  const Eigen::Vector3d s_ecef = earth::GeodeticToEcef(site, earth::Shape::kSphere);
  const double el = 20.0 * earth::kDeg;
  const Eigen::Vector3d d = LaunchDirection(site, 0.3, el, earth::Shape::kSphere);
  const double dr = 10e3, dalt = 20e3;
  const FlyoutPath path = FlyPath(m, s_ecef, d, 600.0, dr, 151, dalt, 51);
  int on_boost = 0, checked = 0;
  for (std::size_t k = 1; k < path.by_range.size(); ++k) {
    const PathCrossing& c = path.by_range[k];
    if (!c.reached) break;
    // The level itself (Brent to 1e-5 s on the dense output: < 0.1 m at 5 km/s).
    EXPECT_NEAR(c.range_m, k * dr, 0.1);
    if (c.t_s < m.final_burnout_s - 1e-3) {
      const double theta = c.range_m / earth::kSphereRadius;
      // Distance along the line to that central angle: tan(theta) = s cos el / (R + s sin el).
      const double s = earth::kSphereRadius * std::tan(theta) /
                       (std::cos(el) - std::tan(theta) * std::sin(el));
      const double h = (earth::kSphereRadius * s_ecef.normalized() + s * d).norm() - earth::kSphereRadius;
      // DP54 at rtol 1e-10 over a boost of 55 s: millimetres; the dense output: < 0.1 m.
      EXPECT_NEAR(c.alt_m, h, 0.5) << "level " << k;
      ++on_boost;
    }
    if (k % 10 == 0) {
      const FlyoutPoint fp = FlyToward(m, s_ecef, d, c.r_ecef, 600.0, 1e-10);
      ASSERT_TRUE(fp.passed);
      // Both locate the same point of the same path: the event times agree to the Brent
      // tolerances (1e-5 s) plus the dense-output position error over the speed (~1e-4 s).
      EXPECT_NEAR(fp.time_of_flight_s, c.t_s, 1e-3) << "level " << k;
      EXPECT_LT(fp.miss_m, 1.0);
      ++checked;
    }
  }
  EXPECT_GE(on_boost, 3);
  EXPECT_GE(checked, 5);
  // Altitude levels on the way up come in increasing time, and each sits at its height.
  double t_prev = -1.0;
  for (std::size_t k = 0; k < path.by_alt.size(); ++k) {
    const PathCrossing& c = path.by_alt[k];
    if (!c.reached) break;
    EXPECT_GT(c.t_s, t_prev);
    EXPECT_NEAR(c.alt_m, k * dalt, 0.1);
    t_prev = c.t_s;
  }
  EXPECT_GT(t_prev, 0.0);
}

}  // namespace
}  // namespace bmd::guidance::testing
