#include "models/sensors/radar_scheduler.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "models/common/angles.h"

namespace bmd::sensors {
namespace {
constexpr double kPi = std::numbers::pi;
// Revisit comparisons tolerate tick-time rounding (t = k * dt accumulates ~1e-12 s).
constexpr double kTimeEps = 1e-6;
}  // namespace

RadarScheduler::RadarScheduler(const RadarSpec& spec, const RadarSite& site, int max_objects,
                               int drop_after_misses)
    : search_frame_s_(spec.search_frame_s),
      track_revisit_s_(spec.track_revisit_s),
      track_capacity_(spec.track_capacity),
      drop_after_misses_(drop_after_misses),
      slots_(static_cast<size_t>(std::max(max_objects, 0))) {
  if (spec.for_az_half_width_rad >= kPi) {
    sweep_start_az_rad_ = site.boresight_az_rad;
    sweep_width_rad_ = 2.0 * kPi;
  } else {
    sweep_start_az_rad_ = site.boresight_az_rad - spec.for_az_half_width_rad;
    sweep_width_rad_ = 2.0 * spec.for_az_half_width_rad;
  }
}

void RadarScheduler::Resize(int max_objects) {
  const int n = std::max(max_objects, 0);
  for (int i = n; i < size(); ++i) Release(i);
  slots_.resize(static_cast<size_t>(n));
}

void RadarScheduler::AddCue(const CueSector& sector) {
  cues_[static_cast<size_t>(cue_next_)] = sector;
  cue_next_ = (cue_next_ + 1) % kMaxCues;
  cue_count_ = std::min(cue_count_ + 1, kMaxCues);
}

double RadarScheduler::SearchPhase(double az_rad) const {
  // Offset from the sweep start in [0, 2 pi), then as a fraction of the sweep width.
  double rel = WrapPi(az_rad - sweep_start_az_rad_);
  if (rel < 0.0) rel += 2.0 * kPi;
  const double p = rel / sweep_width_rad_;
  return p >= 1.0 ? std::nextafter(1.0, 0.0) : p;
}

void RadarScheduler::Plan(double t_s, double dt_s, std::span<const RadarLook> looks,
                          std::span<DwellKind> out) {
  const double a = t_s / search_frame_s_;
  const double b = (t_s + dt_s) / search_frame_s_;
  const size_t n = std::min({looks.size(), out.size(), slots_.size()});
  for (size_t i = 0; i < n; ++i) {
    Slot& slot = slots_[i];
    const RadarLook& look = looks[i];
    out[i] = DwellKind::kNone;
    if (slot.in_track) {
      if (t_s + kTimeEps >= slot.next_track_s) {
        out[i] = DwellKind::kTrack;
        slot.next_track_s = t_s + track_revisit_s_;
      }
      continue;
    }
    if (!look.visible()) continue;
    bool cued = false;
    for (int c = 0; c < cue_count_ && !cued; ++c) {
      cued = cues_[static_cast<size_t>(c)].Contains(t_s, look.az_rad, look.el_rad);
    }
    if (cued) {
      if (t_s + kTimeEps >= slot.next_cued_s) {
        out[i] = DwellKind::kCued;
        slot.next_cued_s = t_s + track_revisit_s_;
      }
      continue;
    }
    // Search: does the sweep pass phase p during [a, b)? Count of integers n with
    // a <= n + p < b is ceil(b - p) - ceil(a - p).
    // The latest crossing index n = ceil(b - p) - 1 is remembered so that a crossing that
    // falls on a tick boundary (t_k + dt rounding above t_{k+1}) is not visited twice.
    const double p = SearchPhase(look.az_rad);
    const double n_latest = std::ceil(b - p) - 1.0;
    if (n_latest + 1.0 - std::ceil(a - p) >= 1.0 && n_latest > slot.last_search_cycle) {
      out[i] = DwellKind::kSearch;
      slot.last_search_cycle = n_latest;
    }
  }
}

void RadarScheduler::Report(int slot_index, double t_s, bool detected) {
  Slot& slot = slots_[static_cast<size_t>(slot_index)];
  if (slot.in_track) {
    if (detected) {
      slot.misses = 0;
    } else if (++slot.misses >= drop_after_misses_) {
      Release(slot_index);
    }
    return;
  }
  if (detected && track_count_ < track_capacity_) {
    slot.in_track = true;
    slot.misses = 0;
    slot.next_track_s = t_s + track_revisit_s_;
    ++track_count_;
  }
}

void RadarScheduler::Release(int slot_index) {
  Slot& slot = slots_[static_cast<size_t>(slot_index)];
  if (slot.in_track) --track_count_;
  slot = Slot{};
}

}  // namespace bmd::sensors
