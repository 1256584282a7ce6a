#pragma once
// A complete valid scenario used by the loader tests, and helpers to derive broken variants
// by replacing one line (so expected line:column values can be read off this text).
#include <sstream>
#include <string>
#include <vector>

namespace bmd::sim::testing {

inline const std::string kFixtureDir = std::string(BMD_SOURCE_DIR) + "/tests/scenario/fixtures";

// Line numbers are part of the tests: do not reflow.
inline const std::string kValidScenario =
    R"(scenario:
  name: test-valid
  description: A complete valid scenario
  start: 2027-03-14T02:00:00Z
  duration: 20 min
  tick: 100 ms
  seed: 20270314
  earth: {shape: sphere, rotation: off, j2: on, atmosphere: none}
catalog: [catalog/threats.yaml]
nations:
  US: {name: United States, alliances: [NATO]}
  ROK: {name: Republic of Korea}
defended_assets:
  - {id: port_a, owner: ROK, at: {lat: 35.10 deg, lon: 129.04 deg}, radius: 5 km, value: 10}
  - {id: base_b, owner: US, at: {lat: 36.96 deg, lon: 127.03 deg, alt: 30 m}, radius: 3 km}
threats:
  - id: t01
    type: srbm_test
    launch: {at: {lat: 39.0 deg, lon: 125.7 deg}, time: 90 s}
    aim: base_b
  - id: t02
    type: irbm_test
    launch: {at: {lat: 40.2 deg, lon: 127.4 deg, alt: 1 km}, time: 2 min}
    aim: {lat: 35.5 deg, lon: 128 deg}
    shaping: {lofted: {apogee: 600 km}}
  - id: t03
    type: srbm_test
    launch: {at: {lat: 39.5 deg, lon: 126 deg}, time: 0 s}
    aim: port_a
    shaping: {depressed: {flight_time: 6 min}}
record: {truth: 2 s}
)";

/// `text` with 1-based line `line` replaced by `replacement` (which may hold several lines).
inline std::string ReplaceLine(const std::string& text, int line, const std::string& replacement) {
  std::istringstream in(text);
  std::string out, current;
  int n = 0;
  while (std::getline(in, current)) {
    ++n;
    out += (n == line ? replacement : current) + "\n";
  }
  return out;
}

}  // namespace bmd::sim::testing
