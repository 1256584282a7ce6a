#pragma once
/// All mutable state of one run (the "data" half of the Scenario/World split), and the tick
/// loop that advances it. Built from a PreparedScenario + seed + run index; runs share
/// nothing mutable. Truth is sampled into preallocated column buffers.
#include <cstdint>
#include <string>
#include <vector>

#include "models/flight/threat_flight.h"
#include "sim/prepare.h"
#include "sim/battle.h"
#include "sim/sensing.h"

namespace bmd::sim {

enum class ObjectKind : std::uint8_t { kReentryVehicle, kBooster };
const char* ToString(ObjectKind kind);

/// Flight phase as recorded: boost, midcourse (coasting above 100 km or ascending),
/// terminal (descending below 100 km), impacted; pre-launch objects are not recorded.
enum class RecordedPhase : std::uint8_t { kBoost, kMidcourse, kTerminal, kImpacted };
const char* ToString(RecordedPhase phase);

struct TruthObject {
  std::int64_t id = 0;
  std::string name;
  ObjectKind kind = ObjectKind::kReentryVehicle;
  int threat = -1;                 ///< threat index
  flight::FlightState state;
  bool exists = false;             ///< boosters exist from RV separation on
  bool done = false;               ///< impacted (final sample written)
};

/// Truth samples, column-wise (one row per object per record interval, plus impact rows).
struct TruthColumns {
  std::vector<double> t_s;
  std::vector<std::int64_t> object_id;
  std::vector<double> x, y, z, vx, vy, vz;
  std::vector<double> lat_deg, lon_deg, alt_m, speed;
  std::vector<std::uint8_t> phase;
  void Reserve(std::size_t n);
  std::size_t size() const { return t_s.size(); }
};

struct EventRecord {
  double t_s = 0.0;
  std::int64_t object_id = -1;
  std::string kind;               ///< launch, staging, burnout, separation, apogee, impact
  double lat_deg = 0.0, lon_deg = 0.0, alt_m = 0.0;
  std::string detail;
};

struct ThreatOutcome {
  bool impacted = false;
  double impact_time_s = 0.0;
  double impact_lat_deg = 0.0, impact_lon_deg = 0.0;
  double miss_from_aim_m = 0.0;
  double apogee_alt_m = 0.0, apogee_time_s = 0.0;
  double burnout_time_s = 0.0, burnout_speed_m_s = 0.0;
  double flight_time_s = 0.0;
  int asset_hit = -1;             ///< index of the defended asset inside whose radius it fell
  bool intercepted = false;
  bool leaked = false;            ///< reached impact without being intercepted
  std::string engagement_status;  ///< engaged | unengageable | not_threatening | not_evaluated
};

struct RunResult {
  std::uint64_t seed = 0;
  std::uint64_t run_index = 0;
  double end_time_s = 0.0;
  double wall_time_s = 0.0;
  std::vector<TruthObject> objects;
  TruthColumns truth;
  std::vector<EventRecord> events;
  std::vector<ThreatOutcome> threats;
  std::vector<double> launch_times_s;  ///< per threat, scenario order
  std::vector<int> asset_hits;    ///< impacts inside each asset's radius
  SensingRecord sensing;          ///< measurements, tracks, pictures, metrics (if sensors)
  BattleRecord battle;            ///< engagements, inventory, interceptor truth (if fire units)
  NetworkRecord network;          ///< link messages, link and policy counters
  int intercepts = 0, interceptors_used = 0;
  int impacts = 0, leakers = 0, assets_hit = 0;
};

class ProgressReporter;

/// How one run is executed and what it keeps. Neither option changes a result: summary
/// metrics (OSPA/GOSPA, SIAP, picture metrics, commonality, outcomes, counters) are
/// bit-identical for detail on and off and for any thread count.
struct RunOptions {
  /// Keep per-sample detail: truth samples, measurements and scans, local and node track
  /// samples, interceptor truth, link-message records. Off in sweeps, which keep only the
  /// summary (RunResult::sensing metrics/interop/commonality/siap/first times, battle
  /// engagements, network counters, outcomes and events).
  bool detail = true;
  /// OpenMP threads inside the run (object propagation, radar scans, per-node fusion and
  /// picture metrics). 1 inside a sweep (its threads run whole runs).
  int threads = 1;
  /// Runs with fewer objects (2 per threat) than this use one thread whatever `threads`
  /// says: a fork/join costs microseconds (far more on a loaded machine) and a tick holds
  /// several, so small runs have too little work per tick to gain.
  std::size_t min_objects_for_threads = 64;
  ProgressReporter* progress = nullptr;  ///< updated every tick (optional)
};

/// Runs the scenario once. Progress (optional) is updated every tick.
RunResult RunOnce(const PreparedScenario& prepared, std::uint64_t seed, std::uint64_t run_index,
                  ProgressReporter* progress = nullptr);
/// Runs the scenario once with the given options.
RunResult RunOnce(const PreparedScenario& prepared, std::uint64_t seed, std::uint64_t run_index,
                  const RunOptions& options);

}  // namespace bmd::sim
