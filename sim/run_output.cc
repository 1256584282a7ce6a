#include "sim/run_output.h"

#include <algorithm>
#include <numeric>

#include "sim/io/attributes.h"
#include "sim/io/output_file.h"
#include "sim/io/provenance.h"
#include "sim/io/table.h"
#include "sim/run_output_interop.h"
#include "sim/run_output_sensing.h"

namespace bmd::sim {
namespace {

using io::Column;
using earth::kRadToDeg;

std::string ShapingName(const flight::Shaping& s) {
  switch (s.kind) {
    case flight::ShapingKind::kMinimumEnergy: return "minimum_energy";
    case flight::ShapingKind::kApogee:
      return std::string(s.lofted ? "lofted" : "depressed") + " apogee " +
             std::to_string(static_cast<long>(s.apogee_m / 1e3)) + " km";
    case flight::ShapingKind::kFlightTime:
      return std::string(s.lofted ? "lofted" : "depressed") + " flight time " +
             std::to_string(static_cast<long>(s.flight_time_s)) + " s";
  }
  return "?";
}

void WriteScenarioGroup(io::Group& root, const Scenario& sc) {
  io::Group g = root.CreateGroup("scenario");
  io::WriteStringAttribute(g.id(), "name", sc.name);
  io::WriteStringAttribute(g.id(), "description", sc.description);
  io::WriteStringAttribute(g.id(), "start_utc", sc.start_utc);
  io::WriteDoubleAttribute(g.id(), "duration_s", sc.duration_s);
  io::WriteDoubleAttribute(g.id(), "tick_s", sc.tick_s);
  io::WriteStringAttribute(g.id(), "source_path", sc.source_path);
  io::WriteTextBlob(g, "yaml", sc.yaml_text, "scenario file text, exactly as loaded");
}

void WriteEntities(io::Group& root, const PreparedScenario& p, const RunResult& r) {
  const Scenario& sc = *p.scenario;
  io::Group g = root.CreateGroup("entities");
  {
    std::vector<std::string> id, name;
    for (const auto& n : sc.nations) {
      id.push_back(n.id);
      name.push_back(n.name);
    }
    const Column cols[] = {Column::String("id", id, "nation code"),
                           Column::String("name", name, "nation name")};
    if (!id.empty()) io::WriteTable(g, "nations", "nations of the scenario", cols);
  }
  {
    const auto n = sc.threats.size();
    std::vector<std::int64_t> idx(n);
    std::iota(idx.begin(), idx.end(), 0);
    std::vector<std::string> id, type, aim_asset, shaping;
    std::vector<double> llat, llon, lalt, lt, alat, alon, az, range, tof, apogee, miss;
    for (std::size_t i = 0; i < n; ++i) {
      const auto& t = sc.threats[i];
      const auto& info = p.targeting[i];
      id.push_back(t.id);
      type.push_back(sc.threat_types[static_cast<std::size_t>(t.type_index)].name);
      aim_asset.push_back(t.aim_asset);
      shaping.push_back(ShapingName(t.shaping));
      llat.push_back(t.launch.lat_rad * kRadToDeg);
      llon.push_back(t.launch.lon_rad * kRadToDeg);
      lalt.push_back(t.launch.alt_m);
      lt.push_back(t.launch_time_s);
      alat.push_back(t.aim.lat_rad * kRadToDeg);
      alon.push_back(t.aim.lon_rad * kRadToDeg);
      az.push_back(info.launch_azimuth_rad * kRadToDeg);
      range.push_back(info.ground_range_m);
      tof.push_back(info.predicted_flight_time_s);
      apogee.push_back(info.predicted_apogee_m);
      miss.push_back(info.predicted_miss_m);
    }
    const Column cols[] = {
        Column::Int64("threat_index", idx, "", "index of the threat in scenario order"),
        Column::String("id", id, "threat id from the scenario"),
        Column::String("type", type, "catalog threat type"),
        Column::Float64("launch_lat_deg", llat, "deg", "launch point geodetic latitude"),
        Column::Float64("launch_lon_deg", llon, "deg", "launch point longitude"),
        Column::Float64("launch_alt_m", lalt, "m", "launch point height above the surface"),
        Column::Float64("launch_time_s", lt, "s", "launch time since scenario start"),
        Column::Float64("aim_lat_deg", alat, "deg", "aim point geodetic latitude"),
        Column::Float64("aim_lon_deg", alon, "deg", "aim point longitude"),
        Column::String("aim_asset", aim_asset, "defended asset aimed at, empty if a point"),
        Column::String("shaping", shaping, "trajectory shaping"),
        Column::Float64("launch_azimuth_deg", az, "deg", "launch azimuth found by targeting"),
        Column::Float64("ground_range_m", range, "m", "geodesic launch-to-aim distance"),
        Column::Float64("planned_flight_time_s", tof, "s", "flight time of the targeting solution"),
        Column::Float64("planned_apogee_m", apogee, "m", "apogee height of the targeting solution"),
        Column::Float64("planned_miss_m", miss, "m",
                        "impact-to-aim distance of the targeting solution (full dynamics)"),
    };
    if (n > 0) io::WriteTable(g, "threats", "threat launches and their targeting solutions", cols);
  }
  {
    std::vector<std::int64_t> oid, tidx;
    std::vector<std::string> name, kind, nation;
    for (const auto& o : r.objects) {
      oid.push_back(o.id);
      name.push_back(o.name);
      kind.push_back(ToString(o.kind));
      tidx.push_back(o.threat);
      nation.push_back("");
    }
    for (const auto& e : r.battle.engagements) {
      const auto& fu = sc.fire_units[static_cast<std::size_t>(e.fire_unit)];
      oid.push_back(e.interceptor_id);
      name.push_back(fu.id + "/interceptor-" + std::to_string(e.interceptor_id));
      kind.push_back("interceptor");
      tidx.push_back(-1);
      nation.push_back(fu.nation);
    }
    const Column cols[] = {
        Column::Int64("object_id", oid, "", "truth object id (used by /truth and /events)"),
        Column::String("name", name, "object name: <threat id>/rv or <threat id>/booster"),
        Column::String("kind", kind, "rv | booster | interceptor"),
        Column::Int64("threat_index", tidx, "", "threat the object belongs to, -1 if none"),
        Column::String("nation", nation, "owner nation for defensive objects, empty for threats"),
    };
    if (!oid.empty()) io::WriteTable(g, "objects", "truth objects", cols);
  }
  {
    const auto n = sc.assets.size();
    std::vector<std::int64_t> idx(n);
    std::iota(idx.begin(), idx.end(), 0);
    std::vector<std::string> id, owner;
    std::vector<double> lat, lon, alt, radius, value;
    for (const auto& a : sc.assets) {
      id.push_back(a.id);
      owner.push_back(a.owner);
      lat.push_back(a.at.lat_rad * kRadToDeg);
      lon.push_back(a.at.lon_rad * kRadToDeg);
      alt.push_back(a.at.alt_m);
      radius.push_back(a.radius_m);
      value.push_back(a.value);
    }
    const Column cols[] = {
        Column::Int64("asset_index", idx, "", "index of the asset in scenario order"),
        Column::String("id", id, "asset id"), Column::String("owner", owner, "owner nation"),
        Column::Float64("lat_deg", lat, "deg", "geodetic latitude"),
        Column::Float64("lon_deg", lon, "deg", "longitude"),
        Column::Float64("alt_m", alt, "m", "height above the surface"),
        Column::Float64("radius_m", radius, "m", "defended radius"),
        Column::Float64("value", value, "1", "relative value"),
    };
    if (n > 0) io::WriteTable(g, "assets", "defended assets", cols);
  }
}

void WriteTruth(io::Group& root, const Scenario& sc, const RunResult& r) {
  TruthColumns t = r.truth;
  std::vector<std::string> phase;
  phase.reserve(t.size());
  for (auto p : t.phase) phase.push_back(ToString(static_cast<RecordedPhase>(p)));
  for (const auto& s : r.battle.truth) {
    const auto g = earth::EcefToGeodetic(s.r, sc.earth.shape);
    t.t_s.push_back(s.t_s); t.object_id.push_back(s.id);
    t.x.push_back(s.r.x()); t.y.push_back(s.r.y()); t.z.push_back(s.r.z());
    t.vx.push_back(s.v.x()); t.vy.push_back(s.v.y()); t.vz.push_back(s.v.z());
    t.lat_deg.push_back(g.lat_rad * kRadToDeg); t.lon_deg.push_back(g.lon_rad * kRadToDeg);
    t.alt_m.push_back(g.alt_m); t.speed.push_back(s.v.norm());
    phase.push_back("interceptor");
  }
  const Column cols[] = {
      Column::Float64("t_s", t.t_s, "s", "time since scenario start"),
      Column::Int64("object_id", t.object_id, "", "truth object id (/entities/objects)"),
      Column::Float64("x_m", t.x, "m", "ECEF x"), Column::Float64("y_m", t.y, "m", "ECEF y"),
      Column::Float64("z_m", t.z, "m", "ECEF z"),
      Column::Float64("vx_m_s", t.vx, "m/s", "ECEF velocity x (relative to the rotating Earth)"),
      Column::Float64("vy_m_s", t.vy, "m/s", "ECEF velocity y"),
      Column::Float64("vz_m_s", t.vz, "m/s", "ECEF velocity z"),
      Column::Float64("lat_deg", t.lat_deg, "deg", "geodetic latitude"),
      Column::Float64("lon_deg", t.lon_deg, "deg", "longitude"),
      Column::Float64("alt_m", t.alt_m, "m", "height above the surface (scenario earth shape)"),
      Column::Float64("speed_m_s", t.speed, "m/s", "speed relative to the rotating Earth"),
      Column::String("phase", phase, "boost | midcourse | terminal | impacted | interceptor"),
  };
  io::WriteTable(root, "truth",
                 "truth states of every flying object, sampled at the record interval and at "
                 "impact",
                 cols);
}

void WriteEngagements(io::Group& root, const Scenario& sc, const RunResult& r) {
  const auto& es = r.battle.engagements;
  if (!es.empty()) {
    std::vector<double> dt, plat, plon, palt, lt, pit, it, miss;
    std::vector<std::int32_t> fu, node;
    std::vector<std::int64_t> iid, trk, truth, threat;
    std::vector<std::string> fu_id, result, ka;
    std::vector<bool> dup;
    for (const auto& e : es) {
      dup.push_back(e.duplicate);
      const auto g = earth::EcefToGeodetic(e.pip_ecef, sc.earth.shape);
      dt.push_back(e.decision_t_s); fu.push_back(e.fire_unit); node.push_back(e.node);
      fu_id.push_back(sc.fire_units[static_cast<std::size_t>(e.fire_unit)].id);
      iid.push_back(e.interceptor_id); trk.push_back(e.target_track); truth.push_back(e.truth_id);
      threat.push_back(e.threat);
      plat.push_back(g.lat_rad * kRadToDeg); plon.push_back(g.lon_rad * kRadToDeg); palt.push_back(g.alt_m);
      lt.push_back(e.launch_t_s); pit.push_back(e.planned_intercept_t_s); it.push_back(e.intercept_t_s);
      result.push_back(e.result); miss.push_back(e.miss_m); ka.push_back(e.ka_result);
    }
    const Column cols[] = {
        Column::Float64("decision_t_s", dt, "s", "battle-manager decision time"),
        Column::Int32("fire_unit", fu, "", "fire unit index (scenario order)"),
        Column::String("fire_unit_id", fu_id, "fire unit id"),
        Column::Int32("node_index", node, "", "deciding node"),
        Column::Int64("interceptor_id", iid, "", "interceptor object id (/entities/objects, /truth)"),
        Column::Int64("target_track_id", trk, "", "network track number engaged at the node"),
        Column::Int64("truth_id", truth, "", "truth object the track followed (scoring only)"),
        Column::Int64("threat_index", threat, "", "threat of that object (-1: none)"),
        Column::Float64("pip_lat_deg", plat, "deg", "predicted intercept point latitude"),
        Column::Float64("pip_lon_deg", plon, "deg", "predicted intercept point longitude"),
        Column::Float64("pip_alt_m", palt, "m", "predicted intercept point height"),
        Column::Float64("launch_t_s", lt, "s", "interceptor launch time"),
        Column::Float64("planned_intercept_t_s", pit, "s", "intercept time of the PIP solution"),
        Column::Float64("intercept_t_s", it, "s", "time of closest approach (NaN: none)"),
        Column::String("result", result, "kill | miss | ground_impact | timeout | in_flight"),
        Column::Float64("miss_distance_m", miss, "m", "distance at the exact closest approach"),
        Column::String("ka_result", ka, "kill assessment reported: kill | no_kill | empty"),
        Column::Bool("duplicate", dup,
                     "another node's interceptor was in flight at the same object at launch (scoring)"),
    };
    io::WriteTable(root, "engagements", "every interceptor launched (one row per interceptor)", cols);
  }
  const auto& inv = r.battle.inventory;
  if (!inv.empty()) {
    std::vector<double> t;
    std::vector<std::int32_t> fu, rem;
    std::vector<std::string> fu_id;
    for (const auto& s : inv) {
      t.push_back(s.t_s); fu.push_back(s.fire_unit); rem.push_back(s.remaining);
      fu_id.push_back(sc.fire_units[static_cast<std::size_t>(s.fire_unit)].id);
    }
    const Column cols[] = {
        Column::Float64("t_s", t, "s", "time of the change"), Column::Int32("fire_unit", fu, "", "fire unit index"),
        Column::String("fire_unit_id", fu_id, "fire unit id"),
        Column::Int32("remaining", rem, "1", "interceptors left after the change"),
    };
    io::WriteTable(root, "inventory", "fire-unit inventory over time (t = 0 rows, then one per launch)", cols);
  }
  if (!sc.fire_units.empty()) {
    io::Group outcomes = root.OpenGroup("outcomes");
    std::vector<std::string> id, nation, type;
    std::vector<std::int64_t> shots, kills, left;
    for (std::size_t u = 0; u < sc.fire_units.size(); ++u) {
      const auto& fu = sc.fire_units[u];
      id.push_back(fu.id);
      nation.push_back(fu.nation);
      type.push_back(sc.interceptor_types[static_cast<std::size_t>(fu.type_index)].name);
      std::int64_t n = 0, k = 0, rem = fu.inventory;
      for (const auto& e : es) {
        if (e.fire_unit != static_cast<int>(u)) continue;
        ++n;
        if (e.result == "kill") ++k;
      }
      for (const auto& smp : inv) {
        if (smp.fire_unit == static_cast<int>(u)) rem = smp.remaining;
      }
      shots.push_back(n);
      kills.push_back(k);
      left.push_back(rem);
    }
    const Column cols[] = {
        Column::String("id", id, "fire unit id"), Column::String("nation", nation, "owner nation"),
        Column::String("type", type, "interceptor type"),
        Column::Int64("shots", shots, "1", "interceptors launched"),
        Column::Int64("kills", kills, "1", "interceptors that destroyed their target object"),
        Column::Int64("inventory_left", left, "1", "interceptors left at the end of the run"),
    };
    io::WriteTable(outcomes, "fire_units", "per fire unit: shots, kills and remaining inventory", cols);
  }
}

void WriteEvents(io::Group& root, const RunResult& r) {
  std::vector<std::size_t> order(r.events.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return r.events[a].t_s < r.events[b].t_s;
  });
  std::vector<double> t, lat, lon, alt;
  std::vector<std::int64_t> oid;
  std::vector<std::string> kind, detail;
  for (auto i : order) {
    const auto& e = r.events[i];
    t.push_back(e.t_s);
    oid.push_back(e.object_id);
    kind.push_back(e.kind);
    lat.push_back(e.lat_deg);
    lon.push_back(e.lon_deg);
    alt.push_back(e.alt_m);
    detail.push_back(e.detail);
  }
  const Column cols[] = {
      Column::Float64("t_s", t, "s", "exact event time since scenario start"),
      Column::Int64("object_id", oid, "", "truth object id"),
      Column::String("kind", kind, "launch | staging | burnout | separation | apogee | impact"),
      Column::Float64("lat_deg", lat, "deg", "geodetic latitude at the event"),
      Column::Float64("lon_deg", lon, "deg", "longitude at the event"),
      Column::Float64("alt_m", alt, "m", "height at the event"),
      Column::String("detail", detail, "human-readable detail"),
  };
  if (!t.empty()) io::WriteTable(root, "events", "events in time order", cols);
}

void WriteOutcomes(io::Group& root, const PreparedScenario& p, const RunResult& r) {
  const Scenario& sc = *p.scenario;
  io::Group g = root.CreateGroup("outcomes");
  const auto n = r.threats.size();
  if (n > 0) {
    std::vector<std::int64_t> idx(n);
    std::iota(idx.begin(), idx.end(), 0);
    std::vector<std::string> id, asset, status;
    std::vector<double> it, ilat, ilon, miss, apo, apot, bot, bos, tof;
    std::vector<std::uint8_t> impacted, intercepted, leaked;
    for (std::size_t i = 0; i < n; ++i) {
      const auto& o = r.threats[i];
      id.push_back(sc.threats[i].id);
      impacted.push_back(o.impacted);
      it.push_back(o.impacted ? o.impact_time_s : std::nan(""));
      ilat.push_back(o.impacted ? o.impact_lat_deg : std::nan(""));
      ilon.push_back(o.impacted ? o.impact_lon_deg : std::nan(""));
      miss.push_back(o.impacted ? o.miss_from_aim_m : std::nan(""));
      apo.push_back(o.apogee_alt_m);
      apot.push_back(o.apogee_time_s);
      bot.push_back(o.burnout_time_s);
      bos.push_back(o.burnout_speed_m_s);
      tof.push_back(o.impacted ? o.flight_time_s : std::nan(""));
      asset.push_back(o.asset_hit >= 0 ? sc.assets[static_cast<std::size_t>(o.asset_hit)].id : "");
      intercepted.push_back(o.intercepted);
      leaked.push_back(o.leaked);
      status.push_back(o.engagement_status);
    }
    const Column cols[] = {
        Column::Int64("threat_index", idx, "", "threat index"),
        Column::String("id", id, "threat id"),
        Column::UInt8("impacted", impacted, "", "1 if the reentry vehicle reached the ground"),
        Column::Float64("impact_time_s", it, "s", "impact time (NaN if none)"),
        Column::Float64("impact_lat_deg", ilat, "deg", "impact latitude (NaN if none)"),
        Column::Float64("impact_lon_deg", ilon, "deg", "impact longitude (NaN if none)"),
        Column::Float64("miss_from_aim_m", miss, "m", "geodesic impact-to-aim distance"),
        Column::Float64("apogee_alt_m", apo, "m", "apogee height of the reentry vehicle"),
        Column::Float64("apogee_time_s", apot, "s", "apogee time"),
        Column::Float64("burnout_time_s", bot, "s", "thrust end time"),
        Column::Float64("burnout_speed_m_s", bos, "m/s", "speed at thrust end (ECEF)"),
        Column::Float64("flight_time_s", tof, "s", "launch to impact"),
        Column::String("asset_hit", asset, "defended asset whose radius contains the impact"),
        Column::UInt8("intercepted", intercepted, "", "1 if intercepted"),
        Column::UInt8("leaked", leaked, "", "1 if it reached impact without being intercepted"),
        Column::String("engagement_status", status,
                       "engaged | unengageable (threatened an asset, no fire unit could reach it) | "
                       "not_threatening | not_evaluated | empty (no fire units)"),
    };
    io::WriteTable(g, "threats", "per-threat outcome", cols);
  }
  if (!sc.assets.empty()) {
    std::vector<std::int64_t> idx, hits;
    std::vector<std::string> id;
    std::vector<std::uint8_t> hit;
    for (std::size_t a = 0; a < sc.assets.size(); ++a) {
      idx.push_back(static_cast<std::int64_t>(a));
      id.push_back(sc.assets[a].id);
      hits.push_back(r.asset_hits[a]);
      hit.push_back(r.asset_hits[a] > 0);
    }
    const Column cols[] = {
        Column::Int64("asset_index", idx, "", "asset index"), Column::String("id", id, "asset id"),
        Column::UInt8("hit", hit, "", "1 if any reentry vehicle impacted inside its radius"),
        Column::Int64("hits", hits, "1", "reentry vehicles that impacted inside its radius"),
    };
    io::WriteTable(g, "assets", "per-asset outcome", cols);
  }
}

void WriteSummary(io::Group& root, const RunResult& r) {
  io::Group g = root.CreateGroup("summary");
  io::WriteInt64Attribute(g.id(), "threats", static_cast<std::int64_t>(r.threats.size()));
  io::WriteInt64Attribute(g.id(), "impacts", r.impacts);
  io::WriteInt64Attribute(g.id(), "leakers", r.leakers);
  io::WriteInt64Attribute(g.id(), "assets_hit", r.assets_hit);
  io::WriteInt64Attribute(g.id(), "intercepts", r.intercepts);
  io::WriteInt64Attribute(g.id(), "engagements", static_cast<std::int64_t>(r.battle.engagements.size()));
  io::WriteInt64Attribute(g.id(), "interceptors_used", r.interceptors_used);
  io::WriteDoubleAttribute(g.id(), "end_time_s", r.end_time_s);
  io::WriteDoubleAttribute(g.id(), "wall_time_s", r.wall_time_s);
}

}  // namespace

void WriteRunFile(const std::string& path, const PreparedScenario& p, const RunResult& r,
                  const OutputContext& ctx) {
  auto file = io::OutputFile::Create(path);
  io::Group meta = io::WriteProvenance(file, io::Provenance{ctx.command_line, r.seed});
  io::WriteStringAttribute(meta.id(), "file_kind", "run");
  io::WriteUInt64Attribute(meta.id(), "run_index", r.run_index);
  io::Group root = file.Root();
  WriteScenarioGroup(root, *p.scenario);
  WriteEntities(root, p, r);
  WriteSensingGroups(root, p, r);
  WriteTruth(root, *p.scenario, r);
  WriteEvents(root, r);
  WriteOutcomes(root, p, r);
  WriteEngagements(root, *p.scenario, r);
  WriteInteropGroups(root, p, r);
  WriteSummary(root, r);
  file.Commit();
}

}  // namespace bmd::sim
