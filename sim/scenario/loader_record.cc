// Section "record": what goes into the HDF5 output and how densely.
#include <fmt/format.h>

#include "sim/scenario/loader_sections.h"

namespace bmd::sim {

void ConvertRecordSection(LoadState& state, const YAML::Node& section, const std::string& path) {
  static constexpr std::string_view kKeys[] = {"truth"};
  MapReader m(state.doc, section, path, kKeys);
  if (!m.ok()) return;
  if (auto truth = m.Quantity("truth", Dimension::kTime)) {
    const YAML::Node& at = *m.Get("truth");
    const std::string p = m.PathOf("truth");
    bool ok = Require(*truth > 0.0, state.doc, at, p,
                      fmt::format("truth interval must be > 0; got {}",
                                  FormatQuantity(*truth, Dimension::kTime)));
    if (ok && state.tick_s) {
      ok = Require(*truth >= *state.tick_s, state.doc, at, p,
                   fmt::format("truth interval ({}) must be at least the tick ({})",
                               FormatQuantity(*truth, Dimension::kTime),
                               FormatQuantity(*state.tick_s, Dimension::kTime)));
    }
    if (ok && state.duration_s) {
      ok = Require(*truth <= *state.duration_s, state.doc, at, p,
                   fmt::format("truth interval ({}) must not exceed the duration ({})",
                               FormatQuantity(*truth, Dimension::kTime),
                               FormatQuantity(*state.duration_s, Dimension::kTime)));
    }
    if (ok) state.scenario.record.truth_interval_s = *truth;
  }
}

}  // namespace bmd::sim
