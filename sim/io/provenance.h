#pragma once
/// Provenance of an output file: the /meta group, embedded text (the scenario YAML)
/// with its SHA-256, and the check readers use to recognise one of our files.
///
/// /meta attributes (docs/hdf5-schema.md, "/meta"):
///   schema_version  int64   kSchemaVersion of the writer
///   program_version string  bmd::kProgramVersion (CMake project version)
///   git_revision    string  bmd::kGitRevision at configure time ("unknown" outside git)
///   command_line    string  the invoking command, shell-quoted
///   seed            uint64  the scenario seed actually used
///   created_utc     string  ISO 8601 UTC, e.g. "2025-03-01T12:34:56Z"
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "sim/io/group.h"
#include "sim/io/output_file.h"

namespace bmd::io {

/// Version of the file layout; bumped on any incompatible change (see the schema doc).
inline constexpr std::int64_t kSchemaVersion = 1;

struct Provenance {
  std::string command_line;
  std::uint64_t seed = 0;
};

/// Creates /meta with the attributes above and returns it (for more attributes or the
/// scenario text). Throws H5Error if /meta exists.
Group WriteProvenance(const OutputFile& file, const Provenance& provenance);

/// Stores `text` as a scalar variable-length UTF-8 string dataset `name` under
/// `parent`, with attributes sha256 (hex of the exact bytes), bytes (int64), units ""
/// and description. Recommended: WriteTextBlob(meta, "scenario_yaml", yaml, ...).
void WriteTextBlob(const Group& parent, std::string_view name, std::string_view text,
                   std::string_view description);

/// argv joined with POSIX shell quoting, so it can be pasted back into a shell.
std::string JoinCommandLine(int argc, const char* const* argv);

/// Current UTC time as ISO 8601 with seconds, e.g. "2025-03-01T12:34:56Z".
std::string UtcNowIso8601();

/// The schema version if `path` is an HDF5 file with /meta carrying an integer
/// schema_version attribute, otherwise std::nullopt. Never throws for a missing,
/// unreadable or foreign file.
std::optional<std::int64_t> BmdSchemaVersion(const std::filesystem::path& path);
inline bool IsBmdFile(const std::filesystem::path& path) { return BmdSchemaVersion(path).has_value(); }

}  // namespace bmd::io
