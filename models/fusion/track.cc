#include "models/fusion/track.h"

#include <algorithm>

namespace bmd::fusion {

void Track::RecordHit(double t_s, std::int32_t sensor, std::int64_t measured_truth) {
  hit_history = (hit_history << 1) | 1u;
  ++scans;
  ++total_hits;
  consecutive_misses = 0;
  last_update_s = t_s;
  if (sensor >= 0 && !HasSource(sensor)) {
    source_mask |= std::uint64_t{1} << (sensor & 63);
    if (num_sources < kMaxTrackSources) sources[num_sources++] = sensor;
  }
  // Majority vote over a few candidate ids (the least-voted slot is recycled).
  int slot = -1;
  for (int i = 0; i < kTruthSlots; ++i) {
    if (truth_votes[i] > 0 && truth_candidates[i] == measured_truth) slot = i;
  }
  if (slot < 0) {
    slot = static_cast<int>(std::min_element(truth_votes.begin(), truth_votes.end()) -
                            truth_votes.begin());
    truth_candidates[slot] = measured_truth;
    truth_votes[slot] = 0;
  }
  ++truth_votes[slot];
  const int best = static_cast<int>(std::max_element(truth_votes.begin(), truth_votes.end()) -
                                    truth_votes.begin());
  truth_id = truth_candidates[best];
}

void Track::RecordMiss() {
  hit_history <<= 1;
  ++scans;
  ++consecutive_misses;
}

}  // namespace bmd::fusion
