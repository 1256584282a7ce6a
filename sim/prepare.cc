#include "sim/prepare.h"

#include <fmt/format.h>

#include <chrono>
#include <exception>
#include <stdexcept>

#include "models/flight/targeting.h"
#include "sim/scenario/scenario_error.h"

namespace bmd::sim {

interop::SharingPolicyConfig ResolveSharing(const SharingConfig& cfg, const interop::NationTable& nations) {
  interop::SharingPolicyConfig out;
  out.own_nation_always_allowed = true;
  switch (cfg.architecture) {
    case SharingArchitecture::kNational:
      out.default_release = interop::Release::Deny();
      break;
    case SharingArchitecture::kTrilateral:
      out.default_release = interop::Release::Allow();
      break;
    case SharingArchitecture::kBilateral: {
      const interop::NationSet hub = nations.Resolve(cfg.hub);
      if (hub == 0) throw std::invalid_argument("sharing.hub: unknown nation '" + cfg.hub + "'");
      out.default_release = interop::Release::Deny();
      out.rules.push_back({hub, interop::kAllNations, interop::kAllDataClasses, interop::Release::Allow()});
      out.rules.push_back({interop::kAllNations, hub, interop::kAllDataClasses, interop::Release::Allow()});
      break;
    }
    case SharingArchitecture::kCustom:
      out.default_release = cfg.default_release;
      for (const auto& r : cfg.rules) {
        out.rules.push_back({nations.ResolveAll(r.from), nations.ResolveAll(r.to), r.classes, r.release});
      }
      break;
  }
  return out;
}

PreparedScenario Prepare(std::shared_ptr<const Scenario> scenario) {
  const Scenario& sc = *scenario;
  const auto n = static_cast<std::int64_t>(sc.threats.size());
  std::vector<flight::TargetingResult> results(sc.threats.size());
  std::vector<double> seconds(sc.threats.size(), 0.0);
  std::vector<std::string> failures(sc.threats.size());

  // Threats are independent: solve them in parallel. Each result depends only on its own
  // inputs, so the outcome is identical for any thread count.
#pragma omp parallel for schedule(dynamic, 1)
  for (std::int64_t i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(i);
    const auto& t = sc.threats[k];
    const auto start = std::chrono::steady_clock::now();
    try {
      results[k] = flight::SolveTargeting(sc.threat_types[static_cast<std::size_t>(t.type_index)],
                                          sc.earth, t.launch, t.launch_time_s, t.aim, t.shaping);
      if (!results[k].ok) failures[k] = results[k].reason;
    } catch (const std::exception& e) {
      failures[k] = e.what();
    }
    seconds[k] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  DiagnosticSink sink;
  for (std::size_t k = 0; k < failures.size(); ++k) {
    if (failures[k].empty()) continue;
    sink.Add(Diagnostic{sc.source_path, 0, 0, fmt::format("threats[{}]", k),
                        fmt::format("threat '{}' cannot be targeted: {}", sc.threats[k].id,
                                    failures[k])});
  }
  sink.ThrowIfAny();

  PreparedScenario p;
  p.scenario = std::move(scenario);
  p.plans.reserve(results.size());
  for (std::size_t k = 0; k < results.size(); ++k) {
    const auto& r = results[k];
    p.plans.push_back(r.plan);
    p.targeting.push_back(TargetingInfo{r.params.azimuth_rad, r.range_m, r.flight_time_s,
                                        r.apogee_alt_m, r.miss_m, seconds[k]});
  }
  // Interceptor models and flyout envelopes (tens to hundreds of ms per type): once per
  // scenario, shared read-only by every run.
  const auto nt = static_cast<std::int64_t>(sc.interceptor_types.size());
  p.interceptor_models.resize(sc.interceptor_types.size());
  p.envelopes.resize(sc.interceptor_types.size());
  std::vector<std::string> type_errors(sc.interceptor_types.size());
#pragma omp parallel for schedule(dynamic, 1)
  for (std::int64_t i = 0; i < nt; ++i) {
    const auto k = static_cast<std::size_t>(i);
    try {
      p.interceptor_models[k] = guidance::MakeInterceptorModel(sc.interceptor_types[k], sc.earth);
      p.envelopes[k] = std::make_shared<const guidance::FlyoutEnvelope>(
          guidance::FlyoutEnvelope::Build(p.interceptor_models[k]));
    } catch (const std::exception& e) {
      type_errors[k] = e.what();
    }
  }
  DiagnosticSink types_sink;
  for (std::size_t k = 0; k < type_errors.size(); ++k) {
    if (!type_errors[k].empty()) {
      types_sink.Add(Diagnostic{sc.source_path, 0, 0, "interceptor type " + sc.interceptor_types[k].name,
                                type_errors[k]});
    }
  }
  types_sink.ThrowIfAny();

  // Interoperability tables. Network track management keys sources (sensors, then nodes as
  // remote reporters) by a 64-bit mask.
  if (sc.sensors.size() + sc.nodes.size() > 64) {
    DiagnosticSink s64;
    s64.Add(Diagnostic{sc.source_path, 0, 0, "sensors",
                       fmt::format("at most 64 sensors and nodes together are supported (network "
                                   "track sources); the scenario has {} sensors and {} nodes",
                                   sc.sensors.size(), sc.nodes.size())});
    s64.ThrowIfAny();
  }
  for (const auto& n : sc.nations) p.nations.AddNation(n.id, n.alliances);
  auto nation_of = [&](const std::string& id) {
    interop::NationId k = p.nations.Find(id);
    if (k < 0) k = p.nations.AddNation(id);  // scenarios without a nations section
    return k;
  };
  for (const auto& s : sc.sensors) p.sensor_nation.push_back(nation_of(s.nation));
  for (const auto& n : sc.nodes) p.node_nation.push_back(nation_of(n.nation));
  for (const auto& u : sc.fire_units) p.unit_nation.push_back(nation_of(u.nation));
  try {
    p.sharing = ResolveSharing(sc.sharing, p.nations);
  } catch (const std::invalid_argument& e) {
    DiagnosticSink ss;
    ss.Add(Diagnostic{sc.source_path, 0, 0, "sharing", e.what()});
    ss.ThrowIfAny();
  }
  return p;
}

}  // namespace bmd::sim
