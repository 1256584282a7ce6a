#include "sim/scenario/yaml_reader.h"

#include <fmt/format.h>

#include <charconv>
#include <unordered_map>

#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/limits.h"

namespace bmd::sim {
namespace {

bool IsPathPrefix(std::string_view prefix, std::string_view path) {
  if (path.size() < prefix.size() || path.compare(0, prefix.size(), prefix) != 0) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[';
}

bool IsScalarLike(const YAML::Node& node) { return node.IsScalar(); }

std::string ExpectedValue(Dimension dim) {
  if (dim == Dimension::kNumber) return "a plain number, e.g. '0.3'";
  const std::string_view name = DimensionName(dim);
  const bool vowel = std::string_view("aeiou").find(name[0]) != std::string_view::npos;
  return fmt::format("{} {} with a unit, e.g. {}", vowel ? "an" : "a", name, DimensionExample(dim));
}

}  // namespace

void DocContext::Error(const YAML::Node& at, const std::string& key_path, std::string message) {
  ErrorAt(at.IsDefined() ? at.Mark() : YAML::Mark::null_mark(), key_path, std::move(message));
}

void DocContext::ErrorAt(const YAML::Mark& mark, const std::string& key_path, std::string message) {
  Diagnostic d;
  d.file = file_;
  d.key_path = key_path;
  d.message = std::move(message);
  if (!mark.is_null() && mark.line >= 0 && mark.column >= 0) {
    d.line = mark.line + 1;
    d.column = mark.column + 1;
  } else {
    d.line = 1;
    d.column = 1;
  }
  if (overrides_ != nullptr) {
    std::size_t best = 0;
    for (const OverrideSite& site : *overrides_) {
      if (IsPathPrefix(site.key_path, key_path) && site.key_path.size() + 1 > best) {
        best = site.key_path.size() + 1;
        d.file = site.display_name;
      }
    }
  }
  sink_.Add(std::move(d));
}

std::string ChildPath(const std::string& parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string out = parent;
  out += '.';
  out += key;
  return out;
}

std::string IndexPath(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

std::string Describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  return Quote(node.Scalar());
}

std::optional<double> ReadQuantity(DocContext& doc, const YAML::Node& node, const std::string& path,
                                   Dimension dim) {
  if (!IsScalarLike(node)) {
    doc.Error(node, path, "expected " + ExpectedValue(dim) + "; got " + Describe(node));
    return std::nullopt;
  }
  QuantityResult r = ParseQuantity(node.Scalar(), dim);
  if (!r) {
    doc.Error(node, path, r.error);
    return std::nullopt;
  }
  return r.value;
}

std::optional<double> ReadNumber(DocContext& doc, const YAML::Node& node, const std::string& path) {
  return ReadQuantity(doc, node, path, Dimension::kNumber);
}

std::optional<std::string> ReadText(DocContext& doc, const YAML::Node& node,
                                    const std::string& path, bool allow_empty) {
  if (!IsScalarLike(node)) {
    if (allow_empty && node.IsNull()) return std::string();
    doc.Error(node, path, "expected text; got " + Describe(node));
    return std::nullopt;
  }
  const std::string& s = node.Scalar();
  if (s.empty() && !allow_empty) {
    doc.Error(node, path, "must not be empty");
    return std::nullopt;
  }
  if (s.size() > ScenarioLimits::kMaxTextLength) {
    doc.Error(
        node, path,
        fmt::format("text is {} bytes; the limit is {}", s.size(), ScenarioLimits::kMaxTextLength));
    return std::nullopt;
  }
  return s;
}

bool IsIdentifier(std::string_view text) {
  if (text.empty() || text.size() > ScenarioLimits::kMaxIdLength) return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::optional<std::string> ReadId(DocContext& doc, const YAML::Node& node,
                                  const std::string& path) {
  if (!IsScalarLike(node)) {
    doc.Error(node, path, "expected an id such as 't01'; got " + Describe(node));
    return std::nullopt;
  }
  const std::string& s = node.Scalar();
  if (!IsIdentifier(s)) {
    doc.Error(node, path,
              fmt::format("{} is not a valid id: use 1 to {} letters, digits, '_' or '-'", Quote(s),
                          ScenarioLimits::kMaxIdLength));
    return std::nullopt;
  }
  return s;
}

std::optional<bool> ReadSwitch(DocContext& doc, const YAML::Node& node, const std::string& path) {
  static constexpr std::string_view kNames[] = {"on", "off", "true", "false"};
  const std::optional<std::size_t> i = ReadChoice(doc, node, path, kNames);
  if (!i) return std::nullopt;
  return *i == 0 || *i == 2;
}

std::optional<std::uint64_t> ReadUnsigned(DocContext& doc, const YAML::Node& node,
                                          const std::string& path) {
  if (!IsScalarLike(node)) {
    doc.Error(node, path, "expected a non-negative integer; got " + Describe(node));
    return std::nullopt;
  }
  const std::string& s = node.Scalar();
  std::uint64_t v = 0;
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, v);
  if (s.empty() || s[0] == '-' || s[0] == '+' || ptr != end || ec == std::errc::invalid_argument) {
    doc.Error(node, path, "expected a non-negative integer; got " + Quote(s));
    return std::nullopt;
  }
  if (ec == std::errc::result_out_of_range) {
    doc.Error(node, path, Quote(s) + " does not fit in 64 bits (max 18446744073709551615)");
    return std::nullopt;
  }
  return v;
}

std::optional<std::size_t> ReadChoice(DocContext& doc, const YAML::Node& node,
                                      const std::string& path,
                                      std::span<const std::string_view> names) {
  if (IsScalarLike(node)) {
    const std::string& s = node.Scalar();
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == s) return i;
    }
    std::string hint = DidYouMean(s, names);
    if (hint.empty()) hint = " (allowed: " + JoinNames(names) + ")";
    doc.Error(node, path, "unknown value " + Quote(s) + hint);
    return std::nullopt;
  }
  doc.Error(node, path, "expected one of " + JoinNames(names) + "; got " + Describe(node));
  return std::nullopt;
}

