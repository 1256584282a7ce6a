#include "models/fusion/initiator.h"

#include <cmath>

namespace bmd::fusion {

using sensors::Measurement;
using sensors::MeasurementKind;

Track Initiator::InitiateOne(const Measurement& m, std::int64_t id) const {
  Track t;
  t.id = id;
  t.initiated_s = m.t_s;
  t.state.t_s = m.t_s;
  t.state.x.head<3>() = sensors::MeasurementToPosition(m);
  t.state.x.tail<3>() = cfg_.velocity_prior_mps;
  t.state.P.setZero();
  const Eigen::Matrix3d r = m.NoiseCovariance().topLeftCorner<3, 3>();
  if (m.kind == MeasurementKind::kPosition) {
    t.state.P.topLeftCorner<3, 3>() = r;
  } else {
    // d(ENU)/d(range, az, el) for enu = range (cos el sin az, cos el cos az, sin el).
    const double rg = m.z[0], az = m.z[1], el = m.z[2];
    const double ca = std::cos(az), sa = std::sin(az), ce = std::cos(el), se = std::sin(el);
    Eigen::Matrix3d j;
    j << ce * sa, rg * ce * ca, -rg * se * sa,
         ce * ca, -rg * ce * sa, -rg * se * ca,
         se, 0.0, rg * ce;
    const Eigen::Matrix3d jf = m.R_frame_from_enu * j;
    t.state.P.topLeftCorner<3, 3>() = jf * r * jf.transpose();
  }
  const double vs2 = cfg_.velocity_sigma_mps * cfg_.velocity_sigma_mps;
  t.state.P.bottomRightCorner<3, 3>().diagonal().setConstant(vs2);
  t.RecordHit(m.t_s, m.sensor, m.truth_id);
  t.last_nis = 0.0;
  t.status = TrackStatus::kTentative;
  Confirm(&t);
  return t;
}

int Initiator::Initiate(std::span<const Measurement> ms, std::span<const int> measurement_to_track,
                        std::size_t max_tracks, std::int64_t* next_id,
                        std::vector<Track>* tracks) const {
  int created = 0;
  const std::size_t limit = std::min(max_tracks, tracks->capacity());
  for (std::size_t j = 0; j < ms.size(); ++j) {
    if (measurement_to_track[j] >= 0 || ms[j].kind == MeasurementKind::kAngles) continue;
    if (tracks->size() >= limit) break;
    tracks->push_back(InitiateOne(ms[j], (*next_id)++));
    ++created;
  }
  return created;
}

void Initiator::Confirm(Track* t) const {
  const bool hit = (t->hit_history & 1u) != 0;
  switch (t->status) {
    case TrackStatus::kTentative:
      if (t->HitsInLast(cfg_.confirm_n) >= cfg_.confirm_m) t->status = TrackStatus::kConfirmed;
      break;
    case TrackStatus::kConfirmed:
      if (!hit) t->status = TrackStatus::kCoasting;
      break;
    case TrackStatus::kCoasting:
      if (hit) t->status = TrackStatus::kConfirmed;
      break;
    case TrackStatus::kDeleted: break;
  }
}

}  // namespace bmd::fusion
