// Section "threats": [{id, type, launch{at, time}, aim, shaping}].
#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/loader_sections.h"

namespace bmd::sim {
namespace {

constexpr double kMaxApogeeM = 5000e3;
constexpr double kMaxFlightTimeS = 3.0 * 3600.0;

// minimum_energy | {lofted: {apogee: X} | {flight_time: T}} | {depressed: {...}}
std::optional<flight::Shaping> ReadShaping(DocContext& doc, const YAML::Node& node,
                                           const std::string& path) {
  static constexpr std::string_view kForms[] = {"minimum_energy", "lofted", "depressed"};
  static constexpr std::string_view kTargets[] = {"apogee", "flight_time"};
  flight::Shaping shaping;
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    if (s == "minimum_energy") return shaping;
    if (s == "lofted" || s == "depressed") {
      doc.Error(node, path,
                fmt::format("'{0}' needs a target: {{{0}: {{apogee: 600 km}}}} or "
                            "{{{0}: {{flight_time: 6 min}}}}",
                            s));
      return std::nullopt;
    }
    std::string hint = DidYouMean(s, kForms);
    if (hint.empty()) hint = " (allowed: minimum_energy, {lofted: ...}, {depressed: ...})";
    doc.Error(node, path, "unknown shaping " + Quote(s) + hint);
    return std::nullopt;
  }
  static constexpr std::string_view kMapForms[] = {"lofted", "depressed"};
  MapReader m(doc, node, path, kMapForms);
  if (!m.ok()) return std::nullopt;
  const bool lofted = m.Has("lofted");
  const bool depressed = m.Has("depressed");
  if (lofted == depressed) {
    if (lofted || node.size() == 0) {
      doc.Error(node, path, "give exactly one of 'lofted' or 'depressed'");
    }
    return std::nullopt;
  }
  const std::string_view form = lofted ? "lofted" : "depressed";
  shaping.lofted = lofted;
  MapReader t(doc, *m.Get(form), m.PathOf(form), kTargets);
  if (!t.ok()) return std::nullopt;
  if (t.Has("apogee") == t.Has("flight_time")) {
    doc.Error(t.node(), t.path(), "give exactly one of 'apogee' or 'flight_time'");
    return std::nullopt;
  }
  if (t.Has("apogee")) {
    const auto apogee = t.Quantity("apogee", Dimension::kLength);
    if (!apogee) return std::nullopt;
    if (!Require(*apogee > 0.0 && *apogee <= kMaxApogeeM, doc, *t.Get("apogee"), t.PathOf("apogee"),
                 fmt::format("apogee must be > 0 and at most 5000 km; got {}",
                             FormatQuantity(*apogee, Dimension::kLength)))) {
      return std::nullopt;
    }
    shaping.kind = flight::ShapingKind::kApogee;
    shaping.apogee_m = *apogee;
  } else {
    const auto time = t.Quantity("flight_time", Dimension::kTime);
    if (!time) return std::nullopt;
    if (!Require(*time > 0.0 && *time <= kMaxFlightTimeS, doc, *t.Get("flight_time"),
                 t.PathOf("flight_time"),
                 fmt::format("flight time must be > 0 and at most 3 h; got {}",
                             FormatQuantity(*time, Dimension::kTime)))) {
      return std::nullopt;
    }
    shaping.kind = flight::ShapingKind::kFlightTime;
    shaping.flight_time_s = *time;
  }
  return shaping;
}

// Index of `name` in the scenario's used threat types, copying it from the catalog on first use.
int UseThreatType(LoadState& state, const CatalogThreatType& type) {
  auto& used = state.scenario.threat_types;
  for (std::size_t i = 0; i < used.size(); ++i) {
    if (used[i].name == type.spec.name) return static_cast<int>(i);
  }
  used.push_back(type.spec);
  return static_cast<int>(used.size() - 1);
}

}  // namespace

