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
      predictor_(&predictor),
      updater_(updater),
      associator_(cfg.gate, updater),
      initiator_(cfg.initiator),
      deleter_(DeleterWithMofN(cfg)),
      next_id_(cfg.first_track_id) {
  ReserveCapacity();
}

Tracker::Tracker(const TrackerConfig& cfg, const ImmFilter& imm)
    : cfg_(cfg),
      imm_(&imm),
      updater_(imm_updater_),
      associator_(cfg.gate, imm_updater_),
      initiator_(cfg.initiator),
      deleter_(DeleterWithMofN(cfg)),
      next_id_(cfg.first_track_id) {
  ReserveCapacity();
  imm_states_.reserve(cfg.max_tracks);
}

void Tracker::ReserveCapacity() {
  tracks_.reserve(cfg_.max_tracks);
  deleted_ids_.reserve(cfg_.max_tracks);
  associator_.Reserve(static_cast<int>(cfg_.max_tracks), static_cast<int>(cfg_.max_measurements));
  associations_.track_to_measurement.reserve(cfg_.max_tracks);
  associations_.track_d2.reserve(cfg_.max_tracks);
  associations_.measurement_to_track.reserve(cfg_.max_measurements);
}

void Tracker::Step(double t_s, std::span<const sensors::Measurement> ms) {
  t_s_ = t_s;
  deleted_ids_.clear();
  PredictTracks(t_s);
  associator_.Associate(tracks_, ms, &associations_);
  UpdateTracks(ms);
  InitiateTracks(ms);
  DeleteTracks(t_s);
}

void Tracker::PredictTracks(double t_s) {
  if (imm_ == nullptr) {
    for (Track& t : tracks_) t.state = predictor_->Predict(t.state, t_s);
    return;
  }
  for (std::size_t i = 0; i < tracks_.size(); ++i) {
    imm_->Predict(&imm_states_[i], t_s);
    tracks_[i].state = ImmFilter::Combined(imm_states_[i]);
  }
}

void Tracker::UpdateTracks(std::span<const sensors::Measurement> ms) {
  for (std::size_t i = 0; i < tracks_.size(); ++i) {
    Track& t = tracks_[i];
    const int j = associations_.track_to_measurement[i];
    bool hit = false;
    if (j >= 0 && imm_ == nullptr) {
      // The association kept this pair's innovation (same state, same measurement).
      const InnovationWork* work = associator_.PairWork(static_cast<int>(i), j);
      const UpdateResult res = work != nullptr ? updater_.UpdatePrepared(t.state, ms[j], *work)
                                               : updater_.Update(t.state, ms[j]);
      if (res.ok) {
        t.state = res.posterior;
        t.last_nis = res.nis;
        hit = true;
      }
    } else if (j >= 0 && imm_->Update(&imm_states_[i], ms[j])) {
      t.state = ImmFilter::Combined(imm_states_[i]);
      t.last_nis = imm_states_[i].last_nis;
      hit = true;
    }
    if (hit) {
      t.RecordHit(t_s_, ms[j].sensor, ms[j].truth_id);
    } else {
      t.RecordMiss();
    }
    initiator_.Confirm(&t);
  }
}

void Tracker::InitiateTracks(std::span<const sensors::Measurement> ms) {
  const std::size_t before = tracks_.size();
  initiator_.Initiate(ms, associations_.measurement_to_track, cfg_.max_tracks, &next_id_, &tracks_);
  if (imm_ == nullptr) return;
  for (std::size_t i = before; i < tracks_.size(); ++i) {
    imm_states_.push_back(imm_->Initialise(tracks_[i].state));
  }
}

// The deleter's rules, applied here (rather than by Deleter::Delete) so that the IMM states
// stay parallel to the tracks: one stable compaction of both lists, no allocation.
void Tracker::DeleteTracks(double t_s) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < tracks_.size(); ++i) {
    if (deleter_.ShouldDelete(tracks_[i], t_s)) {
      deleted_ids_.push_back(tracks_[i].id);
      continue;
    }
    if (kept != i) {
      tracks_[kept] = tracks_[i];
      if (imm_ != nullptr) imm_states_[kept] = imm_states_[i];
    }
    ++kept;
  }
  tracks_.resize(kept);
  if (imm_ != nullptr) imm_states_.resize(kept);
}

}  // namespace bmd::fusion
