#pragma once
/// A track held by a tracker: estimate, status and the bookkeeping that track management and
/// scoring need. Plain value type, fixed size (no heap), so a track list is one contiguous
/// array.
#include <array>
#include <bit>
#include <cstdint>

#include "models/fusion/gaussian_state.h"

namespace bmd::fusion {

enum class TrackStatus : std::uint8_t {
  kTentative = 0,  ///< initiated, not yet confirmed (M-of-N pending)
  kConfirmed = 1,  ///< confirmed and updated on the latest scan
  kCoasting = 2,   ///< confirmed, missed on the latest scan(s): prediction only
  kDeleted = 3,    ///< removed by the deleter (reported once, then dropped)
};

inline constexpr int kMaxTrackSources = 8;  ///< sensors listed per track (mask covers 64)
inline constexpr int kTruthSlots = 4;       ///< candidate truth ids kept for the majority vote

struct Track {
  std::int64_t id = -1;          ///< stable track number, unique within its tracker
  GaussianState state;           ///< estimate at state.t_s (last predict or update)
  TrackStatus status = TrackStatus::kTentative;
  double initiated_s = 0.0;      ///< time of the initiating measurement
  double last_update_s = 0.0;    ///< time of the latest associated measurement
  double last_nis = 0.0;         ///< NIS of the latest update

  /// Contributing sensors: bit (sensor mod 64) of the mask, plus the first kMaxTrackSources
  /// sensor indices in the order they first contributed.
  std::uint64_t source_mask = 0;
  std::array<std::int32_t, kMaxTrackSources> sources{};
  int num_sources = 0;

  /// Hit/miss history, newest scan in bit 0 (1 = associated measurement); scans counts every
  /// scan since initiation (the initiating one included).
  std::uint32_t hit_history = 0;
  int scans = 0;
  int total_hits = 0;
  int consecutive_misses = 0;

  /// Majority truth id of the associated measurements (scoring only; -1 = unknown/false).
  std::int64_t truth_id = -1;
  std::array<std::int64_t, kTruthSlots> truth_candidates{-1, -1, -1, -1};
  std::array<int, kTruthSlots> truth_votes{};

  /// Number of hits among the latest n scans (n <= 32).
  int HitsInLast(int n) const {
    const std::uint32_t mask = n >= 32 ? ~0u : ((1u << n) - 1u);
    return std::popcount(hit_history & mask);
  }
  bool HasSource(std::int32_t sensor) const {
    return sensor >= 0 && ((source_mask >> (sensor & 63)) & 1u) != 0;
  }

  /// Book-keeping of one scan with an associated measurement (sensor, truth id of it).
  void RecordHit(double t_s, std::int32_t sensor, std::int64_t measured_truth);
  /// Book-keeping of one scan without one.
  void RecordMiss();
};

}  // namespace bmd::fusion
