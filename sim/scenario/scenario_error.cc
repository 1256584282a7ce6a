#include "sim/scenario/scenario_error.h"

#include <algorithm>
#include <map>

namespace bmd::sim {
namespace {

std::string JoinDiagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += FormatDiagnostic(d);
  }
  return out;
}

}  // namespace

std::string FormatDiagnostic(const Diagnostic& d) {
  std::string out = d.file;
  if (d.line > 0) {
    out += ':' + std::to_string(d.line) + ':' + std::to_string(d.column);
  }
  out += ": ";
  if (!d.key_path.empty()) out += d.key_path + ": ";
  out += d.message;
  return out;
}

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(JoinDiagnostics(diagnostics)), diagnostics_(std::move(diagnostics)) {}

void DiagnosticSink::Add(Diagnostic d) {
  ++count_;
  if (diagnostics_.size() < kMaxDiagnostics) diagnostics_.push_back(std::move(d));
}

std::vector<Diagnostic> DiagnosticSink::Sorted() const {
  std::map<std::string, std::size_t> file_rank;
  for (const Diagnostic& d : diagnostics_) file_rank.emplace(d.file, file_rank.size());
  std::vector<Diagnostic> out = diagnostics_;
  std::stable_sort(out.begin(), out.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    const std::size_t ra = file_rank.at(a.file);
    const std::size_t rb = file_rank.at(b.file);
    if (ra != rb) return ra < rb;
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  });
  if (count_ > diagnostics_.size()) {
    Diagnostic note;
    note.file = out.empty() ? std::string("<scenario>") : out.front().file;
    note.message = "too many errors: " + std::to_string(count_) + " found, only the first " +
                   std::to_string(diagnostics_.size()) + " are shown";
    out.push_back(std::move(note));
  }
  return out;
}

void DiagnosticSink::ThrowIfAny() const {
  if (!empty()) throw ScenarioError(Sorted());
}

}  // namespace bmd::sim
