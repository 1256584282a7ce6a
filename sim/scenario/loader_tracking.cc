// Section "tracking": tracker and node-fusion settings (all optional; defaults are those of
// TrackingConfig in scenario.h).
#include <fmt/format.h>

#include <charconv>

#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/loader_sections.h"

namespace bmd::sim {
namespace {

// Gate probabilities: chi-square gates are set at 0.9 .. 0.99999 in practice; 0 and 1 would
// mean an empty or an infinite gate.
constexpr Bounds kProbability{0.0, 1.0, true, true};

std::optional<int> SmallInt(std::string_view text) {
  int v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || v < 0) {
    return std::nullopt;
  }
  return v;
}

// "3/4" or {m: 3, n: 4}: 1 <= M <= N <= kMaxConfirmWindow.
void ReadConfirm(DocContext& doc, const YAML::Node& node, const std::string& path,
                 TrackingConfig& tracking) {
  constexpr int kMaxN = ScenarioLimits::kMaxConfirmWindow;
  std::optional<std::uint64_t> m_value, n_value;
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    const std::size_t slash = s.find('/');
    std::optional<int> mm, nn;
    if (slash != std::string::npos) {
      mm = SmallInt(std::string_view(s).substr(0, slash));
      nn = SmallInt(std::string_view(s).substr(slash + 1));
    }
    if (!mm || !nn) {
      doc.Error(node, path,
                "expected M-of-N confirmation as 'M/N' (e.g. '3/4') or {m: 3, n: 4}; got " +
                    Quote(s));
      return;
    }
    m_value = static_cast<std::uint64_t>(*mm);
    n_value = static_cast<std::uint64_t>(*nn);
  } else {
    static constexpr std::string_view kKeys[] = {"m", "n"};
    MapReader r(doc, node, path, kKeys);
    if (!r.ok()) return;
    m_value = r.Unsigned("m", Presence::kRequired);
    n_value = r.Unsigned("n", Presence::kRequired);
    if (!m_value || !n_value) return;
  }
  const bool ok = *m_value >= 1 && *n_value >= 1 && *m_value <= *n_value &&
                  *n_value <= static_cast<std::uint64_t>(kMaxN);
  if (!Require(ok, doc, node, path,
               fmt::format("confirmation {}/{} is impossible: need 1 <= M <= N <= {} (M "
                           "detections in the last N looks)",
                           *m_value, *n_value, kMaxN))) {
    return;
  }
  tracking.confirm_m = static_cast<int>(*m_value);
  tracking.confirm_n = static_cast<int>(*n_value);
}

}  // namespace

void ConvertTrackingSection(LoadState& state, const YAML::Node& section, const std::string& path) {
  static constexpr std::string_view kKeys[] = {
      "filter",        "gate_probability", "confirm",        "max_misses",
      "max_coast",     "process_noise",    "fusion_interval", "fusion_gate_probability",
      "cueing",        "registration_correction"};
  static constexpr std::string_view kFilters[] = {"ekf", "ukf", "imm"};
  DocContext& doc = state.doc;
  MapReader m(doc, section, path, kKeys);
  if (!m.ok()) return;
  TrackingConfig& t = state.scenario.tracking;
  if (auto f = m.Choice("filter", kFilters)) t.filter = std::string(kFilters[*f]);
  if (auto v = RangedQuantity(m, "gate_probability", Dimension::kRatio, kProbability)) {
    t.gate_probability = *v;
  }
  if (const YAML::Node* c = m.Get("confirm")) ReadConfirm(doc, *c, m.PathOf("confirm"), t);
  if (auto v = m.Unsigned("max_misses")) {
    if (Require(*v >= 1 && *v <= 1000, doc, *m.Get("max_misses"), m.PathOf("max_misses"),
                fmt::format("max_misses must be within [1, 1000]; got {}", *v))) {
      t.max_misses = static_cast<int>(*v);
    }
  }
  if (auto v = RangedQuantity(m, "max_coast", Dimension::kTime, Bounds{0.0, 3600.0, true, false})) {
    t.max_coast_s = *v;
  }
  // q of a white-acceleration model: 1e6 m^2/s^3 is a 1 km/s^2 random walk per second.
  if (auto v = RangedQuantity(m, "process_noise", Dimension::kSpectralDensity,
                              Bounds{0.0, 1e6, true, false})) {
    t.process_noise = *v;
  }
  if (auto v = m.Quantity("fusion_interval", Dimension::kTime)) {
    const YAML::Node& at = *m.Get("fusion_interval");
    const std::string p = m.PathOf("fusion_interval");
    bool ok = Require(*v > 0.0, doc, at, p,
                      fmt::format("fusion_interval must be > 0; got {}",
                                  FormatQuantity(*v, Dimension::kTime)));
    if (ok && state.tick_s) {
      ok = Require(*v >= *state.tick_s, doc, at, p,
                   fmt::format("fusion_interval ({}) must be at least the tick ({})",
                               FormatQuantity(*v, Dimension::kTime),
                               FormatQuantity(*state.tick_s, Dimension::kTime)));
    }
    if (ok && state.duration_s) {
      ok = Require(*v <= *state.duration_s, doc, at, p,
                   fmt::format("fusion_interval ({}) must not exceed the duration ({})",
                               FormatQuantity(*v, Dimension::kTime),
                               FormatQuantity(*state.duration_s, Dimension::kTime)));
    }
    if (ok) t.fusion_interval_s = *v;
  }
  if (auto v = RangedQuantity(m, "fusion_gate_probability", Dimension::kRatio, kProbability)) {
    t.fusion_gate_probability = *v;
  }
  if (auto v = m.Switch("cueing")) t.cueing = *v;
  if (auto v = m.Switch("registration_correction")) t.registration_correction = *v;
}

}  // namespace bmd::sim
