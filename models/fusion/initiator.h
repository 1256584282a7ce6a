#pragma once
/// Track initiation and M-of-N confirmation.
///
/// Initiate: every measurement of the scan left unassociated starts a tentative track by
/// single-point initiation: position = the measurement converted to the tracker frame
/// (sensors::MeasurementToPosition), position covariance = J R J^T (J the Jacobian of the
/// range/az/el -> Cartesian conversion; R itself for kPosition), velocity = a configured prior
/// mean (zero by default) with a large isotropic sigma (several km/s), no position/velocity
/// correlation. The next associated measurement then acts as the second point of two-point
/// differencing (the Kalman update with this vague velocity prior gives almost exactly the
/// two-point velocity). kAngles measurements (no range) never initiate.
///
/// Confirm (after each scan's book-keeping): tentative -> confirmed when at least M of the
/// last N scans were hits; confirmed -> coasting on a miss; coasting -> confirmed on a hit.
#include <cstdint>
#include <span>
#include <vector>

#include "models/fusion/track.h"
#include "models/sensors/measurement.h"

namespace bmd::fusion {

struct InitiatorConfig {
  int confirm_m = 3;                      ///< M hits ...
  int confirm_n = 4;                      ///< ... in the last N scans confirm (N <= 32)
  double velocity_sigma_mps = 5000.0;     ///< 1-sigma of the velocity prior, each axis
  Eigen::Vector3d velocity_prior_mps = Eigen::Vector3d::Zero();  ///< prior mean, tracker frame
};

class Initiator {
 public:
  explicit Initiator(const InitiatorConfig& cfg = {}) : cfg_(cfg) {}

  /// Tentative track from one measurement (see header comment), id assigned by the caller.
  Track InitiateOne(const sensors::Measurement& m, std::int64_t id) const;

  /// Appends a tentative track for every measurement with measurement_to_track[j] < 0 (and a
  /// range), while tracks->size() < max_tracks (never reallocates past capacity). Ids come
  /// from *next_id, which is advanced. Returns the number of tracks created.
  int Initiate(std::span<const sensors::Measurement> ms, std::span<const int> measurement_to_track,
               std::size_t max_tracks, std::int64_t* next_id, std::vector<Track>* tracks) const;

  /// M-of-N status transition after the track's hit/miss of this scan was recorded.
  void Confirm(Track* track) const;

  const InitiatorConfig& config() const { return cfg_; }

 private:
  InitiatorConfig cfg_;
};

}  // namespace bmd::fusion
