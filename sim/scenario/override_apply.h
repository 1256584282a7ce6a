#pragma once
/// Applies Overrides to a parsed scenario tree (internal to the loader).
#include <yaml-cpp/yaml.h>

#include <vector>

#include "sim/scenario/override.h"
#include "sim/scenario/scenario_error.h"
#include "sim/scenario/yaml_reader.h"

namespace bmd::sim {

/// Applies each override in order to `root` (a mapping). A key missing at the end of the
/// path (or a missing intermediate mapping) is created, so that strict conversion reports it
/// as an unknown key with a suggestion if it is not a real one; a list entry that does not
/// exist (bad index or id) is reported here. Returns the sites that were overridden, so that
/// diagnostics under them name the override instead of the file.
std::vector<OverrideSite> ApplyOverrides(YAML::Node& root, const std::vector<Override>& overrides,
                                         DiagnosticSink& sink);

/// "<override PATH>": how an override is named in diagnostics.
std::string OverrideDisplayName(const Override& o);

}  // namespace bmd::sim
