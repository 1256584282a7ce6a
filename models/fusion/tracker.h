#pragma once
/// Multi-target tracker for one sensor or one node: predict -> gate + associate (GNN) ->
/// update -> initiate -> confirm -> delete, once per scan.
///
/// Usage from the engine's tick loop (or the `track` replay command): build one Tracker per
/// tracking entity with a Predictor and an Updater of the wanted flavour (EKF or UKF) and a
/// motion model in the wanted frame (ECEF ballistic, or flat-gravity for local replay), then
/// call Step(t_s, measurements_of_this_scan) for each sensor scan/dwell in time order, and
/// read tracks(). Measurements of one Step are treated as valid at t_s (a scan); a track takes
/// at most one measurement per Step. Steady state allocates nothing as long as the numbers of
/// tracks and measurements stay within the reserved capacities.
///
/// IMM mode (constructor with an ImmFilter): every track also carries an ImmState (kept in a
/// list parallel to tracks(), see imm_states()); Predict and Update run the IMM cycle and
/// Track::state holds the moment-matched combination, which gating and association use (EKF
/// innovation of the combined state).
#include <cstdint>
#include <span>
#include <vector>

#include "models/fusion/association.h"
#include "models/fusion/deleter.h"
#include "models/fusion/imm.h"
#include "models/fusion/initiator.h"
#include "models/fusion/predictor.h"
#include "models/fusion/track.h"
#include "models/fusion/updater.h"

namespace bmd::fusion {

struct TrackerConfig {
  GateConfig gate;
  InitiatorConfig initiator;
  DeleterConfig deleter;                ///< its confirm_m/n are taken from initiator
  std::size_t max_tracks = 1024;        ///< capacity of the track list (initiation stops there)
  std::size_t max_measurements = 1024;  ///< per-scan capacity reserved for association
  std::int64_t first_track_id = 1;
};

class Tracker {
 public:
  /// predictor and updater must outlive the tracker.
  Tracker(const TrackerConfig& cfg, const Predictor& predictor, const Updater& updater);
  /// IMM tracker; imm must outlive the tracker.
  Tracker(const TrackerConfig& cfg, const ImmFilter& imm);
  Tracker(const Tracker&) = delete;
  Tracker& operator=(const Tracker&) = delete;

  /// One scan at time t_s (>= the previous scan's time).
  void Step(double t_s, std::span<const sensors::Measurement> ms);

  const std::vector<Track>& tracks() const { return tracks_; }
  /// Ids of the tracks deleted by the latest Step.
  const std::vector<std::int64_t>& deleted_ids() const { return deleted_ids_; }
  /// Association of the latest Step (indices into tracks() before initiation/deletion).
  const Associations& associations() const { return associations_; }
  double time_s() const { return t_s_; }
  /// IMM mode: per-track model states, same order as tracks(); empty otherwise.
  const std::vector<ImmState>& imm_states() const { return imm_states_; }
  bool is_imm() const { return imm_ != nullptr; }

 private:
  void PredictTracks(double t_s);
  void UpdateTracks(std::span<const sensors::Measurement> ms);
  void InitiateTracks(std::span<const sensors::Measurement> ms);
  void DeleteTracks(double t_s);
  void ReserveCapacity();

  TrackerConfig cfg_;
  const Predictor* predictor_ = nullptr;  // EKF/UKF mode
  const ImmFilter* imm_ = nullptr;        // IMM mode
  EkfUpdater imm_updater_;                // IMM mode: gating on the combined state
  const Updater& updater_;
  GnnAssociator associator_;
  Initiator initiator_;
  Deleter deleter_;
  std::vector<Track> tracks_;
  std::vector<ImmState> imm_states_;
  std::vector<std::int64_t> deleted_ids_;
  Associations associations_;
  std::int64_t next_id_;
  double t_s_ = 0.0;
};

}  // namespace bmd::fusion
