#pragma once
/// Safe parsing of one YAML document (scenario file, catalog file or override value):
/// size limit, UTF-8 and control-character check, nesting check before parsing (so yaml-cpp
/// never recurses deeply), yaml-cpp errors translated to located diagnostics, and a walk of
/// the tree that bounds depth and node count (aliases included, so "billion laughs" files
/// are refused). Internal to the loader.
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "sim/scenario/scenario_error.h"

namespace bmd::sim {

/// A parsed document, or nothing after reporting why into `sink`. An empty document (only
/// comments or whitespace) is reported as an error when `allow_empty` is false, otherwise it
/// yields a Null node. `what` names the document kind in messages ("scenario file").
std::optional<YAML::Node> ParseYamlDocument(std::string_view text, const std::string& display_name,
                                            std::string_view what, std::size_t max_bytes,
                                            bool allow_empty, DiagnosticSink& sink);

/// Reads a whole regular file of at most max_bytes into `text`, or says why not in
/// `error_message`. The size is checked before reading anything.
bool ReadTextFile(const std::string& path, std::size_t max_bytes, std::string& text,
                  std::string& error_message);

}  // namespace bmd::sim
