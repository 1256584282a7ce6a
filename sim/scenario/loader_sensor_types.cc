// Catalog kind "sensor_types": notional sensor classes, `kind: radar` -> sensors::RadarSpec,
// `kind: space_ir` -> sensors::SpaceIrSpec (+ orbit defaults). Keys and units are listed in
// docs/scenario-format.md and in the header comment of scenarios/catalog/sensors.yaml.
#include <fmt/format.h>

#include <array>

#include "models/earth/earth_model.h"
#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/loader_sections.h"

namespace bmd::sim {
namespace {

constexpr double kDeg = earth::kDeg;
constexpr Presence kReq = Presence::kRequired;

// (0, hi]
constexpr Bounds Positive(double hi) { return Bounds{0.0, hi, true, false}; }

constexpr std::string_view kKinds[] = {"radar", "space_ir"};

constexpr std::string_view kRadarKeys[] = {
    "kind",          "description",     "band",
    "frequency",     "reference_snr",   "reference_range",
    "pfa",           "swerling",        "false_alarm_rate",
    "beamwidth",     "bandwidth",       "coherent_dwell",
    "min_range_sigma", "min_angle_sigma", "min_range_rate_sigma",
    "min_range",     "max_range",       "max_range_rate",
    "min_elevation", "field_of_regard", "default_boresight_elevation",
    "search_frame",  "track_revisit",   "track_capacity",
    "measures_range_rate", "refraction_k"};

constexpr std::string_view kSpaceIrKeys[] = {
    "kind",      "description", "orbit", "altitude",           "inclination",    "revisit",
    "los_sigma", "nei",         "pfa",   "min_plume_altitude", "los_min_altitude"};

// Per-cell / per-pixel false-alarm probability: textbook values are 1e-4 .. 1e-8; anything
// above 0.1 is a mistake (a percentage typed as a fraction, say).
constexpr Bounds kPfaBounds{0.0, 0.1, true, false};

void ConvertRadarType(MapReader& m, CatalogSensorType& type) {
  DocContext& doc = m.doc();
  sensors::RadarSpec& r = type.radar;
  if (auto band = m.Text("band")) r.band = *band;
  if (auto v = RangedQuantity(m, "frequency", Dimension::kFrequency, Positive(300e9), kReq)) {
    r.frequency_hz = *v;
  }
  if (auto v = RangedQuantity(m, "reference_snr", Dimension::kDecibel,
                              Bounds{-50.0, 100.0, false, false}, kReq)) {
    r.reference_snr_db = *v;
  }
  if (auto v =
          RangedQuantity(m, "reference_range", Dimension::kLength, Positive(50'000e3), kReq)) {
    r.reference_range_m = *v;
  }
  if (auto v = RangedQuantity(m, "pfa", Dimension::kNumber, kPfaBounds)) r.pfa = *v;
  if (auto v = m.Unsigned("swerling")) {
    if (Require(*v <= 1, doc, *m.Get("swerling"), m.PathOf("swerling"),
                fmt::format("swerling must be 0 (steady target) or 1 (slow Rayleigh "
                            "fluctuation); got {}",
                            *v))) {
      r.swerling = *v == 0 ? sensors::Swerling::kCase0 : sensors::Swerling::kCase1;
    }
  }
  if (auto v = RangedQuantity(m, "false_alarm_rate", Dimension::kPerFrame,
                              Bounds{0.0, 1e4, false, false})) {
    r.false_alarms_per_frame = *v;
  }
  if (auto v = RangedQuantity(m, "beamwidth", Dimension::kAngle, Positive(90.0 * kDeg), kReq)) {
    r.beamwidth_rad = *v;
  }
  if (auto v = RangedQuantity(m, "bandwidth", Dimension::kFrequency, Positive(10e9), kReq)) {
    r.bandwidth_hz = *v;
  }
  if (auto v = RangedQuantity(m, "coherent_dwell", Dimension::kTime, Positive(10.0))) {
    r.coherent_dwell_s = *v;
  }
  if (auto v = RangedQuantity(m, "min_range_sigma", Dimension::kLength, Positive(10e3))) {
    r.min_range_sigma_m = *v;
  }
  if (auto v = RangedQuantity(m, "min_angle_sigma", Dimension::kAngle, Positive(10.0 * kDeg))) {
    r.min_angle_sigma_rad = *v;
  }
  if (auto v = RangedQuantity(m, "min_range_rate_sigma", Dimension::kSpeed, Positive(1e3))) {
    r.min_range_rate_sigma_mps = *v;
  }
  const auto min_range =
      RangedQuantity(m, "min_range", Dimension::kLength, Bounds{0.0, 50'000e3, false, false});
  const auto max_range =
      RangedQuantity(m, "max_range", Dimension::kLength, Positive(50'000e3), kReq);
  if (min_range) r.min_range_m = *min_range;
  if (max_range) r.max_range_m = *max_range;
  if (min_range && max_range) {
    Require(*min_range < *max_range, doc, *m.Get("min_range"), m.PathOf("min_range"),
            fmt::format("min_range ({}) must be less than max_range ({})",
                        FormatQuantity(*min_range, Dimension::kLength),
                        FormatQuantity(*max_range, Dimension::kLength)));
  }
  if (auto v = RangedQuantity(m, "max_range_rate", Dimension::kSpeed, Positive(20e3))) {
    r.max_range_rate_mps = *v;
  }
  if (auto v = RangedQuantity(m, "min_elevation", Dimension::kAngle,
                              Bounds{-10.0 * kDeg, 90.0 * kDeg, false, true})) {
    r.min_elevation_rad = *v;
  }
  if (const YAML::Node* f = m.Get("field_of_regard", kReq)) {
    static constexpr std::string_view kForKeys[] = {"azimuth_half_width", "elevation_half_width"};
    MapReader fr(doc, *f, m.PathOf("field_of_regard"), kForKeys);
    if (fr.ok()) {
      if (auto v = RangedQuantity(fr, "azimuth_half_width", Dimension::kAngle,
                                  Positive(180.0 * kDeg), kReq)) {
        r.for_az_half_width_rad = *v;
      }
      if (auto v = RangedQuantity(fr, "elevation_half_width", Dimension::kAngle,
                                  Positive(90.0 * kDeg), kReq)) {
        r.for_el_half_width_rad = *v;
      }
    }
  }
  // Default: the elevation half-width, so that the field of regard reaches down to the horizon.
  type.default_boresight_el_rad = r.for_el_half_width_rad;
  if (auto v = RangedQuantity(m, "default_boresight_elevation", Dimension::kAngle,
                              Bounds{-90.0 * kDeg, 90.0 * kDeg, false, false})) {
    type.default_boresight_el_rad = *v;
  }
  if (auto v = RangedQuantity(m, "search_frame", Dimension::kTime, Positive(3600.0), kReq)) {
    r.search_frame_s = *v;
  }
  if (auto v = RangedQuantity(m, "track_revisit", Dimension::kTime, Positive(3600.0))) {
    r.track_revisit_s = *v;
  }
  if (auto v = m.Unsigned("track_capacity")) {
    if (Require(*v >= 1 && *v <= 100'000, doc, *m.Get("track_capacity"),
                m.PathOf("track_capacity"),
                fmt::format("track_capacity must be within [1, 100000]; got {}", *v))) {
      r.track_capacity = static_cast<int>(*v);
    }
  }
  if (auto v = m.Switch("measures_range_rate")) r.measures_range_rate = *v;
  // Effective-Earth-radius factor: 4/3 is the standard atmosphere; below 0.5 or above 4 is
  // no atmosphere a radar meets outside ducting, which this model does not represent.
  if (auto v = RangedQuantity(m, "refraction_k", Dimension::kNumber,
                              Bounds{0.5, 4.0, false, false})) {
    r.refraction_k = *v;
  }
}

void ConvertSpaceIrType(MapReader& m, CatalogSensorType& type) {
  DocContext& doc = m.doc();
  sensors::SpaceIrSpec& s = type.space_ir;
  static constexpr std::string_view kOrbits[] = {"geostationary", "circular"};
  const std::optional<std::size_t> orbit = m.Choice("orbit", kOrbits, kReq);
  if (orbit) {
    type.orbit = *orbit == 0 ? sensors::OrbitKind::kGeostationary : sensors::OrbitKind::kCircular;
  }
  for (std::string_view key : {"altitude", "inclination"}) {
    if (orbit && *orbit == 0 && m.Has(key)) {
      doc.Error(*m.Get(key), m.PathOf(key),
                fmt::format("{} applies to circular orbits only (this type is geostationary)",
                            key));
    }
  }
  if (!orbit || *orbit == 1) {
    // Low orbits decay within days below ~150 km; 100,000 km is beyond any Earth-sensing orbit.
    if (auto v = RangedQuantity(m, "altitude", Dimension::kLength,
                                Bounds{150e3, 100'000e3, false, false})) {
      type.orbit_altitude_m = *v;
    }
    if (auto v = RangedQuantity(m, "inclination", Dimension::kAngle,
                                Bounds{0.0, 180.0 * kDeg, false, false})) {
      type.orbit_inclination_rad = *v;
    }
  }
  if (auto v = RangedQuantity(m, "revisit", Dimension::kTime, Positive(3600.0), kReq)) {
    s.revisit_s = *v;
  }
  if (auto v = RangedQuantity(m, "los_sigma", Dimension::kAngle, Positive(1.0 * kDeg), kReq)) {
    s.los_sigma_rad = *v;
  }
  if (auto v = RangedQuantity(m, "nei", Dimension::kIrradiance, Positive(1.0), kReq)) {
    s.nei_w_m2 = *v;
  }
  if (auto v = RangedQuantity(m, "pfa", Dimension::kNumber, kPfaBounds)) s.pfa = *v;
  if (auto v = RangedQuantity(m, "min_plume_altitude", Dimension::kLength,
                              Bounds{0.0, 100e3, false, false})) {
    s.min_plume_altitude_m = *v;
  }
  if (auto v = RangedQuantity(m, "los_min_altitude", Dimension::kLength,
                              Bounds{0.0, 100e3, false, false})) {
    s.los_min_altitude_m = *v;
  }
}

// One entry: `kind` decides which keys are allowed, so it is read first.
void ConvertSensorType(DocContext& doc, const YAML::Node& node, const std::string& path,
                       CatalogSensorType& type) {
  if (!node.IsMap()) {
    doc.Error(node, path,
              "expected a mapping with 'kind: radar' or 'kind: space_ir' and its keys; got " +
                  Describe(node));
    return;
  }
  YAML::Node kind_node;
  bool has_kind = false;
  for (const auto& kv : node) {
    if (kv.first.IsScalar() && kv.first.Scalar() == "kind") {
      kind_node.reset(kv.second);
      has_kind = true;
      break;
    }
  }
  if (!has_kind) {
    doc.Error(node, ChildPath(path, "kind"), "missing required key 'kind' (radar or space_ir)");
    return;
  }
  const std::optional<std::size_t> kind =
      ReadChoice(doc, kind_node, ChildPath(path, "kind"), kKinds);
  if (!kind) return;
  type.kind = *kind == 0 ? SensorKind::kRadar : SensorKind::kSpaceIr;
  using Keys = std::span<const std::string_view>;
  const Keys keys = *kind == 0 ? Keys(kRadarKeys) : Keys(kSpaceIrKeys);
  MapReader m(doc, node, path, keys);
  if (!m.ok()) return;
  if (auto d = m.Text("description", Presence::kOptional, /*allow_empty=*/true)) {
    type.description = *d;
  }
  if (type.kind == SensorKind::kRadar) {
    ConvertRadarType(m, type);
  } else {
    ConvertSpaceIrType(m, type);
  }
}

}  // namespace

void ConvertSensorTypes(LoadState& state, DocContext& doc, const YAML::Node& node,
                        const std::string& path) {
  if (!node.IsMap()) {
    doc.Error(node, path,
              "expected a mapping of sensor type names to their descriptions; got " +
                  Describe(node));
    return;
  }
  if (node.size() > ScenarioLimits::kMaxSensorTypes) {
    doc.Error(node, path,
              fmt::format("{} sensor types exceed the limit of {} per catalog file", node.size(),
                          ScenarioLimits::kMaxSensorTypes));
    return;
  }
  for (const auto& kv : node) {
    const YAML::Node& key = kv.first;
    if (!key.IsScalar() || !IsIdentifier(key.Scalar())) {
      doc.Error(key, path,
                "sensor type names must be letters, digits, '_' or '-'; got " + Describe(key));
      continue;
    }
    const std::string& name = key.Scalar();
    const std::string p = ChildPath(path, name);
    const auto existing = state.sensor_types.find(name);
    if (existing != state.sensor_types.end()) {
      doc.Error(key, p,
                fmt::format("sensor type {} is already defined at {}:{}", Quote(name),
                            existing->second.file, existing->second.line));
      continue;
    }
    CatalogSensorType type;
    type.radar.name = name;
    type.space_ir.name = name;
    type.file = doc.file();
    type.line = key.Mark().line + 1;
    ConvertSensorType(doc, kv.second, p, type);
    // A broken type is still registered (see ConvertThreatTypes): no "unknown type" on top.
    state.sensor_types.emplace(name, std::move(type));
  }
}

}  // namespace bmd::sim
