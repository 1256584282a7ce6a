// Section "platforms": moving carriers (ships, aircraft) of sensors, nodes and fire units,
// [{id, nation, route: [{time, lat, lon[, alt]}, ...]}].
#include <fmt/format.h>

#include <vector>

#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/loader_sections.h"

namespace bmd::sim {

// "unknown nation 'X' (did you mean 'Y'?)" unless `nation` is defined; shared by platforms,
// nodes and sensors.
bool CheckNationReference(LoadState& state, const YAML::Node& at, const std::string& path,
                          const std::string& nation) {
  std::vector<std::string> nation_ids;
  for (const Nation& n : state.scenario.nations) nation_ids.push_back(n.id);
  if (IndexOfId(nation_ids, nation) >= 0) return true;
  std::string hint = DidYouMean(nation, nation_ids);
  if (nation_ids.empty()) hint = " (no nations are defined: add a 'nations' section)";
  state.doc.Error(at, path, "unknown nation " + Quote(nation) + hint);
  return false;
}

void ConvertPlatformsSection(LoadState& state, const YAML::Node& section, const std::string& path) {
  DocContext& doc = state.doc;
  if (!CheckSequence(doc, section, path, ScenarioLimits::kMaxPlatforms, "platforms")) return;
  static constexpr std::string_view kKeys[] = {"id", "nation", "route"};
  static constexpr std::string_view kWaypointKeys[] = {"time", "lat", "lon", "alt"};
  std::size_t index = 0;
  for (const YAML::Node& entry : section) {
    const std::string p = IndexPath(path, index++);
    MapReader m(doc, entry, p, kKeys);
    if (!m.ok()) continue;
    Platform platform;
    if (auto id = m.Id("id", Presence::kRequired)) {
      platform.id = *id;
      state.unit_ids.Add(doc, *m.Get("id"), m.PathOf("id"), *id, "platform");
    }
    if (auto nation = m.Id("nation", Presence::kRequired)) {
      platform.nation = *nation;
      CheckNationReference(state, *m.Get("nation"), m.PathOf("nation"), *nation);
    }
    if (const YAML::Node* route = m.Get("route", Presence::kRequired)) {
      const std::string rp = m.PathOf("route");
      if (CheckSequence(doc, *route, rp, ScenarioLimits::kMaxRouteWaypoints, "waypoints")) {
        if (route->size() == 0) {
          doc.Error(*route, rp, "a route needs at least one waypoint {time, lat, lon}");
        }
        std::optional<double> previous_t;
        bool complete = true;
        for (std::size_t i = 0; i < route->size(); ++i) {
          const YAML::Node w = (*route)[i];
          MapReader wm(doc, w, IndexPath(rp, i), kWaypointKeys);
          if (!wm.ok()) {
            complete = false;
            continue;
          }
          const std::optional<double> t = RangedQuantity(
              wm, "time", Dimension::kTime,
              Bounds{0.0, ScenarioLimits::kMaxDurationS, false, false}, Presence::kRequired);
          const std::optional<earth::Geodetic> at = ReadPositionKeys(wm);
          if (t && previous_t && !(*t > *previous_t)) {
            doc.Error(*wm.Get("time"), wm.PathOf("time"),
                      fmt::format("waypoint times must increase strictly; got {} after {}",
                                  FormatQuantity(*t, Dimension::kTime),
                                  FormatQuantity(*previous_t, Dimension::kTime)));
            complete = false;
          }
          if (t && (!previous_t || *t > *previous_t)) previous_t = t;
          if (t && at) {
            platform.route.push_back(sensors::SiteWaypoint{*t, *at});
          } else {
            complete = false;
          }
        }
        // A partly broken route is not kept: sensors on it would get a wrong path, and the
        // errors above stop the load anyway.
        if (!complete) platform.route.clear();
      }
    }
    state.scenario.platforms.push_back(std::move(platform));
  }
}

}  // namespace bmd::sim
