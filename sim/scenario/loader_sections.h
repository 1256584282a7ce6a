#pragma once
/// Internal to the loader: the state shared by section converters, and one converter per
/// top-level section. To add a section (e.g. links): write loader_links.cc with
/// ConvertLinksSection, declare it here, add one row to the table in loader.cc (after the
/// sections it references), and document it in docs/scenario-format.md.
#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/earth/geodesy.h"
#include "models/flight/vehicle.h"
#include "models/guidance/interceptor_spec.h"
#include "models/sensors/orbit.h"
#include "models/sensors/radar_spec.h"
#include "models/sensors/space_ir.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/yaml_reader.h"

namespace bmd::sim {

/// A threat type found in a catalog file (all are kept; the scenario copies the ones used).
struct CatalogThreatType {
  flight::ThreatTypeSpec spec;
  std::string file;
  int line = 0;
};

/// A sensor type found in a catalog file: a radar or a space-IR class, with the defaults the
/// scenario's placement may take from it.
struct CatalogSensorType {
  SensorKind kind = SensorKind::kRadar;
  std::string description;
  sensors::RadarSpec radar;                 ///< kind == kRadar
  double default_boresight_el_rad = 0.0;    ///< kind == kRadar
  sensors::SpaceIrSpec space_ir;            ///< kind == kSpaceIr
  sensors::OrbitKind orbit = sensors::OrbitKind::kGeostationary;  ///< kind == kSpaceIr
  std::optional<double> orbit_altitude_m;       ///< circular orbits: default altitude
  std::optional<double> orbit_inclination_rad;  ///< circular orbits: default inclination
  std::string file;
  int line = 0;
};

/// An interceptor type found in a catalog file (the scenario copies the ones its fire units use).
struct CatalogInterceptorType {
  guidance::InterceptorTypeSpec spec;
  std::string file;
  int line = 0;
};

/// Records ids and reports duplicates (with the line of the first use). Several kinds of
/// entity may share one registry (platforms, nodes and sensors do), so that an id names one
/// thing only.
class IdRegistry {
 public:
  explicit IdRegistry(std::string_view what) : what_(what) {}
  /// Adds `id` as an entity of this registry's default kind.
  bool Add(DocContext& doc, const YAML::Node& at, const std::string& path, const std::string& id);
  /// Adds `id` as an entity of kind `what` ("node").
  bool Add(DocContext& doc, const YAML::Node& at, const std::string& path, const std::string& id,
           std::string_view what);
  bool Contains(const std::string& id) const { return first_.count(id) != 0; }

 private:
  struct First {
    int line = 0;
    std::string what;
  };
  std::string what_;
  std::map<std::string, First> first_;
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
  std::map<std::string, CatalogSensorType> sensor_types;
  std::map<std::string, CatalogInterceptorType> interceptor_types;
  /// Platform, node, sensor and fire-unit ids: one namespace, so that a link or an
  /// engagement report can name any of them without ambiguity.
  IdRegistry unit_ids{"unit"};
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
void ConvertPlatformsSection(LoadState& state, const YAML::Node& section, const std::string& path);
void ConvertNodesSection(LoadState& state, const YAML::Node& section, const std::string& path);
void ConvertSensorsSection(LoadState& state, const YAML::Node& section, const std::string& path);
void ConvertTrackingSection(LoadState& state, const YAML::Node& section, const std::string& path);
void ConvertFireUnitsSection(LoadState& state, const YAML::Node& section, const std::string& path);
void ConvertEngagementSection(LoadState& state, const YAML::Node& section,
                              const std::string& path);
void ConvertLinksSection(LoadState& state, const YAML::Node& section, const std::string& path);
void ConvertSharingSection(LoadState& state, const YAML::Node& section, const std::string& path);

/// Catalog contents: threat_types of one catalog file.
void ConvertThreatTypes(LoadState& state, DocContext& doc, const YAML::Node& node,
                        const std::string& path);
/// Catalog contents: sensor_types (radar, space_ir) of one catalog file.
void ConvertSensorTypes(LoadState& state, DocContext& doc, const YAML::Node& node,
                        const std::string& path);
/// Catalog contents: interceptor_types of one catalog file (each entry also checked with
/// guidance::ValidateInterceptorType).
void ConvertInterceptorTypes(LoadState& state, DocContext& doc, const YAML::Node& node,
                             const std::string& path);

// Shared helpers.

/// {lat, lon[, alt]} -> Geodetic (alt default 0 m). lat in [-90, 90] deg, lon in
/// [-180, 360) deg, alt in [-1 km, 100 km].
std::optional<earth::Geodetic> ReadPosition(DocContext& doc, const YAML::Node& node,
                                            const std::string& path);

/// Reads lat, lon[, alt] from a mapping already opened with those keys among its allowed
/// keys (e.g. a route waypoint, which also has `time`). Same rules as ReadPosition.
std::optional<earth::Geodetic> ReadPositionKeys(MapReader& m);

/// Closed or open bounds of a value, for RangedQuantity.
struct Bounds {
  double lo = 0.0;
  double hi = 0.0;
  bool lo_open = false;  ///< true: value > lo; false: value >= lo
  bool hi_open = false;  ///< true: value < hi; false: value <= hi
};

/// A quantity read with MapReader::Quantity, then checked against `bounds`; out of bounds is
/// reported with the user's units: "beamwidth must be > 0 and at most 90 deg; got 120 deg".
std::optional<double> RangedQuantity(MapReader& m, std::string_view key, Dimension dim,
                                     const Bounds& bounds, Presence presence = Presence::kOptional);

/// True if `nation` is defined in the nations section; reports "unknown nation" (with a
/// did-you-mean) at `at` otherwise.
bool CheckNationReference(LoadState& state, const YAML::Node& at, const std::string& path,
                          const std::string& nation);

/// Index of platform `id` in Scenario::platforms; reports "unknown platform" (with a
/// did-you-mean) at `at` and returns -1 otherwise.
int ResolvePlatform(LoadState& state, const YAML::Node& at, const std::string& path,
                    const std::string& id);

/// Index of node `id` in Scenario::nodes; reports "unknown node" (with a did-you-mean) at `at`
/// and returns -1 otherwise.
int ResolveNode(LoadState& state, const YAML::Node& at, const std::string& path,
                const std::string& id);

/// Index of the entry whose id is `id` in `ids`, or -1.
int IndexOfId(const std::vector<std::string>& ids, const std::string& id);

}  // namespace bmd::sim
