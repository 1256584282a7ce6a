#include "sim/progress.h"

#include <unistd.h>

#include <cstdio>

namespace bmd::sim {

ProgressReporter::ProgressReporter(bool enabled, double total_sim_s, std::string label)
    : enabled_(enabled),
      is_tty_(isatty(STDERR_FILENO) != 0),
      total_sim_s_(total_sim_s),
      label_(std::move(label)),
      start_(std::chrono::steady_clock::now()),
      last_print_(start_) {}

void ProgressReporter::Update(double sim_t_s) {
  if (!enabled_ || (++calls_ & 255u) != 0) return;
  const auto now = std::chrono::steady_clock::now();
  const double since_start = std::chrono::duration<double>(now - start_).count();
  const double since_print = std::chrono::duration<double>(now - last_print_).count();
  // Nothing for the first second; then every 0.5 s on a terminal, every 5 s in a log.
  if (since_start < 1.0 || since_print < (is_tty_ ? 0.5 : 5.0)) return;
  last_print_ = now;
  Print(sim_t_s, false);
}

void ProgressReporter::Finish(double sim_t_s) {
  if (!enabled_ || !printed_) return;
  Print(sim_t_s, true);
}

void ProgressReporter::Print(double sim_t_s, bool final) {
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double pct = total_sim_s_ > 0 ? 100.0 * sim_t_s / total_sim_s_ : 100.0;
  std::fprintf(stderr, "%s%s: simulated %.1f / %.1f s (%.0f %%), wall %.1f s%s",
               is_tty_ ? "\r" : "", label_.c_str(), sim_t_s, total_sim_s_, pct, wall,
               (final || !is_tty_) ? "\n" : "");
  std::fflush(stderr);
  printed_ = true;
}

}  // namespace bmd::sim
