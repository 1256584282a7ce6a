// Catalog kind "threat_types": notional threat vehicle classes -> flight::ThreatTypeSpec.
#include <fmt/format.h>

#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/loader_sections.h"

namespace bmd::sim {
namespace {

// Reads a quantity that must be > 0 and <= max_si; reports with the user's units otherwise.
std::optional<double> PositiveQuantity(MapReader& m, std::string_view key, Dimension dim,
                                       double max_si, Presence presence) {
  const std::optional<double> v = m.Quantity(key, dim, presence);
  if (!v) return std::nullopt;
  if (!Require(*v > 0.0 && *v <= max_si, m.doc(), *m.Get(key), m.PathOf(key),
               fmt::format("{} must be > 0 and at most {}; got {}", key,
                           FormatQuantity(max_si, dim), FormatQuantity(*v, dim)))) {
    return std::nullopt;
  }
  return v;
}

std::optional<double> PositiveNumber(MapReader& m, std::string_view key, double max_value) {
  const std::optional<double> v = m.Number(key);
  if (!v) return std::nullopt;
  if (!Require(*v > 0.0 && *v <= max_value, m.doc(), *m.Get(key), m.PathOf(key),
               fmt::format("{} must be > 0 and at most {:g}; got {:g}", key, max_value, *v))) {
    return std::nullopt;
  }
  return v;
}

void ConvertStage(DocContext& doc, const YAML::Node& node, const std::string& path,
                  flight::StageSpec& stage) {
  static constexpr std::string_view kKeys[] = {"propellant_mass", "dry_mass", "isp", "burn_time"};
  MapReader m(doc, node, path, kKeys);
  if (!m.ok()) return;
  constexpr Presence kReq = Presence::kRequired;
  if (auto v = PositiveQuantity(m, "propellant_mass", Dimension::kMass, 1e6, kReq)) {
    stage.propellant_mass_kg = *v;
  }
  if (auto v = PositiveQuantity(m, "dry_mass", Dimension::kMass, 1e6, kReq)) stage.dry_mass_kg = *v;
  // Chemical rockets stay below ~470 s vacuum Isp; 1000 s only catches unit mistakes.
  if (auto v = PositiveQuantity(m, "isp", Dimension::kTime, 1000.0, kReq)) stage.isp_s = *v;
  if (auto v = PositiveQuantity(m, "burn_time", Dimension::kTime, 1800.0, kReq)) {
    stage.burn_time_s = *v;
  }
}

void ConvertThreatType(DocContext& doc, const YAML::Node& node, const std::string& path,
                       flight::ThreatTypeSpec& spec) {
  static constexpr std::string_view kKeys[] = {"description", "nominal_range",  "body_diameter",
                                               "booster_cd",  "stages",         "reentry_vehicle",
                                               "booster_rcs", "plume_intensity"};
  static constexpr std::string_view kRvKeys[] = {"mass", "ballistic_coefficient", "rcs"};
  MapReader m(doc, node, path, kKeys);
  if (!m.ok()) return;
  constexpr Presence kReq = Presence::kRequired;
  constexpr Presence kOpt = Presence::kOptional;
  if (auto d = m.Text("description", kOpt, /*allow_empty=*/true)) spec.description = *d;
  if (auto r = m.Quantity("nominal_range", Dimension::kLength)) {
    if (Require(*r >= 0.0 && *r <= 20000e3, doc, *m.Get("nominal_range"), m.PathOf("nominal_range"),
                fmt::format("nominal_range must be within [0, 20000 km]; got {}",
                            FormatQuantity(*r, Dimension::kLength)))) {
      spec.nominal_range_m = *r;
    }
  }
  if (auto v = PositiveQuantity(m, "body_diameter", Dimension::kLength, 10.0, kReq)) {
    spec.body_diameter_m = *v;
  }
  if (auto v = PositiveNumber(m, "booster_cd", 5.0)) spec.booster_cd = *v;
  if (auto v = PositiveQuantity(m, "booster_rcs", Dimension::kArea, 1e4, kOpt)) {
    spec.booster_rcs_m2 = *v;
  }
  if (auto v = PositiveQuantity(m, "plume_intensity", Dimension::kRadiantIntensity, 1e12, kOpt)) {
    spec.ir_intensity_w_sr = *v;
  }
  if (const YAML::Node* stages = m.Get("stages", kReq)) {
    const std::string sp = m.PathOf("stages");
    if (CheckSequence(doc, *stages, sp, ScenarioLimits::kMaxStages, "stages")) {
      if (stages->size() == 0) doc.Error(*stages, sp, "a threat type needs at least one stage");
      std::size_t i = 0;
      for (const YAML::Node& s : *stages) {
        flight::StageSpec stage;
        ConvertStage(doc, s, IndexPath(sp, i++), stage);
        spec.stages.push_back(stage);
      }
    }
  }
  if (const YAML::Node* rv = m.Get("reentry_vehicle", kReq)) {
    MapReader r(doc, *rv, m.PathOf("reentry_vehicle"), kRvKeys);
    if (r.ok()) {
      if (auto v = PositiveQuantity(r, "mass", Dimension::kMass, 1e5, kReq)) spec.rv_mass_kg = *v;
      if (auto v = PositiveQuantity(r, "ballistic_coefficient", Dimension::kBallisticCoefficient,
                                    1e6, kReq)) {
        spec.rv_ballistic_coeff_kg_m2 = *v;
      }
      if (auto v = PositiveQuantity(r, "rcs", Dimension::kArea, 1e4, kOpt)) spec.rv_rcs_m2 = *v;
    }
  }
}

}  // namespace

void ConvertThreatTypes(LoadState& state, DocContext& doc, const YAML::Node& node,
                        const std::string& path) {
  if (!node.IsMap()) {
    doc.Error(
        node, path,
        "expected a mapping of threat type names to their descriptions; got " + Describe(node));
    return;
  }
  if (node.size() > ScenarioLimits::kMaxThreatTypes) {
    doc.Error(node, path,
              fmt::format("{} threat types exceed the limit of {} per catalog file", node.size(),
                          ScenarioLimits::kMaxThreatTypes));
    return;
  }
  for (const auto& kv : node) {
    const YAML::Node& key = kv.first;
    if (!key.IsScalar() || !IsIdentifier(key.Scalar())) {
      doc.Error(key, path,
                "threat type names must be letters, digits, '_' or '-'; got " + Describe(key));
      continue;
    }
    const std::string& name = key.Scalar();
    const std::string p = ChildPath(path, name);
    const auto existing = state.threat_types.find(name);
    if (existing != state.threat_types.end()) {
      doc.Error(key, p,
                fmt::format("threat type {} is already defined at {}:{}", Quote(name),
                            existing->second.file, existing->second.line));
      continue;
    }
    CatalogThreatType type;
    type.spec.name = name;
    type.file = doc.file();
    type.line = key.Mark().line + 1;
    ConvertThreatType(doc, kv.second, p, type.spec);
    // A broken type is still registered, so that threats using it do not add
    // "unknown type" errors on top of the real one (its errors already stop the load).
    state.threat_types.emplace(name, std::move(type));
  }
}

}  // namespace bmd::sim
