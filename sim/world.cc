#include "sim/world.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <cmath>
#include <stdexcept>

#include "models/earth/geodesy.h"
#include "sim/progress.h"

namespace bmd::sim {
namespace {

using earth::kRadToDeg;
constexpr double kTerminalAltitude_m = 100e3;

RecordedPhase PhaseOf(const TruthObject& o, double alt_m) {
  using flight::FlightPhase;
  switch (o.state.phase) {
    case FlightPhase::kBoost: return RecordedPhase::kBoost;
    case FlightPhase::kImpacted: return RecordedPhase::kImpacted;
    default: break;
  }
  const bool descending = o.state.r_ecef.dot(o.state.v_ecef) < 0.0;
  return (descending && alt_m < kTerminalAltitude_m) ? RecordedPhase::kTerminal
                                                      : RecordedPhase::kMidcourse;
}

void Sample(const Scenario& sc, const TruthObject& o, TruthColumns& tc) {
  const auto g = earth::EcefToGeodetic(o.state.r_ecef, sc.earth.shape);
  tc.t_s.push_back(o.state.t_s);
  tc.object_id.push_back(o.id);
  tc.x.push_back(o.state.r_ecef.x());
  tc.y.push_back(o.state.r_ecef.y());
  tc.z.push_back(o.state.r_ecef.z());
  tc.vx.push_back(o.state.v_ecef.x());
  tc.vy.push_back(o.state.v_ecef.y());
  tc.vz.push_back(o.state.v_ecef.z());
  tc.lat_deg.push_back(g.lat_rad * kRadToDeg);
  tc.lon_deg.push_back(g.lon_rad * kRadToDeg);
  tc.alt_m.push_back(g.alt_m);
  tc.speed.push_back(o.state.v_ecef.norm());
  tc.phase.push_back(static_cast<std::uint8_t>(PhaseOf(o, g.alt_m)));
}

// The run in progress: scenario, objects and outputs, advanced tick by tick.
class Runner {
 public:
  Runner(const PreparedScenario& p, const RunOptions& opt, RunResult& out)
      : p_(p), sc_(*p.scenario), opt_(opt), out_(out) {}

  void Build() {
    const auto n = sc_.threats.size();
    out_.objects.resize(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
      auto& rv = out_.objects[i];
      rv.id = static_cast<std::int64_t>(i);
      rv.name = sc_.threats[i].id + "/rv";
      rv.kind = ObjectKind::kReentryVehicle;
      rv.threat = static_cast<int>(i);
      rv.state = flight::InitialState(p_.plans[i]);
      rv.exists = true;
      auto& bo = out_.objects[n + i];
      bo.id = static_cast<std::int64_t>(n + i);
      bo.name = sc_.threats[i].id + "/booster";
      bo.kind = ObjectKind::kBooster;
      bo.threat = static_cast<int>(i);
    }
    out_.threats.assign(n, ThreatOutcome{});
    for (const auto& t : sc_.threats) out_.launch_times_s.push_back(t.launch_time_s);
    out_.asset_hits.assign(sc_.assets.size(), 0);
    if (opt_.detail) {
      const double samples = std::ceil(sc_.duration_s / sc_.record.truth_interval_s) + 2.0;
      out_.truth.Reserve(static_cast<std::size_t>(samples) * 2 * n);
    }
    events_.resize(2 * n);
    advanced_.assign(2 * n, 0);
    quiet_ticks_.assign(2 * n, 0);
    settled_.assign(2 * n, 0);
    live_.reserve(2 * n);
    RebuildLive();
  }

