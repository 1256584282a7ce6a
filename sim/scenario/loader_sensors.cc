// Section "sensors": radars placed `at` a point or on a `platform`, space-IR sensors in a
// geostationary `slot` or a circular `orbit`; each reports to a C2 node.
#include <fmt/format.h>

#include <numbers>
#include <vector>

#include "models/earth/earth_model.h"
#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/loader_sections.h"

namespace bmd::sim {
namespace {

constexpr double kDeg = earth::kDeg;
constexpr Presence kReq = Presence::kRequired;
// Registration biases are fractions of a degree and tens of metres; 5 deg or 10 km is a unit
// mistake (mrad for urad, km for m), not a bias.
constexpr Bounds kAngleBias{-5.0 * kDeg, 5.0 * kDeg, true, true};
constexpr Bounds kRangeBias{-10e3, 10e3, true, true};
constexpr Bounds kOrbitAngle{-360.0 * kDeg, 360.0 * kDeg, false, false};

constexpr std::string_view kKeys[] = {"id",    "type",  "nation", "node",      "at",
                                      "platform", "slot", "orbit", "boresight", "bias",
                                      "scan_phase"};
constexpr std::string_view kRadarOnly[] = {"at", "platform", "boresight", "bias"};
constexpr std::string_view kSpaceIrOnly[] = {"slot", "orbit", "scan_phase"};

// Index of the catalog type in the scenario's list of used types (copied on first use).
template <typename Spec>
int UseType(std::vector<Spec>& used, const Spec& spec) {
  for (std::size_t i = 0; i < used.size(); ++i) {
    if (used[i].name == spec.name) return static_cast<int>(i);
  }
  used.push_back(spec);
  return static_cast<int>(used.size() - 1);
}

const CatalogSensorType* ResolveType(LoadState& state, MapReader& m) {
  const std::optional<std::string> name = m.Id("type", kReq);
  if (!name) return nullptr;
  const auto it = state.sensor_types.find(*name);
  if (it != state.sensor_types.end()) return &it->second;
  std::vector<std::string> names;
  for (const auto& [n, t] : state.sensor_types) names.push_back(n);
  std::string hint = DidYouMean(*name, names);
  if (names.empty()) {
    hint = " (no catalog defines sensor_types: add e.g. 'catalog/sensors.yaml' to 'catalog')";
  } else if (hint.empty() && names.size() <= 12) {
    std::vector<std::string_view> views(names.begin(), names.end());
    hint = " (known: " + JoinNames(views) + ")";
  }
  m.doc().Error(*m.Get("type"), m.PathOf("type"), "unknown sensor type " + Quote(*name) + hint);
  return nullptr;
}

int ReadNodeReference(LoadState& state, MapReader& m) {
  const std::optional<std::string> id = m.Id("node", kReq);
  if (!id) return -1;
  return ResolveNode(state, *m.Get("node"), m.PathOf("node"), *id);
}

// How a space-IR type of this orbit kind is placed, for messages.
std::string_view IrPlacement(sensors::OrbitKind orbit) {
  return orbit == sensors::OrbitKind::kGeostationary
             ? "'slot: {lon}'"
             : "'orbit: {raan, arg_latitude}'";
}

// Keys of the other kind of sensor, e.g. 'slot' on a radar: one message each.
void ReportForeignKeys(MapReader& m, const std::string& type_name, const CatalogSensorType& type) {
  const bool radar = type.kind == SensorKind::kRadar;
  for (std::string_view key : radar ? std::span<const std::string_view>(kSpaceIrOnly)
                                    : std::span<const std::string_view>(kRadarOnly)) {
    if (!m.Has(key)) continue;
    const std::string message =
        radar ? fmt::format("'{}' is for space_ir sensors; {} is a radar type: place it with "
                            "'at: {{lat, lon}}' or 'platform: ID'",
                            key, Quote(type_name))
              : fmt::format("'{}' is for radars; {} is a space_ir type: place it with {}", key,
                            Quote(type_name), IrPlacement(type.orbit));
    m.doc().Error(*m.Get(key), m.PathOf(key), message);
  }
}

void ReadRadarPlacement(LoadState& state, MapReader& m, const CatalogSensorType* type,
                        SensorConfig& sensor) {
  DocContext& doc = m.doc();
  const bool has_at = m.Has("at");
  const bool has_platform = m.Has("platform");
  // A radar placed with 'slot' or 'orbit' was already told how to place it.
  const bool foreign_placement = m.Has("slot") || m.Has("orbit");
  if (type != nullptr && has_at == has_platform && !(has_at == false && foreign_placement)) {
    doc.Error(has_platform ? *m.Get("platform") : m.node(), m.path(),
              has_at ? "give either 'at' or 'platform', not both"
                     : "a radar needs 'at: {lat, lon[, alt]}' or 'platform: ID'");
  }
  if (has_at) {
    if (auto at = ReadPosition(doc, *m.Get("at"), m.PathOf("at"))) {
      sensor.radar.path = sensors::SitePath(*at);
    }
  }
  if (has_platform) {
    if (auto id = m.Id("platform")) {
      sensor.platform = ResolvePlatform(state, *m.Get("platform"), m.PathOf("platform"), *id);
      // The route was checked (times strictly increasing) or cleared when broken.
      if (sensor.platform >= 0 && !state.scenario.platforms[sensor.platform].route.empty()) {
        sensor.radar.path = sensors::SitePath(state.scenario.platforms[sensor.platform].route);
      }
    }
  }
  // A sector radar must say where it looks; an all-round one may leave the azimuth out.
  constexpr double kAllRoundTolerance = 1e-9;
  const bool sector = type != nullptr && type->kind == SensorKind::kRadar &&
                      type->radar.for_az_half_width_rad < std::numbers::pi - kAllRoundTolerance;
  if (type != nullptr) sensor.radar.boresight_el_rad = type->default_boresight_el_rad;
  if (const YAML::Node* b = m.Get("boresight")) {
    static constexpr std::string_view kBoresightKeys[] = {"azimuth", "elevation"};
    MapReader bm(doc, *b, m.PathOf("boresight"), kBoresightKeys);
    if (bm.ok()) {
      if (auto az = RangedQuantity(bm, "azimuth", Dimension::kAngle,
                                   Bounds{0.0, 360.0 * kDeg, false, true},
                                   sector ? kReq : Presence::kOptional)) {
        sensor.radar.boresight_az_rad = *az;
      }
      if (auto el = RangedQuantity(bm, "elevation", Dimension::kAngle,
                                   Bounds{-90.0 * kDeg, 90.0 * kDeg, false, false})) {
        sensor.radar.boresight_el_rad = *el;
      }
    }
  } else if (sector) {
    doc.Error(m.node(), m.PathOf("boresight"),
              fmt::format("type {} is a sector radar (field of regard +/-{} in azimuth): give "
                          "'boresight: {{azimuth: ...}}' (clockwise from north)",
                          Quote(type->radar.name),
                          FormatQuantity(type->radar.for_az_half_width_rad, Dimension::kAngle)));
  }
  if (const YAML::Node* b = m.Get("bias")) {
    static constexpr std::string_view kBiasKeys[] = {"range", "azimuth", "elevation", "clock",
                                                     "site"};
    MapReader bm(doc, *b, m.PathOf("bias"), kBiasKeys);
    if (bm.ok()) {
      if (auto v = RangedQuantity(bm, "range", Dimension::kLength, kRangeBias)) {
        sensor.radar.bias.range_m = *v;
      }
      if (auto v = RangedQuantity(bm, "azimuth", Dimension::kAngle, kAngleBias)) {
        sensor.radar.bias.az_rad = *v;
      }
      if (auto v = RangedQuantity(bm, "elevation", Dimension::kAngle, kAngleBias)) {
        sensor.radar.bias.el_rad = *v;
      }
      // Clock offsets are milliseconds; a minute is a unit mistake.
      if (auto v = RangedQuantity(bm, "clock", Dimension::kTime, Bounds{-60.0, 60.0, true, true})) {
        sensor.registration.clock_s = *v;
      }
      if (const YAML::Node* site = bm.Get("site")) {
        // Believed minus true site position, local east/north/up.
        static constexpr std::string_view kSiteKeys[] = {"east", "north", "up"};
        MapReader sm(doc, *site, bm.PathOf("site"), kSiteKeys);
        if (sm.ok()) {
          for (int k = 0; k < 3; ++k) {
            if (auto v = RangedQuantity(sm, kSiteKeys[k], Dimension::kLength, kRangeBias)) {
              sensor.registration.site_enu_m[k] = *v;
            }
          }
        }
      }
    }
  }
}

void ReadSpaceIrPlacement(MapReader& m, const CatalogSensorType* type, SensorConfig& sensor) {
  DocContext& doc = m.doc();
  sensors::OrbitSpec& orbit = sensor.space_ir.orbit;
  if (type != nullptr) {
    const bool geo = type->orbit == sensors::OrbitKind::kGeostationary;
    const std::string_view wanted = geo ? "slot" : "orbit";
    const std::string_view other = geo ? "orbit" : "slot";
    if (m.Has(other)) {
      doc.Error(*m.Get(other), m.PathOf(other),
                fmt::format("type {} is {}: place it with {}, not '{}'", Quote(type->space_ir.name),
                            geo ? "geostationary" : "in a circular orbit", IrPlacement(type->orbit),
                            other));
    } else if (!m.Has(wanted) && !m.Has("at") && !m.Has("platform")) {
      doc.Error(m.node(), m.path(),
                fmt::format("a space_ir sensor of type {} needs {}", Quote(type->space_ir.name),
                            IrPlacement(type->orbit)));
    }
  }
  // The placement of the other orbit kind was reported above; its contents are not read.
  const bool read_slot = type == nullptr || type->orbit == sensors::OrbitKind::kGeostationary;
  const bool read_orbit = type == nullptr || type->orbit == sensors::OrbitKind::kCircular;
  if (const YAML::Node* slot = read_slot ? m.Get("slot") : nullptr) {
    static constexpr std::string_view kSlotKeys[] = {"lon"};
    MapReader sm(doc, *slot, m.PathOf("slot"), kSlotKeys);
    if (sm.ok()) {
      if (auto lon = RangedQuantity(sm, "lon", Dimension::kAngle,
                                    Bounds{-180.0 * kDeg, 360.0 * kDeg, false, true}, kReq)) {
        orbit.kind = sensors::OrbitKind::kGeostationary;
        orbit.geo_longitude_rad = *lon;
      }
    }
  }
  if (const YAML::Node* o = read_orbit ? m.Get("orbit") : nullptr) {
    static constexpr std::string_view kOrbitKeys[] = {"altitude", "inclination", "raan",
                                                      "arg_latitude"};
    MapReader om(doc, *o, m.PathOf("orbit"), kOrbitKeys);
    if (om.ok()) {
      orbit.kind = sensors::OrbitKind::kCircular;
      // Altitude and inclination default to the catalog's, when it gives them.
      const bool altitude_default = type != nullptr && type->orbit_altitude_m.has_value();
      const bool inclination_default = type != nullptr && type->orbit_inclination_rad.has_value();
      if (altitude_default) orbit.altitude_m = *type->orbit_altitude_m;
      if (inclination_default) orbit.inclination_rad = *type->orbit_inclination_rad;
      if (auto v = RangedQuantity(om, "altitude", Dimension::kLength,
                                  Bounds{150e3, 100'000e3, false, false},
                                  altitude_default ? Presence::kOptional : kReq)) {
        orbit.altitude_m = *v;
      }
      if (auto v = RangedQuantity(om, "inclination", Dimension::kAngle,
                                  Bounds{0.0, 180.0 * kDeg, false, false},
                                  inclination_default ? Presence::kOptional : kReq)) {
        orbit.inclination_rad = *v;
      }
      if (auto v = RangedQuantity(om, "raan", Dimension::kAngle, kOrbitAngle, kReq)) {
        orbit.raan_rad = *v;
      }
      if (auto v = RangedQuantity(om, "arg_latitude", Dimension::kAngle, kOrbitAngle, kReq)) {
        orbit.arg_latitude0_rad = *v;
      }
    }
  }
  if (m.Has("scan_phase")) {
    const double revisit_s = type != nullptr ? type->space_ir.revisit_s : 3600.0;
    if (auto v = RangedQuantity(m, "scan_phase", Dimension::kTime,
                                Bounds{0.0, revisit_s, false, true})) {
      sensor.space_ir.scan_phase_s = *v;
    }
  }
}

}  // namespace

void ConvertSensorsSection(LoadState& state, const YAML::Node& section, const std::string& path) {
  DocContext& doc = state.doc;
  if (!CheckSequence(doc, section, path, ScenarioLimits::kMaxSensors, "sensors")) return;
  Scenario& scenario = state.scenario;
  std::size_t index = 0;
  for (const YAML::Node& entry : section) {
    const std::string p = IndexPath(path, index++);
    MapReader m(doc, entry, p, kKeys);
    if (!m.ok()) continue;
    SensorConfig sensor;
    if (auto id = m.Id("id", kReq)) {
      sensor.id = *id;
      state.unit_ids.Add(doc, *m.Get("id"), m.PathOf("id"), *id, "sensor");
    }
    const CatalogSensorType* type = ResolveType(state, m);
    if (auto nation = m.Id("nation", kReq)) {
      sensor.nation = *nation;
      // A sensor may report to another nation's node (a hosted or liaison arrangement):
      // the nation says who owns the sensor, the node where its measurements go.
      CheckNationReference(state, *m.Get("nation"), m.PathOf("nation"), *nation);
    }
    sensor.node = ReadNodeReference(state, m);
    const bool is_space_ir = type != nullptr && type->kind == SensorKind::kSpaceIr;
    sensor.kind = is_space_ir ? SensorKind::kSpaceIr : SensorKind::kRadar;
    const std::string type_name = m.Has("type") && m.Get("type")->IsScalar()
                                      ? m.Get("type")->Scalar()
                                      : std::string();
    if (type != nullptr) ReportForeignKeys(m, type_name, *type);
    // With an unknown type, both kinds of keys are still read so that their own errors show.
    if (type == nullptr || !is_space_ir) ReadRadarPlacement(state, m, type, sensor);
    if (type == nullptr || is_space_ir) ReadSpaceIrPlacement(m, type, sensor);

    const std::int32_t sensor_index = static_cast<std::int32_t>(scenario.sensors.size());
    if (type != nullptr && !is_space_ir) {
      sensor.type_index = UseType(scenario.radar_types, type->radar);
      sensors::RadarSite& site = sensor.radar;
      site.name = sensor.id;
      site.nation = sensor.nation;
      site.node_index = sensor.node;
      site.sensor_index = sensor_index;
    } else if (type != nullptr) {
      sensor.type_index = UseType(scenario.space_ir_types, type->space_ir);
      sensors::SpaceIrSite& site = sensor.space_ir;
      site.name = sensor.id;
      site.nation = sensor.nation;
      site.node_index = sensor.node;
      site.sensor_index = sensor_index;
    }
    scenario.sensors.push_back(std::move(sensor));
  }
}

}  // namespace bmd::sim
