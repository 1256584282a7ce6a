// Command-line overrides: by index, by id, by map key; errors located at the override.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "sim/scenario/loader.h"
#include "tests/scenario/scenario_text.h"

namespace bmd::sim {
namespace {

using ::testing::HasSubstr;
using testing::kFixtureDir;
using testing::kValidScenario;

Scenario LoadWith(std::vector<Override> overrides) {
  return LoadScenarioString(kValidScenario, "s.yaml", kFixtureDir, overrides);
}

std::string ErrorWith(std::vector<Override> overrides) {
  try {
    LoadWith(std::move(overrides));
  } catch (const ScenarioError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ScenarioError";
  return {};
}

TEST(Override, ByIndexByIdAndByMapKey) {
  const Scenario s = LoadWith({{"threats[0].launch.time", "100ms"},
                               {"threats.t02.launch.time", "3 min"},
                               {"scenario.tick", "50 ms"},
                               {"nations.ROK.name", "ROK"},
                               {"defended_assets.port_a.radius", "7 km"}});
  EXPECT_NEAR(s.threats[0].launch_time_s, 0.1, 1e-15);  // 100 ms, one rounding
  EXPECT_EQ(s.threats[1].launch_time_s, 180.0);
  EXPECT_NEAR(s.tick_s, 0.05, 1e-15);
  EXPECT_EQ(s.nations[1].name, "ROK");
  EXPECT_EQ(s.assets[0].radius_m, 7000.0);
  EXPECT_EQ(s.overrides.size(), 5u);
  EXPECT_EQ(s.overrides[0], "threats[0].launch.time=100ms");
  // The file text is kept as written; the overrides are recorded beside it.
  EXPECT_EQ(s.yaml_text, kValidScenario);
}

TEST(Override, StructuredValuesAndCreatedKeys) {
  const Scenario s = LoadWith({{"threats[0].shaping", "{lofted: {flight_time: 7 min}}"},
                               {"threats[0].aim", "{lat: 36 deg, lon: 127 deg}"},
                               {"defended_assets[1].value", "4"},
                               {"scenario.earth.j2", "off"}});
  EXPECT_EQ(s.threats[0].shaping.kind, flight::ShapingKind::kFlightTime);
  EXPECT_EQ(s.threats[0].shaping.flight_time_s, 420.0);
  EXPECT_TRUE(s.threats[0].aim_asset.empty());
  EXPECT_EQ(s.assets[1].value, 4.0);  // key absent in the file: created by the override
  EXPECT_FALSE(s.earth.j2);
}

TEST(Override, CreatesMissingIntermediateMappings) {
  const Scenario s = LoadScenarioString(
      "scenario: {name: m, start: 2027-01-01T00:00:00Z, duration: 1 h}\n", "m.yaml", ".",
      {{"scenario.earth.rotation", "off"}, {"record.truth", "5 s"}});
  EXPECT_FALSE(s.earth.rotation);
  EXPECT_EQ(s.record.truth_interval_s, 5.0);
}

TEST(Override, BadValueIsReportedAgainstTheOverride) {
  EXPECT_EQ(ErrorWith({{"threats.t01.launch.time", "100"}}),
            "<override threats.t01.launch.time>:1:1: threats[0].launch.time: expected a time "
            "with a unit, e.g. '250 ms'; got bare number '100'");
  EXPECT_EQ(ErrorWith({{"threats[0].launch", "{at: {lat: 1 deg, lon: 2 deg}, tim: 3 s}"}}),
            "<override threats[0].launch>:1:1: threats[0].launch.time: missing required key "
            "'time'\n"
            "<override threats[0].launch>:1:32: threats[0].launch.tim: unknown key 'tim' "
            "(did you mean 'time'?)");
  EXPECT_EQ(ErrorWith({{"scenario.tick", "[1, 2"}}).substr(0, 31),
            "<override scenario.tick>:1:1: Y");
}

TEST(Override, UnknownPathsAreErrors) {
  EXPECT_EQ(ErrorWith({{"threats.t09.launch.time", "1 s"}}),
            "<override threats.t09.launch.time>: threats: no entry with id 't09' "
            "(did you mean 't01'?)");
  EXPECT_EQ(ErrorWith({{"threats[7].aim", "port_a"}}),
            "<override threats[7].aim>: threats: index [7] is out of range: threats has 3 "
            "entries");
  // A misspelt key is created, then strict conversion names it with a suggestion.
  EXPECT_THAT(ErrorWith({{"scenario.tik", "1 s"}}),
              HasSubstr("<override scenario.tik>:1:1: scenario.tik: unknown key 'tik' "
                        "(did you mean 'tick'?)"));
  EXPECT_THAT(ErrorWith({{"weather.us_rok.latency", "100ms"}}),
              HasSubstr("<override weather.us_rok.latency>:1:1: weather: unknown key 'weather'"));
  EXPECT_THAT(ErrorWith({{"threats..id", "x"}}), HasSubstr("bad override path"));
  EXPECT_THAT(ErrorWith({{"scenario.name.first", "x"}}),
              HasSubstr("cannot select 'first': scenario.name is 'test-valid'"));
}

TEST(Override, AllOverrideErrorsReportedWithFileErrors) {
  try {
    LoadScenarioString(testing::ReplaceLine(kValidScenario, 6, "  tick: 1"), "s.yaml", kFixtureDir,
                       {{"threats[9].id", "x"}, {"scenario.seed", "-1"}});
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.diagnostics().size(), 3u) << e.what();
  }
}

TEST(Override, ParseOverrideArgument) {
  const Override o = ParseOverrideArgument("links.us_rok.latency=100ms");
  EXPECT_EQ(o.path, "links.us_rok.latency");
  EXPECT_EQ(o.value_text, "100ms");
  EXPECT_EQ(ParseOverrideArgument("a.b = x=y").value_text, " x=y");
  EXPECT_THROW(ParseOverrideArgument("no-equals"), ScenarioError);
  EXPECT_THROW(ParseOverrideArgument("=3"), ScenarioError);
}

}  // namespace
}  // namespace bmd::sim
