#pragma once
/// User errors found while loading a scenario: each one located (file, 1-based line and
/// column, key path) and all of them reported together in one ScenarioError.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace bmd::sim {

/// One located problem in a scenario, catalog file or command-line override.
struct Diagnostic {
  std::string file;      ///< display name: the path as given, or "<override PATH>"
  int line = 0;          ///< 1-based; 0 when the problem has no position (e.g. a bad override path)
  int column = 0;        ///< 1-based; 0 when line is 0
  std::string key_path;  ///< e.g. "threats[2].launch.at.lat"; empty for file-level problems
  std::string message;   ///< what is wrong and, where possible, how to fix it
};

/// "file:line:col: key.path: message" (parts that are unknown are left out).
std::string FormatDiagnostic(const Diagnostic& d);

/// Thrown for every user error in a scenario: bad syntax, unknown key, bad unit, failed
/// validation, unreadable or oversized file. what() lists all diagnostics, one per line.
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// Collects diagnostics in one pass; stops recording (but keeps counting) past a cap so a
/// hostile file with a million bad entries cannot produce an unbounded error list.
class DiagnosticSink {
 public:
  static constexpr std::size_t kMaxDiagnostics = 100;

  void Add(Diagnostic d);
  bool empty() const { return count_ == 0; }
  std::size_t count() const { return count_; }
  /// Diagnostics grouped by file (in order of first appearance), then by line and column;
  /// a closing note is appended when the cap was hit.
  std::vector<Diagnostic> Sorted() const;
  /// Throws ScenarioError with Sorted() if anything was recorded.
  void ThrowIfAny() const;

 private:
  std::vector<Diagnostic> diagnostics_;
  std::size_t count_ = 0;
};

}  // namespace bmd::sim
