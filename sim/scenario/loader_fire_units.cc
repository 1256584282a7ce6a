// Section "fire_units": launchers of one catalog interceptor type under a C2 node,
// [{id, type, nation, node, at | platform, inventory, reload, doctrine, min_pk_to_commit,
//   firing_window, engage_on}] -> FireUnitConfig (scenario.h).
#include <fmt/format.h>

#include <vector>

#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/loader_sections.h"

namespace bmd::sim {
namespace {

constexpr Presence kReq = Presence::kRequired;

constexpr std::string_view kKeys[] = {"id",       "type",      "nation",           "node",
                                      "at",       "platform",  "inventory",        "reload",
                                      "doctrine", "engage_on", "min_pk_to_commit", "firing_window"};
constexpr std::string_view kEngageOn[] = {"own_sensors", "node_picture", "remote"};
constexpr EngageOn kEngageOnValues[] = {EngageOn::kOwnSensors, EngageOn::kNodePicture,
                                        EngageOn::kRemote};
constexpr std::string_view kDoctrineForms[] = {"shoot_look_shoot", "salvo"};
constexpr const char* kDoctrineHelp =
    "shoot_look_shoot, {salvo: N} or {shoot_look_shoot: {salvo: N, max_engagements: N}}";

// True for "-12": a negative integer, which ReadUnsigned would call "not an integer".
bool IsNegativeInteger(const std::string& s) {
  if (s.size() < 2 || s[0] != '-') return false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// An integer count in [lo, hi]; `name` is the key as the user wrote it.
std::optional<int> ReadCount(DocContext& doc, const YAML::Node& node, const std::string& path,
                             std::string_view name, std::uint64_t lo, std::uint64_t hi) {
  const std::string range = fmt::format("an integer within [{}, {}]", lo, hi);
  if (node.IsScalar() && IsNegativeInteger(node.Scalar())) {
    doc.Error(node, path, fmt::format("{} must be {}; got {}", name, range, node.Scalar()));
    return std::nullopt;
  }
  const std::optional<std::uint64_t> v = ReadUnsigned(doc, node, path);
  if (!v) return std::nullopt;
  if (!Require(*v >= lo && *v <= hi, doc, node, path,
               fmt::format("{} must be {}; got {}", name, range, *v))) {
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

std::optional<int> CountKey(MapReader& m, std::string_view key, std::uint64_t lo,
                            std::uint64_t hi, Presence presence = Presence::kOptional) {
  const YAML::Node* node = m.Get(key, presence);
  if (node == nullptr) return std::nullopt;
  return ReadCount(m.doc(), *node, m.PathOf(key), key, lo, hi);
}

// shoot_look_shoot | {salvo: N} | {shoot_look_shoot: {salvo: N, max_engagements: E}}
void ReadDoctrine(DocContext& doc, const YAML::Node& node, const std::string& path,
                  engagement::Doctrine& d) {
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    if (s == "shoot_look_shoot") {
      d.policy = engagement::FiringPolicy::kShootLookShoot;
      return;
    }
    if (s == "salvo") {
      doc.Error(node, path, "'salvo' needs a size: {salvo: 2} (interceptors per engagement)");
      return;
    }
    std::string hint = DidYouMean(s, kDoctrineForms);
    if (hint.empty()) hint = std::string(" (allowed: ") + kDoctrineHelp + ")";
    doc.Error(node, path, "unknown doctrine " + Quote(s) + hint);
    return;
  }
  MapReader m(doc, node, path, kDoctrineForms);
  if (!m.ok()) return;
  const bool sls = m.Has("shoot_look_shoot");
  const bool salvo = m.Has("salvo");
  if (sls == salvo) {
    doc.Error(node, path,
              std::string("give exactly one of 'shoot_look_shoot' or 'salvo' (") + kDoctrineHelp +
                  ")");
    return;
  }
  constexpr std::uint64_t kMaxSalvo = ScenarioLimits::kMaxSalvo;
  if (salvo) {
    d.policy = engagement::FiringPolicy::kSalvo;
    d.max_engagements = 1;
    if (auto n = CountKey(m, "salvo", 1, kMaxSalvo)) d.salvo_size = *n;
    return;
  }
  d.policy = engagement::FiringPolicy::kShootLookShoot;
  const YAML::Node& options = *m.Get("shoot_look_shoot");
  if (options.IsNull()) return;  // "{shoot_look_shoot: }": the defaults
  static constexpr std::string_view kSlsKeys[] = {"salvo", "max_engagements"};
  MapReader o(doc, options, m.PathOf("shoot_look_shoot"), kSlsKeys);
  if (!o.ok()) return;
  if (auto n = CountKey(o, "salvo", 1, kMaxSalvo)) d.salvo_size = *n;
  if (auto n = CountKey(o, "max_engagements", 1, ScenarioLimits::kMaxEngagements)) {
    d.max_engagements = *n;
  }
}

// {earliest: T, latest: T}: launch times after scenario start; earliest < latest.
void ReadFiringWindow(DocContext& doc, const YAML::Node& node, const std::string& path,
                      engagement::Doctrine& d) {
  static constexpr std::string_view kWindowKeys[] = {"earliest", "latest"};
  MapReader m(doc, node, path, kWindowKeys);
  if (!m.ok()) return;
  const Bounds bounds{0.0, ScenarioLimits::kMaxDurationS, false, false};
  const auto earliest = RangedQuantity(m, "earliest", Dimension::kTime, bounds);
  const auto latest = RangedQuantity(m, "latest", Dimension::kTime, bounds);
  if (earliest && latest &&
      !Require(*earliest < *latest, doc, node, path,
               fmt::format("the firing window is empty: earliest ({}) must be before latest ({})",
                           FormatQuantity(*earliest, Dimension::kTime),
                           FormatQuantity(*latest, Dimension::kTime)))) {
    return;
  }
  if (earliest) d.earliest_launch_s = *earliest;
  if (latest) d.latest_launch_s = *latest;
}

// Index of the catalog type in Scenario::interceptor_types (copied on first use), or -1.
int ResolveInterceptorType(LoadState& state, MapReader& m) {
  const std::optional<std::string> name = m.Id("type", kReq);
  if (!name) return -1;
  const auto it = state.interceptor_types.find(*name);
  if (it == state.interceptor_types.end()) {
    std::vector<std::string> names;
    for (const auto& [n, t] : state.interceptor_types) names.push_back(n);
    std::string hint = DidYouMean(*name, names);
    if (names.empty()) {
      hint =
          " (no catalog defines interceptor_types: add e.g. 'catalog/interceptors.yaml' to "
          "'catalog')";
    } else if (hint.empty() && names.size() <= 12) {
      std::vector<std::string_view> views(names.begin(), names.end());
      hint = " (known: " + JoinNames(views) + ")";
    }
    m.doc().Error(*m.Get("type"), m.PathOf("type"),
                  "unknown interceptor type " + Quote(*name) + hint);
    return -1;
  }
  auto& used = state.scenario.interceptor_types;
  for (std::size_t i = 0; i < used.size(); ++i) {
    if (used[i].name == *name) return static_cast<int>(i);
  }
  used.push_back(it->second.spec);
  return static_cast<int>(used.size() - 1);
}

}  // namespace

void ConvertFireUnitsSection(LoadState& state, const YAML::Node& section, const std::string& path) {
  DocContext& doc = state.doc;
  if (!CheckSequence(doc, section, path, ScenarioLimits::kMaxFireUnits, "fire units")) return;
  std::size_t index = 0;
  for (const YAML::Node& entry : section) {
    const std::string p = IndexPath(path, index++);
    MapReader m(doc, entry, p, kKeys);
    if (!m.ok()) continue;
    FireUnitConfig unit;
    if (auto id = m.Id("id", kReq)) {
      unit.id = *id;
      state.unit_ids.Add(doc, *m.Get("id"), m.PathOf("id"), *id, "fire unit");
    }
    unit.type_index = ResolveInterceptorType(state, m);
    if (auto nation = m.Id("nation", kReq)) {
      unit.nation = *nation;
      // As for sensors, a unit may take orders from another nation's node (integrated
      // fire control); the nation says who owns the launchers.
      CheckNationReference(state, *m.Get("nation"), m.PathOf("nation"), *nation);
    }
    if (auto node = m.Id("node", kReq)) {
      unit.node = ResolveNode(state, *m.Get("node"), m.PathOf("node"), *node);
    }
    const bool has_at = m.Has("at");
    const bool has_platform = m.Has("platform");
    if (has_at == has_platform) {
      doc.Error(has_platform ? *m.Get("platform") : entry, p,
                has_at ? "give either 'at' or 'platform', not both"
                       : "a fire unit needs 'at: {lat, lon[, alt]}' or 'platform: ID'");
    }
    if (has_at) {
      if (auto at = ReadPosition(doc, *m.Get("at"), m.PathOf("at"))) unit.at = *at;
    } else if (has_platform) {
      if (auto platform_id = m.Id("platform")) {
        unit.platform =
            ResolvePlatform(state, *m.Get("platform"), m.PathOf("platform"), *platform_id);
        if (unit.platform >= 0) {
          const Platform& platform = state.scenario.platforms[unit.platform];
          // Informational only (the engine follows the route): the start of the route.
          if (!platform.route.empty()) unit.at = platform.route.front().at;
        }
      }
    }
    if (auto n = CountKey(m, "inventory", 0, ScenarioLimits::kMaxInventory, kReq)) {
      unit.inventory = *n;
    }
    if (auto v = RangedQuantity(m, "reload", Dimension::kTime, Bounds{0.0, 3600.0, false, false})) {
      unit.reload_s = *v;
    }
    if (const YAML::Node* d = m.Get("doctrine", kReq)) {
      ReadDoctrine(doc, *d, m.PathOf("doctrine"), unit.doctrine);
    }
    if (auto v = RangedQuantity(m, "min_pk_to_commit", Dimension::kRatio,
                                Bounds{0.0, 1.0, false, false})) {
      unit.doctrine.min_pk_to_commit = *v;
    }
    if (const YAML::Node* w = m.Get("firing_window")) {
      ReadFiringWindow(doc, *w, m.PathOf("firing_window"), unit.doctrine);
    }
    if (auto e = m.Choice("engage_on", kEngageOn)) unit.engage_on = kEngageOnValues[*e];
    state.scenario.fire_units.push_back(std::move(unit));
  }
}

}  // namespace bmd::sim
