#pragma once
/// Track deletion. A track is marked kDeleted when
///   - tentative and it can no longer reach M hits within its first N scans
///     (scans - hits > N - M, the M-of-N rule's failure), or
///   - confirmed/coasting with more than max_consecutive_misses misses in a row, or
///   - coasting for longer than max_coast_s since its last update, or
///   - its position uncertainty sqrt(trace P_rr) exceeds max_position_sigma_m.
/// Delete() marks and then removes the deleted tracks from the list (order kept, no
/// allocation), copying their ids into *deleted_ids when given.
#include <cstdint>
#include <vector>

#include "models/fusion/track.h"

namespace bmd::fusion {

struct DeleterConfig {
  int confirm_m = 3;                  ///< must match the initiator's M
  int confirm_n = 4;                  ///< must match the initiator's N
  int max_consecutive_misses = 5;
  double max_coast_s = 30.0;
  double max_position_sigma_m = 20000.0;
};

class Deleter {
 public:
  explicit Deleter(const DeleterConfig& cfg = {}) : cfg_(cfg) {}
  /// True if the track should be deleted at time t_s (see header comment).
  bool ShouldDelete(const Track& t, double t_s) const;
  /// Marks and removes deleted tracks. Returns how many were removed.
  int Delete(double t_s, std::vector<Track>* tracks,
             std::vector<std::int64_t>* deleted_ids = nullptr) const;
  const DeleterConfig& config() const { return cfg_; }

 private:
  DeleterConfig cfg_;
};

}  // namespace bmd::fusion