  void Run(ProgressReporter* progress) {
    std::unique_ptr<Sensing> sensing;
    std::unique_ptr<Battle> battle;
    Network network(p_, out_.seed, out_.run_index, /*record_messages=*/opt_.detail);
    if (!sc_.sensors.empty()) {
      sensing = std::make_unique<Sensing>(p_, out_.seed, out_.run_index, out_.objects.size(), network,
                                          SensingOptions{opt_.detail, opt_.threads});
      sensed_.resize(out_.objects.size());
      if (!sc_.fire_units.empty() && !sc_.nodes.empty()) {
        battle = std::make_unique<Battle>(p_, out_.seed, out_.run_index,
                                          static_cast<std::int64_t>(out_.objects.size()));
        battle_objects_.resize(out_.objects.size());
        pictures_ = sensing->NodePictures();
      }
    }
    const double dt = sc_.tick_s;
    const auto ticks = static_cast<std::int64_t>(std::ceil(sc_.duration_s / dt - 1e-9));
    const double interval = sc_.record.truth_interval_s;
    double t = 0.0;
    for (std::int64_t k = 1; k <= ticks; ++k) {
      const double t_next = std::min(static_cast<double>(k) * dt, sc_.duration_s);
      if (battle) SaveTickStart(k == 1);
      AdvanceAll(t_next);
      // Truth sample whenever the tick crosses a multiple of the record interval.
      const bool record = std::floor(t_next / interval + 1e-9) > std::floor(t / interval + 1e-9);
      network.Deliver(t_next);
      if (sensing) {
        FillSensed();
        sensing->Tick(t, t_next, sensed_, record);
      }
      if (battle) {
        FillBattleObjects(k == 1);
        battle->Tick(t, t_next, battle_objects_, pictures_, network, record && opt_.detail);
        ApplyKills();
      }
      if (record && opt_.detail) {
        for (const auto& o : out_.objects) {
          if (o.exists && !o.done && o.state.phase != flight::FlightPhase::kPreLaunch) {
            Sample(sc_, o, out_.truth);
          }
        }
      }
      Settle();
      t = t_next;
      if (progress) progress->Update(t);
    }
    out_.end_time_s = t;
    network.Finish();
    out_.network = std::move(network.record());
    if (sensing) {
      sensing->Finish();
      out_.sensing = std::move(sensing->record());
    }
    if (battle) FinishBattle(*battle);
  }

 private:
  // Battle objects hold each object's state at both ends of the tick (interceptor homing and
  // the exact closest approach need the target's motion over the tick). Nothing changes an
  // object's state between the end of one tick and the start of the next, so the start is
  // the previous end (computed only on the first tick).
  void SaveTickStart(bool first) {
    for (const std::size_t i : live_) {
      auto& o = out_.objects[i];
      auto& b = battle_objects_[i];
      b.r0 = o.state.r_ecef;
      b.v0 = o.state.v_ecef;
      b.a0 = first ? AccelOf(o) : b.a1;
    }
  }
  // The coast acceleration memoised in the state (CoastAccelAt): the next tick's first RK4
  // stage of the object's truth step reuses it.
  Eigen::Vector3d AccelOf(TruthObject& o) const {
    // An object not created yet (a booster before separation) has no state to speak of.
    if (!o.exists || o.state.r_ecef.squaredNorm() == 0.0) return Eigen::Vector3d::Zero();
    const auto& plan = p_.plans[static_cast<std::size_t>(o.threat)];
    return flight::CoastAccelAt(plan, o.state);
  }
  // The end-of-tick acceleration is recomputed only for objects advanced this tick (the
  // others' state, hence their acceleration, is what it was at the previous tick's end).
  void FillBattleObjects(bool first) {
    for (const std::size_t i : live_) {
      auto& o = out_.objects[i];
      auto& b = battle_objects_[i];
      b.id = o.id;
      b.threat = o.threat;
      b.alive = sensed_[i].present;
      b.r1 = o.state.r_ecef;
      b.v1 = o.state.v_ecef;
      if (first || advanced_[i]) b.a1 = AccelOf(o);
      if (!b.alive) b.r0 = b.r1, b.v0 = b.v1, b.a0 = b.a1;
    }
  }
  void ApplyKills() {
    for (std::size_t i = 0; i < out_.objects.size(); ++i) {
      auto& b = battle_objects_[i];
      if (!b.killed) continue;
      auto& o = out_.objects[i];
      b.killed = false;
      if (o.done) continue;
      o.done = true;
      const auto g = earth::EcefToGeodetic(o.state.r_ecef, sc_.earth.shape);
      out_.events.push_back(EventRecord{b.killed_t_s, o.id, "intercept", g.lat_rad * kRadToDeg,
                                        g.lon_rad * kRadToDeg, g.alt_m,
                                        fmt::format("{} destroyed by an interceptor", o.name)});
      if (o.kind == ObjectKind::kReentryVehicle) {
        auto& outcome = out_.threats[static_cast<std::size_t>(o.threat)];
        outcome.intercepted = true;
        ++out_.intercepts;
      }
    }
  }
  void FinishBattle(Battle& battle) {
    out_.battle = std::move(battle.record());
    for (std::size_t i = 0; i < out_.threats.size(); ++i) {
      out_.threats[i].engagement_status = out_.battle.threat_status[i];
    }
    for (const auto& e : out_.battle.engagements) {
      if (e.launch_t_s <= out_.end_time_s) {
        ++out_.interceptors_used;
        const auto g = earth::EcefToGeodetic(e.pip_ecef, sc_.earth.shape);
        out_.events.push_back(EventRecord{
            e.launch_t_s, e.interceptor_id, "interceptor_launch", g.lat_rad * kRadToDeg, g.lon_rad * kRadToDeg,
            g.alt_m,
            fmt::format("{} launches at track {} (predicted intercept at {:.0f} s, {:.0f} km altitude)",
                        sc_.fire_units[static_cast<std::size_t>(e.fire_unit)].id, e.target_track,
                        e.planned_intercept_t_s, g.alt_m / 1e3)});
      }
    }
  }

