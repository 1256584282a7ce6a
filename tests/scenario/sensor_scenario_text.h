#pragma once
// A valid scenario with platforms, nodes, sensors and tracking settings, for the sensor-side
// loader tests. It uses the fixture catalogs in tests/scenario/fixtures/catalog.
#include <string>

namespace bmd::sim::testing {

// Line numbers are part of the tests: do not reflow.
inline const std::string kSensorScenario =
    R"(scenario:
  name: sensors-test
  start: 2027-03-14T02:00:00Z
  duration: 20 min
  tick: 100 ms
catalog: [catalog/threats.yaml, catalog/sensors.yaml]
nations:
  US: {name: United States}
  ROK: {name: Republic of Korea}
  GBR: {name: United Kingdom}
platforms:
  - id: gbr_frigate
    nation: GBR
    route:
      - {time: 0 s, lat: 36.0 deg, lon: 130.5 deg}
      - {time: 20 min, lat: 36.05 deg, lon: 130.45 deg, alt: 20 m}
nodes:
  - {id: us_c2, nation: US, at: {lat: 37.09 deg, lon: 127.03 deg, alt: 40 m}}
  - {id: rok_kamd, nation: ROK, at: {lat: 36.50 deg, lon: 127.25 deg}}
  - {id: gbr_cic, nation: GBR, platform: gbr_frigate}
sensors:
  - id: us_fbr
    type: xband_test
    nation: US
    node: us_c2
    at: {lat: 35.95 deg, lon: 128.06 deg, alt: 400 m}
    boresight: {azimuth: 330 deg}
    bias: {range: 30 m, azimuth: 0.1 deg, elevation: -0.05 deg}
  - {id: rok_ewr, type: xband_test, nation: ROK, node: rok_kamd, at: {lat: 36.8 deg, lon: 127.5 deg}, boresight: {azimuth: 340 deg, elevation: 20 deg}}
  - {id: gbr_sband, type: sband_test, nation: GBR, node: gbr_cic, platform: gbr_frigate}
  - {id: us_sir_1, type: geo_ir_test, nation: US, node: us_c2, slot: {lon: 110 deg}, scan_phase: 2.5 s}
  - {id: us_sir_2, type: geo_ir_test, nation: US, node: us_c2, slot: {lon: -150 deg}}
  - {id: us_leo_1, type: leo_ir_test, nation: US, node: rok_kamd, orbit: {raan: 30 deg, arg_latitude: -45 deg}}
  - {id: us_leo_2, type: leo_ir_test, nation: US, node: us_c2, orbit: {altitude: 1200 km, inclination: 98 deg, raan: 0 deg, arg_latitude: 90 deg}}
tracking:
  filter: imm
  gate_probability: 99.5 %
  confirm: 2/3
  max_misses: 5
  max_coast: 15 s
  process_noise: 100 m^2/s^3
  fusion_interval: 2 s
  fusion_gate_probability: 0.99
  cueing: off
)";

}  // namespace bmd::sim::testing
