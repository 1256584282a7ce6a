#include "models/fusion/tracker.h"

namespace bmd::fusion {
namespace {
// The deleter's tentative-track rule uses the initiator's M and N.
DeleterConfig DeleterWithMofN(const TrackerConfig& cfg) {
  DeleterConfig d = cfg.deleter;
  d.confirm_m = cfg.initiator.confirm_m;
  d.confirm_n = cfg.initiator.confirm_n;
  return d;
}
}  // namespace

Tracker::Tracker(const TrackerConfig& cfg, const Predictor& predictor, const Updater& updater)
    : cfg_(cfg),
      predictor_(predictor),
      updater_(updater),
      associator_(cfg.gate, updater),
      initiator_(cfg.initiator),
      deleter_(DeleterWithMofN(cfg)),
      next_id_(cfg.first_track_id) {
  tracks_.reserve(cfg.max_tracks);
  deleted_ids_.reserve(cfg.max_tracks);
  associator_.Reserve(static_cast<int>(cfg.max_tracks), static_cast<int>(cfg.max_measurements));
  associations_.track_to_measurement.reserve(cfg.max_tracks);
  associations_.track_d2.reserve(cfg.max_tracks);
  associations_.measurement_to_track.reserve(cfg.max_measurements);
}

void Tracker::Step(double t_s, std::span<const sensors::Measurement> ms) {
  t_s_ = t_s;
  deleted_ids_.clear();
  PredictTracks(t_s);
  associator_.Associate(tracks_, ms, &associations_);
  UpdateTracks(ms);
  initiator_.Initiate(ms, associations_.measurement_to_track, cfg_.max_tracks, &next_id_, &tracks_);
  deleter_.Delete(t_s, &tracks_, &deleted_ids_);
}

void Tracker::PredictTracks(double t_s) {
  for (Track& t : tracks_) t.state = predictor_.Predict(t.state, t_s);
}

void Tracker::UpdateTracks(std::span<const sensors::Measurement> ms) {
  for (std::size_t i = 0; i < tracks_.size(); ++i) {
    Track& t = tracks_[i];
    const int j = associations_.track_to_measurement[i];
    const UpdateResult res = j >= 0 ? updater_.Update(t.state, ms[j]) : UpdateResult{};
    if (j >= 0 && res.ok) {
      t.state = res.posterior;
      t.last_nis = res.nis;
      t.RecordHit(t_s_, ms[j].sensor, ms[j].truth_id);
    } else {
      t.RecordMiss();
    }
    initiator_.Confirm(&t);
  }
}

}  // namespace bmd::fusion
