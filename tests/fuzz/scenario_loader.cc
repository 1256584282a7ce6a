// libFuzzer target for the scenario loader: any input must either load or throw
// ScenarioError. Anything else (another exception, a crash, a sanitizer report, a hang) is a
// bug. Build: see docs/scenario-format.md, "Fuzzing".
//
// Input layout (all parts optional), so one input exercises the scenario, the catalog and
// the override code:
//   <scenario YAML>
//   #--catalog--
//   <catalog YAML, written to fuzz_catalog.yaml beside the fixed catalog threats.yaml>
//   #--overrides--
//   path=value         (one override per line)
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/loader.h"

namespace {

// A valid catalog, so that inputs listing `catalog: [threats.yaml]` reach threat conversion.
constexpr std::string_view kCatalog = R"(catalog_version: 1
threat_types:
  srbm_test:
    description: "Fuzz fixture"
    nominal_range: 300 km
    body_diameter: 0.88 m
    booster_cd: 0.3
    stages:
      - {propellant_mass: 3.7 t, dry_mass: 900 kg, isp: 230 s, burn_time: 62 s}
    reentry_vehicle: {mass: 1.0 t, ballistic_coefficient: 40 kPa, rcs: -13 dBsm}
    booster_rcs: 2 m^2
    plume_intensity: 1.0e5 W/sr
)";

constexpr std::string_view kCatalogMarker = "\n#--catalog--\n";
constexpr std::string_view kOverridesMarker = "\n#--overrides--\n";

std::string& BaseDir() {
  static std::string dir;
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("bmd_fuzz_scenario_loader_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "threats.yaml") << kCatalog;
  std::ofstream(dir / "fuzz_catalog.yaml") << kCatalog;
  BaseDir() = dir.string();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view scenario = input;
  std::string_view catalog;
  std::string_view overrides_text;

  if (const std::size_t o = scenario.find(kOverridesMarker); o != std::string_view::npos) {
    overrides_text = scenario.substr(o + kOverridesMarker.size());
    scenario = scenario.substr(0, o);
  }
  if (const std::size_t c = scenario.find(kCatalogMarker); c != std::string_view::npos) {
    catalog = scenario.substr(c + kCatalogMarker.size());
    scenario = scenario.substr(0, c);
  }
  if (!catalog.empty()) {
    std::ofstream(BaseDir() + "/fuzz_catalog.yaml", std::ios::binary | std::ios::trunc)
        .write(catalog.data(), static_cast<std::streamsize>(catalog.size()));
  }

  try {
    std::vector<bmd::sim::Override> overrides;
    while (!overrides_text.empty()) {
      const std::size_t nl = overrides_text.find('\n');
      const std::string_view line = overrides_text.substr(0, nl);
      overrides_text =
          nl == std::string_view::npos ? std::string_view() : overrides_text.substr(nl + 1);
      if (!line.empty()) overrides.push_back(bmd::sim::ParseOverrideArgument(line));
    }
    bmd::sim::LoadScenarioString(scenario, "fuzz.yaml", BaseDir(), overrides);
  } catch (const bmd::sim::ScenarioError&) {
    // Expected for most inputs.
  }
  return 0;
}
