// Section "defended_assets": [{id, owner, at, radius, value}].
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/loader_sections.h"

namespace bmd::sim {

void ConvertAssetsSection(LoadState& state, const YAML::Node& section, const std::string& path) {
  DocContext& doc = state.doc;
  if (!CheckSequence(doc, section, path, ScenarioLimits::kMaxAssets, "defended assets")) return;
  static constexpr std::string_view kKeys[] = {"id", "owner", "at", "radius", "value"};
  std::vector<std::string> nation_ids;
  for (const Nation& n : state.scenario.nations) nation_ids.push_back(n.id);

  IdRegistry ids("defended asset");
  std::size_t index = 0;
  for (const YAML::Node& entry : section) {
    const std::string p = IndexPath(path, index++);
    MapReader m(doc, entry, p, kKeys);
    if (!m.ok()) continue;
    DefendedAsset asset;
    if (auto id = m.Id("id", Presence::kRequired)) {
      asset.id = *id;
      ids.Add(doc, *m.Get("id"), m.PathOf("id"), *id);
    }
    if (auto owner = m.Id("owner", Presence::kRequired)) {
      asset.owner = *owner;
      const bool known =
          std::find(nation_ids.begin(), nation_ids.end(), *owner) != nation_ids.end();
      if (!known) {
        std::string hint = DidYouMean(*owner, nation_ids);
        if (nation_ids.empty()) hint = " (no nations are defined: add a 'nations' section)";
        doc.Error(*m.Get("owner"), m.PathOf("owner"), "unknown nation " + Quote(*owner) + hint);
      }
    }
    if (const YAML::Node* at = m.Get("at", Presence::kRequired)) {
      if (auto position = ReadPosition(doc, *at, m.PathOf("at"))) asset.at = *position;
    }
    if (auto radius = m.Quantity("radius", Dimension::kLength, Presence::kRequired)) {
      if (Require(*radius > 0.0 && *radius <= 1000e3, doc, *m.Get("radius"), m.PathOf("radius"),
                  fmt::format("radius must be > 0 and at most 1000 km; got {}",
                              FormatQuantity(*radius, Dimension::kLength)))) {
        asset.radius_m = *radius;
      }
    }
    if (auto value = m.Number("value")) {
      if (Require(*value > 0.0 && *value <= 1e6, doc, *m.Get("value"), m.PathOf("value"),
                  fmt::format("value must be > 0 and at most 1e6; got {:g}", *value))) {
        asset.value = *value;
      }
    }
    state.scenario.assets.push_back(std::move(asset));
  }
}

}  // namespace bmd::sim
