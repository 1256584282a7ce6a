#pragma once
/// Progress reporting on stderr for long runs: simulated time and wall time, throttled.
/// Silent for runs that finish within about a second, with --quiet, or when disabled.
#include <chrono>
#include <string>

namespace bmd::sim {

class ProgressReporter {
 public:
  ProgressReporter(bool enabled, double total_sim_s, std::string label);
  /// Called from the tick loop; cheap (checks the wall clock every 256 calls).
  void Update(double sim_t_s);
  /// Ends the progress line (if one was printed).
  void Finish(double sim_t_s);

 private:
  void Print(double sim_t_s, bool final);
  bool enabled_;
  bool is_tty_;
  bool printed_ = false;
  double total_sim_s_;
  std::string label_;
  unsigned calls_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_print_;
};

}  // namespace bmd::sim
