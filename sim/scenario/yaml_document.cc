#include "sim/scenario/yaml_document.h"

#include <fmt/format.h>
#include <yaml-cpp/anchor.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/limits.h"

namespace bmd::sim {
namespace {

Diagnostic At(const std::string& file, int line, int column, std::string message) {
  return Diagnostic{file, line, column, "", std::move(message)};
}

// First byte position that is not valid UTF-8 or is a forbidden control character.
struct TextProblem {
  std::size_t offset = 0;
  std::string message;
};

std::optional<TextProblem> CheckText(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        return TextProblem{i, fmt::format("control character 0x{:02X} is not allowed (is this a "
                                          "binary file?)",
                                          c)};
      }
      if (c == 0x7F) return TextProblem{i, "control character 0x7F is not allowed"};
      ++i;
      continue;
    }
    // Multi-byte sequence: length from the lead byte; reject overlongs and surrogates.
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    }
    bool ok = len != 0 && i + len <= n;
    for (std::size_t k = 1; ok && k < len; ++k) {
      const unsigned char cc = s[i + k];
      const unsigned l = (k == 1) ? lo : 0x80;
      const unsigned h = (k == 1) ? hi : 0xBF;
      ok = cc >= l && cc <= h;
    }
    if (!ok) {
      return TextProblem{i, fmt::format("invalid UTF-8 byte 0x{:02X} (the file must be UTF-8 "
                                        "text; is this a binary file?)",
                                        c)};
    }
    i += len;
  }
  return std::nullopt;
}

// 1-based line and column (in bytes) of a byte offset.
std::pair<int, int> LineColumn(std::string_view text, std::size_t offset) {
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, static_cast<int>(offset - line_start) + 1};
}

// Nesting estimate before parsing: unclosed '[' '{' plus compact "- - -" / "? ? " chains at
// the start of a line. Quotes are not tracked, so brackets inside quoted text count too: the
// limit is far above any real scenario's depth. Returns the offset where the limit is passed.
std::optional<std::size_t> FlowDepthTooDeep(std::string_view text, int limit) {
  int brackets = 0;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    // Start of a line: indentation, then count compact block indicators.
    int compact = 0;
    while (i < n && (text[i] == ' ' || text[i] == '\t')) ++i;
    while (i + 1 < n && (text[i] == '-' || text[i] == '?') &&
           (text[i + 1] == ' ' || text[i + 1] == '\t')) {
      ++compact;
      i += 2;
      while (i < n && (text[i] == ' ' || text[i] == '\t')) ++i;
      if (compact + brackets > limit) return i;
    }
    // Rest of the line.
    bool after_space = true;
    while (i < n && text[i] != '\n') {
      const char c = text[i];
      if (c == '#' && after_space) {
        while (i < n && text[i] != '\n') ++i;
        break;
      }
      if (c == '[' || c == '{') {
        if (++brackets + compact > limit) return i;
      } else if ((c == ']' || c == '}') && brackets > 0) {
        --brackets;
      }
      after_space = c == ' ' || c == '\t';
      ++i;
    }
    ++i;  // past '\n'
  }
  return std::nullopt;
}

// Walks the parsed tree: depth and visited-node budget (aliased nodes are visited once per
// use, so an alias bomb exhausts the budget instead of memory or time downstream).
struct TreeWalk {
  std::size_t visited = 0;
  bool too_deep = false;
  bool too_many = false;
  YAML::Mark where;

  void Visit(const YAML::Node& node, int depth) {
    if (too_deep || too_many) return;
    if (++visited > ScenarioLimits::kMaxYamlNodes) {
      too_many = true;
      where = node.Mark();
      return;
    }
    if (depth > ScenarioLimits::kMaxNestingDepth) {
      too_deep = true;
      where = node.Mark();
      return;
    }
    if (node.IsSequence()) {
      for (const YAML::Node& child : node) Visit(child, depth + 1);
    } else if (node.IsMap()) {
      for (const auto& kv : node) {
        Visit(kv.first, depth + 1);
        Visit(kv.second, depth + 1);
      }
    }
  }
};

// Events of a parse, only to count documents and see where each starts. yaml-cpp 0.7's own
// LoadAll never returns on some malformed input (a stray ',' at document level: yaml-cpp
// issue #1040, fixed upstream after 0.8): the parser reports a new empty document at the same
// token forever. Counting with at most three HandleNextDocument calls detects that instead.
class DocumentCounter : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

bool SameMark(const YAML::Mark& a, const YAML::Mark& b) {
  return a.pos == b.pos && a.line == b.line && a.column == b.column;
}

std::pair<int, int> FromMark(const YAML::Mark& m) {
  if (m.is_null() || m.line < 0 || m.column < 0) return {1, 1};
  return {m.line + 1, m.column + 1};
}

}  // namespace