bool CheckSequence(DocContext& doc, const YAML::Node& node, const std::string& path,
                   std::size_t max_items, std::string_view item_name) {
  if (!node.IsSequence()) {
    doc.Error(node, path, fmt::format("expected a list of {}; got {}", item_name, Describe(node)));
    return false;
  }
  if (node.size() > max_items) {
    doc.Error(node, path,
              fmt::format("{} {} exceed the limit of {}", node.size(), item_name, max_items));
    return false;
  }
  return true;
}

bool Require(bool condition, DocContext& doc, const YAML::Node& node, const std::string& path,
             std::string message) {
  if (!condition) doc.Error(node, path, std::move(message));
  return condition;
}

MapReader::MapReader(DocContext& doc, const YAML::Node& node, std::string path,
                     std::span<const std::string_view> allowed_keys)
    : doc_(doc), node_(node), path_(std::move(path)) {
  if (!node.IsMap()) {
    std::string expected = "expected a mapping with keys " + JoinNames(allowed_keys);
    doc_.Error(node, path_, expected + "; got " + Describe(node));
    return;
  }
  ok_ = true;
  std::unordered_map<std::string, YAML::Mark> seen;
  for (const auto& kv : node) {
    const YAML::Node& key_node = kv.first;
    if (!key_node.IsScalar()) {
      doc_.Error(key_node, path_, "keys must be plain names; got " + Describe(key_node));
      continue;
    }
    const std::string& key = key_node.Scalar();
    // A hostile key can be megabytes long (quoted or "? " keys): keep paths short.
    std::string shown = key;
    if (shown.size() > 64) {
      std::size_t cut = 60;
      // Cut at a UTF-8 character boundary (continuation bytes are 10xxxxxx).
      while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;
      shown = shown.substr(0, cut) + "...";
    }
    const std::string key_path = ChildPath(path_, shown);
    bool known = false;
    for (std::string_view k : allowed_keys) known = known || k == key;
    if (!known) {
      std::string hint = DidYouMean(key, allowed_keys);
      if (hint.empty()) hint = " (allowed here: " + JoinNames(allowed_keys) + ")";
      doc_.Error(key_node, key_path, "unknown key " + Quote(key) + hint);
      continue;
    }
    const auto [it, inserted] = seen.emplace(key, key_node.Mark());
    if (!inserted) {
      doc_.Error(key_node, key_path,
                 fmt::format("duplicate key {} (first given at line {})", Quote(key),
                             it->second.line + 1));
      continue;
    }
    entries_.push_back(Entry{key, kv.second});
  }
}

const YAML::Node* MapReader::Get(std::string_view key, Presence presence) {
  for (const Entry& e : entries_) {
    if (e.key == key) return &e.value;
  }
  if (ok_ && presence == Presence::kRequired) {
    doc_.Error(node_, PathOf(key), "missing required key " + Quote(key));
  }
  return nullptr;
}

bool MapReader::Has(std::string_view key) const {
  for (const Entry& e : entries_) {
    if (e.key == key) return true;
  }
  return false;
}

std::optional<double> MapReader::Quantity(std::string_view key, Dimension dim, Presence presence) {
  const YAML::Node* n = Get(key, presence);
  return n ? ReadQuantity(doc_, *n, PathOf(key), dim) : std::nullopt;
}

std::optional<double> MapReader::Number(std::string_view key, Presence presence) {
  const YAML::Node* n = Get(key, presence);
  return n ? ReadNumber(doc_, *n, PathOf(key)) : std::nullopt;
}

std::optional<std::string> MapReader::Text(std::string_view key, Presence presence,
                                           bool allow_empty) {
  const YAML::Node* n = Get(key, presence);
  return n ? ReadText(doc_, *n, PathOf(key), allow_empty) : std::nullopt;
}

std::optional<std::string> MapReader::Id(std::string_view key, Presence presence) {
  const YAML::Node* n = Get(key, presence);
  return n ? ReadId(doc_, *n, PathOf(key)) : std::nullopt;
}

std::optional<bool> MapReader::Switch(std::string_view key, Presence presence) {
  const YAML::Node* n = Get(key, presence);
  return n ? ReadSwitch(doc_, *n, PathOf(key)) : std::nullopt;
}

std::optional<std::uint64_t> MapReader::Unsigned(std::string_view key, Presence presence) {
  const YAML::Node* n = Get(key, presence);
  return n ? ReadUnsigned(doc_, *n, PathOf(key)) : std::nullopt;
}

std::optional<std::size_t> MapReader::Choice(std::string_view key,
                                             std::span<const std::string_view> names,
                                             Presence presence) {
  const YAML::Node* n = Get(key, presence);
  return n ? ReadChoice(doc_, *n, PathOf(key), names) : std::nullopt;
}

}  // namespace bmd::sim
