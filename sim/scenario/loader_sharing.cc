// Section "sharing": releasability between nations, enforced by the sender.
//   sharing:
//     architecture: custom | national | bilateral | trilateral   (default trilateral)
//     hub: US                       # bilateral: the nation every other nation shares with
//     default: deny                 # custom: release when no rule matches
//     rules:                        # custom: first match wins
//       - {from: US, to: [ROK, NATO], data: [tracks, cues, engagement_status], release: allow}
//       - {from: ROK, to: GBR, data: tracks, release: {delayed: 2 s}}
//       - {from: GBR, to: "*", data: all, release: {degraded: {position_quantum: 1 km}}}
// A release is allow | deny | {delayed: TIME} | {degraded: {position_quantum: LENGTH
// [, covariance_scale: NUMBER]}} (quantised positions; the covariance grows by the
// quantisation noise q^2/12 per axis, or is scaled by covariance_scale when given).
// from/to name nations, alliances (e.g. NATO) or "*".
#include <fmt/format.h>

#include <set>
#include <vector>

#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/loader_sections.h"

namespace bmd::sim {
namespace {

constexpr std::string_view kArchitectures[] = {"custom", "national", "bilateral", "trilateral"};
constexpr SharingArchitecture kArchitectureValues[] = {
    SharingArchitecture::kCustom, SharingArchitecture::kNational, SharingArchitecture::kBilateral,
    SharingArchitecture::kTrilateral};
constexpr std::string_view kClasses[] = {"tracks", "cues", "engagement_status", "kill_assessment"};

std::optional<interop::Release> ReadRelease(DocContext& doc, const YAML::Node& node,
                                            const std::string& path) {
  if (node.IsScalar()) {
    static constexpr std::string_view kSimple[] = {"allow", "deny"};
    const auto c = ReadChoice(doc, node, path, kSimple);
    if (!c) return std::nullopt;
    return *c == 0 ? interop::Release::Allow() : interop::Release::Deny();
  }
  static constexpr std::string_view kKeys[] = {"delayed", "degraded"};
  MapReader m(doc, node, path, kKeys);
  if (!m.ok()) return std::nullopt;
  if (m.Has("delayed") == m.Has("degraded")) {
    doc.Error(node, path,
              "a release is allow, deny, {delayed: TIME} or {degraded: {position_quantum: "
              "LENGTH}}");
    return std::nullopt;
  }
  if (m.Has("delayed")) {
    const auto d = RangedQuantity(m, "delayed", Dimension::kTime, Bounds{0.0, 86400.0, true, false});
    if (!d) return std::nullopt;
    return interop::Release::Delayed(*d);
  }
  static constexpr std::string_view kDegradeKeys[] = {"position_quantum", "covariance_scale"};
  MapReader g(doc, *m.Get("degraded"), m.PathOf("degraded"), kDegradeKeys);
  if (!g.ok()) return std::nullopt;
  interop::Degradation d;
  const auto q = RangedQuantity(g, "position_quantum", Dimension::kLength,
                                Bounds{0.0, 1e6, true, false}, Presence::kRequired);
  if (!q) return std::nullopt;
  d.position_quantum_m = *q;
  d.inflation = interop::CovarianceInflation::kQuantisationNoise;
  if (const auto s = g.Number("covariance_scale")) {
    // Instead of the quantisation noise q^2/12, the sender scales the whole covariance.
    if (!Require(*s >= 1.0 && *s <= 1e6, doc, *g.Get("covariance_scale"), g.PathOf("covariance_scale"),
                 fmt::format("covariance_scale must be within [1, 1e6]; got {}", *s))) {
      return std::nullopt;
    }
    d.inflation = interop::CovarianceInflation::kScale;
    d.covariance_scale = *s;
  }
  return interop::Release::Degraded(d);
}

// Nation ids, alliance names and "*" known to the scenario.
std::vector<std::string> KnownNames(const Scenario& sc) {
  std::set<std::string> names{"*"};
  for (const Nation& n : sc.nations) {
    names.insert(n.id);
    names.insert(n.alliances.begin(), n.alliances.end());
  }
  return {names.begin(), names.end()};
}

std::vector<std::string> ReadNationList(DocContext& doc, const YAML::Node& node,
                                        const std::string& path,
                                        const std::vector<std::string>& known) {
  std::vector<std::string> out;
  auto one = [&](const YAML::Node& n, const std::string& p) {
    const auto text = n.IsScalar() ? std::optional<std::string>(n.Scalar()) : std::nullopt;
    if (!text || text->empty()) {
      doc.Error(n, p, "expected a nation, an alliance or \"*\"; got " + Describe(n));
      return;
    }
    if (IndexOfId(known, *text) < 0) {
      doc.Error(n, p, "unknown nation or alliance " + Quote(*text) + DidYouMean(*text, known));
      return;
    }
    out.push_back(*text);
  };
  if (node.IsSequence()) {
    if (node.size() == 0) doc.Error(node, path, "the list of nations is empty");
    for (std::size_t i = 0; i < node.size(); ++i) one(node[i], IndexPath(path, i));
  } else {
    one(node, path);
  }
  return out;
}

std::optional<interop::DataClassSet> ReadClasses(DocContext& doc, const YAML::Node& node,
                                                 const std::string& path) {
  auto one = [&](const YAML::Node& n, const std::string& p) -> std::optional<interop::DataClassSet> {
    if (n.IsScalar() && n.Scalar() == "all") return interop::kAllDataClasses;
    const auto c = ReadChoice(doc, n, p, kClasses);
    if (!c) return std::nullopt;
    return interop::SetOf(static_cast<interop::DataClass>(*c));
  };
  if (!node.IsSequence()) return one(node, path);
  interop::DataClassSet set = 0;
  bool ok = node.size() > 0;
  if (!ok) doc.Error(node, path, "the list of data classes is empty");
  for (std::size_t i = 0; i < node.size(); ++i) {
    const auto c = one(node[i], IndexPath(path, i));
    if (c) set |= *c; else ok = false;
  }
  if (!ok) return std::nullopt;
  return set;
}

}  // namespace

void ConvertSharingSection(LoadState& state, const YAML::Node& section, const std::string& path) {
  static constexpr std::string_view kKeys[] = {"architecture", "hub", "default", "rules"};
  DocContext& doc = state.doc;
  MapReader m(doc, section, path, kKeys);
  if (!m.ok()) return;
  SharingConfig& s = state.scenario.sharing;
  // Rules given without an architecture mean a custom policy.
  s.architecture = m.Has("rules") || m.Has("default") ? SharingArchitecture::kCustom
                                                      : SharingArchitecture::kTrilateral;
  if (auto a = m.Choice("architecture", kArchitectures)) s.architecture = kArchitectureValues[*a];
  if (auto hub = m.Id("hub")) {
    if (CheckNationReference(state, *m.Get("hub"), m.PathOf("hub"), *hub)) s.hub = *hub;
  } else if (s.architecture == SharingArchitecture::kBilateral) {
    bool found = false;
    for (const Nation& n : state.scenario.nations) found = found || n.id == s.hub;
    if (!found) {
      doc.Error(section, path, "a bilateral architecture needs 'hub: NATION' (no nation " +
                                   Quote(s.hub) + " is defined)");
    }
  }
  if (const YAML::Node* d = m.Get("default")) {
    if (auto r = ReadRelease(doc, *d, m.PathOf("default"))) s.default_release = *r;
  }
  const std::vector<std::string> known = KnownNames(state.scenario);
  if (const YAML::Node* rules = m.Get("rules")) {
    const std::string rp = m.PathOf("rules");
    if (!CheckSequence(doc, *rules, rp, 10'000, "rules")) return;
    static constexpr std::string_view kRuleKeys[] = {"from", "to", "data", "release"};
    for (std::size_t i = 0; i < rules->size(); ++i) {
      MapReader r(doc, (*rules)[i], IndexPath(rp, i), kRuleKeys);
      if (!r.ok()) continue;
      SharingRuleSpec rule;
      if (const YAML::Node* f = r.Get("from", Presence::kRequired)) {
        rule.from = ReadNationList(doc, *f, r.PathOf("from"), known);
      }
      if (const YAML::Node* t = r.Get("to", Presence::kRequired)) {
        rule.to = ReadNationList(doc, *t, r.PathOf("to"), known);
      }
      if (const YAML::Node* d = r.Get("data")) {
        if (auto c = ReadClasses(doc, *d, r.PathOf("data"))) rule.classes = *c;
      }
      if (const YAML::Node* rel = r.Get("release", Presence::kRequired)) {
        if (auto x = ReadRelease(doc, *rel, r.PathOf("release"))) rule.release = *x;
      }
      s.rules.push_back(std::move(rule));
    }
  }
}

}  // namespace bmd::sim
