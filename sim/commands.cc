#include "sim/commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "sim/errors.h"
#include "sim/io/sha256.h"
#include "sim/prepare.h"
#include "sim/progress.h"
#include "sim/run_output.h"
#include "sim/scenario/loader.h"
#include "sim/world.h"

namespace bmd::sim {
namespace {

using earth::kRadToDeg;

std::string LatLon(const earth::Geodetic& g) {
  const double lat = g.lat_rad * kRadToDeg, lon = g.lon_rad * kRadToDeg;
  return fmt::format("{:.2f}{} {:.2f}{}", std::abs(lat), lat >= 0 ? 'N' : 'S', std::abs(lon),
                     lon >= 0 ? 'E' : 'W');
}

std::string Duration(double s) {
  if (s >= 60.0) return fmt::format("{:.0f} min {:02.0f} s", std::floor(s / 60.0), std::fmod(s, 60.0));
  return fmt::format("{:.1f} s", s);
}

std::string ShapingText(const flight::Shaping& s) {
  switch (s.kind) {
    case flight::ShapingKind::kMinimumEnergy: return "minimum energy";
    case flight::ShapingKind::kApogee:
      return fmt::format("{} to apogee {:.0f} km", s.lofted ? "lofted" : "depressed", s.apogee_m / 1e3);
    case flight::ShapingKind::kFlightTime:
      return fmt::format("{} to flight time {}", s.lofted ? "lofted" : "depressed",
                         Duration(s.flight_time_s));
  }
  return "?";
}

void PrintScenarioSummary(const PreparedScenario& p) {
  const Scenario& sc = *p.scenario;
  std::printf("Scenario %s\n", sc.name.c_str());
  std::string description = sc.description;
  while (!description.empty() && (description.back() == '\n' || description.back() == ' ')) {
    description.pop_back();
  }
  if (!description.empty()) std::printf("  %s\n", description.c_str());
  std::printf("  file %s (sha256 %s)\n", sc.source_path.c_str(),
              io::Sha256::Hex(sc.yaml_text).substr(0, 16).c_str());
  std::printf("  start %s, duration %s, tick %.0f ms, seed %llu\n", sc.start_utc.c_str(),
              Duration(sc.duration_s).c_str(), sc.tick_s * 1e3,
              static_cast<unsigned long long>(sc.seed));
  std::printf("  earth: %s, rotation %s, J2 %s, atmosphere %s\n",
              sc.earth.shape == earth::Shape::kWgs84 ? "WGS-84" : "sphere",
              sc.earth.rotation ? "on" : "off", sc.earth.j2 ? "on" : "off",
              sc.earth.atmosphere == earth::AtmosphereModel::kUssa1976 ? "US Standard 1976" : "none");
  std::string nations;
  for (const auto& n : sc.nations) nations += (nations.empty() ? "" : ", ") + n.id;
  std::printf("  nations (%zu): %s\n", sc.nations.size(), nations.c_str());
  std::printf("  defended assets (%zu):\n", sc.assets.size());
  for (const auto& a : sc.assets) {
    std::printf("    %-14s %-4s %s  radius %.1f km  value %g\n", a.id.c_str(), a.owner.c_str(),
                LatLon(a.at).c_str(), a.radius_m / 1e3, a.value);
  }
  std::printf("  threat types (%zu):", sc.threat_types.size());
  for (const auto& t : sc.threat_types) {
    std::printf(" %s (%zu stage%s)", t.name.c_str(), t.stages.size(), t.stages.size() > 1 ? "s" : "");
  }
  std::printf("\n  threats (%zu):\n", sc.threats.size());
  for (std::size_t i = 0; i < sc.threats.size(); ++i) {
    const auto& t = sc.threats[i];
    const auto& info = p.targeting[i];
    std::printf("    %-6s %-14s launch %s at %7.1f s -> %-14s %6.0f km, %s; flight %s, apogee %.0f km\n",
                t.id.c_str(), sc.threat_types[static_cast<std::size_t>(t.type_index)].name.c_str(),
                LatLon(t.launch).c_str(), t.launch_time_s,
                (t.aim_asset.empty() ? LatLon(t.aim) : t.aim_asset).c_str(), info.ground_range_m / 1e3,
                ShapingText(t.shaping).c_str(), Duration(info.predicted_flight_time_s).c_str(),
                info.predicted_apogee_m / 1e3);
  }
}

void PrintRunSummary(const PreparedScenario& p, const RunResult& r, const std::string& out) {
  const Scenario& sc = *p.scenario;
  std::printf("\nRun %llu (seed %llu): simulated %s in %.3f s wall\n",
              static_cast<unsigned long long>(r.run_index), static_cast<unsigned long long>(r.seed),
              Duration(r.end_time_s).c_str(), r.wall_time_s);
  std::printf("  %-6s %9s %9s %10s %11s %12s  %s\n", "threat", "impact_s", "flight", "apogee_km",
              "miss_aim_m", "burnout_m_s", "outcome");
  for (std::size_t i = 0; i < r.threats.size(); ++i) {
    const auto& o = r.threats[i];
    std::string outcome = o.intercepted ? "intercepted"
                          : !o.impacted ? "in flight at end"
                          : o.asset_hit >= 0
                              ? "leaked, hit " + sc.assets[static_cast<std::size_t>(o.asset_hit)].id
                              : "leaked, no asset hit";
    if (!o.intercepted && (o.engagement_status == "unengageable" || o.engagement_status == "not_evaluated")) {
      outcome += " (" + o.engagement_status + ")";
    }
    if (o.impacted) {
      std::printf("  %-6s %9.1f %9.1f %10.1f %11.0f %12.0f  %s\n", sc.threats[i].id.c_str(),
                  o.impact_time_s, o.flight_time_s, o.apogee_alt_m / 1e3, o.miss_from_aim_m,
                  o.burnout_speed_m_s, outcome.c_str());
    } else {
      std::printf("  %-6s %9s %9s %10.1f %11s %12.0f  %s\n", sc.threats[i].id.c_str(), "-", "-",
                  o.apogee_alt_m / 1e3, "-", o.burnout_speed_m_s, outcome.c_str());
    }
  }
  std::printf("  threats %zu, impacts %d, leakers %d, assets hit %d of %zu\n", r.threats.size(),
              r.impacts, r.leakers, r.assets_hit, sc.assets.size());
  if (!sc.fire_units.empty()) {
    std::printf("  engagements: %zu interceptors launched, %d threats intercepted\n",
                r.battle.engagements.size(), r.intercepts);
    for (std::size_t u = 0; u < sc.fire_units.size(); ++u) {
      int shots = 0, kills = 0, left = sc.fire_units[u].inventory;
      for (const auto& e : r.battle.engagements) {
        if (e.fire_unit != static_cast<int>(u)) continue;
        ++shots;
        if (e.result == "kill") ++kills;
      }
      for (const auto& s : r.battle.inventory) {
        if (s.fire_unit == static_cast<int>(u)) left = s.remaining;
      }
      std::printf("    %-14s %-18s shots %2d  kills %2d  inventory left %2d\n", sc.fire_units[u].id.c_str(),
                  sc.interceptor_types[static_cast<std::size_t>(sc.fire_units[u].type_index)].name.c_str(), shots,
                  kills, left);
    }
  }
  std::printf("  truth samples %zu, events %zu -> %s\n", r.truth.size(), r.events.size(), out.c_str());
}

}  // namespace

int ValidateCommand(const std::string& scenario_path) {
  auto scenario = std::make_shared<const Scenario>(LoadScenarioFile(scenario_path));
  const PreparedScenario prepared = Prepare(scenario);
  PrintScenarioSummary(prepared);
  std::printf("OK: %s is valid.\n", scenario_path.c_str());
  return 0;
}

int RunCommand(const RunCommandOptions& opts) {
  Scenario loaded = LoadScenarioFile(opts.scenario_path, opts.overrides);
  if (opts.seed) loaded.seed = *opts.seed;
  auto scenario = std::make_shared<const Scenario>(std::move(loaded));

  std::string out = opts.output_path.empty() ? scenario->name + ".h5" : opts.output_path;
  const auto parent = std::filesystem::path(out).parent_path();
  if (!parent.empty() && !std::filesystem::exists(parent)) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) throw InputError(fmt::format("cannot create output directory '{}': {}", parent.string(), ec.message()));
  }
  const std::string dir = parent.empty() ? "." : parent.string();
  if (access(dir.c_str(), W_OK) != 0) {
    throw InputError(fmt::format("output directory '{}' is not writable", dir));
  }

  const PreparedScenario prepared = Prepare(scenario);
  if (!opts.quiet) PrintScenarioSummary(prepared);
  ProgressReporter progress(!opts.quiet, scenario->duration_s, scenario->name);
  RunOptions ro;
  ro.threads = opts.threads;
  ro.progress = &progress;
  const RunResult result = RunOnce(prepared, scenario->seed, opts.run_index, ro);
  WriteRunFile(out, prepared, result, OutputContext{opts.command_line});
  PrintRunSummary(prepared, result, out);
  return 0;
}

}  // namespace bmd::sim
