// Catalog kind "interceptor_types": notional interceptor classes -> guidance::InterceptorTypeSpec.
// Keys and units are listed in docs/scenario-format.md and in the header comment of
// scenarios/catalog/interceptors.yaml. Each key is read and range-checked here (bounds that
// catch unit mistakes); the model's own consistency rules (thrust-to-weight, control
// parameters matching the control mode, ...) come from guidance::ValidateInterceptorType and
// are reported at the type's name.
#include <fmt/format.h>

#include <array>

#include "models/earth/earth_model.h"
#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/loader_sections.h"

namespace bmd::sim {
namespace {

constexpr double kDeg = earth::kDeg;
constexpr Presence kReq = Presence::kRequired;

// (0, hi] and [0, hi]
constexpr Bounds Positive(double hi) { return Bounds{0.0, hi, true, false}; }
constexpr Bounds NonNegative(double hi) { return Bounds{0.0, hi, false, false}; }

constexpr std::string_view kKeys[] = {"description",
                                      "stages",
                                      "kill_vehicle",
                                      "body_diameter",
                                      "cd",
                                      "control",
                                      "max_lateral_accel",
                                      "min_dynamic_pressure",
                                      "full_control_dynamic_pressure",
                                      "intercept_altitude",
                                      "max_range",
                                      "max_flight_time",
                                      "lethal_radius",
                                      "pk",
                                      "guidance_law",
                                      "navigation_ratio",
                                      "midcourse_guidance_period",
                                      "terminal_guidance_period",
                                      "reaction_time"};
constexpr std::string_view kStageKeys[] = {"propellant_mass", "dry_mass", "isp", "burn_time"};
constexpr std::string_view kKillVehicleKeys[] = {"mass",         "separates",
                                                 "divert_delta_v", "seeker_range",
                                                 "seeker_fov_half_angle", "seeker_angle_noise"};
constexpr std::string_view kAltitudeKeys[] = {"min", "max"};

// Same order as guidance::ControlMode and guidance::GuidanceLawKind.
constexpr std::string_view kControls[] = {"divert", "aerodynamic", "aero_and_divert"};
constexpr guidance::ControlMode kControlModes[] = {guidance::ControlMode::kDivert,
                                                   guidance::ControlMode::kAerodynamic,
                                                   guidance::ControlMode::kAeroAndDivert};
constexpr std::string_view kLaws[] = {"pure_pn", "true_pn", "augmented_pn", "zero_effort_miss"};
constexpr guidance::GuidanceLawKind kLawKinds[] = {
    guidance::GuidanceLawKind::kPurePn, guidance::GuidanceLawKind::kTruePn,
    guidance::GuidanceLawKind::kAugmentedPn, guidance::GuidanceLawKind::kZeroEffortMiss};

void ConvertStage(DocContext& doc, const YAML::Node& node, const std::string& path,
                  flight::StageSpec& stage) {
  MapReader m(doc, node, path, kStageKeys);
  if (!m.ok()) return;
  // Interceptor stages weigh tens of kg to a few t; 100 t only catches unit mistakes. A stage
  // may have no dry mass of its own (a kick motor integral with the kill vehicle).
  if (auto v = RangedQuantity(m, "propellant_mass", Dimension::kMass, Positive(100e3), kReq)) {
    stage.propellant_mass_kg = *v;
  }
  if (auto v = RangedQuantity(m, "dry_mass", Dimension::kMass, NonNegative(100e3), kReq)) {
    stage.dry_mass_kg = *v;
  }
  // Chemical rockets stay below ~470 s vacuum Isp; 1000 s only catches unit mistakes.
  if (auto v = RangedQuantity(m, "isp", Dimension::kTime, Positive(1000.0), kReq)) {
    stage.isp_s = *v;
  }
  if (auto v = RangedQuantity(m, "burn_time", Dimension::kTime, Positive(600.0), kReq)) {
    stage.burn_time_s = *v;
  }
}

void ConvertKillVehicle(DocContext& doc, const YAML::Node& node, const std::string& path,
                        guidance::InterceptorTypeSpec& spec) {
  MapReader m(doc, node, path, kKillVehicleKeys);
  if (!m.ok()) return;
  if (auto v = RangedQuantity(m, "mass", Dimension::kMass, Positive(10e3), kReq)) {
    spec.kill_vehicle_mass_kg = *v;
  }
  if (auto v = m.Switch("separates")) spec.kill_vehicle_separates = *v;
  // Kill-vehicle divert budgets are hundreds of m/s to ~1 km/s; 10 km/s is a unit mistake.
  if (auto v = RangedQuantity(m, "divert_delta_v", Dimension::kSpeed, NonNegative(10e3))) {
    spec.divert_delta_v_mps = *v;
  }
  if (auto v = RangedQuantity(m, "seeker_range", Dimension::kLength, NonNegative(10'000e3))) {
    spec.seeker_range_m = *v;
  }
  if (auto v = RangedQuantity(m, "seeker_fov_half_angle", Dimension::kAngle,
                              NonNegative(90.0 * kDeg))) {
    spec.seeker_fov_half_angle_rad = *v;
  }
  if (auto v = RangedQuantity(m, "seeker_angle_noise", Dimension::kAngle,
                              NonNegative(1.0 * kDeg))) {
    spec.seeker_angle_noise_rad = *v;
  }
}

void ConvertInterceptorType(DocContext& doc, const YAML::Node& node, const std::string& path,
                            guidance::InterceptorTypeSpec& spec) {
  MapReader m(doc, node, path, kKeys);
  if (!m.ok()) return;
  if (auto d = m.Text("description", Presence::kOptional, /*allow_empty=*/true)) {
    spec.description = *d;
  }
  if (const YAML::Node* stages = m.Get("stages", kReq)) {
    const std::string sp = m.PathOf("stages");
    const auto max_stages = static_cast<std::size_t>(guidance::kMaxInterceptorStages);
    if (CheckSequence(doc, *stages, sp, max_stages, "stages")) {
      if (stages->size() == 0) doc.Error(*stages, sp, "an interceptor type needs at least one stage");
      std::size_t i = 0;
      for (const YAML::Node& s : *stages) {
        flight::StageSpec stage;
        ConvertStage(doc, s, IndexPath(sp, i++), stage);
        spec.stages.push_back(stage);
      }
    }
  }
  if (const YAML::Node* kv = m.Get("kill_vehicle", kReq)) {
    ConvertKillVehicle(doc, *kv, m.PathOf("kill_vehicle"), spec);
  }
  if (auto v = RangedQuantity(m, "body_diameter", Dimension::kLength, Positive(5.0), kReq)) {
    spec.body_diameter_m = *v;
  }
  if (auto v = RangedQuantity(m, "cd", Dimension::kNumber, NonNegative(5.0))) spec.cd = *v;
  if (auto c = m.Choice("control", kControls, kReq)) spec.control = kControlModes[*c];
  // Interceptor g-limits are tens of g; 1000 g is a unit mistake (m/s^2 read as g).
  if (auto v = RangedQuantity(m, "max_lateral_accel", Dimension::kAcceleration,
                              Positive(1000.0 * earth::kG0), kReq)) {
    spec.max_lateral_accel_mps2 = *v;
  }
  // Dynamic pressures in flight stay below a few MPa (Mach 5 at sea level: ~1.8 MPa).
  if (auto v = RangedQuantity(m, "min_dynamic_pressure", Dimension::kPressure,
                              NonNegative(10e6))) {
    spec.min_dynamic_pressure_pa = *v;
  }
  if (auto v = RangedQuantity(m, "full_control_dynamic_pressure", Dimension::kPressure,
                              NonNegative(10e6))) {
    spec.full_control_dynamic_pressure_pa = *v;
  }
  if (const YAML::Node* alt = m.Get("intercept_altitude", kReq)) {
    MapReader a(doc, *alt, m.PathOf("intercept_altitude"), kAltitudeKeys);
    if (a.ok()) {
      const auto lo = RangedQuantity(a, "min", Dimension::kLength, NonNegative(10'000e3), kReq);
      const auto hi = RangedQuantity(a, "max", Dimension::kLength, Positive(10'000e3), kReq);
      if (lo) spec.min_intercept_alt_m = *lo;
      if (hi) spec.max_intercept_alt_m = *hi;
      if (lo && hi) {
        Require(*lo < *hi, doc, *a.Get("min"), a.PathOf("min"),
                fmt::format("intercept_altitude.min ({}) must be below max ({})",
                            FormatQuantity(*lo, Dimension::kLength),
                            FormatQuantity(*hi, Dimension::kLength)));
      }
    }
  }
  if (auto v = RangedQuantity(m, "max_range", Dimension::kLength, Positive(20'000e3), kReq)) {
    spec.max_range_m = *v;
  }
  if (auto v = RangedQuantity(m, "max_flight_time", Dimension::kTime, Positive(3600.0))) {
    spec.max_flight_time_s = *v;
  }
  // Hit-to-kill lethal radii are ~0.5 m, blast-fragmentation tens of m; 1 km is a mistake.
  if (auto v = RangedQuantity(m, "lethal_radius", Dimension::kLength, Positive(1e3), kReq)) {
    spec.lethal_radius_m = *v;
  }
  if (auto v = RangedQuantity(m, "pk", Dimension::kRatio, NonNegative(1.0), kReq)) spec.pk = *v;
  if (auto law = m.Choice("guidance_law", kLaws)) spec.guidance_law = kLawKinds[*law];
  // PN is run with N' = 3..5; 20 only catches nonsense.
  if (auto v = RangedQuantity(m, "navigation_ratio", Dimension::kNumber, Positive(20.0))) {
    spec.navigation_ratio = *v;
  }
  if (auto v = RangedQuantity(m, "midcourse_guidance_period", Dimension::kTime, Positive(60.0))) {
    spec.midcourse_guidance_period_s = *v;
  }
  if (auto v = RangedQuantity(m, "terminal_guidance_period", Dimension::kTime, Positive(10.0))) {
    spec.terminal_guidance_period_s = *v;
  }
  if (auto v = RangedQuantity(m, "reaction_time", Dimension::kTime, NonNegative(3600.0))) {
    spec.reaction_time_s = *v;
  }
}

}  // namespace

void ConvertInterceptorTypes(LoadState& state, DocContext& doc, const YAML::Node& node,
                             const std::string& path) {
  if (!node.IsMap()) {
    doc.Error(node, path,
              "expected a mapping of interceptor type names to their descriptions; got " +
                  Describe(node));
    return;
  }
  if (node.size() > ScenarioLimits::kMaxInterceptorTypes) {
    doc.Error(node, path,
              fmt::format("{} interceptor types exceed the limit of {} per catalog file",
                          node.size(), ScenarioLimits::kMaxInterceptorTypes));
    return;
  }
  for (const auto& kv : node) {
    const YAML::Node& key = kv.first;
    if (!key.IsScalar() || !IsIdentifier(key.Scalar())) {
      doc.Error(key, path,
                "interceptor type names must be letters, digits, '_' or '-'; got " +
                    Describe(key));
      continue;
    }
    const std::string& name = key.Scalar();
    const std::string p = ChildPath(path, name);
    const auto existing = state.interceptor_types.find(name);
    if (existing != state.interceptor_types.end()) {
      doc.Error(key, p,
                fmt::format("interceptor type {} is already defined at {}:{}", Quote(name),
                            existing->second.file, existing->second.line));
      continue;
    }
    CatalogInterceptorType type;
    type.spec.name = name;
    type.file = doc.file();
    type.line = key.Mark().line + 1;
    const std::size_t errors_before = state.sink.count();
    ConvertInterceptorType(doc, kv.second, p, type.spec);
    // The model's consistency rules, once every key read cleanly (a key already reported
    // would only be reported again in other words).
    if (state.sink.count() == errors_before) {
      for (std::string& message : guidance::ValidateInterceptorType(type.spec)) {
        doc.Error(key, p, std::move(message));
      }
    }
    // A broken type is still registered (see ConvertThreatTypes): no "unknown type" on top.
    state.interceptor_types.emplace(name, std::move(type));
  }
}

}  // namespace bmd::sim
