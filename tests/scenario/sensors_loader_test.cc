// Platforms, nodes, sensors (radar and space IR from the sensor catalog) and tracking
// settings: SI values checked against hand conversions, and every new error located.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>

#include "sim/scenario/loader.h"
#include "tests/scenario/scenario_text.h"
#include "tests/scenario/sensor_scenario_text.h"

namespace bmd::sim {
namespace {

using ::testing::HasSubstr;
using testing::kFixtureDir;
using testing::kSensorScenario;
using testing::ReplaceLine;

constexpr double kDeg = std::numbers::pi / 180.0;
// Values are decimal text times exact factors (pi/180, 1e3, ...): a few ulps of rounding;
// 1e-12 relative is ample and still catches any wrong factor.
constexpr double kRel = 1e-12;

Scenario Load(const std::string& text, const std::vector<Override>& overrides = {}) {
  return LoadScenarioString(text, "s.yaml", kFixtureDir, overrides);
}

ScenarioError Fail(const std::string& text, const std::vector<Override>& overrides = {}) {
  try {
    Load(text, overrides);
  } catch (const ScenarioError& e) {
    return e;
  }
  ADD_FAILURE() << "no ScenarioError for:\n" << text;
  return ScenarioError({});
}

// The single error message of `text` with line `line` replaced.
std::string ErrorWithLine(int line, const std::string& replacement) {
  return Fail(ReplaceLine(kSensorScenario, line, replacement)).what();
}

TEST(SensorCatalog, RadarTypeInSi) {
  const Scenario s = Load(kSensorScenario);
  ASSERT_EQ(s.radar_types.size(), 2u);  // only the types used, in order of first use
  const sensors::RadarSpec& x = s.radar_types[0];
  EXPECT_EQ(x.name, "xband_test");
  EXPECT_EQ(x.band, "X");
  EXPECT_EQ(x.frequency_hz, 9.5e9);
  EXPECT_EQ(x.reference_snr_db, 30.0);  // dB stays dB
  EXPECT_EQ(x.reference_range_m, 1e6);
  EXPECT_EQ(x.pfa, 1e-6);
  EXPECT_EQ(x.swerling, sensors::Swerling::kCase1);
  EXPECT_EQ(x.false_alarms_per_frame, 0.5);
  EXPECT_NEAR(x.beamwidth_rad, 0.6 * kDeg, 0.6 * kDeg * kRel);
  EXPECT_EQ(x.bandwidth_hz, 5e8);
  EXPECT_NEAR(x.coherent_dwell_s, 5e-3, 5e-3 * kRel);
  EXPECT_EQ(x.min_range_sigma_m, 0.5);
  EXPECT_NEAR(x.min_angle_sigma_rad, 50e-6, 50e-6 * kRel);
  EXPECT_EQ(x.min_range_rate_sigma_mps, 0.1);
  EXPECT_EQ(x.min_range_m, 10e3);
  EXPECT_EQ(x.max_range_m, 2000e3);
  EXPECT_EQ(x.max_range_rate_mps, 8e3);
  EXPECT_NEAR(x.min_elevation_rad, 0.5 * kDeg, kRel);
  EXPECT_NEAR(x.for_az_half_width_rad, 60.0 * kDeg, kRel);
  EXPECT_NEAR(x.for_el_half_width_rad, 40.0 * kDeg, kRel);
  EXPECT_EQ(x.search_frame_s, 10.0);
  EXPECT_EQ(x.track_revisit_s, 1.0);
  EXPECT_EQ(x.track_capacity, 100);
  EXPECT_TRUE(x.measures_range_rate);
  EXPECT_EQ(x.refraction_k, 1.25);

  const sensors::RadarSpec& sb = s.radar_types[1];
  EXPECT_EQ(sb.name, "sband_test");
  EXPECT_EQ(sb.frequency_hz, 3.3e9);                  // 3300 MHz
  EXPECT_EQ(sb.reference_range_m, 270.0 * 1852.0);    // 270 nmi = 500.04 km
  EXPECT_EQ(sb.swerling, sensors::Swerling::kCase0);
  EXPECT_NEAR(sb.beamwidth_rad, 0.03, 0.03 * kRel);   // 30 mrad
  EXPECT_FALSE(sb.measures_range_rate);
  // Keys the catalog leaves out keep RadarSpec's defaults.
  const sensors::RadarSpec defaults;
  EXPECT_EQ(sb.pfa, defaults.pfa);
  EXPECT_EQ(sb.coherent_dwell_s, defaults.coherent_dwell_s);
  EXPECT_EQ(sb.track_capacity, defaults.track_capacity);
  EXPECT_EQ(sb.refraction_k, defaults.refraction_k);
}

TEST(SensorCatalog, SpaceIrTypeInSi) {
  const Scenario s = Load(kSensorScenario);
  ASSERT_EQ(s.space_ir_types.size(), 2u);
  const sensors::SpaceIrSpec& geo = s.space_ir_types[0];
  EXPECT_EQ(geo.name, "geo_ir_test");
  EXPECT_EQ(geo.revisit_s, 10.0);
  EXPECT_NEAR(geo.los_sigma_rad, 50e-6, 50e-6 * kRel);
  EXPECT_EQ(geo.nei_w_m2, 5e-12);
  EXPECT_EQ(geo.pfa, 1e-6);
  EXPECT_EQ(geo.min_plume_altitude_m, 12e3);
  EXPECT_EQ(geo.los_min_altitude_m, 10e3);
  const sensors::SpaceIrSpec& leo = s.space_ir_types[1];
  EXPECT_EQ(leo.name, "leo_ir_test");
  EXPECT_EQ(leo.revisit_s, 2.0);
  EXPECT_NEAR(leo.los_sigma_rad, 30e-6, 30e-6 * kRel);  // 0.03 mrad
  EXPECT_NEAR(leo.nei_w_m2, 1e-13, 1e-13 * kRel);       // 1e-17 W/cm^2 = 1e-13 W/m^2
  EXPECT_EQ(leo.min_plume_altitude_m, sensors::SpaceIrSpec{}.min_plume_altitude_m);
}

TEST(SensorScenario, PlatformsAndNodes) {
  const Scenario s = Load(kSensorScenario);
  ASSERT_EQ(s.platforms.size(), 1u);
  const Platform& ship = s.platforms[0];
  EXPECT_EQ(ship.id, "gbr_frigate");
  EXPECT_EQ(ship.nation, "GBR");
  ASSERT_EQ(ship.route.size(), 2u);
  EXPECT_EQ(ship.route[0].t_s, 0.0);
  EXPECT_NEAR(ship.route[0].at.lat_rad, 36.0 * kDeg, kRel);
  EXPECT_EQ(ship.route[0].at.alt_m, 0.0);  // default
  EXPECT_EQ(ship.route[1].t_s, 1200.0);
  EXPECT_NEAR(ship.route[1].at.lon_rad, 130.45 * kDeg, kRel);
  EXPECT_EQ(ship.route[1].at.alt_m, 20.0);

  ASSERT_EQ(s.nodes.size(), 3u);
  EXPECT_EQ(s.nodes[0].id, "us_c2");
  EXPECT_EQ(s.nodes[0].nation, "US");
  EXPECT_EQ(s.nodes[0].platform, -1);
  EXPECT_NEAR(s.nodes[0].at.lat_rad, 37.09 * kDeg, kRel);
  EXPECT_EQ(s.nodes[0].at.alt_m, 40.0);
  EXPECT_EQ(s.nodes[2].id, "gbr_cic");
  EXPECT_EQ(s.nodes[2].platform, 0);
  EXPECT_NEAR(s.nodes[2].at.lon_rad, 130.5 * kDeg, kRel);  // start of the route
}

TEST(SensorScenario, RadarSites) {
  const Scenario s = Load(kSensorScenario);
  ASSERT_EQ(s.sensors.size(), 7u);
  const SensorConfig& fbr = s.sensors[0];
  EXPECT_EQ(fbr.id, "us_fbr");
  EXPECT_EQ(fbr.kind, SensorKind::kRadar);
  EXPECT_EQ(fbr.nation, "US");
  EXPECT_EQ(fbr.node, 0);
  EXPECT_EQ(fbr.type_index, 0);
  EXPECT_EQ(fbr.platform, -1);
  EXPECT_EQ(fbr.radar.name, "us_fbr");
  EXPECT_EQ(fbr.radar.nation, "US");
  EXPECT_EQ(fbr.radar.node_index, 0);
  EXPECT_EQ(fbr.radar.sensor_index, 0);
  ASSERT_TRUE(fbr.radar.path.IsFixed());
  const sensors::SiteState fbr_site = fbr.radar.path.StateAt(100.0);
  EXPECT_NEAR(fbr_site.geodetic.lat_rad, 35.95 * kDeg, kRel);
  EXPECT_NEAR(fbr_site.geodetic.lon_rad, 128.06 * kDeg, kRel);
  EXPECT_EQ(fbr_site.geodetic.alt_m, 400.0);
  EXPECT_NEAR(fbr.radar.boresight_az_rad, 330.0 * kDeg, kRel);
  // No elevation given: the catalog's default_boresight_elevation (35 deg).
  EXPECT_NEAR(fbr.radar.boresight_el_rad, 35.0 * kDeg, kRel);
  EXPECT_EQ(fbr.radar.bias.range_m, 30.0);
  EXPECT_NEAR(fbr.radar.bias.az_rad, 0.1 * kDeg, kRel);
  EXPECT_NEAR(fbr.radar.bias.el_rad, -0.05 * kDeg, kRel);

  const SensorConfig& ewr = s.sensors[1];
  EXPECT_EQ(ewr.type_index, 0);  // same type as us_fbr: one copy
  EXPECT_EQ(ewr.node, 1);
  EXPECT_EQ(ewr.radar.sensor_index, 1);
  EXPECT_NEAR(ewr.radar.boresight_el_rad, 20.0 * kDeg, kRel);
  EXPECT_EQ(ewr.radar.bias.az_rad, 0.0);  // no bias given

  const SensorConfig& ship = s.sensors[2];
  EXPECT_EQ(ship.type_index, 1);
  EXPECT_EQ(ship.platform, 0);
  EXPECT_EQ(ship.node, 2);
  EXPECT_EQ(ship.radar.sensor_index, 2);
  // An all-round radar needs no boresight azimuth (0 = north); its elevation defaults to the
  // field-of-regard half-width (the catalog gives no default_boresight_elevation): 45 deg.
  EXPECT_EQ(ship.radar.boresight_az_rad, 0.0);
  EXPECT_NEAR(ship.radar.boresight_el_rad, 45.0 * kDeg, kRel);
  // The path is the platform's route: halfway in time, latitude and longitude are halfway
  // (piecewise-linear geodetic interpolation): 36.025 deg, 130.475 deg, 10 m.
  ASSERT_FALSE(ship.radar.path.IsFixed());
  const sensors::SiteState mid = ship.radar.path.StateAt(600.0);
  EXPECT_NEAR(mid.geodetic.lat_rad, 36.025 * kDeg, 1e-12);
  EXPECT_NEAR(mid.geodetic.lon_rad, 130.475 * kDeg, 1e-12);
  EXPECT_NEAR(mid.geodetic.alt_m, 10.0, 1e-9);
}

TEST(SensorScenario, SpaceIrSites) {
  const Scenario s = Load(kSensorScenario);
  const SensorConfig& sir1 = s.sensors[3];
  EXPECT_EQ(sir1.kind, SensorKind::kSpaceIr);
  EXPECT_EQ(sir1.type_index, 0);
  EXPECT_EQ(sir1.space_ir.name, "us_sir_1");
  EXPECT_EQ(sir1.space_ir.nation, "US");
  EXPECT_EQ(sir1.space_ir.node_index, 0);
  EXPECT_EQ(sir1.space_ir.sensor_index, 3);
  EXPECT_EQ(sir1.space_ir.orbit.kind, sensors::OrbitKind::kGeostationary);
  EXPECT_NEAR(sir1.space_ir.orbit.geo_longitude_rad, 110.0 * kDeg, kRel);
  EXPECT_EQ(sir1.space_ir.scan_phase_s, 2.5);
  const SensorConfig& sir2 = s.sensors[4];
  EXPECT_NEAR(sir2.space_ir.orbit.geo_longitude_rad, -150.0 * kDeg, kRel);
  EXPECT_EQ(sir2.space_ir.scan_phase_s, 0.0);  // default

  // Altitude and inclination from the catalog; RAAN and argument of latitude from the file.
  // The sensor is US-owned and reports to the ROK node: allowed (hosted arrangement).
  const SensorConfig& leo1 = s.sensors[5];
  EXPECT_EQ(leo1.type_index, 1);
  EXPECT_EQ(leo1.nation, "US");
  EXPECT_EQ(leo1.node, 1);
  EXPECT_EQ(leo1.space_ir.orbit.kind, sensors::OrbitKind::kCircular);
  EXPECT_EQ(leo1.space_ir.orbit.altitude_m, 1100e3);
  EXPECT_NEAR(leo1.space_ir.orbit.inclination_rad, 60.0 * kDeg, kRel);
  EXPECT_NEAR(leo1.space_ir.orbit.raan_rad, 30.0 * kDeg, kRel);
  EXPECT_NEAR(leo1.space_ir.orbit.arg_latitude0_rad, -45.0 * kDeg, kRel);
  const SensorConfig& leo2 = s.sensors[6];
  EXPECT_EQ(leo2.space_ir.orbit.altitude_m, 1200e3);
  EXPECT_NEAR(leo2.space_ir.orbit.inclination_rad, 98.0 * kDeg, kRel);
  EXPECT_NEAR(leo2.space_ir.orbit.arg_latitude0_rad, 90.0 * kDeg, kRel);
}

TEST(SensorScenario, TrackingSettings) {
  const Scenario s = Load(kSensorScenario);
  const TrackingConfig& t = s.tracking;
  EXPECT_EQ(t.filter, "imm");
  EXPECT_NEAR(t.gate_probability, 0.995, 1e-15);  // 99.5 %
  EXPECT_EQ(t.confirm_m, 2);
  EXPECT_EQ(t.confirm_n, 3);
  EXPECT_EQ(t.max_misses, 5);
  EXPECT_EQ(t.max_coast_s, 15.0);
  EXPECT_EQ(t.process_noise, 100.0);
  EXPECT_EQ(t.fusion_interval_s, 2.0);
  EXPECT_EQ(t.fusion_gate_probability, 0.99);
  EXPECT_FALSE(t.cueing);
  // {m, n} form.
  const Scenario s2 = Load(ReplaceLine(kSensorScenario, 38, "  confirm: {m: 4, n: 6}"));
  EXPECT_EQ(s2.tracking.confirm_m, 4);
  EXPECT_EQ(s2.tracking.confirm_n, 6);
}

TEST(SensorScenario, AbsentSectionsTakeTheDefaults) {
  const Scenario s = Load("scenario: {name: m, start: 2027-01-01T00:00:00Z, duration: 1 h}\n"
                          "tracking:\n");
  const TrackingConfig d;
  EXPECT_EQ(s.tracking.filter, d.filter);
  EXPECT_EQ(s.tracking.gate_probability, d.gate_probability);
  EXPECT_EQ(s.tracking.confirm_m, d.confirm_m);
  EXPECT_EQ(s.tracking.confirm_n, d.confirm_n);
  EXPECT_EQ(s.tracking.max_misses, d.max_misses);
  EXPECT_EQ(s.tracking.max_coast_s, d.max_coast_s);
  EXPECT_EQ(s.tracking.process_noise, d.process_noise);
  EXPECT_EQ(s.tracking.fusion_interval_s, d.fusion_interval_s);
  EXPECT_EQ(s.tracking.cueing, d.cueing);
  EXPECT_TRUE(s.sensors.empty());
  EXPECT_TRUE(s.nodes.empty());
  EXPECT_TRUE(s.platforms.empty());
  EXPECT_TRUE(s.radar_types.empty());
}

TEST(SensorScenario, UnknownReferencesAreLocatedWithSuggestions) {
  EXPECT_STREQ(ErrorWithLine(23, "    type: xband_tset").c_str(),
               "s.yaml:23:11: sensors[0].type: unknown sensor type 'xband_tset' "
               "(did you mean 'xband_test'?)");
  EXPECT_STREQ(ErrorWithLine(23, "    type: phased_array").c_str(),
               "s.yaml:23:11: sensors[0].type: unknown sensor type 'phased_array' (known: "
               "geo_ir_test, leo_ir_test, sband_test, xband_test)");
  EXPECT_STREQ(ErrorWithLine(25, "    node: us_c3").c_str(),
               "s.yaml:25:11: sensors[0].node: unknown node 'us_c3' (did you mean 'us_c2'?)");
  EXPECT_STREQ(ErrorWithLine(24, "    nation: UK").c_str(),
               "s.yaml:24:13: sensors[0].nation: unknown nation 'UK' (did you mean 'US'?)");
  EXPECT_STREQ(ErrorWithLine(20, "  - {id: gbr_cic, nation: GBR, platform: gbr_frigat}").c_str(),
               "s.yaml:20:42: nodes[2].platform: unknown platform 'gbr_frigat' "
               "(did you mean 'gbr_frigate'?)");
  EXPECT_STREQ(ErrorWithLine(13, "    nation: GRB").c_str(),
               "s.yaml:13:13: platforms[0].nation: unknown nation 'GRB' (did you mean 'GBR'?)");
  // Without a sensor catalog, say what to add.
  EXPECT_THAT(ErrorWithLine(6, "catalog: [catalog/threats.yaml]"),
              HasSubstr("s.yaml:23:11: sensors[0].type: unknown sensor type 'xband_test' (no "
                        "catalog defines sensor_types: add e.g. 'catalog/sensors.yaml' to "
                        "'catalog')"));
}

TEST(SensorScenario, PlacementMustMatchTheKind) {
  EXPECT_STREQ(ErrorWithLine(26, "    slot: {lon: 110 deg}").c_str(),
               "s.yaml:26:11: sensors[0].slot: 'slot' is for space_ir sensors; 'xband_test' is a "
               "radar type: place it with 'at: {lat, lon}' or 'platform: ID'");
  EXPECT_STREQ(ErrorWithLine(31, "  - {id: us_sir_1, type: geo_ir_test, nation: US, node: us_c2, "
                                 "at: {lat: 0 deg, lon: 110 deg}}")
                   .c_str(),
               "s.yaml:31:68: sensors[3].at: 'at' is for radars; 'geo_ir_test' is a space_ir "
               "type: place it with 'slot: {lon}'");
  EXPECT_STREQ(ErrorWithLine(32, "  - {id: us_sir_2, type: geo_ir_test, nation: US, node: us_c2, "
                                 "orbit: {raan: 0 deg, arg_latitude: 0 deg}}")
                   .c_str(),
               "s.yaml:32:71: sensors[4].orbit: type 'geo_ir_test' is geostationary: place it "
               "with 'slot: {lon}', not 'orbit'");
  EXPECT_STREQ(ErrorWithLine(33, "  - {id: us_leo_1, type: leo_ir_test, nation: US, node: "
                                 "rok_kamd, orbit: {raan: 30 deg}}")
                   .c_str(),
               "s.yaml:33:74: sensors[5].orbit.arg_latitude: missing required key "
               "'arg_latitude'");
  EXPECT_STREQ(
      ErrorWithLine(30, "  - {id: gbr_sband, type: sband_test, nation: GBR, node: gbr_cic}")
          .c_str(),
      "s.yaml:30:5: sensors[2]: a radar needs 'at: {lat, lon[, alt]}' or 'platform: ID'");
  EXPECT_STREQ(ErrorWithLine(32, "  - {id: us_sir_2, type: geo_ir_test, nation: US, node: us_c2}")
                   .c_str(),
               "s.yaml:32:5: sensors[4]: a space_ir sensor of type 'geo_ir_test' needs "
               "'slot: {lon}'");
  EXPECT_STREQ(ErrorWithLine(18, "  - {id: us_c2, nation: US}").c_str(),
               "s.yaml:18:5: nodes[0]: a node needs 'at: {lat, lon[, alt]}' or 'platform: ID'");
}

TEST(SensorScenario, BoresightAndBiasBounds) {
  // A sector radar must say where it looks.
  EXPECT_STREQ(ErrorWithLine(27, "").c_str(),
               "s.yaml:22:5: sensors[0].boresight: type 'xband_test' is a sector radar (field of "
               "regard +/-60 deg in azimuth): give 'boresight: {azimuth: ...}' (clockwise from "
               "north)");
  EXPECT_STREQ(ErrorWithLine(27, "    boresight: {azimuth: 360 deg}").c_str(),
               "s.yaml:27:26: sensors[0].boresight.azimuth: azimuth must be within [0 deg, "
               "360 deg); got 360 deg");
  EXPECT_STREQ(ErrorWithLine(27, "    boresight: {azimuth: 330 deg, elevation: 95 deg}").c_str(),
               "s.yaml:27:46: sensors[0].boresight.elevation: elevation must be within [-90 deg, "
               "90 deg]; got 95 deg");
  EXPECT_STREQ(ErrorWithLine(28, "    bias: {range: 30 m, azimuth: 6 deg, elevation: 0 deg}")
                   .c_str(),
               "s.yaml:28:34: sensors[0].bias.azimuth: azimuth must be within (-5 deg, 5 deg); "
               "got 6 deg");
  EXPECT_STREQ(ErrorWithLine(28, "    bias: {range: 12 km}").c_str(),
               "s.yaml:28:19: sensors[0].bias.range: range must be within (-10 km, 10 km); "
               "got 12 km");
  EXPECT_STREQ(ErrorWithLine(28, "    bias: {range: 30 m, clock: 2 min}").c_str(),
               "s.yaml:28:32: sensors[0].bias.clock: clock must be within (-60 s, 60 s); "
               "got 120 s");
  EXPECT_STREQ(ErrorWithLine(28, "    bias: {range: 30 m, skew: 2 ms}").c_str(),
               "s.yaml:28:25: sensors[0].bias.skew: unknown key 'skew' (allowed here: range, "
               "azimuth, elevation, clock, site)");
}

TEST(SensorScenario, RouteAndIdRules) {
  EXPECT_STREQ(ErrorWithLine(16, "      - {time: 0 s, lat: 36.05 deg, lon: 130.45 deg}").c_str(),
               "s.yaml:16:16: platforms[0].route[1].time: waypoint times must increase "
               "strictly; got 0 s after 0 s");
  EXPECT_STREQ(Fail(ReplaceLine(ReplaceLine(ReplaceLine(kSensorScenario, 14, "    route: []"),
                                            15, ""),
                                16, ""))
                   .what(),
               "s.yaml:14:12: platforms[0].route: a route needs at least one waypoint "
               "{time, lat, lon}");
  // Platform, node and sensor ids share one namespace.
  EXPECT_STREQ(ErrorWithLine(22, "  - id: rok_kamd").c_str(),
               "s.yaml:22:9: sensors[0].id: id 'rok_kamd' is already used by the node at line "
               "19 (platform, node, sensor and fire-unit ids must differ from each other)");
  EXPECT_STREQ(ErrorWithLine(22, "  - id: rok_ewr").c_str(),
               "s.yaml:29:10: sensors[1].id: duplicate sensor id 'rok_ewr' (first used at line "
               "22)");
}

TEST(SensorScenario, TrackingErrors) {
  EXPECT_STREQ(ErrorWithLine(36, "  filter: kalman").c_str(),
               "s.yaml:36:11: tracking.filter: unknown value 'kalman' (allowed: ekf, ukf, imm)");
  EXPECT_STREQ(ErrorWithLine(36, "  filter: ukff").c_str(),
               "s.yaml:36:11: tracking.filter: unknown value 'ukff' (did you mean 'ukf'?)");
  EXPECT_STREQ(ErrorWithLine(38, "  confirm: 5/3").c_str(),
               "s.yaml:38:12: tracking.confirm: confirmation 5/3 is impossible: need 1 <= M <= "
               "N <= 32 (M detections in the last N looks)");
  EXPECT_STREQ(ErrorWithLine(38, "  confirm: three of four").c_str(),
               "s.yaml:38:12: tracking.confirm: expected M-of-N confirmation as 'M/N' (e.g. "
               "'3/4') or {m: 3, n: 4}; got 'three of four'");
  EXPECT_STREQ(ErrorWithLine(37, "  gate_probability: 1").c_str(),
               "s.yaml:37:21: tracking.gate_probability: gate_probability must be within (0 %, "
               "100 %); got 100 %");
  EXPECT_STREQ(ErrorWithLine(41, "  process_noise: 100 m^2/s^2").c_str(),
               "s.yaml:41:18: tracking.process_noise: unknown unit 'm^2/s^2' (did you mean "
               "'m^2/s^3'?)");
  EXPECT_STREQ(ErrorWithLine(42, "  fusion_interval: 10 ms").c_str(),
               "s.yaml:42:20: tracking.fusion_interval: fusion_interval (0.01 s) must be at "
               "least the tick (0.1 s)");
  EXPECT_STREQ(ErrorWithLine(39, "  max_misses: 0").c_str(),
               "s.yaml:39:15: tracking.max_misses: max_misses must be within [1, 1000]; got 0");
}

TEST(SensorScenario, AllNewErrorsInOnePass) {
  std::string text = kSensorScenario;
  text = ReplaceLine(text, 15, "      - {time: 5 min, lat: 36.0 deg, lon: 130.5 deg}");
  text = ReplaceLine(text, 16, "      - {time: 1 min, lat: 36.05 deg, lon: 130.45 deg}");
  text = ReplaceLine(text, 25, "    node: rok_kmd");
  text = ReplaceLine(text, 36, "  filter: ekff");
  const ScenarioError e = Fail(text);
  ASSERT_EQ(e.diagnostics().size(), 3u) << e.what();
  EXPECT_STREQ(e.what(),
               "s.yaml:16:16: platforms[0].route[1].time: waypoint times must increase "
               "strictly; got 60 s after 300 s\n"
               "s.yaml:25:11: sensors[0].node: unknown node 'rok_kmd' (did you mean "
               "'rok_kamd'?)\n"
               "s.yaml:36:11: tracking.filter: unknown value 'ekff' (did you mean 'ekf'?)");
}

TEST(SensorScenario, OverridesReachTheNewSections) {
  const Scenario s = Load(kSensorScenario, {{"sensors.us_fbr.bias.azimuth", "0.2deg"},
                                            {"sensors.rok_ewr.bias", "{range: -15 m}"},
                                            {"tracking.filter", "ukf"},
                                            {"tracking.confirm", "{m: 3, n: 5}"},
                                            {"sensors.us_sir_2.scan_phase", "2.5 s"},
                                            {"nodes.us_c2.at.lat", "37.1 deg"},
                                            {"platforms.gbr_frigate.route[1].time", "30 min"}});
  EXPECT_NEAR(s.sensors[0].radar.bias.az_rad, 0.2 * kDeg, kRel);
  EXPECT_EQ(s.sensors[0].radar.bias.range_m, 30.0);  // the rest of the mapping is unchanged
  EXPECT_EQ(s.sensors[1].radar.bias.range_m, -15.0);  // created by the override
  EXPECT_EQ(s.tracking.filter, "ukf");
  EXPECT_EQ(s.tracking.confirm_n, 5);
  EXPECT_EQ(s.sensors[4].space_ir.scan_phase_s, 2.5);
  EXPECT_NEAR(s.nodes[0].at.lat_rad, 37.1 * kDeg, kRel);
  EXPECT_EQ(s.platforms[0].route[1].t_s, 1800.0);
  // A scenario without a tracking section: the override creates it.
  const Scenario s2 =
      Load("scenario: {name: m, start: 2027-01-01T00:00:00Z, duration: 1 h}\n",
           {{"tracking.filter", "ukf"}, {"tracking.cueing", "off"}});
  EXPECT_EQ(s2.tracking.filter, "ukf");
  EXPECT_FALSE(s2.tracking.cueing);
  // Errors inside an override are reported against it.
  EXPECT_STREQ(Fail(kSensorScenario, {{"sensors.us_fbr.bias.azimuth", "10 deg"}}).what(),
               "<override sensors.us_fbr.bias.azimuth>:1:1: sensors[0].bias.azimuth: azimuth "
               "must be within (-5 deg, 5 deg); got 10 deg");
  EXPECT_STREQ(Fail(kSensorScenario, {{"sensors.us_fbx.bias.azimuth", "1 deg"}}).what(),
               "<override sensors.us_fbx.bias.azimuth>: sensors: no entry with id 'us_fbx' (did "
               "you mean 'us_fbr'?)");
  EXPECT_STREQ(Fail(kSensorScenario, {{"tracking.filtr", "ukf"}}).what(),
               "<override tracking.filtr>:1:1: tracking.filtr: unknown key 'filtr' (did you mean "
               "'filter'?)");
}

// Catalog-side errors, each in a catalog written for the test.
std::string CatalogError(const std::string& entry) {
  // One directory per test (ctest runs this file's tests as parallel processes).
  const std::string dir = std::string(BMD_BINARY_DIR) + "/tests/sensor_catalog_tmp/" +
                          ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/c.yaml") << "catalog_version: 1\nsensor_types:\n" << entry;
  try {
    LoadScenarioString("scenario: {name: c, start: 2027-01-01T00:00:00Z, duration: 1 h}\n"
                       "catalog: [c.yaml]\n",
                       "s.yaml", dir);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  ADD_FAILURE() << "catalog loaded:\n" << entry;
  return {};
}

TEST(SensorCatalog, ErrorsNameTheCatalogFile) {
  const std::string radar_head =
      "  r:\n    kind: radar\n    frequency: 10 GHz\n    reference_snr: 20 dB\n"
      "    reference_range: 500 km\n    beamwidth: 1 deg\n    bandwidth: 5 MHz\n"
      "    max_range: 800 km\n    search_frame: 5 s\n"
      "    field_of_regard: {azimuth_half_width: 60 deg, elevation_half_width: 30 deg}\n";
  // The head alone is a complete radar type (guards the cases below).
  EXPECT_THAT(CatalogError(radar_head + "    pfa: 0.5\n"),
              HasSubstr("c.yaml:13:10: sensor_types.r.pfa: pfa must be > 0 and at most 0.1; "
                        "got 0.5"));
  EXPECT_THAT(CatalogError(radar_head + "    false_alarm_rate: 0.5 /s\n"),
              HasSubstr("c.yaml:13:23: sensor_types.r.false_alarm_rate: '0.5 /s' is a rate; "
                        "expected a count per frame"));
  EXPECT_THAT(CatalogError(radar_head + "    min_range: 900 km\n"),
              HasSubstr("c.yaml:13:16: sensor_types.r.min_range: min_range (900 km) must be "
                        "less than max_range (800 km)"));
  EXPECT_THAT(CatalogError(radar_head + "    swerling: 3\n"),
              HasSubstr("c.yaml:13:15: sensor_types.r.swerling: swerling must be 0 (steady "
                        "target) or 1 (slow Rayleigh fluctuation); got 3"));
  EXPECT_THAT(CatalogError(radar_head + "    revisit: 5 s\n"),
              HasSubstr("c.yaml:13:5: sensor_types.r.revisit: unknown key 'revisit'"));
  EXPECT_THAT(CatalogError("  r: {kind: lidar}\n"),
              HasSubstr("c.yaml:3:13: sensor_types.r.kind: unknown value 'lidar' (did you "
                        "mean 'radar'?)"));
  EXPECT_THAT(CatalogError("  r: {kind: optical}\n"),
              HasSubstr("c.yaml:3:13: sensor_types.r.kind: unknown value 'optical' (allowed: "
                        "radar, space_ir)"));
  EXPECT_THAT(CatalogError("  r: {frequency: 1 GHz}\n"),
              HasSubstr("c.yaml:3:6: sensor_types.r.kind: missing required key 'kind' (radar "
                        "or space_ir)"));
  EXPECT_THAT(CatalogError("  g: {kind: space_ir, orbit: geostationary, altitude: 35786 km, "
                           "revisit: 10 s, los_sigma: 50 urad, nei: 1e-12 W/m^2}\n"),
              HasSubstr("c.yaml:3:55: sensor_types.g.altitude: altitude applies to circular "
                        "orbits only (this type is geostationary)"));
  EXPECT_THAT(CatalogError("  g: {kind: space_ir, orbit: geostationary, revisit: 10 s, "
                           "los_sigma: 50 urad, nei: 1e-12 W/m2}\n"),
              HasSubstr("sensor_types.g.nei: unknown unit 'W/m2' (did you mean 'W/m^2'?)"));
}

TEST(SensorCatalog, ProjectCatalogLoadsEveryType) {
  // The project's own catalog (written by the sensor model owner) must stay in the format the
  // loader reads: place one sensor of each of its six types.
  const Scenario s = LoadScenarioString(
      "scenario: {name: ok, start: 2027-01-01T00:00:00Z, duration: 1 h}\n"
      "catalog: [catalog/sensors.yaml]\n"
      "nations: {US: {}}\n"
      "nodes: [{id: n, nation: US, at: {lat: 37 deg, lon: 127 deg}}]\n"
      "sensors:\n"
      "  - {id: a, type: xband_forward_based, nation: US, node: n, at: {lat: 36 deg, lon: 128 deg},"
      " boresight: {azimuth: 330 deg}}\n"
      "  - {id: b, type: sband_shipborne, nation: US, node: n, at: {lat: 36 deg, lon: 130 deg}}\n"
      "  - {id: c, type: lband_early_warning, nation: US, node: n, at: {lat: 36 deg, lon: 127 deg},"
      " boresight: {azimuth: 340 deg}}\n"
      "  - {id: d, type: cband_fire_control, nation: US, node: n, at: {lat: 37 deg, lon: 127 deg},"
      " boresight: {azimuth: 0 deg}}\n"
      "  - {id: e, type: space_ir_geo, nation: US, node: n, slot: {lon: 110 deg}}\n"
      "  - {id: f, type: space_ir_leo, nation: US, node: n, orbit: {raan: 0 deg, arg_latitude: 0 "
      "deg}}\n",
      "ok.yaml", std::string(BMD_SOURCE_DIR) + "/scenarios");
  ASSERT_EQ(s.radar_types.size(), 4u);
  ASSERT_EQ(s.space_ir_types.size(), 2u);
  // Spot values against the catalog text: 9.5 GHz, 0.6 deg, 1.3333 (dimensionless).
  EXPECT_EQ(s.radar_types[0].frequency_hz, 9.5e9);
  EXPECT_NEAR(s.radar_types[0].beamwidth_rad, 0.6 * kDeg, kRel);
  EXPECT_EQ(s.radar_types[0].refraction_k, 1.3333);
  EXPECT_FALSE(s.radar_types[2].measures_range_rate);  // L-band early warning
  EXPECT_EQ(s.sensors[5].space_ir.orbit.altitude_m, 1100e3);
  EXPECT_EQ(s.space_ir_types[0].nei_w_m2, 5e-12);
}

}  // namespace
}  // namespace bmd::sim
