#include "models/fusion/deleter.h"

#include <algorithm>
#include <cmath>

namespace bmd::fusion {

bool Deleter::ShouldDelete(const Track& t, double t_s) const {
  if (t.status == TrackStatus::kDeleted) return true;
  if (t.state.P.topLeftCorner<3, 3>().trace() >
      cfg_.max_position_sigma_m * cfg_.max_position_sigma_m) {
    return true;
  }
  if (t.status == TrackStatus::kTentative) {
    return t.scans - t.total_hits > cfg_.confirm_n - cfg_.confirm_m;
  }
  if (t.consecutive_misses > cfg_.max_consecutive_misses) return true;
  return t.status == TrackStatus::kCoasting && t_s - t.last_update_s > cfg_.max_coast_s;
}

int Deleter::Delete(double t_s, std::vector<Track>* tracks,
                    std::vector<std::int64_t>* deleted_ids) const {
  for (Track& t : *tracks) {
    if (ShouldDelete(t, t_s)) {
      t.status = TrackStatus::kDeleted;
      if (deleted_ids != nullptr) deleted_ids->push_back(t.id);
    }
  }
  const auto it = std::remove_if(tracks->begin(), tracks->end(), [](const Track& t) {
    return t.status == TrackStatus::kDeleted;
  });
  const int removed = static_cast<int>(tracks->end() - it);
  tracks->erase(it, tracks->end());
  return removed;
}

}  // namespace bmd::fusion
