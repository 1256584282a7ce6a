// Section "nodes": command-and-control nodes, [{id, nation, at: {lat, lon[, alt]}} |
// {id, nation, platform: id}]. Each node fuses the tracks of the sensors that report to it.
#include <fmt/format.h>

#include <vector>

#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/loader_sections.h"

namespace bmd::sim {

int ResolvePlatform(LoadState& state, const YAML::Node& at, const std::string& path,
                    const std::string& id) {
  std::vector<std::string> ids;
  for (const Platform& p : state.scenario.platforms) ids.push_back(p.id);
  const int index = IndexOfId(ids, id);
  if (index >= 0) return index;
  std::string hint = DidYouMean(id, ids);
  if (ids.empty()) hint = " (no platforms are defined: add a 'platforms' section)";
  state.doc.Error(at, path, "unknown platform " + Quote(id) + hint);
  return -1;
}

int ResolveNode(LoadState& state, const YAML::Node& at, const std::string& path,
                const std::string& id) {
  std::vector<std::string> ids;
  for (const Node& n : state.scenario.nodes) ids.push_back(n.id);
  const int index = IndexOfId(ids, id);
  if (index >= 0) return index;
  std::string hint = DidYouMean(id, ids);
  if (ids.empty()) hint = " (no nodes are defined: add a 'nodes' section)";
  state.doc.Error(at, path, "unknown node " + Quote(id) + hint);
  return -1;
}

void ConvertNodesSection(LoadState& state, const YAML::Node& section, const std::string& path) {
  DocContext& doc = state.doc;
  if (!CheckSequence(doc, section, path, ScenarioLimits::kMaxNodes, "nodes")) return;
  static constexpr std::string_view kKeys[] = {"id", "nation", "at", "platform"};
  std::size_t index = 0;
  for (const YAML::Node& entry : section) {
    const std::string p = IndexPath(path, index++);
    MapReader m(doc, entry, p, kKeys);
    if (!m.ok()) continue;
    Node node;
    if (auto id = m.Id("id", Presence::kRequired)) {
      node.id = *id;
      state.unit_ids.Add(doc, *m.Get("id"), m.PathOf("id"), *id, "node");
    }
    if (auto nation = m.Id("nation", Presence::kRequired)) {
      node.nation = *nation;
      CheckNationReference(state, *m.Get("nation"), m.PathOf("nation"), *nation);
    }
    const bool has_at = m.Has("at");
    const bool has_platform = m.Has("platform");
    if (has_at == has_platform) {
      doc.Error(has_platform ? *m.Get("platform") : entry, p,
                has_at ? "give either 'at' or 'platform', not both"
                       : "a node needs 'at: {lat, lon[, alt]}' or 'platform: ID'");
    }
    if (has_at) {
      if (auto at = ReadPosition(doc, *m.Get("at"), m.PathOf("at"))) node.at = *at;
    } else if (has_platform) {
      if (auto platform_id = m.Id("platform")) {
        node.platform = ResolvePlatform(state, *m.Get("platform"), m.PathOf("platform"),
                                        *platform_id);
        if (node.platform >= 0) {
          const Platform& platform = state.scenario.platforms[node.platform];
          // Informational only (the engine follows the route): the start of the route.
          if (!platform.route.empty()) node.at = platform.route.front().at;
        }
      }
    }
    state.scenario.nodes.push_back(std::move(node));
  }
}

}  // namespace bmd::sim
