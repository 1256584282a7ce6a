// The complete example in docs/scenario-format.md must load (with the project catalog), so
// the documentation cannot drift from the loader.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "sim/scenario/loader.h"

namespace bmd::sim {
namespace {

// The first ```yaml block after the heading `heading`.
std::string YamlBlockAfter(const std::string& doc, const std::string& heading) {
  const std::size_t h = doc.find(heading);
  if (h == std::string::npos) return {};
  const std::size_t start = doc.find("```yaml\n", h);
  if (start == std::string::npos) return {};
  const std::size_t body = start + 8;
  const std::size_t end = doc.find("```", body);
  return doc.substr(body, end - body);
}

TEST(DocExample, CompleteExampleLoads) {
  std::ifstream in(std::string(BMD_SOURCE_DIR) + "/docs/scenario-format.md");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string yaml = YamlBlockAfter(buffer.str(), "## A complete example");
  ASSERT_FALSE(yaml.empty());
  const Scenario s =
      LoadScenarioString(yaml, "example.yaml", std::string(BMD_SOURCE_DIR) + "/scenarios");
  EXPECT_EQ(s.name, "peninsula-raid-notional");
  EXPECT_EQ(s.duration_s, 1200.0);
  EXPECT_EQ(s.nations.size(), 3u);
  EXPECT_EQ(s.assets.size(), 2u);
  EXPECT_EQ(s.threats.size(), 3u);
  EXPECT_EQ(s.threats[2].shaping.kind, flight::ShapingKind::kFlightTime);
  EXPECT_FALSE(s.threats[2].shaping.lofted);
  EXPECT_EQ(s.platforms.size(), 1u);
  EXPECT_EQ(s.nodes.size(), 3u);
  ASSERT_EQ(s.sensors.size(), 5u);
  EXPECT_EQ(s.radar_types.size(), 3u);
  EXPECT_EQ(s.space_ir_types.size(), 2u);
  EXPECT_EQ(s.sensors[2].platform, 0);
  EXPECT_EQ(s.sensors[4].kind, SensorKind::kSpaceIr);
  // 0.1 mrad azimuth bias, as written.
  EXPECT_NEAR(s.sensors[0].radar.bias.az_rad, 1e-4, 1e-16);
  EXPECT_EQ(s.tracking.filter, "imm");
  // Fire units and battle management, as written in the example.
  ASSERT_EQ(s.fire_units.size(), 4u);
  EXPECT_EQ(s.interceptor_types.size(), 3u);
  EXPECT_EQ(s.fire_units[1].doctrine.policy, engagement::FiringPolicy::kSalvo);
  EXPECT_EQ(s.fire_units[1].doctrine.salvo_size, 2);
  EXPECT_EQ(s.fire_units[1].reload_s, 10.0);
  EXPECT_EQ(s.fire_units[1].doctrine.latest_launch_s, 1200.0);
  EXPECT_EQ(s.fire_units[3].platform, 0);
  EXPECT_EQ(s.fire_units[3].engage_on, EngageOn::kRemote);
  EXPECT_EQ(s.engagement.kill_assessment.false_kill_prob, 0.05);
  EXPECT_EQ(s.engagement.wta, "auto");
}

TEST(DocExample, InterceptorCatalogExampleLoads) {
  std::ifstream in(std::string(BMD_SOURCE_DIR) + "/docs/scenario-format.md");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string catalog = YamlBlockAfter(buffer.str(), "### Interceptor types");
  ASSERT_FALSE(catalog.empty());
  const std::string path =
      std::string(BMD_BINARY_DIR) + "/tests/doc_interceptor_catalog_example.yaml";
  std::ofstream(path) << catalog;
  const Scenario s = LoadScenarioString(
      "scenario: {name: c, start: 2027-01-01T00:00:00Z, duration: 1 h}\n"
      "catalog: [doc_interceptor_catalog_example.yaml]\n"
      "nations: {US: {}}\n"
      "nodes: [{id: n, nation: US, at: {lat: 37 deg, lon: 127 deg}}]\n"
      "fire_units: [{id: f, type: high_alt_terminal, nation: US, node: n, at: {lat: 36 deg, lon:"
      " 127 deg}, inventory: 1, doctrine: shoot_look_shoot}]\n",
      "c.yaml", std::string(BMD_BINARY_DIR) + "/tests");
  ASSERT_EQ(s.interceptor_types.size(), 1u);
  // The doc shows the project's high_alt_terminal class: 5 kPa and 20 g as written.
  EXPECT_EQ(s.interceptor_types[0].min_dynamic_pressure_pa, 5000.0);
  EXPECT_DOUBLE_EQ(s.interceptor_types[0].max_lateral_accel_mps2, 20.0 * 9.80665);
}

TEST(DocExample, SensorCatalogExampleLoads) {
  std::ifstream in(std::string(BMD_SOURCE_DIR) + "/docs/scenario-format.md");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string catalog = YamlBlockAfter(buffer.str(), "### Sensor types");
  ASSERT_FALSE(catalog.empty());
  const std::string path = std::string(BMD_BINARY_DIR) + "/tests/doc_sensor_catalog_example.yaml";
  std::ofstream(path) << catalog;
  const Scenario s = LoadScenarioString(
      "scenario: {name: c, start: 2027-01-01T00:00:00Z, duration: 1 h}\n"
      "catalog: [doc_sensor_catalog_example.yaml]\n"
      "nations: {US: {}}\n"
      "nodes: [{id: n, nation: US, at: {lat: 37 deg, lon: 127 deg}}]\n"
      "sensors:\n"
      "  - {id: r, type: xband_forward_based, nation: US, node: n, at: {lat: 36 deg, lon: 128 deg},"
      " boresight: {azimuth: 330 deg}}\n"
      "  - {id: g, type: space_ir_geo, nation: US, node: n, slot: {lon: 110 deg}}\n",
      "c.yaml", std::string(BMD_BINARY_DIR) + "/tests");
  ASSERT_EQ(s.radar_types.size(), 1u);
  ASSERT_EQ(s.space_ir_types.size(), 1u);
  EXPECT_EQ(s.radar_types[0].bandwidth_hz, 500e6);
  EXPECT_EQ(s.space_ir_types[0].nei_w_m2, 5e-12);
}

TEST(DocExample, CatalogExampleLoads) {
  std::ifstream in(std::string(BMD_SOURCE_DIR) + "/docs/scenario-format.md");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string catalog = YamlBlockAfter(buffer.str(), "## Catalog files");
  ASSERT_FALSE(catalog.empty());
  const std::string path = std::string(BMD_BINARY_DIR) + "/tests/doc_catalog_example.yaml";
  std::ofstream(path) << catalog;
  const Scenario s = LoadScenarioString(
      "scenario: {name: c, start: 2027-01-01T00:00:00Z, duration: 1 h}\n"
      "catalog: [doc_catalog_example.yaml]\n"
      "threats: [{id: a, type: srbm_notional, launch: {at: {lat: 0 deg, lon: 0 deg}, time: 0 s},"
      " aim: {lat: 1 deg, lon: 1 deg}}]\n",
      "c.yaml", std::string(BMD_BINARY_DIR) + "/tests");
  ASSERT_EQ(s.threat_types.size(), 1u);
  // 40 kPa / 9.80665 = 4078.8649 kg/m^2, the figure the doc quotes (rounded there to 4078.86).
  EXPECT_NEAR(s.threat_types[0].rv_ballistic_coeff_kg_m2, 4078.8649, 1e-4);
}

}  // namespace
}  // namespace bmd::sim
