// Section "scenario": name, time frame, seed, Earth model switches.
#include <fmt/format.h>

#include "sim/scenario/limits.h"
#include "sim/scenario/loader_sections.h"
#include "sim/scenario/utc_time.h"

namespace bmd::sim {
namespace {

void ConvertEarth(LoadState& state, const YAML::Node& node, const std::string& path) {
  static constexpr std::string_view kKeys[] = {"shape", "rotation", "j2", "atmosphere"};
  static constexpr std::string_view kShapes[] = {"wgs84", "sphere"};
  static constexpr std::string_view kAtmospheres[] = {"ussa1976", "none"};
  MapReader m(state.doc, node, path, kKeys);
  if (!m.ok()) return;
  earth::EarthConfig& e = state.scenario.earth;
  if (auto shape = m.Choice("shape", kShapes)) {
    e.shape = *shape == 0 ? earth::Shape::kWgs84 : earth::Shape::kSphere;
  }
  if (auto rotation = m.Switch("rotation")) e.rotation = *rotation;
  if (auto j2 = m.Switch("j2")) e.j2 = *j2;
  if (auto atmosphere = m.Choice("atmosphere", kAtmospheres)) {
    e.atmosphere =
        *atmosphere == 0 ? earth::AtmosphereModel::kUssa1976 : earth::AtmosphereModel::kNone;
  }
}

}  // namespace

void ConvertScenarioSection(LoadState& state, const YAML::Node& section, const std::string& path) {
  static constexpr std::string_view kKeys[] = {"name", "description", "start", "duration",
                                               "tick", "seed",        "earth"};
  MapReader m(state.doc, section, path, kKeys);
  if (!m.ok()) return;
  Scenario& s = state.scenario;
  DocContext& doc = state.doc;

  if (auto name = m.Text("name", Presence::kRequired)) s.name = *name;
  if (auto description = m.Text("description", Presence::kOptional, /*allow_empty=*/true)) {
    s.description = *description;
  }
  if (const YAML::Node* start = m.Get("start", Presence::kRequired)) {
    if (auto text = ReadText(doc, *start, m.PathOf("start"))) {
      std::string error;
      if (auto unix_s = ParseUtcTimestamp(*text, &error)) {
        s.start_utc = *text;
        s.start_unix_s = *unix_s;
      } else {
        doc.Error(*start, m.PathOf("start"), error);
      }
    }
  }
  if (auto duration = m.Quantity("duration", Dimension::kTime, Presence::kRequired)) {
    const YAML::Node& at = *m.Get("duration");
    if (Require(*duration > 0.0 && *duration <= ScenarioLimits::kMaxDurationS, doc, at,
                m.PathOf("duration"),
                fmt::format("duration must be > 0 and at most 24 h; got {}",
                            FormatQuantity(*duration, Dimension::kTime)))) {
      s.duration_s = *duration;
      state.duration_s = *duration;
    }
  }
  if (m.Has("tick")) {
    if (auto tick = m.Quantity("tick", Dimension::kTime)) {
      const YAML::Node& at = *m.Get("tick");
      const std::string p = m.PathOf("tick");
      bool ok = Require(*tick >= ScenarioLimits::kMinTickS, doc, at, p,
                        fmt::format("tick must be at least 1 ms; got {}",
                                    FormatQuantity(*tick, Dimension::kTime)));
      if (ok && state.duration_s) {
        ok = Require(*tick <= *state.duration_s, doc, at, p,
                     fmt::format("tick ({}) must not exceed the duration ({})",
                                 FormatQuantity(*tick, Dimension::kTime),
                                 FormatQuantity(*state.duration_s, Dimension::kTime)));
      }
      if (ok) {
        s.tick_s = *tick;
        state.tick_s = *tick;
      }
    }
  } else {
    state.tick_s = s.tick_s;
  }
  if (auto seed = m.Unsigned("seed")) s.seed = *seed;
  if (const YAML::Node* earth = m.Get("earth")) ConvertEarth(state, *earth, m.PathOf("earth"));
}

}  // namespace bmd::sim
