#pragma once
/// Internal to the loader: the state shared by section converters, and one converter per
/// top-level section. To add a section (e.g. sensors): write loader_sensors.cc with
/// ConvertSensorsSection, declare it here, add one row to the table in loader.cc (after the
/// sections it references), and document it in docs/scenario-format.md.
#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/earth/geodesy.h"
#include "models/flight/vehicle.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/yaml_reader.h"

namespace bmd::sim {

/// A threat type found in a catalog file (all are kept; the scenario copies the ones used).
struct CatalogThreatType {
  flight::ThreatTypeSpec spec;
  std::string file;
  int line = 0;
};

struct LoadState {
  DiagnosticSink& sink;
  DocContext& doc;       ///< the scenario file (and its overrides)
  std::string base_dir;  ///< catalog paths are relative to this
  Scenario& scenario;
  std::optional<double> duration_s;  ///< set when scenario.duration was valid
  std::optional<double> tick_s;      ///< set when scenario.tick was valid (or defaulted)
  bool catalog_listed = false;
  std::map<std::string, CatalogThreatType> threat_types;
};

using SectionConverter = void (*)(LoadState& state, const YAML::Node& section,
                                  const std::string& path);

struct SectionHandler {
  std::string_view key;
  Presence presence;
  SectionConverter convert;
};

void ConvertScenarioSection(LoadState& state, const YAML::Node& section, const std::string& path);
void ConvertCatalogSection(LoadState& state, const YAML::Node& section, const std::string& path);
void ConvertNationsSection(LoadState& state, const YAML::Node& section, const std::string& path);
void ConvertAssetsSection(LoadState& state, const YAML::Node& section, const std::string& path);
void ConvertThreatsSection(LoadState& state, const YAML::Node& section, const std::string& path);
void ConvertRecordSection(LoadState& state, const YAML::Node& section, const std::string& path);

/// Catalog contents: threat_types of one catalog file.
void ConvertThreatTypes(LoadState& state, DocContext& doc, const YAML::Node& node,
                        const std::string& path);

// Shared helpers.

/// {lat, lon[, alt]} -> Geodetic (alt default 0 m). lat in [-90, 90] deg, lon in
/// [-180, 360) deg, alt in [-1 km, 100 km].
std::optional<earth::Geodetic> ReadPosition(DocContext& doc, const YAML::Node& node,
                                            const std::string& path);

/// Records `id` as used in a section; reports a duplicate (with the first line) otherwise.
class IdRegistry {
 public:
  explicit IdRegistry(std::string_view what) : what_(what) {}
  bool Add(DocContext& doc, const YAML::Node& at, const std::string& path, const std::string& id);
  bool Contains(const std::string& id) const { return first_line_.count(id) != 0; }

 private:
  std::string what_;
  std::map<std::string, int> first_line_;
};

}  // namespace bmd::sim
