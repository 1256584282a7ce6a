#pragma once
/// Strict reading of a parsed YAML tree (internal to the loader): every read knows its key
/// path, every problem becomes a located Diagnostic, unknown keys are errors with a
/// did-you-mean, and reading goes on after an error so that all problems are reported at once.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/scenario_error.h"
#include "sim/scenario/units.h"

namespace bmd::sim {

/// A key path whose value came from a command-line override, and how to name it in messages.
struct OverrideSite {
  std::string key_path;      ///< canonical, index form: "threats[0].launch.time"
  std::string display_name;  ///< "<override threats.t01.launch.time>"
};

/// One YAML document being read: where diagnostics go and under which file name.
class DocContext {
 public:
  DocContext(DiagnosticSink& sink, std::string file,
             const std::vector<OverrideSite>* overrides = nullptr)
      : sink_(sink), file_(std::move(file)), overrides_(overrides) {}

  /// Reports a problem located at `at` (1-based position from its YAML mark). Nodes under
  /// an overridden path are reported against the override, not the file.
  void Error(const YAML::Node& at, const std::string& key_path, std::string message);
  void ErrorAt(const YAML::Mark& mark, const std::string& key_path, std::string message);
  const std::string& file() const { return file_; }
  DiagnosticSink& sink() { return sink_; }

 private:
  DiagnosticSink& sink_;
  std::string file_;
  const std::vector<OverrideSite>* overrides_;
};

enum class Presence { kOptional, kRequired };

/// "a.b" / "a[3]" path building.
std::string ChildPath(const std::string& parent, std::string_view key);
std::string IndexPath(const std::string& parent, std::size_t index);

/// "a mapping", "a list", "nothing", "'text'" for messages.
std::string Describe(const YAML::Node& node);

// Readers of single values. Each reports its own error and returns empty on failure.
std::optional<double> ReadQuantity(DocContext& doc, const YAML::Node& node, const std::string& path,
                                   Dimension dim);
std::optional<double> ReadNumber(DocContext& doc, const YAML::Node& node, const std::string& path);
/// Any non-empty scalar up to ScenarioLimits::kMaxTextLength bytes.
std::optional<std::string> ReadText(DocContext& doc, const YAML::Node& node,
                                    const std::string& path, bool allow_empty = false);
/// An identifier: letters, digits, '_' and '-', 1..kMaxIdLength characters.
std::optional<std::string> ReadId(DocContext& doc, const YAML::Node& node, const std::string& path);
/// on | off | true | false.
std::optional<bool> ReadSwitch(DocContext& doc, const YAML::Node& node, const std::string& path);
/// A non-negative decimal integer that fits in 64 bits.
std::optional<std::uint64_t> ReadUnsigned(DocContext& doc, const YAML::Node& node,
                                          const std::string& path);
/// Index of the scalar in `names`, with a did-you-mean when it is not one of them.
std::optional<std::size_t> ReadChoice(DocContext& doc, const YAML::Node& node,
                                      const std::string& path,
                                      std::span<const std::string_view> names);
/// True if `node` is a list of at most max_items entries; reports otherwise.
bool CheckSequence(DocContext& doc, const YAML::Node& node, const std::string& path,
                   std::size_t max_items, std::string_view item_name);
/// Whether `text` is a valid identifier (see ReadId).
bool IsIdentifier(std::string_view text);

/// A mapping read strictly: construction reports unknown keys (with a did-you-mean, or the
/// list of allowed keys), duplicate keys and non-scalar keys; accessors report missing
/// required keys and bad values.
class MapReader {
 public:
  MapReader(DocContext& doc, const YAML::Node& node, std::string path,
            std::span<const std::string_view> allowed_keys);

  bool ok() const { return ok_; }  ///< the node was a mapping
  DocContext& doc() const { return doc_; }
  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }
  std::string PathOf(std::string_view key) const { return ChildPath(path_, key); }

  /// The value of `key`, or nullptr when absent (reported if required).
  const YAML::Node* Get(std::string_view key, Presence presence = Presence::kOptional);
  bool Has(std::string_view key) const;

  std::optional<double> Quantity(std::string_view key, Dimension dim,
                                 Presence presence = Presence::kOptional);
  std::optional<double> Number(std::string_view key, Presence presence = Presence::kOptional);
  std::optional<std::string> Text(std::string_view key, Presence presence = Presence::kOptional,
                                  bool allow_empty = false);
  std::optional<std::string> Id(std::string_view key, Presence presence = Presence::kOptional);
  std::optional<bool> Switch(std::string_view key, Presence presence = Presence::kOptional);
  std::optional<std::uint64_t> Unsigned(std::string_view key,
                                        Presence presence = Presence::kOptional);
  std::optional<std::size_t> Choice(std::string_view key, std::span<const std::string_view> names,
                                    Presence presence = Presence::kOptional);

 private:
  struct Entry {
    std::string key;
    YAML::Node value;
  };
  DocContext& doc_;
  YAML::Node node_;
  std::string path_;
  bool ok_ = false;
  std::vector<Entry> entries_;
};

/// Reports `message` at `node` unless `condition` holds; returns `condition`.
bool Require(bool condition, DocContext& doc, const YAML::Node& node, const std::string& path,
             std::string message);

}  // namespace bmd::sim
