// Every file in tests/bad_scenarios/ must fail to load with a ScenarioError whose text holds
// the substring listed for it in tests/bad_scenarios/expected.txt (file:line:col: path: msg).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "sim/scenario/loader.h"

namespace bmd::sim {
namespace {

const std::string kDir = std::string(BMD_SOURCE_DIR) + "/tests/bad_scenarios";

std::map<std::string, std::string> ReadExpected() {
  std::map<std::string, std::string> expected;
  std::ifstream in(kDir + "/expected.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    EXPECT_NE(tab, std::string::npos) << "expected.txt line without a tab: " << line;
    if (tab == std::string::npos) continue;
    expected[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return expected;
}

TEST(BadScenarios, EveryFileFailsWithTheExpectedLocatedMessage) {
  const std::map<std::string, std::string> expected = ReadExpected();
  ASSERT_GE(expected.size(), 15u);
  for (const auto& [file, substring] : expected) {
    SCOPED_TRACE(file);
    try {
      LoadScenarioFile(kDir + "/" + file);
      ADD_FAILURE() << file << " loaded without error";
    } catch (const ScenarioError& e) {
      EXPECT_THAT(e.what(), ::testing::HasSubstr(substring));
      EXPECT_FALSE(e.diagnostics().empty());
    }
  }
}

TEST(BadScenarios, EveryFileIsListed) {
  const std::map<std::string, std::string> expected = ReadExpected();
  for (const auto& entry : std::filesystem::directory_iterator(kDir)) {
    if (entry.path().extension() != ".yaml") continue;
    EXPECT_EQ(expected.count(entry.path().filename().string()), 1u)
        << entry.path() << " is not in expected.txt";
  }
}

TEST(BadScenarios, TheFixtureCatalogItselfIsValid) {
  // Guards the bad files: each must fail for its own reason, not because the catalog broke.
  const Scenario s = LoadScenarioString(
      "scenario: {name: ok, start: 2027-01-01T00:00:00Z, duration: 1 h}\n"
      "catalog: [catalog/threats.yaml, catalog/sensors.yaml, catalog/interceptors.yaml]\n",
      "ok.yaml", kDir);
  EXPECT_EQ(s.catalog_files.size(), 3u);
}

TEST(BadScenarios, TheEngagementFilesFailOnlyForTheirOwnReason) {
  // The fire-unit and engagement bad files are each one line away from this valid scenario.
  const Scenario s = LoadScenarioString(
      "scenario: {name: ok, start: 2027-03-14T02:00:00Z, duration: 20 min, tick: 100 ms}\n"
      "catalog: [catalog/interceptors.yaml]\n"
      "nations: {US: {}, ROK: {}}\n"
      "nodes:\n"
      "  - {id: us_c2, nation: US, at: {lat: 37.09 deg, lon: 127.03 deg}}\n"
      "  - {id: rok_kamd, nation: ROK, at: {lat: 36.50 deg, lon: 127.25 deg}}\n"
      "fire_units:\n"
      "  - {id: rok_upper_1, type: terminal_test, nation: ROK, node: rok_kamd, at: {lat: 36.30 "
      "deg, lon: 127.40 deg}, inventory: 6, doctrine: shoot_look_shoot, firing_window: "
      "{earliest: 0 s, latest: 20 min}, engage_on: node_picture}\n"
      "  - {id: us_terminal_1, type: terminal_test, nation: US, node: us_c2, at: {lat: 36.95 deg,"
      " lon: 127.05 deg}, inventory: 8, doctrine: {salvo: 2}}\n"
      "engagement: {decision_interval: 2 s, kill_assessment: {false_kill: 5 %, missed_kill: 5 %,"
      " delay: 5 s}, share_engagement_status: on, wta: auto}\n",
      "ok.yaml", kDir);
  EXPECT_EQ(s.fire_units.size(), 2u);
  EXPECT_EQ(s.interceptor_types.size(), 1u);
}

TEST(BadScenarios, TheSensorFilesFailOnlyForTheirOwnReason) {
  // Each sensor-side bad file is one change away from this valid scenario (its shared base):
  // if the base broke, every file would fail for the wrong reason.
  const Scenario s = LoadScenarioString(
      "scenario: {name: ok, start: 2027-03-14T02:00:00Z, duration: 20 min, tick: 100 ms}\n"
      "catalog: [catalog/threats.yaml, catalog/sensors.yaml]\n"
      "nations: {US: {}, ROK: {}, GBR: {}}\n"
      "platforms:\n"
      "  - {id: gbr_frigate, nation: GBR, route: [{time: 0 s, lat: 36.0 deg, lon: 130.5 deg},"
      " {time: 20 min, lat: 36.05 deg, lon: 130.45 deg}]}\n"
      "nodes:\n"
      "  - {id: us_c2, nation: US, at: {lat: 37.09 deg, lon: 127.03 deg}}\n"
      "  - {id: rok_kamd, nation: ROK, at: {lat: 36.50 deg, lon: 127.25 deg}}\n"
      "  - {id: gbr_cic, nation: GBR, platform: gbr_frigate}\n"
      "sensors:\n"
      "  - {id: us_fbr, type: xband_test, nation: US, node: us_c2, at: {lat: 35.95 deg, lon: "
      "128.06 deg}, boresight: {azimuth: 330 deg}}\n"
      "  - {id: gbr_sband, type: sband_test, nation: GBR, node: gbr_cic, platform: gbr_frigate}\n"
      "  - {id: us_sir_1, type: geo_ir_test, nation: US, node: us_c2, slot: {lon: 110 deg}}\n"
      "tracking: {filter: ekf, confirm: 3/4}\n",
      "ok.yaml", kDir);
  EXPECT_EQ(s.sensors.size(), 3u);
}

}  // namespace
}  // namespace bmd::sim

namespace bmd::sim {
namespace {

TEST(ProjectCatalog, LoadsWithTheLoader) {
  // The project's own catalog (written by the flight model owner) must stay in the format
  // the loader reads; this catches drift between the two.
  const Scenario s = LoadScenarioString(
      "scenario: {name: ok, start: 2027-01-01T00:00:00Z, duration: 1 h}\n"
      "catalog: [catalog/threats.yaml]\n"
      "threats:\n"
      "  - {id: t1, type: srbm_notional, launch: {at: {lat: 39 deg, lon: 125.7 deg}, time: 0 s},"
      " aim: {lat: 37 deg, lon: 127 deg}}\n",
      "ok.yaml", std::string(BMD_SOURCE_DIR) + "/scenarios");
  ASSERT_EQ(s.threat_types.size(), 1u);
  EXPECT_EQ(s.threat_types[0].name, "srbm_notional");
  EXPECT_FALSE(s.threat_types[0].stages.empty());
  EXPECT_GT(s.threat_types[0].rv_ballistic_coeff_kg_m2, 0.0);
}

}  // namespace
}  // namespace bmd::sim
