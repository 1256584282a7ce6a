#include "sim/scenario/loader.h"

#include <array>
#include <filesystem>

#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/loader_sections.h"
#include "sim/scenario/override_apply.h"
#include "sim/scenario/yaml_document.h"
#include "sim/scenario/yaml_reader.h"

namespace bmd::sim {
namespace {

// Top-level sections, converted in this order whatever their order in the file: a section
// may look up what the sections above it produced (threats need the catalog and the assets;
// nodes need the platforms; sensors need the catalog, nations, platforms and nodes; fire
// units need the catalog, nations, platforms and nodes, and share the id namespace of
// platforms, nodes and sensors; engagement needs the tick and duration).
constexpr std::array kSections = {
    SectionHandler{"scenario", Presence::kRequired, &ConvertScenarioSection},
    SectionHandler{"catalog", Presence::kOptional, &ConvertCatalogSection},
    SectionHandler{"nations", Presence::kOptional, &ConvertNationsSection},
    SectionHandler{"defended_assets", Presence::kOptional, &ConvertAssetsSection},
    SectionHandler{"threats", Presence::kOptional, &ConvertThreatsSection},
    SectionHandler{"platforms", Presence::kOptional, &ConvertPlatformsSection},
    SectionHandler{"nodes", Presence::kOptional, &ConvertNodesSection},
    SectionHandler{"sensors", Presence::kOptional, &ConvertSensorsSection},
    SectionHandler{"tracking", Presence::kOptional, &ConvertTrackingSection},
    SectionHandler{"fire_units", Presence::kOptional, &ConvertFireUnitsSection},
    SectionHandler{"engagement", Presence::kOptional, &ConvertEngagementSection},
    SectionHandler{"links", Presence::kOptional, &ConvertLinksSection},
    SectionHandler{"sharing", Presence::kOptional, &ConvertSharingSection},
    SectionHandler{"record", Presence::kOptional, &ConvertRecordSection},
};

constexpr std::array<std::string_view, kSections.size()> SectionKeys() {
  std::array<std::string_view, kSections.size()> keys{};
  for (std::size_t i = 0; i < kSections.size(); ++i) keys[i] = kSections[i].key;
  return keys;
}
constexpr auto kSectionKeys = SectionKeys();

}  // namespace

Scenario LoadScenarioString(std::string_view text, const std::string& display_name,
                            const std::string& base_dir, const std::vector<Override>& overrides) {
  DiagnosticSink sink;
  std::optional<YAML::Node> root =
      ParseYamlDocument(text, display_name, "scenario file", ScenarioLimits::kMaxFileBytes,
                        /*allow_empty=*/false, sink);
  sink.ThrowIfAny();

  std::vector<OverrideSite> sites;
  if (root->IsMap()) sites = ApplyOverrides(*root, overrides, sink);

  Scenario scenario;
  DocContext doc(sink, display_name, &sites);
  LoadState state{sink,  doc, base_dir, scenario, {}, {}, false, {}, {}, {},
                  IdRegistry("unit")};
  MapReader top(doc, *root, "", kSectionKeys);
  if (top.ok()) {
    for (const SectionHandler& section : kSections) {
      const YAML::Node* node = top.Get(section.key, section.presence);
      // An optional section left empty ("threats:") is the same as leaving it out.
      if (node != nullptr && !(node->IsNull() && section.presence == Presence::kOptional)) {
        section.convert(state, *node, std::string(section.key));
      }
    }
  }
  sink.ThrowIfAny();

  scenario.source_path = display_name;
  scenario.yaml_text = std::string(text);
  for (const Override& o : overrides) scenario.overrides.push_back(o.path + "=" + o.value_text);
  return scenario;
}

Scenario LoadScenarioFile(const std::string& path, const std::vector<Override>& overrides) {
  std::string text;
  std::string error;
  if (!ReadTextFile(path, ScenarioLimits::kMaxFileBytes, text, error)) {
    throw ScenarioError({Diagnostic{path, 1, 1, "", "scenario file: " + error}});
  }
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  return LoadScenarioString(text, path, dir.empty() ? std::string(".") : dir.string(), overrides);
}

}  // namespace bmd::sim
