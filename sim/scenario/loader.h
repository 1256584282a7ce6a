#pragma once
/// Scenario loading: YAML file -> validated, immutable Scenario in SI units.
///
/// Strict: unknown keys, missing required keys, wrong types, bare numbers where a unit is
/// required, values out of range and dangling references (threat, sensor or interceptor type,
/// aim asset, nation, node, platform, duplicate ids) are all errors, and all of them are reported in
/// one ScenarioError (file:line:col: key.path: message, 1-based). Hostile input (oversized,
/// binary, deeply nested, alias bombs, NaN/Inf, 10^6 entities) is refused with a
/// ScenarioError, within the limits of limits.h. Format: docs/scenario-format.md.
///
/// Call once per scenario, on a thread with a normal (>= 1 MiB) stack; the result is shared
/// read-only by all runs.
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/override.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/scenario_error.h"

namespace bmd::sim {

/// Loads `path`; catalog paths in it are resolved relative to the file's directory.
/// Overrides are applied to the YAML tree before conversion. Throws ScenarioError.
Scenario LoadScenarioFile(const std::string& path, const std::vector<Override>& overrides = {});

/// Loads scenario text. `display_name` names it in diagnostics and becomes source_path;
/// catalog paths are resolved relative to `base_dir`. Throws ScenarioError.
Scenario LoadScenarioString(std::string_view text, const std::string& display_name = "<string>",
                            const std::string& base_dir = ".",
                            const std::vector<Override>& overrides = {});

}  // namespace bmd::sim