  // Truth as the sensors see it: present objects with their signatures.
  void FillSensed() {
    for (const std::size_t i : live_) {
      const auto& o = out_.objects[i];
      auto& s = sensed_[i];
      const auto& type = p_.plans[static_cast<std::size_t>(o.threat)].type;
      s.id = o.id;
      s.threat = o.threat;
      s.present = o.exists && !o.done && o.state.phase != flight::FlightPhase::kPreLaunch &&
                  o.state.phase != flight::FlightPhase::kImpacted;
      s.burning = o.state.phase == flight::FlightPhase::kBoost;
      s.r_ecef = o.state.r_ecef;
      s.v_ecef = o.state.v_ecef;
      // The missile during boost shows the booster's cross-section; after separation the RV
      // and the spent booster each have their own.
      s.rcs_m2 = (o.kind == ObjectKind::kBooster || s.burning) ? type.booster_rcs_m2 : type.rv_rcs_m2;
      s.ir_intensity_w_sr = s.burning ? type.ir_intensity_w_sr : 0.0;
    }
  }

  // Every flying object to t_next. Objects flying at the start of the tick are independent
  // of each other and are advanced in parallel (opt_.threads); their events are then handled
  // in object order, and an object that an earlier one's event created (the spent booster at
  // RV separation, always at a higher index) flies the rest of the tick in that same pass:
  // the order of everything recorded is that of a sequential loop over the objects.
  void AdvanceAll(double t_next) {
    auto& objects = out_.objects;
    for (const std::size_t i : live_) advanced_[i] = objects[i].exists && !objects[i].done ? 1 : 0;
    ParallelForEach(opt_.threads, objects.size(), [&](std::size_t i) {
      if (settled_[i] || !advanced_[i]) return;
      auto& o = objects[i];
      events_[i].Clear();
      flight::AdvanceTo(p_.plans[static_cast<std::size_t>(o.threat)], o.state, t_next, events_[i]);
    });
    // Over every object, not live_: an object an earlier one's event creates (OnEvent) joins
    // this same pass; live_ is brought up to date afterwards.
    const std::size_t n = objects.size();
    for (std::size_t i = 0; i < n; ++i) {
      if (settled_[i]) continue;
      auto& o = objects[i];
      const auto& plan = p_.plans[static_cast<std::size_t>(o.threat)];
      if (!advanced_[i]) {
        if (!o.exists || o.done) continue;
        advanced_[i] = 1;
        events_[i].Clear();
        flight::AdvanceTo(plan, o.state, t_next, events_[i]);
      }
      for (const auto& e : events_[i]) OnEvent(o, plan, e);
      if (o.state.phase == flight::FlightPhase::kImpacted) {
        if (opt_.detail) Sample(sc_, o, out_.truth);  // the impact point, at the impact time
        o.done = true;
      }
    }
    if (live_stale_) RebuildLive();
  }

