#include "sim/sweep_signals.h"

namespace bmd::sim {
namespace {

volatile std::sig_atomic_t g_signal = 0;

extern "C" void OnStopSignal(int sig) {
  if (g_signal != 0) {
    // Second signal: give up at once with the default action.
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  g_signal = sig;
}

}  // namespace

SweepSignalGuard::SweepSignalGuard() {
  g_signal = 0;
  struct sigaction sa {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, &old_int_);
  sigaction(SIGTERM, &sa, &old_term_);
}

SweepSignalGuard::~SweepSignalGuard() {
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
}

int SweepSignalGuard::ReceivedSignal() { return static_cast<int>(g_signal); }

}  // namespace bmd::sim
