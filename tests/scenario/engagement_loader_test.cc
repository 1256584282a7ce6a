// Interceptor catalog kind, fire units and the engagement section: the project catalog loads
// to exactly the C++ notional classes, SI values match hand conversions, every new error is
// located (file:line:col: path: message), overrides reach the new sections.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numbers>
#include <string>

#include "models/guidance/interceptor_spec.h"
#include "sim/scenario/loader.h"
#include "tests/guidance/interceptor_notional.h"
#include "tests/scenario/engagement_scenario_text.h"
#include "tests/scenario/scenario_text.h"

namespace bmd::sim {
namespace {

using ::testing::HasSubstr;
using testing::kEngagementScenario;
using testing::kProjectScenarioDir;
using testing::ReplaceLine;

constexpr double kDeg = std::numbers::pi / 180.0;

Scenario Load(const std::string& text, const std::vector<Override>& overrides = {}) {
  return LoadScenarioString(text, "s.yaml", kProjectScenarioDir, overrides);
}

ScenarioError Fail(const std::string& text, const std::vector<Override>& overrides = {},
                   const std::string& base_dir = kProjectScenarioDir) {
  try {
    LoadScenarioString(text, "s.yaml", base_dir, overrides);
  } catch (const ScenarioError& e) {
    return e;
  }
  ADD_FAILURE() << "no ScenarioError for:\n" << text;
  return ScenarioError({});
}

std::string ErrorWithLine(int line, const std::string& replacement) {
  return Fail(ReplaceLine(kEngagementScenario, line, replacement)).what();
}

// Field-by-field equality with the C++ notional class. Doubles: the loader multiplies the
// decimal text by one exact-or-correctly-rounded unit factor (1e3, g0, pi/180, 1e-6), the
// C++ literal rounds once: they may differ by an ulp or two, never more (DOUBLE_EQ = 4 ulps;
// any wrong factor or wrong key is off by orders of magnitude more).
void ExpectSameSpec(const guidance::InterceptorTypeSpec& got,
                    const guidance::InterceptorTypeSpec& want) {
  SCOPED_TRACE(want.name);
  EXPECT_EQ(got.name, want.name);
  EXPECT_EQ(got.description, want.description);
  ASSERT_EQ(got.stages.size(), want.stages.size());
  for (std::size_t i = 0; i < want.stages.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_DOUBLE_EQ(got.stages[i].propellant_mass_kg, want.stages[i].propellant_mass_kg);
    EXPECT_DOUBLE_EQ(got.stages[i].dry_mass_kg, want.stages[i].dry_mass_kg);
    EXPECT_DOUBLE_EQ(got.stages[i].isp_s, want.stages[i].isp_s);
    EXPECT_DOUBLE_EQ(got.stages[i].burn_time_s, want.stages[i].burn_time_s);
  }
  EXPECT_DOUBLE_EQ(got.kill_vehicle_mass_kg, want.kill_vehicle_mass_kg);
  EXPECT_EQ(got.kill_vehicle_separates, want.kill_vehicle_separates);
  EXPECT_DOUBLE_EQ(got.body_diameter_m, want.body_diameter_m);
  EXPECT_DOUBLE_EQ(got.cd, want.cd);
  EXPECT_EQ(got.control, want.control);
  EXPECT_DOUBLE_EQ(got.divert_delta_v_mps, want.divert_delta_v_mps);
  EXPECT_DOUBLE_EQ(got.max_lateral_accel_mps2, want.max_lateral_accel_mps2);
  EXPECT_DOUBLE_EQ(got.min_dynamic_pressure_pa, want.min_dynamic_pressure_pa);
  EXPECT_DOUBLE_EQ(got.full_control_dynamic_pressure_pa, want.full_control_dynamic_pressure_pa);
  EXPECT_DOUBLE_EQ(got.min_intercept_alt_m, want.min_intercept_alt_m);
  EXPECT_DOUBLE_EQ(got.max_intercept_alt_m, want.max_intercept_alt_m);
  EXPECT_DOUBLE_EQ(got.max_range_m, want.max_range_m);
  EXPECT_DOUBLE_EQ(got.max_flight_time_s, want.max_flight_time_s);
  EXPECT_DOUBLE_EQ(got.seeker_range_m, want.seeker_range_m);
  EXPECT_DOUBLE_EQ(got.seeker_fov_half_angle_rad, want.seeker_fov_half_angle_rad);
  EXPECT_DOUBLE_EQ(got.seeker_angle_noise_rad, want.seeker_angle_noise_rad);
  EXPECT_DOUBLE_EQ(got.lethal_radius_m, want.lethal_radius_m);
  EXPECT_DOUBLE_EQ(got.pk, want.pk);
  EXPECT_EQ(got.guidance_law, want.guidance_law);
  EXPECT_DOUBLE_EQ(got.navigation_ratio, want.navigation_ratio);
  EXPECT_DOUBLE_EQ(got.midcourse_guidance_period_s, want.midcourse_guidance_period_s);
  EXPECT_DOUBLE_EQ(got.terminal_guidance_period_s, want.terminal_guidance_period_s);
  EXPECT_DOUBLE_EQ(got.reaction_time_s, want.reaction_time_s);
}

TEST(InterceptorCatalog, ProjectCatalogLoadsToTheNotionalClasses) {
  const Scenario s = Load(kEngagementScenario);
  // Types in order of first use: high_alt_terminal (rok_upper_1, us_terminal_1),
  // lower_tier_endo (rok_lower_1), upper_tier_exo (gbr_exo_1).
  ASSERT_EQ(s.interceptor_types.size(), 3u);
  ExpectSameSpec(s.interceptor_types[0], guidance::testing::HighAltTerminal());
  ExpectSameSpec(s.interceptor_types[1], guidance::testing::LowerTierEndo());
  ExpectSameSpec(s.interceptor_types[2], guidance::testing::UpperTierExo());
  for (const auto& t : s.interceptor_types) {
    EXPECT_TRUE(guidance::ValidateInterceptorType(t).empty()) << t.name;
  }
}

TEST(InterceptorCatalog, OnlyReferencedTypesAreCopied) {
  // Keep fire units 0 and 1 (both high_alt_terminal) only.
  std::string text = kEngagementScenario;
  text = ReplaceLine(ReplaceLine(text, 34, ""), 35, "");
  const Scenario s = Load(text);
  ASSERT_EQ(s.interceptor_types.size(), 1u);
  EXPECT_EQ(s.interceptor_types[0].name, "high_alt_terminal");
  ASSERT_EQ(s.fire_units.size(), 2u);
  EXPECT_EQ(s.fire_units[0].type_index, 0);
  EXPECT_EQ(s.fire_units[1].type_index, 0);
  // A catalog without fire units copies nothing.
  const Scenario none = Load(
      "scenario: {name: c, start: 2027-01-01T00:00:00Z, duration: 1 h}\n"
      "catalog: [catalog/interceptors.yaml]\n");
  EXPECT_TRUE(none.interceptor_types.empty());
}

TEST(FireUnits, LoadWithSiValues) {
  const Scenario s = Load(kEngagementScenario);
  ASSERT_EQ(s.fire_units.size(), 4u);
  const FireUnitConfig& u = s.fire_units[0];
  EXPECT_EQ(u.id, "rok_upper_1");
  EXPECT_EQ(u.nation, "ROK");
  EXPECT_EQ(u.node, 1);  // rok_kamd
  EXPECT_EQ(u.platform, -1);
  // Degrees times pi/180: a few ulps at most.
  EXPECT_NEAR(u.at.lat_rad, 36.30 * kDeg, 1e-15);
  EXPECT_NEAR(u.at.lon_rad, 127.40 * kDeg, 1e-15);
  EXPECT_EQ(u.at.alt_m, 120.0);
  EXPECT_EQ(u.inventory, 6);
  EXPECT_EQ(u.reload_s, 10.0);
  EXPECT_EQ(u.doctrine.policy, engagement::FiringPolicy::kShootLookShoot);
  EXPECT_EQ(u.doctrine.salvo_size, 1);
  EXPECT_EQ(u.doctrine.max_engagements, 2);  // the classic shoot-look-shoot
  EXPECT_EQ(u.doctrine.min_pk_to_commit, 0.5);
  EXPECT_EQ(u.doctrine.earliest_launch_s, 30.0);
  EXPECT_EQ(u.doctrine.latest_launch_s, 900.0);
  EXPECT_EQ(u.engage_on, EngageOn::kOwnSensors);

  const FireUnitConfig& salvo = s.fire_units[1];
  EXPECT_EQ(salvo.node, 0);  // us_c2
  EXPECT_EQ(salvo.doctrine.policy, engagement::FiringPolicy::kSalvo);
  EXPECT_EQ(salvo.doctrine.salvo_size, 2);
  EXPECT_EQ(engagement::MaxEngagements(salvo.doctrine), 1);
  // Optional keys left out: reload 0 s, no Pk floor, an unbounded window, the node picture.
  EXPECT_EQ(salvo.reload_s, 0.0);
  EXPECT_EQ(salvo.doctrine.min_pk_to_commit, 0.0);
  EXPECT_EQ(salvo.doctrine.earliest_launch_s, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(salvo.doctrine.latest_launch_s, std::numeric_limits<double>::infinity());
  EXPECT_EQ(salvo.engage_on, EngageOn::kNodePicture);

  const FireUnitConfig& sslS = s.fire_units[2];
  EXPECT_EQ(sslS.inventory, 0);  // an empty unit is allowed
  EXPECT_EQ(sslS.doctrine.policy, engagement::FiringPolicy::kShootLookShoot);
  EXPECT_EQ(sslS.doctrine.salvo_size, 2);
  EXPECT_EQ(sslS.doctrine.max_engagements, 3);
  EXPECT_EQ(sslS.engage_on, EngageOn::kRemote);

  const FireUnitConfig& ship = s.fire_units[3];
  EXPECT_EQ(ship.platform, 0);
  EXPECT_EQ(ship.node, 2);  // gbr_cic
  // Informational position: the first waypoint of the route.
  EXPECT_NEAR(ship.at.lat_rad, 36.0 * kDeg, 1e-15);
  EXPECT_EQ(ship.at.alt_m, 10.0);
}

TEST(Engagement, LoadsWithSiValues) {
  const Scenario s = Load(kEngagementScenario);
  EXPECT_EQ(s.engagement.decision_interval_s, 0.5);
  EXPECT_EQ(s.engagement.kill_assessment.false_kill_prob, 0.025);
  EXPECT_EQ(s.engagement.kill_assessment.missed_kill_prob, 0.1);  // a bare fraction
  EXPECT_EQ(s.engagement.kill_assessment.delay_s, 4.0);
  EXPECT_FALSE(s.engagement.share_engagement_status);
  EXPECT_EQ(s.engagement.wta, "exact");
}

TEST(Engagement, DefaultsWhenLeftOut) {
  const Scenario s = Load(
      "scenario: {name: c, start: 2027-01-01T00:00:00Z, duration: 1 h}\n"
      "engagement:\n");
  // The documented defaults (docs/scenario-format.md, `engagement`).
  EXPECT_EQ(s.engagement.decision_interval_s, 2.0);
  EXPECT_EQ(s.engagement.kill_assessment.false_kill_prob, 0.05);
  EXPECT_EQ(s.engagement.kill_assessment.missed_kill_prob, 0.05);
  EXPECT_EQ(s.engagement.kill_assessment.delay_s, 5.0);
  EXPECT_TRUE(s.engagement.share_engagement_status);
  EXPECT_EQ(s.engagement.wta, "auto");
  EXPECT_TRUE(s.fire_units.empty());
}

TEST(FireUnits, ErrorsAreLocated) {
  EXPECT_STREQ(ErrorWithLine(23, "    type: high_alt_termnal").c_str(),
               "s.yaml:23:11: fire_units[0].type: unknown interceptor type 'high_alt_termnal' "
               "(did you mean 'high_alt_terminal'?)");
  EXPECT_STREQ(ErrorWithLine(24, "    nation: JPN").c_str(),
               "s.yaml:24:13: fire_units[0].nation: unknown nation 'JPN'");
  EXPECT_STREQ(ErrorWithLine(25, "    node: rok_kmd").c_str(),
               "s.yaml:25:11: fire_units[0].node: unknown node 'rok_kmd' (did you mean "
               "'rok_kamd'?)");
  EXPECT_STREQ(ErrorWithLine(27, "    inventory: -1").c_str(),
               "s.yaml:27:16: fire_units[0].inventory: inventory must be an integer within "
               "[0, 10000]; got -1");
  EXPECT_STREQ(ErrorWithLine(28, "    reload: 10").c_str(),
               "s.yaml:28:13: fire_units[0].reload: expected a time with a unit, e.g. "
               "'250 ms'; got bare number '10'");
  EXPECT_STREQ(ErrorWithLine(29, "    doctrine: {salvo: 0}").c_str(),
               "s.yaml:29:23: fire_units[0].doctrine.salvo: salvo must be an integer within "
               "[1, 16]; got 0");
  EXPECT_STREQ(ErrorWithLine(29, "    doctrine: shoot_look_shot").c_str(),
               "s.yaml:29:15: fire_units[0].doctrine: unknown doctrine 'shoot_look_shot' (did "
               "you mean 'shoot_look_shoot'?)");
  EXPECT_STREQ(ErrorWithLine(29, "    doctrine: salvo").c_str(),
               "s.yaml:29:15: fire_units[0].doctrine: 'salvo' needs a size: {salvo: 2} "
               "(interceptors per engagement)");
  EXPECT_THAT(ErrorWithLine(29, "    doctrine: {salvo: 2, shoot_look_shoot: }"),
              HasSubstr("s.yaml:29:15: fire_units[0].doctrine: give exactly one of "
                        "'shoot_look_shoot' or 'salvo'"));
  EXPECT_STREQ(ErrorWithLine(30, "    min_pk_to_commit: 1.5").c_str(),
               "s.yaml:30:23: fire_units[0].min_pk_to_commit: min_pk_to_commit must be within "
               "[0 %, 100 %]; got 150 %");
  EXPECT_STREQ(ErrorWithLine(31, "    firing_window: {earliest: 15 min, latest: 30 s}").c_str(),
               "s.yaml:31:20: fire_units[0].firing_window: the firing window is empty: "
               "earliest (900 s) must be before latest (30 s)");
  EXPECT_STREQ(ErrorWithLine(32, "    engage_on: own_sensor").c_str(),
               "s.yaml:32:16: fire_units[0].engage_on: unknown value 'own_sensor' (did you "
               "mean 'own_sensors'?)");
  // Fire-unit ids share the namespace of platforms, nodes and sensors.
  EXPECT_STREQ(ErrorWithLine(22, "  - id: rok_kamd").c_str(),
               "s.yaml:22:9: fire_units[0].id: id 'rok_kamd' is already used by the node at "
               "line 19 (platform, node, sensor and fire-unit ids must differ from each other)");
  EXPECT_STREQ(ErrorWithLine(22, "  - id: us_terminal_1").c_str(),
               "s.yaml:33:10: fire_units[1].id: duplicate fire unit id 'us_terminal_1' (first "
               "used at line 22)");
  EXPECT_STREQ(ErrorWithLine(26, "    platform: gbr_frigat").c_str(),
               "s.yaml:26:15: fire_units[0].platform: unknown platform 'gbr_frigat' (did you "
               "mean 'gbr_frigate'?)");
  EXPECT_STREQ(ErrorWithLine(26, "    launcher: x").c_str(),
               "s.yaml:22:5: fire_units[0]: a fire unit needs 'at: {lat, lon[, alt]}' or "
               "'platform: ID'\n"
               "s.yaml:26:5: fire_units[0].launcher: unknown key 'launcher' (allowed here: id, "
               "type, nation, node, at, platform, inventory, reload, doctrine, engage_on, "
               "min_pk_to_commit, firing_window)");
}

TEST(FireUnits, AllErrorsInOnePass) {
  std::string text = kEngagementScenario;
  text = ReplaceLine(text, 23, "    type: nope");
  text = ReplaceLine(text, 27, "    inventory: -1");
  text = ReplaceLine(text, 29, "    doctrine: {salvo: 0}");
  text = ReplaceLine(text, 31, "    firing_window: {earliest: 15 min, latest: 30 s}");
  text = ReplaceLine(text, 38, "  kill_assessment: {false_kill: 120 %, missed_kill: 0.1, delay: 4 s}");
  EXPECT_EQ(Fail(text).diagnostics().size(), 5u) << Fail(text).what();
}

TEST(FireUnits, UnknownTypeWithoutAnInterceptorCatalogSaysWhatToAdd) {
  const std::string text = ReplaceLine(kEngagementScenario, 6, "catalog: []");
  EXPECT_THAT(Fail(text).what(),
              HasSubstr("s.yaml:23:11: fire_units[0].type: unknown interceptor type "
                        "'high_alt_terminal' (no catalog defines interceptor_types: add e.g. "
                        "'catalog/interceptors.yaml' to 'catalog')"));
}

TEST(Engagement, ErrorsAreLocated) {
  EXPECT_STREQ(
      ErrorWithLine(38, "  kill_assessment: {false_kill: 120 %, missed_kill: 0.1, delay: 4 s}")
          .c_str(),
      "s.yaml:38:33: engagement.kill_assessment.false_kill: false_kill must be within "
      "[0 %, 100 %]; got 120 %");
  EXPECT_STREQ(ErrorWithLine(37, "  decision_interval: 10 ms").c_str(),
               "s.yaml:37:22: engagement.decision_interval: decision_interval (0.01 s) must be "
               "at least the tick (0.1 s)");
  EXPECT_STREQ(ErrorWithLine(39, "  share_engagement_status: maybe").c_str(),
               "s.yaml:39:28: engagement.share_engagement_status: unknown value 'maybe' "
               "(allowed: on, off, true, false)");
  EXPECT_STREQ(ErrorWithLine(40, "  wta: optimal").c_str(),
               "s.yaml:40:8: engagement.wta: unknown value 'optimal' (allowed: exact, "
               "heuristic, auto)");
}

TEST(EngagementOverrides, ReachFireUnitsAndEngagement) {
  const Scenario s = Load(kEngagementScenario,
                          {{"fire_units.rok_upper_1.inventory", "2"},
                           {"fire_units.us_terminal_1.doctrine", "{salvo: 3}"},
                           {"engagement.share_engagement_status", "on"},
                           {"engagement.kill_assessment.delay", "7 s"}});
  EXPECT_EQ(s.fire_units[0].inventory, 2);
  EXPECT_EQ(s.fire_units[1].doctrine.salvo_size, 3);
  EXPECT_TRUE(s.engagement.share_engagement_status);
  EXPECT_EQ(s.engagement.kill_assessment.delay_s, 7.0);
  EXPECT_EQ(s.overrides.size(), 4u);
  // Without an engagement section the override creates it.
  const Scenario created = Load(
      "scenario: {name: c, start: 2027-01-01T00:00:00Z, duration: 1 h}\n",
      {{"engagement.share_engagement_status", "off"}});
  EXPECT_FALSE(created.engagement.share_engagement_status);
  // A bad value is reported against the override.
  EXPECT_STREQ(Fail(kEngagementScenario, {{"fire_units.rok_upper_1.inventory", "-3"}}).what(),
               "<override fire_units.rok_upper_1.inventory>:1:1: fire_units[0].inventory: "
               "inventory must be an integer within [0, 10000]; got -3");
}

// A catalog file beside the scenario text, for the catalog-error tests.
std::string WriteCatalog(const std::string& name, const std::string& text) {
  // One directory per test: ctest runs the tests of this file as parallel processes, and a
  // shared kv.yaml would be rewritten under a running test.
  const std::string dir = std::string(BMD_BINARY_DIR) + "/tests/engagement_loader_tmp/" +
                          ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/" + name) << text;
  return dir;
}

// One valid entry: lines 3..15 of the catalog text (line 2 is "interceptor_types:"); `extra`
// starts on line 16.
std::string CatalogWith(const std::string& control_line, const std::string& extra = "") {
  return "catalog_version: 1\n"
         "interceptor_types:\n"
         "  kv_test:\n"
         "    stages: [{propellant_mass: 500 kg, dry_mass: 100 kg, isp: 260 s, burn_time: 40 s}]\n"
         "    kill_vehicle: {mass: 40 kg, divert_delta_v: 300 m/s, seeker_range: 60 km,\n"
         "                   seeker_fov_half_angle: 2 deg, seeker_angle_noise: 100 urad}\n"
         "    body_diameter: 0.34 m\n" +
         control_line +
         "\n"
         "    max_lateral_accel: 20 g\n"
         "    min_dynamic_pressure: 5 kPa\n"
         "    full_control_dynamic_pressure: 0.05 MPa\n"
         "    intercept_altitude: {min: 40 km, max: 150 km}\n"
         "    max_range: 200 km\n"
         "    lethal_radius: 0.5 m\n"
         "    pk: 85 %\n" +
         extra;
}

const std::string kUsesKvTest =
    "scenario: {name: c, start: 2027-01-01T00:00:00Z, duration: 1 h}\n"
    "catalog: [kv.yaml]\n"
    "nations: {US: {}}\n"
    "nodes: [{id: n, nation: US, at: {lat: 37 deg, lon: 127 deg}}]\n"
    "fire_units: [{id: f, type: kv_test, nation: US, node: n, at: {lat: 36 deg, lon: 127 deg},"
    " inventory: 1, doctrine: shoot_look_shoot}]\n";

TEST(InterceptorCatalog, EntryReadsPressureAndDefaults) {
  const std::string dir = WriteCatalog("kv.yaml", CatalogWith("    control: aero_and_divert"));
  const Scenario s = LoadScenarioString(kUsesKvTest, "c.yaml", dir);
  ASSERT_EQ(s.interceptor_types.size(), 1u);
  const guidance::InterceptorTypeSpec& t = s.interceptor_types[0];
  EXPECT_EQ(t.min_dynamic_pressure_pa, 5000.0);
  EXPECT_EQ(t.full_control_dynamic_pressure_pa, 50000.0);  // 0.05 MPa
  EXPECT_EQ(t.pk, 0.85);
  EXPECT_EQ(t.control, guidance::ControlMode::kAeroAndDivert);
  // Keys left out take the InterceptorTypeSpec defaults, as documented.
  const guidance::InterceptorTypeSpec defaults;
  EXPECT_EQ(t.cd, defaults.cd);
  EXPECT_TRUE(t.kill_vehicle_separates);
  EXPECT_EQ(t.guidance_law, guidance::GuidanceLawKind::kAugmentedPn);
  EXPECT_EQ(t.navigation_ratio, 4.0);
  EXPECT_EQ(t.max_flight_time_s, 600.0);
  EXPECT_EQ(t.reaction_time_s, 0.0);
}

TEST(InterceptorCatalog, KeyErrorsAreLocatedInTheCatalogFile) {
  const std::string dir = WriteCatalog("kv.yaml", CatalogWith("    control: divrt"));
  const std::string file = dir + "/kv.yaml";
  EXPECT_STREQ(Fail(kUsesKvTest, {}, dir).what(),
               (file + ":8:14: interceptor_types.kv_test.control: unknown value 'divrt' (did "
                       "you mean 'divert'?)")
                   .c_str());
  WriteCatalog("kv.yaml", CatalogWith("    control: divert", "    intercept_altitud: {}\n"));
  EXPECT_THAT(Fail(kUsesKvTest, {}, dir).what(),
              HasSubstr(file + ":16:5: interceptor_types.kv_test.intercept_altitud: unknown key "
                               "'intercept_altitud' (did you mean 'intercept_altitude'?)"));
  std::string text = CatalogWith("    control: divert");
  text.replace(text.find("min_dynamic_pressure: 5 kPa"), 27, "min_dynamic_pressure: 5 km");
  WriteCatalog("kv.yaml", text);
  EXPECT_STREQ(Fail(kUsesKvTest, {}, dir).what(),
               (file + ":10:27: interceptor_types.kv_test.min_dynamic_pressure: '5 km' is a "
                       "length; expected a pressure")
                   .c_str());
}

TEST(InterceptorCatalog, ModelConsistencyErrorsAreReportedAtTheTypeName) {
  // Divert control without a divert budget, and a first stage too weak to lift the vehicle:
  // T = Isp g0 mdot = 260 s * 9.80665 m/s^2 * (20 kg / 40 s) = 1275 N against a lift-off
  // weight of (20 + 100 + 40) kg * g0 = 1569 N: T/W = 0.81 < 1.5.
  std::string text = CatalogWith("    control: divert");
  text.replace(text.find("propellant_mass: 500 kg"), 23, "propellant_mass: 20 kg");
  text.replace(text.find("divert_delta_v: 300 m/s"), 23, "divert_delta_v: 0 m/s");
  const std::string dir = WriteCatalog("kv.yaml", text);
  const ScenarioError e = Fail(kUsesKvTest, {}, dir);
  ASSERT_EQ(e.diagnostics().size(), 2u) << e.what();
  for (const Diagnostic& d : e.diagnostics()) {
    EXPECT_EQ(d.line, 3);
    EXPECT_EQ(d.column, 3);
    EXPECT_EQ(d.key_path, "interceptor_types.kv_test");
  }
  EXPECT_THAT(e.what(), HasSubstr("lift-off thrust-to-weight must exceed 1.5"));
  EXPECT_THAT(e.what(), HasSubstr("divert control needs divert delta-v > 0"));
}

TEST(InterceptorCatalog, AMissingKeyIsReportedOnce) {
  // Without pk the spec would also fail ValidateInterceptorType; only the real cause shows.
  std::string text = CatalogWith("    control: divert");
  text.erase(text.find("    pk: 85 %\n"));
  const std::string dir = WriteCatalog("kv.yaml", text);
  const ScenarioError e = Fail(kUsesKvTest, {}, dir);
  ASSERT_EQ(e.diagnostics().size(), 1u) << e.what();
  EXPECT_EQ(e.diagnostics()[0].message, "missing required key 'pk'");
}

}  // namespace
}  // namespace bmd::sim
