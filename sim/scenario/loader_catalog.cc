// Section "catalog": list of catalog files, each read as its own YAML document.
//
// A catalog file holds catalog_version and one mapping per kind of type. To add a kind
// (e.g. link_types): one converter and one row in kKinds.
#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <set>

#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/loader_sections.h"
#include "sim/scenario/yaml_document.h"

namespace bmd::sim {
namespace {

constexpr int kCatalogVersion = 1;

struct CatalogKind {
  std::string_view key;
  void (*convert)(LoadState&, DocContext&, const YAML::Node&, const std::string&);
};
constexpr std::array kKinds = {
    CatalogKind{"threat_types", &ConvertThreatTypes},
    CatalogKind{"sensor_types", &ConvertSensorTypes},
    CatalogKind{"interceptor_types", &ConvertInterceptorTypes},
};

constexpr std::array<std::string_view, kKinds.size() + 1> CatalogKeys() {
  std::array<std::string_view, kKinds.size() + 1> keys{};
  keys[0] = "catalog_version";
  for (std::size_t i = 0; i < kKinds.size(); ++i) keys[i + 1] = kKinds[i].key;
  return keys;
}
constexpr auto kCatalogKeys = CatalogKeys();

void LoadCatalogFile(LoadState& state, const std::string& file) {
  std::string text;
  std::string error;
  if (!ReadTextFile(file, ScenarioLimits::kMaxFileBytes, text, error)) {
    state.sink.Add(Diagnostic{file, 1, 1, "", "catalog file: " + error});
    return;
  }
  const std::optional<YAML::Node> root =
      ParseYamlDocument(text, file, "catalog file", ScenarioLimits::kMaxFileBytes,
                        /*allow_empty=*/false, state.sink);
  state.scenario.catalog_files.push_back(file);
  state.scenario.catalog_texts.push_back(std::move(text));
  if (!root) return;
  DocContext doc(state.sink, file);
  MapReader m(doc, *root, "", kCatalogKeys);
  if (!m.ok()) return;
  if (auto version = m.Unsigned("catalog_version", Presence::kRequired)) {
    if (!Require(*version == kCatalogVersion, doc, *m.Get("catalog_version"), "catalog_version",
                 fmt::format("unsupported catalog_version {}; this program reads version {}",
                             *version, kCatalogVersion))) {
      return;
    }
  }
  for (const CatalogKind& kind : kKinds) {
    if (const YAML::Node* node = m.Get(kind.key))
      kind.convert(state, doc, *node, std::string(kind.key));
  }
}

}  // namespace

void ConvertCatalogSection(LoadState& state, const YAML::Node& section, const std::string& path) {
  DocContext& doc = state.doc;
  state.catalog_listed = true;
  if (!CheckSequence(doc, section, path, ScenarioLimits::kMaxCatalogFiles, "catalog file paths")) {
    return;
  }
  namespace fs = std::filesystem;
  std::set<std::string> seen;
  std::size_t index = 0;
  for (const YAML::Node& entry : section) {
    const std::string p = IndexPath(path, index++);
    const std::optional<std::string> relative = ReadText(doc, entry, p);
    if (!relative) continue;
    fs::path resolved(*relative);
    if (resolved.is_relative() && !state.base_dir.empty())
      resolved = fs::path(state.base_dir) / resolved;
    const std::string file = resolved.lexically_normal().string();
    std::error_code ec;
    const fs::file_status status = fs::status(resolved, ec);
    if (ec || !fs::exists(status)) {
      doc.Error(entry, p,
                "catalog file " + Quote(*relative, 200) + " not found (looked for " +
                    Quote(file, 200) + ")");
      continue;
    }
    if (!fs::is_regular_file(status)) {
      doc.Error(entry, p, "catalog " + Quote(file, 200) + " is not a regular file");
      continue;
    }
    const fs::path canonical = fs::weakly_canonical(resolved, ec);
    if (!seen.insert(ec ? file : canonical.string()).second) {
      doc.Error(entry, p, "catalog file " + Quote(*relative, 200) + " is listed twice");
      continue;
    }
    LoadCatalogFile(state, file);
  }
}

}  // namespace bmd::sim