std::optional<YAML::Node> ParseYamlDocument(std::string_view text, const std::string& display_name,
                                            std::string_view what, std::size_t max_bytes,
                                            bool allow_empty, DiagnosticSink& sink) {
  if (text.size() > max_bytes) {
    sink.Add(At(display_name, 1, 1,
                fmt::format("{} is {} bytes; the limit is {} bytes ({} KiB)", what, text.size(),
                            max_bytes, max_bytes / 1024)));
    return std::nullopt;
  }
  // A UTF-8 byte-order mark is allowed and skipped; yaml-cpp handles it too.
  if (auto problem = CheckText(text)) {
    const auto [line, col] = LineColumn(text, problem->offset);
    sink.Add(At(display_name, line, col, problem->message));
    return std::nullopt;
  }
  if (auto where = FlowDepthTooDeep(text, ScenarioLimits::kMaxFlowDepth)) {
    const auto [line, col] = LineColumn(text, *where);
    sink.Add(At(display_name, line, col,
                fmt::format("YAML nesting is deeper than {} levels; scenario data never nests "
                            "this deep",
                            ScenarioLimits::kMaxFlowDepth)));
    return std::nullopt;
  }
  YAML::Node document;
  std::size_t document_count = 0;
  try {
    // Pass 1: count documents (at most 3 parser calls), detecting the stuck-parser case.
    const std::string owned(text);
    {
      std::istringstream in(owned);
      YAML::Parser parser(in);
      DocumentCounter counter;
      for (int call = 0; call < 3 && parser.HandleNextDocument(counter); ++call) {
      }
      const std::vector<YAML::Mark>& st = counter.starts;
      for (std::size_t i = 1; i < st.size(); ++i) {
        if (SameMark(st[i], st[i - 1])) {
          const auto [line, col] = FromMark(st[i]);
          sink.Add(At(display_name, line, col,
                      "YAML syntax error: unexpected " +
                          Quote(text.substr(static_cast<std::size_t>(std::max(0, st[i].pos)), 1)) +
                          " here"));
          return std::nullopt;
        }
      }
      document_count = st.size();
      if (document_count > 1) {
        const auto [line, col] = FromMark(st[1]);
        sink.Add(At(display_name, line, col,
                    fmt::format("{} holds {}{} YAML documents ('---'); expected exactly one", what,
                                document_count > 2 ? "more than " : "",
                                document_count > 2 ? 2 : document_count)));
        return std::nullopt;
      }
    }
    // Pass 2: build the tree of the one document.
    if (document_count == 1) document = YAML::Load(owned);
  } catch (const YAML::DeepRecursion& e) {
    const auto [line, col] = FromMark(e.mark);
    sink.Add(At(display_name, line, col,
                fmt::format("YAML nesting is too deep ({} levels); scenario data never nests "
                            "this deep",
                            e.depth())));
    return std::nullopt;
  } catch (const YAML::ParserException& e) {
    const auto [line, col] = FromMark(e.mark);
    sink.Add(At(display_name, line, col, "YAML syntax error: " + e.msg));
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    const auto [line, col] = FromMark(e.mark);
    sink.Add(At(display_name, line, col, "cannot read YAML: " + e.msg));
    return std::nullopt;
  }
  if (document_count == 0 || document.IsNull()) {
    if (allow_empty) return document_count == 0 ? YAML::Node() : document;
    sink.Add(At(display_name, 1, 1, fmt::format("{} is empty", what)));
    return std::nullopt;
  }
  TreeWalk walk;
  walk.Visit(document, 0);
  if (walk.too_deep || walk.too_many) {
    const auto [line, col] = FromMark(walk.where);
    sink.Add(At(display_name, line, col,
                walk.too_deep
                    ? fmt::format("YAML nesting is deeper than {} levels; scenario data never "
                                  "nests this deep",
                                  ScenarioLimits::kMaxNestingDepth)
                    : fmt::format("the YAML expands to more than {} nodes (anchors and aliases "
                                  "included); refusing it",
                                  ScenarioLimits::kMaxYamlNodes)));
    return std::nullopt;
  }
  return document;
}

bool ReadTextFile(const std::string& path, std::size_t max_bytes, std::string& text,
                  std::string& error_message) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    error_message = "cannot open " + path + ": no such file";
    return false;
  }
  if (!fs::is_regular_file(status)) {
    error_message = "cannot read " + path + ": not a regular file";
    return false;
  }
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) {
    error_message = "cannot read " + path + ": " + ec.message();
    return false;
  }
  if (size > max_bytes) {
    error_message = fmt::format("file is {} bytes; the limit is {} bytes ({} KiB)", size, max_bytes,
                                max_bytes / 1024);
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error_message = "cannot open " + path + ": " + std::strerror(errno);
    return false;
  }
  // Read at most max_bytes + 1 so a file that grows after the size check is still refused.
  text.assign(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  text.resize(static_cast<std::size_t>(in.gcount()));
  char extra = 0;
  if (in.read(&extra, 1) && in.gcount() == 1) {
    error_message = "cannot read " + path + ": the file changed while being read";
    return false;
  }
  return true;
}

}  // namespace bmd::sim
