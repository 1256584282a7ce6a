#pragma once
/// SIGINT/SIGTERM handling for sweeps: while a SweepSignalGuard lives, the first SIGINT or
/// SIGTERM only sets a flag (the sweep stops scheduling runs, lets running ones finish,
/// writes a file marked complete = 0 and keeps its journal for --resume); a second one
/// restores the default action and re-raises it (immediate exit; the journal still holds
/// every finished run). Previous handlers are restored when the guard is destroyed.
#include <csignal>

namespace bmd::sim {

class SweepSignalGuard {
 public:
  SweepSignalGuard();
  ~SweepSignalGuard();
  SweepSignalGuard(const SweepSignalGuard&) = delete;
  SweepSignalGuard& operator=(const SweepSignalGuard&) = delete;

  /// The first signal received (SIGINT or SIGTERM), 0 if none. Async-signal-safe read.
  static int ReceivedSignal();

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

/// Conventional exit code for a run stopped by `signal`: 128 + signal (130 for SIGINT).
inline int ExitCodeForSignal(int signal) { return 128 + signal; }

}  // namespace bmd::sim
