// Section "engagement": battle-management settings for the whole scenario; every key is
// optional (defaults are those of EngagementConfig in scenario.h).
#include <fmt/format.h>

#include "sim/scenario/limits.h"
#include "sim/scenario/loader_sections.h"

namespace bmd::sim {
namespace {

constexpr Bounds kProbability{0.0, 1.0, false, false};

// decision_interval: > 0, at least one tick, at most the duration.
void ReadDecisionInterval(LoadState& state, MapReader& m, EngagementConfig& e) {
  const auto v = m.Quantity("decision_interval", Dimension::kTime);
  if (!v) return;
  DocContext& doc = m.doc();
  const YAML::Node& at = *m.Get("decision_interval");
  const std::string p = m.PathOf("decision_interval");
  bool ok = Require(*v > 0.0, doc, at, p,
                    fmt::format("decision_interval must be > 0; got {}",
                                FormatQuantity(*v, Dimension::kTime)));
  if (ok && state.tick_s) {
    ok = Require(*v >= *state.tick_s, doc, at, p,
                 fmt::format("decision_interval ({}) must be at least the tick ({})",
                             FormatQuantity(*v, Dimension::kTime),
                             FormatQuantity(*state.tick_s, Dimension::kTime)));
  }
  if (ok && state.duration_s) {
    ok = Require(*v <= *state.duration_s, doc, at, p,
                 fmt::format("decision_interval ({}) must not exceed the duration ({})",
                             FormatQuantity(*v, Dimension::kTime),
                             FormatQuantity(*state.duration_s, Dimension::kTime)));
  }
  if (ok) e.decision_interval_s = *v;
}

}  // namespace

void ConvertEngagementSection(LoadState& state, const YAML::Node& section,
                              const std::string& path) {
  static constexpr std::string_view kKeys[] = {"decision_interval", "kill_assessment",
                                               "share_engagement_status", "wta"};
  static constexpr std::string_view kKillAssessmentKeys[] = {"false_kill", "missed_kill", "delay"};
  static constexpr std::string_view kWta[] = {"exact", "heuristic", "auto"};
  DocContext& doc = state.doc;
  MapReader m(doc, section, path, kKeys);
  if (!m.ok()) return;
  EngagementConfig& e = state.scenario.engagement;
  ReadDecisionInterval(state, m, e);
  if (const YAML::Node* ka = m.Get("kill_assessment")) {
    MapReader k(doc, *ka, m.PathOf("kill_assessment"), kKillAssessmentKeys);
    if (k.ok()) {
      if (auto v = RangedQuantity(k, "false_kill", Dimension::kRatio, kProbability)) {
        e.kill_assessment.false_kill_prob = *v;
      }
      if (auto v = RangedQuantity(k, "missed_kill", Dimension::kRatio, kProbability)) {
        e.kill_assessment.missed_kill_prob = *v;
      }
      // Assessment takes seconds to a minute or two; an hour is a unit mistake.
      if (auto v = RangedQuantity(k, "delay", Dimension::kTime,
                                  Bounds{0.0, 3600.0, false, false})) {
        e.kill_assessment.delay_s = *v;
      }
    }
  }
  if (auto v = m.Switch("share_engagement_status")) e.share_engagement_status = *v;
  if (auto w = m.Choice("wta", kWta)) e.wta = std::string(kWta[*w]);
}

}  // namespace bmd::sim