  // An object done (impacted, killed) or not created yet (a booster before separation)
  // changes nothing any more: once it has spent two whole ticks so (the first one after the
  // change still refreshes the start-of-tick copies), the per-tick copy loops skip it; what
  // they would write is what they wrote last. A booster created at RV separation is taken
  // up again at once (OnEvent).
  // Only live objects can change here (a settled one is taken up again by OnEvent alone).
  void Settle() {
    bool changed = false;
    for (const std::size_t i : live_) {
      const auto& o = out_.objects[i];
      if (!o.done && o.exists) {
        quiet_ticks_[i] = 0;
      } else if (quiet_ticks_[i] < 2 && ++quiet_ticks_[i] == 2) {
        settled_[i] = 1;
        changed = true;
      }
    }
    if (changed) RebuildLive();
  }
  // live_: the objects not settled, in index order (the per-tick loops visit them in the
  // order of a loop over all objects that skips the settled ones).
  void RebuildLive() {
    live_.clear();
    for (std::size_t i = 0; i < settled_.size(); ++i) {
      if (!settled_[i]) live_.push_back(i);
    }
    live_stale_ = false;
  }

  void OnEvent(TruthObject& o, const flight::ThreatPlan& plan, const flight::FlightEvent& e) {
    const auto g = earth::EcefToGeodetic(e.r_ecef, sc_.earth.shape);
    EventRecord rec{e.t_s, o.id, flight::ToString(e.kind), g.lat_rad * kRadToDeg,
                    g.lon_rad * kRadToDeg, g.alt_m, ""};
    auto& outcome = out_.threats[static_cast<std::size_t>(o.threat)];
    const auto& threat = sc_.threats[static_cast<std::size_t>(o.threat)];
    const bool rv = o.kind == ObjectKind::kReentryVehicle;
    switch (e.kind) {
      case flight::FlightEventKind::kLaunch:
        rec.detail = fmt::format("{} ({}) lift-off, azimuth {:.1f} deg", threat.id,
                                 plan.type.name, plan.params.azimuth_rad * kRadToDeg);
        break;
      case flight::FlightEventKind::kStaging:
        rec.detail = fmt::format("stage {} ignition", e.stage + 1);
        break;
      case flight::FlightEventKind::kBurnout:
        rec.detail = fmt::format("thrust end, speed {:.0f} m/s", e.v_ecef.norm());
        outcome.burnout_time_s = e.t_s;
        outcome.burnout_speed_m_s = e.v_ecef.norm();
        break;
      case flight::FlightEventKind::kRvSeparation: {
        rec.detail = "reentry vehicle separates; spent booster continues";
        auto& booster = out_.objects[static_cast<std::size_t>(o.threat) + sc_.threats.size()];
        booster.state = flight::SpentBoosterState(plan, e);
        booster.exists = true;
        const std::size_t bi = static_cast<std::size_t>(o.threat) + sc_.threats.size();
        settled_[bi] = 0;  // it flies from now on (Settle)
        quiet_ticks_[bi] = 0;
        live_stale_ = true;
        break;
      }
      case flight::FlightEventKind::kApogee:
        rec.detail = fmt::format("apogee {:.1f} km", g.alt_m / 1e3);
        if (rv) {
          outcome.apogee_alt_m = g.alt_m;
          outcome.apogee_time_s = e.t_s;
        }
        break;
      case flight::FlightEventKind::kImpact:
        if (rv) OnRvImpact(o, e, g, outcome, rec);
        else rec.detail = "spent booster impact";
        break;
    }
    out_.events.push_back(std::move(rec));
  }

