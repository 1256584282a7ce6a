#pragma once
/// Command-line overrides of scenario values, applied to the YAML tree before conversion,
/// so an override is checked exactly like the file (units, ranges, references).
///
/// Path syntax: keys separated by '.', list entries by index ("threats[0].launch.time") or
/// by id ("threats.t01.launch.time"); map keys such as nation ids directly
/// ("nations.US.name"). The value is YAML text: "100ms", "{lofted: {apogee: 600 km}}".
#include <string>
#include <string_view>

namespace bmd::sim {

struct Override {
  std::string path;        ///< e.g. "links.us_rok.latency" or "threats[0].launch.time"
  std::string value_text;  ///< YAML text of the new value, e.g. "500 ms"
};

/// Splits "path=value" (the first '=' separates; the value may contain more '=').
/// Throws ScenarioError when there is no '=' or the path is empty.
Override ParseOverrideArgument(std::string_view argument);

}  // namespace bmd::sim
