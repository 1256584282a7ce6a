#pragma once
/// The parsed, validated scenario: immutable during a run, SI units, catalog references
/// resolved. Built by LoadScenarioFile / LoadScenarioString (loader.h); every run builds its
/// World from it. The file format is documented in docs/scenario-format.md.
#include <cstdint>
#include <string>
#include <vector>

#include "models/earth/earth_model.h"
#include "models/earth/geodesy.h"
#include "models/flight/vehicle.h"

namespace bmd::sim {

struct Nation {
  std::string id;                      ///< short code, e.g. "US", "ROK", "GBR"
  std::string name;
  std::vector<std::string> alliances;  ///< e.g. {"NATO"}
};

struct DefendedAsset {
  std::string id;
  std::string owner;        ///< nation id
  earth::Geodetic at;       ///< alt_m is height above the ellipsoid
  double radius_m = 0.0;
  double value = 1.0;       ///< relative value for weapon-target assignment
};

struct ThreatLaunch {
  std::string id;
  int type_index = -1;          ///< into Scenario::threat_types
  earth::Geodetic launch;
  double launch_time_s = 0.0;   ///< s after scenario start
  earth::Geodetic aim;          ///< resolved aim point
  std::string aim_asset;        ///< asset id when aimed at an asset, else empty
  flight::Shaping shaping;
};

struct RecordConfig {
  double truth_interval_s = 1.0;  ///< truth sampling interval in the HDF5 file
};

struct Scenario {
  std::string name;
  std::string description;
  std::string start_utc;          ///< ISO 8601, e.g. "2027-03-14T02:00:00Z"
  double start_unix_s = 0.0;      ///< start_utc as s since 1970-01-01T00:00:00Z (no leap s)
  double duration_s = 0.0;
  double tick_s = 0.1;
  std::uint64_t seed = 1;
  earth::EarthConfig earth;

  std::vector<Nation> nations;
  std::vector<DefendedAsset> assets;
  std::vector<flight::ThreatTypeSpec> threat_types;  ///< catalog entries the scenario uses
  std::vector<ThreatLaunch> threats;
  RecordConfig record;

  // Provenance: what the scenario was built from.
  std::string source_path;              ///< scenario file as given
  std::string yaml_text;                ///< full text of the scenario file
  std::vector<std::string> catalog_files;  ///< resolved paths, in the order listed
  std::vector<std::string> catalog_texts;  ///< full text of each catalog file (same order)
  std::vector<std::string> overrides;      ///< applied overrides, "path=value", in order
};

}  // namespace bmd::sim
