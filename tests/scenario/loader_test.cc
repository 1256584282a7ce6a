// Loading a complete scenario (values checked against hand conversions) and the located,
// complete error reports for each kind of mistake.
#include "sim/scenario/loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>

#include "tests/scenario/scenario_text.h"

namespace bmd::sim {
namespace {

using ::testing::HasSubstr;
using testing::kFixtureDir;
using testing::kValidScenario;
using testing::ReplaceLine;

constexpr double kDeg = std::numbers::pi / 180.0;
// Values are decimal text times exact factors: a few ulps; 1e-12 relative is ample.
constexpr double kRel = 1e-12;

Scenario Load(const std::string& text) { return LoadScenarioString(text, "s.yaml", kFixtureDir); }

// The ScenarioError thrown for `text` (fails the test if none is thrown).
ScenarioError Fail(const std::string& text) {
  try {
    Load(text);
  } catch (const ScenarioError& e) {
    return e;
  }
  ADD_FAILURE() << "no ScenarioError for:\n" << text;
  return ScenarioError({});
}

TEST(Loader, ValidScenarioLoadsInSi) {
  const Scenario s = Load(kValidScenario);
  EXPECT_EQ(s.name, "test-valid");
  EXPECT_EQ(s.description, "A complete valid scenario");
  EXPECT_EQ(s.start_utc, "2027-03-14T02:00:00Z");
  EXPECT_EQ(s.start_unix_s, 20891.0 * 86400.0 + 7200.0);  // see UtcTime test for the day count
  EXPECT_EQ(s.duration_s, 1200.0);
  EXPECT_NEAR(s.tick_s, 0.1, 0.1 * kRel);
  EXPECT_EQ(s.seed, 20270314u);
  EXPECT_EQ(s.earth.shape, earth::Shape::kSphere);
  EXPECT_FALSE(s.earth.rotation);
  EXPECT_TRUE(s.earth.j2);
  EXPECT_EQ(s.earth.atmosphere, earth::AtmosphereModel::kNone);

  ASSERT_EQ(s.nations.size(), 2u);
  EXPECT_EQ(s.nations[0].id, "US");
  EXPECT_EQ(s.nations[0].name, "United States");
  EXPECT_EQ(s.nations[0].alliances, std::vector<std::string>{"NATO"});
  EXPECT_EQ(s.nations[1].id, "ROK");
  EXPECT_TRUE(s.nations[1].alliances.empty());

  ASSERT_EQ(s.assets.size(), 2u);
  EXPECT_EQ(s.assets[0].id, "port_a");
  EXPECT_EQ(s.assets[0].owner, "ROK");
  EXPECT_NEAR(s.assets[0].at.lat_rad, 35.10 * kDeg, kRel);
  EXPECT_NEAR(s.assets[0].at.lon_rad, 129.04 * kDeg, kRel);
  EXPECT_EQ(s.assets[0].at.alt_m, 0.0);  // default
  EXPECT_EQ(s.assets[0].radius_m, 5000.0);
  EXPECT_EQ(s.assets[0].value, 10.0);
  EXPECT_EQ(s.assets[1].at.alt_m, 30.0);
  EXPECT_EQ(s.assets[1].value, 1.0);  // default

  // Only the types used are copied, in order of first use.
  ASSERT_EQ(s.threat_types.size(), 2u);
  const flight::ThreatTypeSpec& srbm = s.threat_types[0];
  EXPECT_EQ(srbm.name, "srbm_test");
  EXPECT_EQ(srbm.description, "Test single-stage class");
  EXPECT_EQ(srbm.nominal_range_m, 300e3);
  EXPECT_NEAR(srbm.body_diameter_m, 0.88, 0.88 * kRel);
  EXPECT_NEAR(srbm.booster_cd, 0.3, 0.3 * kRel);
  ASSERT_EQ(srbm.stages.size(), 1u);
  EXPECT_NEAR(srbm.stages[0].propellant_mass_kg, 3700.0, 3700.0 * kRel);
  EXPECT_EQ(srbm.stages[0].dry_mass_kg, 900.0);
  EXPECT_EQ(srbm.stages[0].isp_s, 230.0);
  EXPECT_EQ(srbm.stages[0].burn_time_s, 62.0);
  EXPECT_EQ(srbm.rv_mass_kg, 1000.0);
  // 40 kPa / 9.80665 m/s^2 = 4078.8649 kg/m^2 (hand division, 8 significant digits).
  EXPECT_NEAR(srbm.rv_ballistic_coeff_kg_m2, 4078.8649, 1e-4);
  // -13 dBsm = 10^-1.3 = 0.0501187 m^2.
  EXPECT_NEAR(srbm.rv_rcs_m2, 0.0501187, 1e-7);
  EXPECT_EQ(srbm.booster_rcs_m2, 2.0);
  EXPECT_EQ(srbm.ir_intensity_w_sr, 1e5);
  const flight::ThreatTypeSpec& irbm = s.threat_types[1];
  EXPECT_EQ(irbm.nominal_range_m, 1620.0 * 1852.0);
  ASSERT_EQ(irbm.stages.size(), 2u);
  EXPECT_NEAR(irbm.stages[1].propellant_mass_kg, 3200.0, 3200.0 * kRel);
  EXPECT_EQ(irbm.rv_ballistic_coeff_kg_m2, 8000.0);
  // Defaults from flight::ThreatTypeSpec where the catalog says nothing.
  EXPECT_EQ(irbm.booster_cd, flight::ThreatTypeSpec{}.booster_cd);
  EXPECT_EQ(irbm.rv_rcs_m2, flight::ThreatTypeSpec{}.rv_rcs_m2);

  ASSERT_EQ(s.threats.size(), 3u);
  const ThreatLaunch& t01 = s.threats[0];
  EXPECT_EQ(t01.id, "t01");
  EXPECT_EQ(t01.type_index, 0);
  EXPECT_NEAR(t01.launch.lat_rad, 39.0 * kDeg, kRel);
  EXPECT_NEAR(t01.launch.lon_rad, 125.7 * kDeg, kRel);
  EXPECT_EQ(t01.launch_time_s, 90.0);
  EXPECT_EQ(t01.aim_asset, "base_b");
  EXPECT_NEAR(t01.aim.lat_rad, 36.96 * kDeg, kRel);
  EXPECT_EQ(t01.aim.alt_m, 30.0);  // the asset's position, altitude included
  EXPECT_EQ(t01.shaping.kind, flight::ShapingKind::kMinimumEnergy);
  const ThreatLaunch& t02 = s.threats[1];
  EXPECT_EQ(t02.type_index, 1);
  EXPECT_EQ(t02.launch.alt_m, 1000.0);
  EXPECT_EQ(t02.launch_time_s, 120.0);
  EXPECT_TRUE(t02.aim_asset.empty());
  EXPECT_NEAR(t02.aim.lon_rad, 128.0 * kDeg, kRel);
  EXPECT_EQ(t02.shaping.kind, flight::ShapingKind::kApogee);
  EXPECT_TRUE(t02.shaping.lofted);
  EXPECT_EQ(t02.shaping.apogee_m, 600e3);
  const ThreatLaunch& t03 = s.threats[2];
  EXPECT_EQ(t03.type_index, 0);
  EXPECT_EQ(t03.shaping.kind, flight::ShapingKind::kFlightTime);
  EXPECT_FALSE(t03.shaping.lofted);
  EXPECT_EQ(t03.shaping.flight_time_s, 360.0);

  EXPECT_EQ(s.record.truth_interval_s, 2.0);
  EXPECT_EQ(s.source_path, "s.yaml");
  EXPECT_EQ(s.yaml_text, kValidScenario);
  ASSERT_EQ(s.catalog_files.size(), 1u);
  EXPECT_EQ(s.catalog_files[0], kFixtureDir + "/catalog/threats.yaml");
  ASSERT_EQ(s.catalog_texts.size(), 1u);
  EXPECT_THAT(s.catalog_texts[0], HasSubstr("srbm_test:"));
}

TEST(Loader, MinimalScenarioTakesDocumentedDefaults) {
  const Scenario s = Load("scenario: {name: m, start: 2027-01-01T00:00:00Z, duration: 1 h}\n");
  EXPECT_EQ(s.tick_s, 0.1);
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.earth.shape, earth::Shape::kWgs84);
  EXPECT_TRUE(s.earth.rotation);
  EXPECT_TRUE(s.earth.j2);
  EXPECT_EQ(s.earth.atmosphere, earth::AtmosphereModel::kUssa1976);
  EXPECT_EQ(s.record.truth_interval_s, 1.0);
  EXPECT_TRUE(s.threats.empty());
}

TEST(Loader, EmptyOptionalSectionsAreAbsentButEmptyScenarioIsNot) {
  const Scenario s = Load(
      "scenario: {name: m, start: 2027-01-01T00:00:00Z, duration: 1 h}\n"
      "threats:\nnations:\nrecord:\n");
  EXPECT_TRUE(s.threats.empty());
  EXPECT_EQ(s.record.truth_interval_s, 1.0);
  EXPECT_THAT(Fail("scenario:\n").what(),
              HasSubstr("scenario: expected a mapping with keys name, description, start"));
}

TEST(Loader, LoadsFromFileAndResolvesCatalogBesideIt) {
  const std::string dir = std::string(BMD_BINARY_DIR) + "/tests/scenario_loader_tmp";
  std::filesystem::create_directories(dir + "/catalog");
  std::filesystem::copy_file(kFixtureDir + "/catalog/threats.yaml", dir + "/catalog/threats.yaml",
                             std::filesystem::copy_options::overwrite_existing);
  const std::string path = dir + "/exercise.yaml";
  std::ofstream(path) << kValidScenario;
  const Scenario s = LoadScenarioFile(path);
  EXPECT_EQ(s.source_path, path);
  EXPECT_EQ(s.catalog_files[0], dir + "/catalog/threats.yaml");
  EXPECT_EQ(s.threats.size(), 3u);
  try {
    LoadScenarioFile(dir + "/missing.yaml");
    FAIL() << "no error for a missing file";
  } catch (const ScenarioError& e) {
    EXPECT_THAT(e.what(), HasSubstr("missing.yaml:1:1: scenario file: cannot open"));
  }
}

TEST(Loader, UnknownKeyIsLocatedWithSuggestion) {
  const ScenarioError e = Fail(ReplaceLine(kValidScenario, 6, "  tikc: 100 ms"));
  ASSERT_EQ(e.diagnostics().size(), 1u);
  const Diagnostic& d = e.diagnostics()[0];
  EXPECT_EQ(d.file, "s.yaml");
  EXPECT_EQ(d.line, 6);
  EXPECT_EQ(d.column, 3);
  EXPECT_EQ(d.key_path, "scenario.tikc");
  EXPECT_EQ(d.message, "unknown key 'tikc' (did you mean 'tick'?)");
  EXPECT_STREQ(e.what(), "s.yaml:6:3: scenario.tikc: unknown key 'tikc' (did you mean 'tick'?)");
}

TEST(Loader, UnknownSectionListsTheAllowedOnes) {
  const ScenarioError e = Fail(kValidScenario + "weather: []\n");
  EXPECT_THAT(e.what(), HasSubstr("s.yaml:32:1: weather: unknown key 'weather' (allowed here: "
                                  "scenario, catalog, nations, defended_assets, threats, "
                                  "platforms, nodes, sensors, tracking, fire_units, engagement, "
                                  "links, sharing, record)"));
}

TEST(Loader, BareNumberWhereAUnitIsRequired) {
  const ScenarioError e = Fail(ReplaceLine(kValidScenario, 5, "  duration: 1200"));
  EXPECT_STREQ(e.what(),
               "s.yaml:5:13: scenario.duration: expected a time with a unit, e.g. "
               "'250 ms'; got bare number '1200'");
}

TEST(Loader, WrongDimensionInsideFlowMapping) {
  const ScenarioError e = Fail(ReplaceLine(
      kValidScenario, 19, "    launch: {at: {lat: 39.0 km, lon: 125.7 deg}, time: 90 s}"));
  EXPECT_STREQ(e.what(),
               "s.yaml:19:24: threats[0].launch.at.lat: '39.0 km' is a length; "
               "expected an angle");
}

TEST(Loader, UnknownUnitSuggestsTheClosest) {
  const ScenarioError e = Fail(ReplaceLine(
      kValidScenario, 15,
      "  - {id: base_b, owner: US, at: {lat: 36.96 deg, lon: 127.03 deg}, radius: 3 kmm}"));
  EXPECT_STREQ(e.what(),
               "s.yaml:15:76: defended_assets[1].radius: unknown unit 'kmm' "
               "(did you mean 'km'?)");
}

TEST(Loader, MisspelledRequiredKeyGivesBothErrors) {
  const ScenarioError e = Fail(ReplaceLine(kValidScenario, 18, "    typ: srbm_test"));
  ASSERT_EQ(e.diagnostics().size(), 2u);
  EXPECT_EQ(FormatDiagnostic(e.diagnostics()[0]),
            "s.yaml:17:5: threats[0].type: missing required key 'type'");
  EXPECT_EQ(FormatDiagnostic(e.diagnostics()[1]),
            "s.yaml:18:5: threats[0].typ: unknown key 'typ' (did you mean 'type'?)");
}

TEST(Loader, CrossReferences) {
  EXPECT_STREQ(Fail(ReplaceLine(kValidScenario, 20, "    aim: base_c")).what(),
               "s.yaml:20:10: threats[0].aim: unknown defended asset 'base_c' "
               "(did you mean 'base_b'?)");
  EXPECT_STREQ(Fail(ReplaceLine(kValidScenario, 18, "    type: srbm_tset")).what(),
               "s.yaml:18:11: threats[0].type: unknown threat type 'srbm_tset' "
               "(did you mean 'srbm_test'?)");
  EXPECT_STREQ(Fail(ReplaceLine(kValidScenario, 18, "    type: icbm")).what(),
               "s.yaml:18:11: threats[0].type: unknown threat type 'icbm' "
               "(known: irbm_test, srbm_test)");
  EXPECT_STREQ(
      Fail(ReplaceLine(kValidScenario, 14,
                       "  - {id: port_a, owner: RKO, at: {lat: 35.10 deg, lon: 129.04 deg}, "
                       "radius: 5 km}"))
          .what(),
      "s.yaml:14:25: defended_assets[0].owner: unknown nation 'RKO' (did you mean 'ROK'?)");
  EXPECT_STREQ(Fail(ReplaceLine(kValidScenario, 21, "  - id: t01")).what(),
               "s.yaml:21:9: threats[1].id: duplicate threat id 't01' (first used at line 17)");
}

TEST(Loader, CatalogProblemsNameTheCatalog) {
  const ScenarioError e = Fail(ReplaceLine(kValidScenario, 9, "catalog: [catalog/nothere.yaml]"));
  EXPECT_THAT(e.what(), HasSubstr("s.yaml:9:11: catalog[0]: catalog file 'catalog/nothere.yaml' "
                                  "not found"));
  // Without a catalog, threat types cannot resolve: say so instead of "unknown type" alone.
  const ScenarioError e2 = Fail(ReplaceLine(kValidScenario, 9, ""));
  EXPECT_THAT(e2.what(), HasSubstr("unknown threat type 'srbm_test' (no catalog is listed"));
}

TEST(Loader, SemanticRangeChecks) {
  EXPECT_STREQ(Fail(ReplaceLine(kValidScenario, 5, "  duration: -5 min")).what(),
               "s.yaml:5:13: scenario.duration: duration must be > 0 and at most 24 h; "
               "got -300 s");
  EXPECT_STREQ(Fail(ReplaceLine(kValidScenario, 5, "  duration: 25 h")).what(),
               "s.yaml:5:13: scenario.duration: duration must be > 0 and at most 24 h; "
               "got 90000 s");
  EXPECT_STREQ(Fail(ReplaceLine(kValidScenario, 6, "  tick: 30 min")).what(),
               "s.yaml:6:9: scenario.tick: tick (1800 s) must not exceed the duration (1200 s)");
  EXPECT_STREQ(Fail(ReplaceLine(kValidScenario, 6, "  tick: 0 s")).what(),
               "s.yaml:6:9: scenario.tick: tick must be at least 1 ms; got 0 s");
  EXPECT_STREQ(
      Fail(ReplaceLine(kValidScenario, 19,
                       "    launch: {at: {lat: 91 deg, lon: 125.7 deg}, time: 90 s}"))
          .what(),
      "s.yaml:19:24: threats[0].launch.at.lat: latitude must be within [-90, 90] deg; got 91 deg");
  EXPECT_STREQ(
      Fail(ReplaceLine(kValidScenario, 19,
                       "    launch: {at: {lat: 39 deg, lon: 360 deg}, time: 20 min}"))
          .what(),
      "s.yaml:19:37: threats[0].launch.at.lon: longitude must be within [-180, 360) deg; "
      "got 360 deg\n"
      "s.yaml:19:53: threats[0].launch.time: launch time must be within [0, duration = 1200 s); "
      "got 1200 s");
  EXPECT_STREQ(Fail(ReplaceLine(kValidScenario, 4, "  start: 2027-02-30T02:00:00Z")).what(),
               "s.yaml:4:10: scenario.start: bad UTC time '2027-02-30T02:00:00Z': day 30 does "
               "not exist in 2027-02 (expected e.g. '2027-03-14T02:00:00Z')");
  EXPECT_STREQ(Fail(ReplaceLine(kValidScenario, 31, "record: {truth: 10 ms}")).what(),
               "s.yaml:31:17: record.truth: truth interval (0.01 s) must be at least the tick "
               "(0.1 s)");
}

TEST(Loader, ShapingForms) {
  EXPECT_STREQ(Fail(ReplaceLine(kValidScenario, 25, "    shaping: lofted")).what(),
               "s.yaml:25:14: threats[1].shaping: 'lofted' needs a target: {lofted: {apogee: "
               "600 km}} or {lofted: {flight_time: 6 min}}");
  EXPECT_STREQ(Fail(ReplaceLine(kValidScenario, 25, "    shaping: minimum_enrgy")).what(),
               "s.yaml:25:14: threats[1].shaping: unknown shaping 'minimum_enrgy' "
               "(did you mean 'minimum_energy'?)");
  EXPECT_STREQ(
      Fail(ReplaceLine(kValidScenario, 25,
                       "    shaping: {lofted: {apogee: 600 km, flight_time: 9 min}}"))
          .what(),
      "s.yaml:25:23: threats[1].shaping.lofted: give exactly one of 'apogee' or 'flight_time'");
}

TEST(Loader, WrongTypes) {
  EXPECT_STREQ(Fail("scenario: {name: m, start: 2027-01-01T00:00:00Z, duration: 1 h}\n"
                    "threats: {t01: x}\n")
                   .what(),
               "s.yaml:2:10: threats: expected a list of threats; got a mapping");
  EXPECT_STREQ(Fail(ReplaceLine(kValidScenario, 7, "  seed: -3")).what(),
               "s.yaml:7:9: scenario.seed: expected a non-negative integer; got '-3'");
  EXPECT_STREQ(Fail(ReplaceLine(kValidScenario, 8, "  earth: {rotation: maybe}")).what(),
               "s.yaml:8:21: scenario.earth.rotation: unknown value 'maybe' "
               "(allowed: on, off, true, false)");
  EXPECT_STREQ(Fail(ReplaceLine(kValidScenario, 8, "  earth: {shape: wgs-84}")).what(),
               "s.yaml:8:18: scenario.earth.shape: unknown value 'wgs-84' "
               "(did you mean 'wgs84'?)");
  EXPECT_STREQ(Fail(ReplaceLine(kValidScenario, 2, "  name: [a, b]")).what(),
               "s.yaml:2:9: scenario.name: expected text; got a list");
}

TEST(Loader, AllErrorsInOnePassSortedByPosition) {
  std::string text = kValidScenario;
  text = ReplaceLine(text, 5, "  duration: 20 minutes");
  text = ReplaceLine(text, 12, "  ROK: {name: Republic of Korea, alliance: [UN]}");
  text = ReplaceLine(text, 20, "    aim: base_x");
  text = ReplaceLine(text, 29, "    aim: {lat: 35 deg}");
  text = ReplaceLine(text, 31, "record: {truth: 2}");
  const ScenarioError e = Fail(text);
  ASSERT_EQ(e.diagnostics().size(), 5u) << e.what();
  EXPECT_STREQ(e.what(),
               "s.yaml:5:13: scenario.duration: unknown unit 'minutes' (did you mean 'min'?)\n"
               "s.yaml:12:34: nations.ROK.alliance: unknown key 'alliance' "
               "(did you mean 'alliances'?)\n"
               "s.yaml:20:10: threats[0].aim: unknown defended asset 'base_x' "
               "(did you mean 'base_b'?)\n"
               "s.yaml:29:10: threats[2].aim.lon: missing required key 'lon'\n"
               "s.yaml:31:17: record.truth: expected a time with a unit, e.g. '250 ms'; got "
               "bare number '2'");
}

TEST(Loader, DuplicateKeyInOneMapping) {
  const ScenarioError e = Fail(ReplaceLine(kValidScenario, 6, "  tick: 100 ms\n  tick: 50 ms"));
  EXPECT_THAT(e.what(), HasSubstr("s.yaml:7:3: scenario.tick: duplicate key 'tick' (first given "
                                  "at line 6)"));
}

TEST(Loader, ErrorCountIsCapped) {
  std::string many = "scenario: {name: m, start: 2027-01-01T00:00:00Z, duration: 1 h}\nthreats:\n";
  for (int i = 0; i < 300; ++i) many += "  - {}\n";
  const ScenarioError e = Fail(many);
  // 300 threats x 4 missing keys = 1200 problems: 100 shown plus a closing note.
  ASSERT_EQ(e.diagnostics().size(), DiagnosticSink::kMaxDiagnostics + 1);
  EXPECT_THAT(e.diagnostics().back().message, HasSubstr("too many errors: 1200 found"));
}

}  // namespace
}  // namespace bmd::sim
