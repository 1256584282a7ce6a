// Section "nations": {ID: {name, alliances}}.
#include <fmt/format.h>

#include <set>

#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/loader_sections.h"

namespace bmd::sim {

void ConvertNationsSection(LoadState& state, const YAML::Node& section, const std::string& path) {
  DocContext& doc = state.doc;
  if (!section.IsMap()) {
    doc.Error(section, path,
              "expected a mapping of nation ids, e.g. {US: {name: United States}}; got " +
                  Describe(section));
    return;
  }
  if (section.size() > ScenarioLimits::kMaxNations) {
    doc.Error(section, path,
              fmt::format("{} nations exceed the limit of {}", section.size(),
                          ScenarioLimits::kMaxNations));
    return;
  }
  static constexpr std::string_view kKeys[] = {"name", "alliances"};
  IdRegistry ids("nation");
  for (const auto& kv : section) {
    const YAML::Node& key = kv.first;
    if (!key.IsScalar() || !IsIdentifier(key.Scalar())) {
      doc.Error(key, path,
                "nation ids must be short names of letters, digits, '_' or '-', e.g. 'ROK'; got " +
                    Describe(key));
      continue;
    }
    Nation nation;
    nation.id = key.Scalar();
    const std::string p = ChildPath(path, nation.id);
    if (!ids.Add(doc, key, p, nation.id)) continue;
    nation.name = nation.id;
    if (!kv.second.IsNull()) {
      MapReader m(doc, kv.second, p, kKeys);
      if (m.ok()) {
        if (auto name = m.Text("name")) nation.name = *name;
        if (const YAML::Node* alliances = m.Get("alliances")) {
          const std::string ap = m.PathOf("alliances");
          if (CheckSequence(doc, *alliances, ap, ScenarioLimits::kMaxAlliances, "alliances")) {
            std::set<std::string> seen;
            for (std::size_t i = 0; i < alliances->size(); ++i) {
              const YAML::Node a = (*alliances)[i];
              if (auto id = ReadId(doc, a, IndexPath(ap, i))) {
                if (seen.insert(*id).second) {
                  nation.alliances.push_back(*id);
                } else {
                  doc.Error(a, IndexPath(ap, i), "alliance " + Quote(*id) + " is listed twice");
                }
              }
            }
          }
        }
      }
    }
    state.scenario.nations.push_back(std::move(nation));
  }
}

}  // namespace bmd::sim
