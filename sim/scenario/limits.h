#pragma once
/// Documented limits on scenario input (docs/scenario-format.md, "Limits"). They keep a
/// hostile or mistaken file from exhausting memory, the stack or time: every one is checked
/// before the work it bounds, and exceeding one is a ScenarioError, never a crash.
#include <cstddef>
#include <cstdint>

namespace bmd::sim {

struct ScenarioLimits {
  static constexpr std::size_t kMaxFileBytes = 4u << 20;       ///< scenario or catalog file
  static constexpr std::size_t kMaxOverrideBytes = 64u << 10;  ///< one override value
  static constexpr int kMaxFlowDepth = 100;    ///< '[' '{' and '- ' nesting, checked before parsing
  static constexpr int kMaxNestingDepth = 32;  ///< YAML tree depth after parsing
  static constexpr std::size_t kMaxYamlNodes = 4'000'000;  ///< nodes visited, aliases expanded
  static constexpr std::size_t kMaxThreats = 10'000;
  static constexpr std::size_t kMaxAssets = 10'000;
  static constexpr std::size_t kMaxNations = 256;
  static constexpr std::size_t kMaxAlliances = 32;  ///< per nation
  static constexpr std::size_t kMaxCatalogFiles = 64;
  static constexpr std::size_t kMaxThreatTypes = 1'000;  ///< per catalog file
  static constexpr std::size_t kMaxStages = 8;           ///< per threat type
  static constexpr std::size_t kMaxSensorTypes = 1'000;  ///< per catalog file
  static constexpr std::size_t kMaxPlatforms = 1'000;
  static constexpr std::size_t kMaxRouteWaypoints = 10'000;  ///< per platform
  static constexpr std::size_t kMaxNodes = 1'000;
  static constexpr std::size_t kMaxSensors = 1'000;
  static constexpr std::size_t kMaxInterceptorTypes = 1'000;  ///< per catalog file
  static constexpr std::size_t kMaxFireUnits = 1'000;
  static constexpr std::uint64_t kMaxInventory = 10'000;     ///< interceptors per fire unit
  static constexpr std::uint64_t kMaxSalvo = 16;             ///< interceptors per engagement
  static constexpr std::uint64_t kMaxEngagements = 16;       ///< SLS opportunities per threat
  static constexpr int kMaxConfirmWindow = 32;  ///< N of the M-of-N track confirmation
  static constexpr std::size_t kMaxIdLength = 64;        ///< ids and names of types
  static constexpr std::size_t kMaxTextLength = 4'096;   ///< names and descriptions
  static constexpr double kMaxDurationS = 24.0 * 3600.0;
  static constexpr double kMinTickS = 1e-3;
};

}  // namespace bmd::sim
