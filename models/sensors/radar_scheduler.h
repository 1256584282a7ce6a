#pragma once
/// Per-radar dwell scheduler: decides at each engine tick which truth objects get a dwell.
/// Plain data, one per radar per run (lives in the World); allocates only when constructed
/// or resized.
///
/// Rules (dwells happen at the tick time t; a tick covers [t, t + dt)):
///  - Search: the beam sweeps the field of regard in azimuth once per search_frame_s,
///    starting at the left edge (boresight - half width; boresight for an all-round radar)
///    at t = 0, k * T_search. A visible object at azimuth fraction p in [0, 1) of the field
///    of regard gets a search dwell in the tick during which the sweep passes it, i.e. when
///    n + p lies in [t / T_search, (t + dt) / T_search) for some integer n: once per frame,
///    spread deterministically over the frame by azimuth (every elevation of an azimuth
///    column is covered at once).
///  - Cued: a visible object inside an active cue sector (AddCue) and not in track gets a
///    dwell every track_revisit_s (first one in the first tick it is inside the sector).
///  - Track: an object in track gets a dwell every track_revisit_s (whether visible or not;
///    a dwell on an invisible object is a miss).
///  - Track capacity: a detection (any kind of dwell, reported through Report) puts the
///    object in track if fewer than track_capacity objects are in track; otherwise it stays
///    under search (or cued) revisit. drop_after_misses consecutive missed track dwells
///    release the slot.
/// Measurable effect of a cue: time to first detection falls from up to one search frame
/// (plus the Pd draws) to about one track revisit after the object becomes visible.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "models/sensors/cue.h"
#include "models/sensors/radar.h"

namespace bmd::sensors {

enum class DwellKind : std::uint8_t { kNone = 0, kSearch, kCued, kTrack };

class RadarScheduler {
 public:
  static constexpr int kMaxCues = 16;  ///< active cue sectors kept (oldest replaced first)

  RadarScheduler(const RadarSpec& spec, const RadarSite& site, int max_objects,
                 int drop_after_misses = 3);

  /// Grow (or shrink) the number of object slots; existing slots keep their state.
  void Resize(int max_objects);
  int size() const { return static_cast<int>(slots_.size()); }

  /// Add a cue sector (see SectorFromCue). Replaces the oldest when kMaxCues are held.
  void AddCue(const CueSector& sector);

  /// Dwell decisions for the tick [t_s, t_s + dt_s): out[i] for each object slot i with a
  /// look computed at t_s. looks.size() == out.size() <= size().
  void Plan(double t_s, double dt_s, std::span<const RadarLook> looks, std::span<DwellKind> out);

  /// Outcome of a dwell planned by Plan on slot i at t_s (detected or missed).
  void Report(int slot, double t_s, bool detected);
  /// Release a slot (object destroyed, or the engine's tracker dropped it).
  void Release(int slot);

  bool InTrack(int slot) const { return slots_[slot].in_track; }
  int TrackCount() const { return track_count_; }
  /// Azimuth fraction p in [0, 1) of the search sweep for a given azimuth.
  double SearchPhase(double az_rad) const;

 private:
  struct Slot {
    bool in_track = false;
    int misses = 0;
    double next_track_s = 0.0;
    double next_cued_s = -1e300;
    double last_search_cycle = -1e300;  // sweep index of the last search dwell
  };
  double search_frame_s_;
  double track_revisit_s_;
  int track_capacity_;
  int drop_after_misses_;
  double sweep_start_az_rad_;
  double sweep_width_rad_;
  std::vector<Slot> slots_;
  int track_count_ = 0;
  std::array<CueSector, kMaxCues> cues_{};
  int cue_count_ = 0;
  int cue_next_ = 0;
};

}  // namespace bmd::sensors
