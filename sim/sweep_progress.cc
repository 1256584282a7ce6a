#include "sim/sweep_progress.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <string>

namespace bmd::sim {
namespace {

constexpr double kRedrawInterval_s = 0.25;
constexpr int kBarWidth = 28;

std::string Clock(double s) {
  if (!std::isfinite(s) || s < 0) return "--:--";
  const auto t = static_cast<long long>(s + 0.5);
  char buf[32];
  if (t >= 3600) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", t / 3600, (t / 60) % 60, t % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld", t / 60, t % 60);
  }
  return buf;
}

}  // namespace

SweepProgress::SweepProgress(bool enabled, std::uint64_t total, std::uint64_t already_done)
    : show_(enabled && isatty(STDERR_FILENO) != 0),
      total_(total),
      already_done_(already_done),
      done_(already_done),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

double SweepProgress::elapsed_s() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

double SweepProgress::RunsPerSecond() const {
  const double t = elapsed_s();
  return t > 0 ? static_cast<double>(done_this_session()) / t : 0.0;
}

void SweepProgress::RunFinished() {
  ++done_;
  if (!show_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && std::chrono::duration<double>(now - last_draw_).count() < kRedrawInterval_s) return;
  last_draw_ = now;
  Draw();
}

void SweepProgress::Finish() {
  if (!show_) return;
  Draw();
  std::fputc('\n', stderr);
  std::fflush(stderr);
}

void SweepProgress::Draw() {
  const double frac = total_ > 0 ? static_cast<double>(done_) / static_cast<double>(total_) : 1.0;
  const int filled = static_cast<int>(frac * kBarWidth);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kBarWidth, '.');
  const double rate = RunsPerSecond();
  const double eta = rate > 0 ? static_cast<double>(total_ - done_) / rate : NAN;
  std::fprintf(stderr, "\rsweep [%s] %llu/%llu runs %5.1f %%  %.2f runs/s  elapsed %s  ETA %s  ", bar.c_str(),
               static_cast<unsigned long long>(done_), static_cast<unsigned long long>(total_), 100.0 * frac,
               rate, Clock(elapsed_s()).c_str(), Clock(eta).c_str());
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace bmd::sim
