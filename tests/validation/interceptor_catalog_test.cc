// scenarios/catalog/interceptors.yaml and the C++ test helper
// (tests/guidance/interceptor_notional.h) must describe the same notional classes. A minimal
// reader of the catalog's fixed layout (tests of models do not link yaml-cpp) converts each
// "key: number unit" to SI and compares it with the helper's InterceptorTypeSpec.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "models/earth/earth_model.h"
#include "models/engagement/kill_assessment.h"
#include "tests/guidance/interceptor_notional.h"

namespace bmd::guidance {
namespace {

// SI value of the first "key: number [unit]" in text after position `from`; NaN if absent.
double Si(const std::string& text, const std::string& key, std::size_t from = 0) {
  static const std::map<std::string, double> kUnit = {
      {"", 1.0},       {"t", 1000.0},  {"kg", 1.0},    {"s", 1.0},
      {"m/s", 1.0},    {"km", 1e3},    {"m", 1.0},     {"g", earth::kG0},
      {"kPa", 1e3},    {"deg", earth::kDeg}, {"urad", 1e-6}};
  const std::regex re("\\b" + key + ":[ \\t]*([-0-9.eE+]+)[ \\t]*([A-Za-z/]*)");
  std::smatch m;
  const std::string sub = text.substr(from);
  if (!std::regex_search(sub, m, re)) return std::nan("");
  const auto u = kUnit.find(m[2]);
  if (u == kUnit.end()) return std::nan("");
  return std::stod(m[1]) * u->second;
}

TEST(InterceptorCatalog, YamlMatchesTestHelper) {
  std::ifstream f(std::string(BMD_SOURCE_DIR) + "/scenarios/catalog/interceptors.yaml");
  ASSERT_TRUE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string yaml = ss.str();
  EXPECT_NE(yaml.find("catalog_version: 1"), std::string::npos);
  for (const InterceptorTypeSpec& t :
       {testing::UpperTierExo(), testing::HighAltTerminal(), testing::LowerTierEndo()}) {
    SCOPED_TRACE(t.name);
    const auto start = yaml.find("\n  " + t.name + ":");
    ASSERT_NE(start, std::string::npos);
    auto end = yaml.find("\n  ", start + 3);
    while (end != std::string::npos && yaml[end + 3] == ' ') end = yaml.find("\n  ", end + 1);
    const std::string b = yaml.substr(start, end == std::string::npos ? end : end - start);
    EXPECT_NE(b.find("\"" + t.description + "\""), std::string::npos);
    // Stages, in order.
    std::size_t pos = 0;
    for (const auto& st : t.stages) {
      pos = b.find("- {propellant_mass", pos);
      ASSERT_NE(pos, std::string::npos);
      EXPECT_DOUBLE_EQ(Si(b, "propellant_mass", pos), st.propellant_mass_kg);
      EXPECT_DOUBLE_EQ(Si(b, "dry_mass", pos), st.dry_mass_kg);
      EXPECT_DOUBLE_EQ(Si(b, "isp", pos), st.isp_s);
      EXPECT_DOUBLE_EQ(Si(b, "burn_time", pos), st.burn_time_s);
      ++pos;
    }
    EXPECT_EQ(b.find("- {propellant_mass", pos), std::string::npos);  // no extra stage
    const std::size_t kv = b.find("kill_vehicle:");
    EXPECT_DOUBLE_EQ(Si(b, "mass", kv), t.kill_vehicle_mass_kg);
    EXPECT_NE(b.find(std::string("separates: ") + (t.kill_vehicle_separates ? "true" : "false")),
              std::string::npos);
    EXPECT_DOUBLE_EQ(Si(b, "divert_delta_v"), t.divert_delta_v_mps);
    EXPECT_DOUBLE_EQ(Si(b, "seeker_range"), t.seeker_range_m);
    EXPECT_NEAR(Si(b, "seeker_fov_half_angle"), t.seeker_fov_half_angle_rad, 1e-15);
    EXPECT_NEAR(Si(b, "seeker_angle_noise"), t.seeker_angle_noise_rad, 1e-15);
    EXPECT_DOUBLE_EQ(Si(b, "body_diameter"), t.body_diameter_m);
    EXPECT_DOUBLE_EQ(Si(b, "cd"), t.cd);
    const char* control = t.control == ControlMode::kDivert        ? "control: divert"
                          : t.control == ControlMode::kAerodynamic ? "control: aerodynamic"
                                                                   : "control: aero_and_divert";
    EXPECT_NE(b.find(control), std::string::npos);
    EXPECT_NEAR(Si(b, "max_lateral_accel"), t.max_lateral_accel_mps2, 1e-9);
    if (t.control != ControlMode::kDivert) {
      EXPECT_DOUBLE_EQ(Si(b, "min_dynamic_pressure"), t.min_dynamic_pressure_pa);
      EXPECT_DOUBLE_EQ(Si(b, "full_control_dynamic_pressure"), t.full_control_dynamic_pressure_pa);
    }
    const std::size_t ia = b.find("intercept_altitude:");
    EXPECT_DOUBLE_EQ(Si(b, "min", ia), t.min_intercept_alt_m);
    EXPECT_DOUBLE_EQ(Si(b, "max", ia), t.max_intercept_alt_m);
    EXPECT_DOUBLE_EQ(Si(b, "max_range"), t.max_range_m);
    EXPECT_DOUBLE_EQ(Si(b, "max_flight_time"), t.max_flight_time_s);
    EXPECT_DOUBLE_EQ(Si(b, "lethal_radius"), t.lethal_radius_m);
    EXPECT_DOUBLE_EQ(Si(b, "pk"), t.pk);
    EXPECT_NE(b.find("guidance_law: augmented_pn"), std::string::npos);
    EXPECT_EQ(t.guidance_law, GuidanceLawKind::kAugmentedPn);
    EXPECT_DOUBLE_EQ(Si(b, "navigation_ratio"), t.navigation_ratio);
    EXPECT_DOUBLE_EQ(Si(b, "midcourse_guidance_period"), t.midcourse_guidance_period_s);
    EXPECT_DOUBLE_EQ(Si(b, "terminal_guidance_period"), t.terminal_guidance_period_s);
    EXPECT_DOUBLE_EQ(Si(b, "reaction_time"), t.reaction_time_s);
    EXPECT_TRUE(ValidateInterceptorType(t).empty());
  }
}

// The kill rule applied to an intercept event: miss <= lethal radius and a Pk draw. Over
// 20,000 independent draws at a lethal miss the kill fraction matches Pk within 4 sigma
// (sigma = sqrt(Pk (1 - Pk) / n) = 0.0028 for Pk 0.8); a miss beyond the radius never kills.
TEST(InterceptorCatalog, KillRuleUsesLethalRadiusAndPk) {
  const InterceptorTypeSpec t = testing::UpperTierExo();
  int kills = 0;
  constexpr int kN = 20000;
  for (int i = 0; i < kN; ++i) {
    RandomStream rng(11, 0, static_cast<std::uint64_t>(i), Purpose::kKillDraw);
    kills += engagement::DrawKill(0.9 * t.lethal_radius_m, t.lethal_radius_m, t.pk, rng);
    RandomStream rng2(11, 1, static_cast<std::uint64_t>(i), Purpose::kKillDraw);
    EXPECT_FALSE(engagement::DrawKill(1.01 * t.lethal_radius_m, t.lethal_radius_m, t.pk, rng2));
  }
  EXPECT_NEAR(static_cast<double>(kills) / kN, t.pk, 4.0 * std::sqrt(t.pk * (1 - t.pk) / kN));
}

}  // namespace
}  // namespace bmd::guidance
