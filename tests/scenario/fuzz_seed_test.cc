// The fuzz corpus seeds for the sensor and engagement sections (tests/fuzz/corpus/scenario_loader) must do
// what their names say: "sensors_valid*" / "engagement_valid*" / "*_with_overrides*" load, "bad_*" fail
// with ScenarioError. Otherwise the fuzzer would start from inputs that stop at the first
// error and never reach the sensor or fire-unit conversion. Seeds are split the way the harness
// (tests/fuzz/scenario_loader.cc) splits them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/scenario/loader.h"
#include "tests/scenario/scenario_text.h"

namespace bmd::sim {
namespace {

const std::string kCorpus = std::string(BMD_SOURCE_DIR) + "/tests/fuzz/corpus/scenario_loader";

// Loads one seed as the harness does: scenario, then "#--catalog--", then "#--overrides--".
Scenario LoadSeed(const std::string& name) {
  std::ifstream in(kCorpus + "/" + name);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  std::string catalog, overrides_text;
  const std::string overrides_marker = "\n#--overrides--\n";
  const std::string catalog_marker = "\n#--catalog--\n";
  if (const std::size_t o = text.find(overrides_marker); o != std::string::npos) {
    overrides_text = text.substr(o + overrides_marker.size());
    text.resize(o + 1);
  }
  if (const std::size_t c = text.find(catalog_marker); c != std::string::npos) {
    catalog = text.substr(c + catalog_marker.size());
    text.resize(c + 1);
  }
  // One directory per test process: CTest runs the tests of this file in parallel.
  const std::string dir = std::string(BMD_BINARY_DIR) + "/tests/fuzz_seed_tmp_" +
                          std::to_string(static_cast<long>(::getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(testing::kFixtureDir + "/catalog/threats.yaml", dir + "/threats.yaml",
                             std::filesystem::copy_options::overwrite_existing);
  std::ofstream(dir + "/fuzz_catalog.yaml") << catalog;
  std::vector<Override> overrides;
  std::istringstream lines(overrides_text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) overrides.push_back(ParseOverrideArgument(line));
  }
  return LoadScenarioString(text, name, dir, overrides);
}

TEST(FuzzSeeds, SensorSeedsLoad) {
  const Scenario s = LoadSeed("sensors_valid.txt");
  EXPECT_EQ(s.sensors.size(), 4u);
  EXPECT_EQ(s.radar_types.size(), 2u);
  EXPECT_EQ(s.space_ir_types.size(), 2u);
  const Scenario o = LoadSeed("sensors_with_overrides.txt");
  EXPECT_EQ(o.overrides.size(), 6u);
  EXPECT_EQ(o.tracking.filter, "ukf");
  EXPECT_EQ(o.tracking.confirm_n, 5);
}

TEST(FuzzSeeds, BadSensorSeedFails) {
  try {
    LoadSeed("bad_sensor_placement.txt");
    FAIL() << "bad seed loaded";
  } catch (const ScenarioError& e) {
    // Four planted mistakes (space IR placed with at, scan phase beyond the revisit, unknown
    // node, confirmation 5/3), all reported in one pass.
    EXPECT_EQ(e.diagnostics().size(), 4u) << e.what();
  }
}

TEST(FuzzSeeds, EngagementSeedsLoad) {
  const Scenario s = LoadSeed("engagement_valid.txt");
  ASSERT_EQ(s.fire_units.size(), 3u);
  EXPECT_EQ(s.interceptor_types.size(), 2u);
  EXPECT_EQ(s.fire_units[2].platform, 0);
  EXPECT_EQ(s.engagement.wta, "heuristic");
  const Scenario o = LoadSeed("engagement_with_overrides.txt");
  EXPECT_EQ(o.overrides.size(), 4u);
  EXPECT_EQ(o.fire_units[0].inventory, 2);
  EXPECT_EQ(o.fire_units[1].doctrine.policy, engagement::FiringPolicy::kSalvo);
  EXPECT_EQ(o.fire_units[1].doctrine.salvo_size, 3);
  EXPECT_FALSE(o.engagement.share_engagement_status);
  EXPECT_EQ(o.engagement.wta, "exact");
}

TEST(FuzzSeeds, BadEngagementSeedFails) {
  try {
    LoadSeed("bad_engagement.txt");
    FAIL() << "bad seed loaded";
  } catch (const ScenarioError& e) {
    // Four planted mistakes (negative inventory, max_engagements 0, false kill 120 %, engage_on
    // misspelt), all reported in one pass.
    EXPECT_EQ(e.diagnostics().size(), 4u) << e.what();
  }
}

}  // namespace
}  // namespace bmd::sim
