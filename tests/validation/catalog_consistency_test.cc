// The catalog file scenarios/catalog/threats.yaml and the C++ test helper must describe the
// same notional classes. A minimal line reader of the catalog's fixed layout (models and
// tests of models do not link yaml-cpp): every number in the YAML is compared with the
// helper's ThreatTypeSpec after unit conversion (t -> kg, kPa -> beta * g0).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/validation/notional_threats.h"

namespace bmd::flight {
namespace {

double Value(const std::string& text, const std::string& key) {
  const std::regex re(key + ":\\s*([-0-9.eE+]+)");
  std::smatch m;
  if (!std::regex_search(text, m, re)) return -1.0;
  return std::stod(m[1]);
}

std::vector<std::string> StageLines(const std::string& block) {
  std::vector<std::string> out;
  std::istringstream in(block);
  for (std::string line; std::getline(in, line);) {
    if (line.find("- {propellant_mass") != std::string::npos) out.push_back(line);
  }
  return out;
}

TEST(Catalog, YamlMatchesTestHelper) {
  std::ifstream f(std::string(BMD_SOURCE_DIR) + "/scenarios/catalog/threats.yaml");
  ASSERT_TRUE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string yaml = ss.str();
  for (const ThreatTypeSpec& t :
       {testing::SrbmNotional(), testing::MrbmNotional(), testing::IrbmNotional()}) {
    SCOPED_TRACE(t.name);
    const auto start = yaml.find("  " + t.name + ":");
    ASSERT_NE(start, std::string::npos);
    auto end = yaml.find("\n  ", start + 3);
    while (end != std::string::npos && yaml[end + 3] == ' ') end = yaml.find("\n  ", end + 1);
    const std::string block = yaml.substr(start, end == std::string::npos ? end : end - start);
    EXPECT_NE(block.find("\"" + t.description + "\""), std::string::npos);
    EXPECT_DOUBLE_EQ(Value(block, "nominal_range") * 1e3, t.nominal_range_m);
    EXPECT_DOUBLE_EQ(Value(block, "body_diameter"), t.body_diameter_m);
    EXPECT_DOUBLE_EQ(Value(block, "booster_cd"), t.booster_cd);
    EXPECT_DOUBLE_EQ(Value(block, "booster_rcs"), t.booster_rcs_m2);
    EXPECT_DOUBLE_EQ(Value(block, "plume_intensity"), t.ir_intensity_w_sr);
    const auto rv = block.substr(block.find("reentry_vehicle"));
    EXPECT_DOUBLE_EQ(Value(rv, "mass") * 1e3, t.rv_mass_kg);
    EXPECT_NEAR(Value(rv, "ballistic_coefficient") * 1e3 / earth::kG0,
                t.rv_ballistic_coeff_kg_m2, 1e-9);
    EXPECT_DOUBLE_EQ(Value(rv, "rcs"), t.rv_rcs_m2);
    const auto stages = StageLines(block);
    ASSERT_EQ(stages.size(), t.stages.size());
    for (std::size_t i = 0; i < stages.size(); ++i) {
      EXPECT_DOUBLE_EQ(Value(stages[i], "propellant_mass") * 1e3, t.stages[i].propellant_mass_kg);
      EXPECT_DOUBLE_EQ(Value(stages[i], "dry_mass") * 1e3, t.stages[i].dry_mass_kg);
      EXPECT_DOUBLE_EQ(Value(stages[i], "isp"), t.stages[i].isp_s);
      EXPECT_DOUBLE_EQ(Value(stages[i], "burn_time"), t.stages[i].burn_time_s);
    }
  }
}

}  // namespace
}  // namespace bmd::flight
