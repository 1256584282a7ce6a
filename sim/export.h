#pragma once
/// `bmdsim export --for NATION IN.h5 OUT.h5`: the releasable after-action copy of a run file
/// for one partner nation (docs/export.md, docs/hdf5-schema.md "Releasable export").
///
/// The export is a WHITELIST: every object of the input is matched against ExportRules();
/// an object no rule names is dropped and listed in /meta@export_dropped, so a table added
/// to run files later can never leak by default. Each rule keeps a table (or the attributes
/// of a group) either whole (exercise-level truth, aggregate outcomes) or row-filtered to the
/// rows owned by the nation N:
///
///   sensor rows      key sensor_index in {i : /entities/sensors.nation[i] == N}
///   node rows        key node_index   in {i : /entities/nodes.nation[i] == N}
///   fire-unit rows   key fire_unit    in {i : /outcomes/fire_units.nation[i] == N}
///                    (/outcomes/fire_units itself: row i is fire unit i)
///   object rows      object_id of a threat object (threat_index >= 0, not an interceptor)
///                    or of an interceptor of N (nation == N and, when /engagements maps it,
///                    launched by a fire unit of N)
///   node-pair rows   from_node or to_node is a node of N            (/links/*)
///   node-both rows   node_a and node_b are both nodes of N          (/metrics/commonality)
///   nation-pair rows from_nation == N or to_nation == N             (/sharing/*)
///
/// Rows keep their order and index columns keep their values (readers join on them); N-D
/// arrays row-aligned with a table (/track_covariance/*) get the table's row mask. Filtered
/// objects keep only the documented schema attributes (table: kind, description, columns,
/// rows; column/array: units, description); other attributes on them are dropped and listed.
/// Every copied string (cells and attributes) is scanned for the ids of other nations'
/// sensors, nodes and fire units: each occurrence (as a whole token) is replaced by
/// "[withheld]" and the path is listed in /meta@export_redacted.
///
/// /meta keeps the input's attributes and gains exported_for (N), export_source_sha256
/// (SHA-256 of the input file's bytes), export_dropped, export_redacted, export_command_line,
/// export_program_version and export_created_utc. The output is written atomically
/// (io::OutputFile), so an error leaves no file behind.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bmd::sim {

/// How the rows of a whitelisted table are selected for nation N.
enum class ExportRowFilter {
  kAll,          ///< table kept whole
  kObject,       ///< key_a: object id (threat objects + N's interceptors)
  kSensor,       ///< key_a: sensor index of a sensor of N
  kNode,         ///< key_a: node index of a node of N
  kFireUnit,     ///< key_a: fire-unit index of a fire unit of N
  kFireUnitRow,  ///< the row number is the fire-unit index (/outcomes/fire_units)
  kNodePair,     ///< key_a or key_b: node index of a node of N
  kNodeBoth,     ///< key_a and key_b: both node indices of nodes of N
  kNationPair,   ///< key_a or key_b: nation code == N
};

/// One whitelist entry. `path` is a table (group of columns); `aligned_array`, if not
/// empty, is an N-D dataset whose first axis is row-aligned with the table.
struct ExportRule {
  std::string_view path;
  ExportRowFilter filter = ExportRowFilter::kAll;
  std::string_view key_a;
  std::string_view key_b;
  std::string_view aligned_array;
};

/// The table whitelist, in the order the export writes it.
std::span<const ExportRule> ExportRules();

/// Groups whose own attributes are kept whole (/meta, /summary, /outcomes); attributes of
/// every other group are dropped and listed, except the single exercise-level attributes of
/// ExportReleasedAttributes() ("/sharing@architecture").
std::span<const std::string_view> ExportAttributeGroups();
std::span<const std::string_view> ExportReleasedAttributes();

/// One copied table or array: rows in the input and in the export.
struct ExportedObject {
  std::string path;
  std::size_t rows_in = 0;
  std::size_t rows_out = 0;
};

/// What ExportRunFile did.
struct ExportReport {
  std::string nation;
  std::string source_sha256;          ///< hex SHA-256 of the input file bytes
  std::vector<ExportedObject> kept;   ///< tables and arrays written, in writing order
  std::vector<std::string> dropped;   ///< objects / attributes not released ("/scenario", "/metrics@x")
  std::vector<std::string> redacted;  ///< "<path>: <n> value(s)" where ids were withheld
};

/// Writes the releasable copy of run file `input_path` for `nation` to `output_path`.
/// Throws InputError (nothing written) if the input is missing, unreadable, not a bmdsim
/// run file (a sweep file, a track file, an export), if `nation` is not in
/// /entities/nations (the message lists the valid codes), if the output is the input, or
/// if the output directory cannot be written. `command_line` goes to
/// /meta@export_command_line.
ExportReport ExportRunFile(const std::string& input_path, const std::string& output_path,
                           const std::string& nation, const std::string& command_line);

/// Options of `bmdsim export` (filled by sim/cli/main.cc).
struct ExportCommandOptions {
  std::string input_path;
  std::string output_path;
  std::string nation;
  bool quiet = false;         ///< no summary on stdout
  std::string command_line;   ///< for /meta@export_command_line
};

/// `bmdsim export`: ExportRunFile plus a summary on stdout; returns 0. Throws InputError
/// for bad input (exit 2).
int ExportCommand(const ExportCommandOptions& opts);

}  // namespace bmd::sim
