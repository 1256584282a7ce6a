#pragma once
// A valid scenario with fire units of all three notional interceptor classes and the
// engagement section, for the engagement-side loader tests. It uses the project's catalog
// (scenarios/catalog/interceptors.yaml): load it with kProjectScenarioDir as the base dir.
#include <string>

namespace bmd::sim::testing {

inline const std::string kProjectScenarioDir = std::string(BMD_SOURCE_DIR) + "/scenarios";

// Line numbers are part of the tests: do not reflow.
inline const std::string kEngagementScenario =
    R"(scenario:
  name: engagement-test
  start: 2027-03-14T02:00:00Z
  duration: 20 min
  tick: 100 ms
catalog: [catalog/interceptors.yaml]
nations:
  US: {name: United States}
  ROK: {name: Republic of Korea}
  GBR: {name: United Kingdom}
platforms:
  - id: gbr_frigate
    nation: GBR
    route:
      - {time: 0 s, lat: 36.0 deg, lon: 130.5 deg, alt: 10 m}
      - {time: 20 min, lat: 36.05 deg, lon: 130.45 deg}
nodes:
  - {id: us_c2, nation: US, at: {lat: 37.09 deg, lon: 127.03 deg}}
  - {id: rok_kamd, nation: ROK, at: {lat: 36.50 deg, lon: 127.25 deg}}
  - {id: gbr_cic, nation: GBR, platform: gbr_frigate}
fire_units:
  - id: rok_upper_1
    type: high_alt_terminal
    nation: ROK
    node: rok_kamd
    at: {lat: 36.30 deg, lon: 127.40 deg, alt: 120 m}
    inventory: 6
    reload: 10 s
    doctrine: shoot_look_shoot
    min_pk_to_commit: 50 %
    firing_window: {earliest: 30 s, latest: 15 min}
    engage_on: own_sensors
  - {id: us_terminal_1, type: high_alt_terminal, nation: US, node: us_c2, at: {lat: 36.95 deg, lon: 127.05 deg}, inventory: 8, doctrine: {salvo: 2}}
  - {id: rok_lower_1, type: lower_tier_endo, nation: ROK, node: rok_kamd, at: {lat: 37.5 deg, lon: 127.0 deg}, inventory: 0, doctrine: {shoot_look_shoot: {salvo: 2, max_engagements: 3}}, engage_on: remote}
  - {id: gbr_exo_1, type: upper_tier_exo, nation: GBR, node: gbr_cic, platform: gbr_frigate, inventory: 4, doctrine: shoot_look_shoot}
engagement:
  decision_interval: 500 ms
  kill_assessment: {false_kill: 2.5 %, missed_kill: 0.1, delay: 4 s}
  share_engagement_status: off
  wta: exact
)";

}  // namespace bmd::sim::testing
