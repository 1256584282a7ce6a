#pragma once
/// The parsed, validated scenario: immutable during a run, SI units, catalog references
/// resolved. Built by LoadScenarioFile / LoadScenarioString (loader.h); every run builds its
/// World from it. The file format is documented in docs/scenario-format.md.
#include <cstdint>
#include <string>
#include <vector>

#include "models/earth/earth_model.h"
#include "models/earth/geodesy.h"
#include "models/engagement/doctrine.h"
#include "models/engagement/kill_assessment.h"
#include "models/flight/vehicle.h"
#include "models/guidance/interceptor_spec.h"
#include "models/interop/link.h"
#include "models/interop/registration.h"
#include "models/interop/sharing_policy.h"
#include "models/sensors/radar_spec.h"
#include "models/sensors/site_path.h"
#include "models/sensors/space_ir.h"

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

/// A moving carrier (ship, aircraft) for sensors, nodes and fire units: geodetic route.
struct Platform {
  std::string id;
  std::string nation;
  std::vector<sensors::SiteWaypoint> route;  ///< >= 1 waypoint, strictly increasing times
};

/// A command-and-control node: fuses the tracks of the sensors that report to it.
struct Node {
  std::string id;
  std::string nation;
  earth::Geodetic at;          ///< fixed position (ignored when platform >= 0)
  int platform = -1;           ///< index into Scenario::platforms, or -1
};

enum class SensorKind { kRadar, kSpaceIr };

/// One sensor placed in the scenario. For radars, `radar` holds the site (path from `at` or
/// the platform's route, boresight, bias, nation, node_index, sensor_index); for space IR,
/// `space_ir` holds the orbit/slot. type_index points into radar_types or space_ir_types.
struct SensorConfig {
  std::string id;
  std::string nation;
  int node = -1;               ///< index into Scenario::nodes (the node it reports to)
  SensorKind kind = SensorKind::kRadar;
  int type_index = -1;
  int platform = -1;           ///< radars on a platform: index into platforms, else -1
  sensors::RadarSite radar;
  sensors::SpaceIrSite space_ir;
  /// Registration errors beyond radar.bias (range/az/el, applied in Dwell): site position
  /// error (believed minus true, ENU m) and clock offset (s). Only site_enu_m and clock_s are
  /// used; see interop/registration.h.
  interop::RegistrationError registration;
};

/// Tracker and node-fusion settings (scenario-wide defaults).
struct TrackingConfig {
  std::string filter = "ekf";          ///< ekf | ukf | imm
  double gate_probability = 0.999;     ///< chi-square gate probability
  int confirm_m = 3, confirm_n = 4;    ///< M-of-N confirmation
  int max_misses = 4;                  ///< consecutive misses before deletion
  double max_coast_s = 12.0;           ///< deletion after this long without an update
  double process_noise = 25.0;         ///< white-acceleration spectral density q, m^2/s^3
  double fusion_interval_s = 1.0;      ///< node fusion update period
  double fusion_gate_probability = 0.999;
  bool cueing = true;                  ///< space-IR cues steer the radars
  /// Each node estimates the range/azimuth/elevation bias of its own radars from common
  /// tracks (interop::RegistrationEstimator) and removes it from their measurements.
  bool registration_correction = false;
};

/// A bidirectional data link between two C2 nodes (one interop::Link per direction, same
/// configuration, own latency/loss streams, shared failure timeline).
struct LinkSpec {
  std::string id;
  int node_a = -1;  ///< index into Scenario::nodes
  int node_b = -1;
  interop::LinkConfig config;
};

/// Sharing architecture: a preset policy or the scenario's own rules.
enum class SharingArchitecture {
  kCustom,      ///< default release + rules as given
  kNational,    ///< nothing leaves a nation
  kBilateral,   ///< everything between the hub nation and each other nation, nothing else
  kTrilateral,  ///< everything to everyone (full sharing)
};

/// One releasability rule as written (nation ids, alliance names or "*").
struct SharingRuleSpec {
  std::vector<std::string> from, to;
  interop::DataClassSet classes = interop::kAllDataClasses;
  interop::Release release;
};

/// Who releases what to whom (enforced by the sender; see interop/sharing_policy.h).
struct SharingConfig {
  SharingArchitecture architecture = SharingArchitecture::kTrilateral;
  std::string hub = "US";  ///< kBilateral: the hub nation
  interop::Release default_release = interop::Release::Deny();  ///< kCustom
  std::vector<SharingRuleSpec> rules;                          ///< kCustom
};

/// What track data a fire unit may engage on (interoperability: launch/engage on remote).
enum class EngageOn {
  kOwnSensors,   ///< only tracks of sensors that report to its own node
  kNodePicture,  ///< its node's fused picture (own sensors + what the node received)
  kRemote,       ///< any node's picture its node receives (launch/engage on remote)
};

/// A fire unit: launchers of one interceptor type with an inventory, under a node.
struct FireUnitConfig {
  std::string id;
  std::string nation;
  int node = -1;                 ///< index into Scenario::nodes (takes orders from it)
  int type_index = -1;           ///< index into Scenario::interceptor_types
  earth::Geodetic at;            ///< launcher site (ignored when platform >= 0)
  int platform = -1;             ///< index into Scenario::platforms, or -1
  int inventory = 0;             ///< interceptors ready at t = 0
  double reload_s = 0.0;         ///< minimum time between two launches of the unit
  engagement::Doctrine doctrine;
  EngageOn engage_on = EngageOn::kNodePicture;
};

/// Battle-management settings (scenario-wide).
struct EngagementConfig {
  double decision_interval_s = 2.0;        ///< battle-manager evaluation period
  engagement::KillAssessmentConfig kill_assessment{0.05, 0.05, 5.0};
  bool share_engagement_status = true;     ///< nodes tell each other what they engage
  std::string wta = "auto";                ///< exact | heuristic | auto (exact when small)
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

  std::vector<sensors::RadarSpec> radar_types;      ///< catalog radar types the scenario uses
  std::vector<sensors::SpaceIrSpec> space_ir_types; ///< catalog space-IR types it uses
  std::vector<Platform> platforms;
  std::vector<Node> nodes;
  std::vector<SensorConfig> sensors;
  TrackingConfig tracking;

  std::vector<guidance::InterceptorTypeSpec> interceptor_types;  ///< catalog types used
  std::vector<FireUnitConfig> fire_units;
  EngagementConfig engagement;
  std::vector<LinkSpec> links;
  SharingConfig sharing;
  RecordConfig record;

  // Provenance: what the scenario was built from.
  std::string source_path;              ///< scenario file as given
  std::string yaml_text;                ///< full text of the scenario file
  std::vector<std::string> catalog_files;  ///< resolved paths, in the order listed
  std::vector<std::string> catalog_texts;  ///< full text of each catalog file (same order)
  std::vector<std::string> overrides;      ///< applied overrides, "path=value", in order
};

}  // namespace bmd::sim
