#pragma once
/// Progress bar of a sweep on stderr: runs done / total, runs per second (this session),
/// estimated time to completion. Redrawn at most 4 times per second, only when enabled and
/// stderr is a terminal; otherwise silent (the command prints a one-line summary at the end).
#include <chrono>
#include <cstdint>

namespace bmd::sim {

class SweepProgress {
 public:
  /// `already_done` runs were finished by an earlier (resumed) session.
  SweepProgress(bool enabled, std::uint64_t total, std::uint64_t already_done);
  /// One more run finished (called serialised, from the row sink).
  void RunFinished();
  /// Draws the final state and ends the line (if a bar was shown).
  void Finish();

  std::uint64_t done() const { return done_; }
  std::uint64_t done_this_session() const { return done_ - already_done_; }
  double elapsed_s() const;
  /// Runs per second of this session (0 before the first run).
  double RunsPerSecond() const;

 private:
  void Draw();
  bool show_;
  bool drawn_ = false;
  std::uint64_t total_;
  std::uint64_t already_done_;
  std::uint64_t done_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace bmd::sim