  void OnRvImpact(const TruthObject& o, const flight::FlightEvent& e, const earth::Geodetic& g,
                  ThreatOutcome& outcome, EventRecord& rec) {
    const auto& threat = sc_.threats[static_cast<std::size_t>(o.threat)];
    outcome.impacted = true;
    outcome.leaked = !outcome.intercepted;
    outcome.impact_time_s = e.t_s;
    outcome.impact_lat_deg = g.lat_rad * kRadToDeg;
    outcome.impact_lon_deg = g.lon_rad * kRadToDeg;
    outcome.flight_time_s = e.t_s - threat.launch_time_s;
    outcome.miss_from_aim_m = earth::GeodesicInverse(g.lat_rad, g.lon_rad, threat.aim.lat_rad,
                                                     threat.aim.lon_rad, sc_.earth.shape)
                                  .distance_m;
    // The asset hit is the nearest one whose radius contains the impact point.
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t a = 0; a < sc_.assets.size(); ++a) {
      const auto& asset = sc_.assets[a];
      const double d = earth::GeodesicInverse(g.lat_rad, g.lon_rad, asset.at.lat_rad,
                                              asset.at.lon_rad, sc_.earth.shape)
                           .distance_m;
      if (d <= asset.radius_m && d < best) {
        best = d;
        outcome.asset_hit = static_cast<int>(a);
      }
    }
    ++out_.impacts;
    if (outcome.leaked) ++out_.leakers;
    if (outcome.asset_hit >= 0) {
      if (out_.asset_hits[static_cast<std::size_t>(outcome.asset_hit)]++ == 0) ++out_.assets_hit;
    }
    rec.detail = fmt::format("impact {:.0f} m from aim point{}", outcome.miss_from_aim_m,
                             outcome.asset_hit >= 0
                                 ? ", inside " + sc_.assets[static_cast<std::size_t>(outcome.asset_hit)].id
                                 : std::string());
  }

  const PreparedScenario& p_;
  const Scenario& sc_;
  const RunOptions opt_;
  RunResult& out_;
  std::vector<flight::FlightEventBuffer> events_;  ///< per object, this tick
  // Per-object flags as int, not a character type: stores through unsigned char may alias
  // anything, so the compiler would reload every vector's bounds after each flag store.
  std::vector<int> advanced_;      ///< per object: advanced this tick
  std::vector<int> quiet_ticks_;   ///< per object: whole ticks done / not created
  std::vector<int> settled_;       ///< per object: skipped by the per-tick loops (Settle)
  std::vector<std::size_t> live_;  ///< the objects not settled, in index order (RebuildLive)
  bool live_stale_ = false;        ///< an object was taken up again (OnEvent) since RebuildLive
  std::vector<SensedObject> sensed_;
  std::vector<BattleObject> battle_objects_;
  std::vector<const interop::NetworkTrackManager*> pictures_;
};

}  // namespace

const char* ToString(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kReentryVehicle: return "rv";
    case ObjectKind::kBooster: return "booster";
  }
  return "?";
}

const char* ToString(RecordedPhase phase) {
  switch (phase) {
    case RecordedPhase::kBoost: return "boost";
    case RecordedPhase::kMidcourse: return "midcourse";
    case RecordedPhase::kTerminal: return "terminal";
    case RecordedPhase::kImpacted: return "impacted";
  }
  return "?";
}

void TruthColumns::Reserve(std::size_t n) {
  for (auto* v : {&t_s, &x, &y, &z, &vx, &vy, &vz, &lat_deg, &lon_deg, &alt_m, &speed}) {
    v->reserve(n);
  }
  object_id.reserve(n);
  phase.reserve(n);
}

RunResult RunOnce(const PreparedScenario& prepared, std::uint64_t seed, std::uint64_t run_index,
                  ProgressReporter* progress) {
  RunOptions options;
  options.progress = progress;
  return RunOnce(prepared, seed, run_index, options);
}

RunResult RunOnce(const PreparedScenario& prepared, std::uint64_t seed, std::uint64_t run_index,
                  const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  RunResult out;
  out.seed = seed;
  out.run_index = run_index;
  RunOptions opt = options;
  opt.threads = std::max(1, opt.threads);
  // A fork/join costs microseconds (far more on a loaded machine) and a tick holds several:
  // a run with few objects has too little work per tick to gain, and stays on one thread.
  if (2 * prepared.scenario->threats.size() < opt.min_objects_for_threads) opt.threads = 1;
  Runner runner(prepared, opt, out);
  runner.Build();
  runner.Run(opt.progress);
  if (opt.progress) opt.progress->Finish(out.end_time_s);
  out.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace bmd::sim