void ConvertThreatsSection(LoadState& state, const YAML::Node& section, const std::string& path) {
  DocContext& doc = state.doc;
  if (!CheckSequence(doc, section, path, ScenarioLimits::kMaxThreats, "threats")) return;
  static constexpr std::string_view kKeys[] = {"id", "type", "launch", "aim", "shaping"};
  static constexpr std::string_view kLaunchKeys[] = {"at", "time"};

  std::vector<std::string> type_names;
  for (const auto& [name, type] : state.threat_types) type_names.push_back(name);
  std::vector<std::string> asset_ids;
  std::unordered_map<std::string, std::size_t> asset_index;
  for (const DefendedAsset& a : state.scenario.assets) {
    asset_index.emplace(a.id, asset_ids.size());
    asset_ids.push_back(a.id);
  }

  IdRegistry ids("threat");
  std::size_t index = 0;
  for (const YAML::Node& entry : section) {
    const std::string p = IndexPath(path, index++);
    MapReader m(doc, entry, p, kKeys);
    if (!m.ok()) continue;
    ThreatLaunch threat;
    if (auto id = m.Id("id", Presence::kRequired)) {
      threat.id = *id;
      ids.Add(doc, *m.Get("id"), m.PathOf("id"), *id);
    }
    if (auto type = m.Id("type", Presence::kRequired)) {
      const auto it = state.threat_types.find(*type);
      if (it != state.threat_types.end()) {
        threat.type_index = UseThreatType(state, it->second);
      } else {
        std::string hint = DidYouMean(*type, type_names);
        if (!state.catalog_listed) {
          hint = " (no catalog is listed: add e.g. 'catalog: [catalog/threats.yaml]')";
        } else if (hint.empty() && !type_names.empty() && type_names.size() <= 12) {
          std::vector<std::string_view> names(type_names.begin(), type_names.end());
          hint = " (known: " + JoinNames(names) + ")";
        }
        doc.Error(*m.Get("type"), m.PathOf("type"), "unknown threat type " + Quote(*type) + hint);
      }
    }
    if (const YAML::Node* launch = m.Get("launch", Presence::kRequired)) {
      MapReader l(doc, *launch, m.PathOf("launch"), kLaunchKeys);
      if (l.ok()) {
        if (const YAML::Node* at = l.Get("at", Presence::kRequired)) {
          if (auto position = ReadPosition(doc, *at, l.PathOf("at"))) threat.launch = *position;
        }
        if (auto time = l.Quantity("time", Dimension::kTime, Presence::kRequired)) {
          const bool in_window = *time >= 0.0 && (!state.duration_s || *time < *state.duration_s);
          if (Require(in_window, doc, *l.Get("time"), l.PathOf("time"),
                      state.duration_s
                          ? fmt::format("launch time must be within [0, duration = {}); got {}",
                                        FormatQuantity(*state.duration_s, Dimension::kTime),
                                        FormatQuantity(*time, Dimension::kTime))
                          : fmt::format("launch time must be >= 0; got {}",
                                        FormatQuantity(*time, Dimension::kTime)))) {
            threat.launch_time_s = *time;
          }
        }
      }
    }
    if (const YAML::Node* aim = m.Get("aim", Presence::kRequired)) {
      const std::string ap = m.PathOf("aim");
      if (aim->IsScalar()) {
        if (auto asset_id = ReadId(doc, *aim, ap)) {
          const auto it = asset_index.find(*asset_id);
          if (it != asset_index.end()) {
            threat.aim_asset = *asset_id;
            threat.aim = state.scenario.assets[it->second].at;
          } else {
            std::string hint = DidYouMean(*asset_id, asset_ids);
            if (asset_ids.empty()) hint = " (no defended_assets are defined; or aim at {lat, lon})";
            doc.Error(*aim, ap, "unknown defended asset " + Quote(*asset_id) + hint);
          }
        }
      } else if (aim->IsMap()) {
        if (auto position = ReadPosition(doc, *aim, ap)) threat.aim = *position;
      } else {
        doc.Error(*aim, ap, "expected a defended asset id or {lat, lon}; got " + Describe(*aim));
      }
    }
    if (const YAML::Node* shaping = m.Get("shaping")) {
      if (auto s = ReadShaping(doc, *shaping, m.PathOf("shaping"))) threat.shaping = *s;
    }
    state.scenario.threats.push_back(std::move(threat));
  }
}

}  // namespace bmd::sim
