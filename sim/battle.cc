#include "sim/battle.h"

#include <algorithm>
#include <cmath>
#include <limits>


#include "models/earth/geodesy.h"
#include "models/engagement/doctrine.h"
#include "models/engagement/kill_assessment.h"
#include "models/engagement/wta.h"
#include "models/guidance/pip.h"

namespace bmd::sim {
namespace {

// Stream entities: interceptors from 100000 (threats < 1000, sensors 1000+).
std::uint64_t InterceptorEntity(std::int64_t id) { return 100000u + static_cast<std::uint64_t>(id); }
// Ballistic coefficient assumed by threat evaluation (kg/m^2): a notional RV class value.
constexpr double kAssumedBeta = 4000.0;
// Threat-evaluation margin beyond an asset's radius for the predicted impact point.
constexpr double kImpactMargin_m = 20e3;
constexpr double kReevaluate_s = 10.0;
// Threat evaluation keeps a track's predicted path while the track stays on it: at a
// re-evaluation the path is predicted again only when the track's current estimate has moved
// off the earlier prediction by more than the larger of kRepredict_m and the estimate's own
// 1-sigma impact uncertainty (sqrt(tr P_rr) + sqrt(tr P_vv) * time to go). "Moved" is the
// position difference plus the velocity difference times the time left to impact, a bound on
// how far the predicted impact point and the engagement geometry can move. Below that, a new
// prediction would differ from the kept one by no more than the estimate's own error (a
// noisy re-prediction every cycle only makes the impact point jitter); a filter that
// converges or a manoeuvre moves the estimate off the path and triggers a new prediction.
// 1 km is 5 % of the impact margin.
constexpr double kRepredict_m = 1e3;
// A new track only looks for a path to take over among paths passing within this distance.
constexpr double kAdoptWithin_m = 5e3;
// A received engagement status is trusted until the planned intercept plus the kill
// assessment delay plus this margin, unless a "complete" status or assessment ends it.
constexpr double kStatusMargin_s = 10.0;
// A status names the same object as a local track when their positions, both extrapolated
// to the decision time, lie closer than this (fallback when track numbers differ).
constexpr double kSameObject_m = 5e3;

}  // namespace

struct Battle::Unit {
  int index = -1;
  const FireUnitConfig* cfg = nullptr;
  const guidance::InterceptorModel* model = nullptr;
  const guidance::FlyoutEnvelope* env = nullptr;
  guidance::EngageSite site;
  int inventory = 0;
  double next_ready_s = 0.0;
};

struct Battle::Flight {
  std::int64_t id = -1;
  int unit = -1;
  int node = -1;
  std::int64_t track = -1;
  std::int64_t truth = -1;
  std::size_t record = 0;
  guidance::InterceptorState state;
  guidance::InterceptorEventBuffer events;
  RandomStream seeker, kill, assess;
  bool done = false;
  double ka_due_s = -1.0;
  bool true_kill = false;
  Eigen::Vector3d last_target_r = Eigen::Vector3d::Zero();
  Eigen::Vector3d last_target_v = Eigen::Vector3d::Zero();
  double last_target_t = 0.0;
  std::size_t track_slot = 0;  ///< where the target track was in the node's picture last tick
  Flight(std::uint64_t seed, std::uint64_t run, std::int64_t id_)
      : id(id_),
        seeker(seed, run, InterceptorEntity(id_), Purpose::kMeasurementNoise),
        kill(seed, run, InterceptorEntity(id_), Purpose::kKillDraw),
        assess(seed, run, InterceptorEntity(id_), Purpose::kKillAssessment) {}
};

// Engagement bookkeeping of one network track at one node.
struct Battle::TrackState {
  int node = -1;
  std::int64_t number = -1;
  int in_flight = 0;
  int opportunities = 0;
  bool assessed_killed = false;
  double next_eval_s = 0.0;
  bool ever_engageable = false;
  bool evaluated = false;
  std::size_t seq = 0;  ///< position in Battle::tracks_
  bool listed = false;  ///< in Battle::with_path_
  // Threat evaluation of the last prediction (kept while the track stays on the path). A
  // path is never modified once predicted, so a track that adopts another's path shares it;
  // Evaluate predicts into it in place only when no other track shares it.
  std::shared_ptr<guidance::PredictedPath> path;
  bool descends = false;  ///< the path reaches the ground within the prediction horizon
  double value = 0.0;     ///< highest value of the assets its impact threatens
};

Battle::Battle(const PreparedScenario& p, std::uint64_t seed, std::uint64_t run, std::int64_t first_object_id)
    : p_(p), seed_(seed), run_(run), next_id_(first_object_id) {
  const Scenario& sc = *p.scenario;
  track_index_.resize(sc.nodes.size());
  for (std::size_t i = 0; i < sc.fire_units.size(); ++i) {
    const auto& fu = sc.fire_units[i];
    auto u = std::make_unique<Unit>();
    u->index = static_cast<int>(i);
    u->cfg = &fu;
    u->model = &p.interceptor_models[static_cast<std::size_t>(fu.type_index)];
    u->env = p.envelopes[static_cast<std::size_t>(fu.type_index)].get();
    const earth::Geodetic at =
        fu.platform >= 0 ? sc.platforms[static_cast<std::size_t>(fu.platform)].route.front().at : fu.at;
    u->site = guidance::MakeEngageSite(at, sc.earth.shape);
    u->inventory = fu.inventory;
    rec_.inventory.push_back(InventorySample{0.0, u->index, u->inventory});
    units_.push_back(std::move(u));
  }
  rec_.threat_status.assign(sc.threats.size(), "not_evaluated");
  for (const auto& a : sc.assets) {
    asset_ecef_.push_back(earth::GeodeticToEcef(earth::Geodetic{a.at.lat_rad, a.at.lon_rad, 0.0}, sc.earth.shape));
  }
  own_mask_.assign(sc.nodes.size(), 0);
  for (std::size_t k = 0; k < sc.sensors.size(); ++k) {
    const int node = sc.sensors[k].node;
    if (node >= 0) own_mask_[static_cast<std::size_t>(node)] |= std::uint64_t{1} << k;
  }
}

// level: 1 not threatening, 2 unengageable, 3 engaged; a threat keeps its highest level.
void Battle::NoteThreat(const interop::ManagedTrack& nt, const std::vector<BattleObject>& objects, int level) {
  if (nt.truth_id < 0 || nt.truth_id >= static_cast<std::int64_t>(objects.size())) return;
  const int threat = objects[static_cast<std::size_t>(nt.truth_id)].threat;
  if (threat < 0) return;
  static constexpr const char* kNames[] = {"not_evaluated", "not_threatening", "unengageable", "engaged"};
  auto& status = rec_.threat_status[static_cast<std::size_t>(threat)];
  int current = 0;
  for (int k = 0; k < 4; ++k) {
    if (status == kNames[k]) current = k;
  }
  if (level > current) status = kNames[level];
}

Battle::~Battle() = default;

int Battle::interceptors_launched() const { return static_cast<int>(flights_.size()); }

bool Battle::EngagedElsewhere(int node, const interop::NetworkTrackManager& picture, const interop::ManagedTrack& track,
                              double t) const {
  const auto n_sensors = static_cast<std::int32_t>(p_.scenario->sensors.size());
  const Eigen::Vector3d r = track.state.x.head<3>() + track.state.x.tail<3>() * (t - track.state.t_s);
  for (const auto& st : remote_status_) {
    if (st.node != node || st.until_s < t) continue;
    if (st.target == track.number) return true;
    if (picture.NumberOf(n_sensors + st.origin_node, st.target) == track.number) return true;
    if ((st.r + st.v * (t - st.t_s) - r).norm() < kSameObject_m) return true;
  }
  return false;
}

bool Battle::MayEngageOn(const Unit& u, const interop::ManagedTrack& nt) const {
  switch (u.cfg->engage_on) {
    case EngageOn::kOwnSensors:
      return (nt.source_mask & own_mask_[static_cast<std::size_t>(u.cfg->node)]) != 0;
    case EngageOn::kNodePicture:
      return interop::Contains(nt.nations, p_.unit_nation[static_cast<std::size_t>(u.index)]);
    case EngageOn::kRemote:
      return true;
  }
  return false;
}

// Engagement status is reported again at every decision cycle of the engaging node while
// the interceptor is scheduled or flying (cf. periodic J10.2), with the node's current
// track of the target: a receiver that missed the first report, or whose own track of the
// object changed number or drifted from the first report's position, still recognises it.
void Battle::RefreshStatus(int node, double t, const interop::NetworkTrackManager& picture, Network& net) {
  for (const auto& f : flights_) {
    if (f->done || f->node != node) continue;
    const auto& er = rec_.engagements[f->record];
    if (er.decision_t_s == t) continue;  // announced at this decision already
    interop::EngagementStatus es;
    es.fire_unit = f->unit;
    es.nation = p_.unit_nation[static_cast<std::size_t>(f->unit)];
    es.target_network_track = f->track;
    es.state = interop::EngagementState::kEngaging;
    es.planned_intercept_s = er.planned_intercept_t_s;
    es.t_s = t;
    es.target_r_ecef = f->last_target_r + f->last_target_v * (t - f->last_target_t);
    es.target_v_ecef = f->last_target_v;
    for (const auto& nt : picture.tracks()) {
      if (nt.number != f->track) continue;
      es.target_r_ecef = nt.state.x.head<3>() + nt.state.x.tail<3>() * (t - nt.state.t_s);
      es.target_v_ecef = nt.state.x.tail<3>();
    }
    net.SendToNeighbors(node, interop::Payload{es}, interop::SetOf(es.nation), t);
  }
}

void Battle::ReceiveStatus(Network& net, double t) {
  const auto& sc = *p_.scenario;
  const double hold_s = sc.engagement.kill_assessment.delay_s + kStatusMargin_s;
  for (std::size_t k = 0; k < sc.nodes.size(); ++k) {
    const int node = static_cast<int>(k);
    auto& status = net.Inbox(node, interop::DataClass::kEngagementStatus);
    for (const auto& m : status) {
      const auto& es = std::get<interop::EngagementStatus>(m.payload);
      if (es.fire_unit < 0 || es.fire_unit >= static_cast<std::int32_t>(units_.size())) continue;
      const int origin = units_[static_cast<std::size_t>(es.fire_unit)]->cfg->node;
      if (origin == node) continue;
      std::erase_if(remote_status_, [&](const RemoteStatus& r) {
        return r.node == node && r.fire_unit == es.fire_unit && r.target == es.target_network_track;
      });
      if (es.state != interop::EngagementState::kComplete) {
        remote_status_.push_back({node, origin, es.fire_unit, es.target_network_track, es.planned_intercept_s + hold_s,
                                  es.t_s, es.target_r_ecef, es.target_v_ecef});
        status_expiry_s_ = std::min(status_expiry_s_, remote_status_.back().until_s);
      }
    }
    status.clear();
    auto& ka = net.Inbox(node, interop::DataClass::kKillAssessment);
    for (const auto& m : ka) {
      const auto& r = std::get<interop::KillAssessmentReport>(m.payload);
      std::erase_if(remote_status_, [&](const RemoteStatus& x) {
        return x.node == node && x.fire_unit == r.fire_unit && x.target == r.target_network_track;
      });
    }
    ka.clear();
  }
  // Expired statuses: status_expiry_s_ is a lower bound on every until_s (exact after each
  // sweep; the erasures above only raise the true minimum), so nothing has expired while
  // t <= status_expiry_s_ and the sweep would erase nothing.
  if (status_expiry_s_ < t) {
    std::erase_if(remote_status_, [&](const RemoteStatus& r) { return r.until_s < t; });
    status_expiry_s_ = std::numeric_limits<double>::infinity();
    for (const auto& r : remote_status_) status_expiry_s_ = std::min(status_expiry_s_, r.until_s);
  }
}

Battle::TrackState* Battle::FindTrackState(int node, std::int64_t number) const {
  if (node < 0 || static_cast<std::size_t>(node) >= track_index_.size()) return nullptr;
  const auto& index = track_index_[static_cast<std::size_t>(node)];
  const auto it = index.find(number);
  return it == index.end() ? nullptr : it->second;
}

bool Battle::OnPath(const TrackState& ts, double t, const Eigen::Vector3d& r, const Eigen::Vector3d& v,
                    const Eigen::Matrix<double, 6, 6>& P) const {
  if (!ts.path || ts.path->size() < 2 || t > ts.path->end_time_s()) return false;
  // The path's state at t by cubic Hermite between its samples: centimetres and ~0.1 m/s
  // from the integrated motion at worst (peak drag; engageability.h), against a threshold of
  // at least kRepredict_m.
  Eigen::Vector3d rp, vp;
  ts.path->StateAt(t, rp, vp);
  const double to_go_s = ts.path->end_time_s() - t;
  const double moved_m = (r - rp).norm() + (v - vp).norm() * to_go_s;
  const double own_sigma_m = std::sqrt(std::max(0.0, P.topLeftCorner<3, 3>().trace())) +
                             std::sqrt(std::max(0.0, P.bottomRightCorner<3, 3>().trace())) * to_go_s;
  return moved_m <= std::max(kRepredict_m, own_sigma_m);
}

// A track new to the node (a new or changed network number, e.g. after a merge or a
// decorrelation) that lies on a path predicted for another track takes that prediction over
// (the closest one in position at t) instead of predicting again. Paths of every node's
// tracks qualify: a ballistic prediction is a function of the state it started from, not of
// the node that ran it, and whether the new track lies on it is judged by OnPath on the
// adopting node's own track and covariance, the test its own paths pass every evaluation.
bool Battle::AdoptPath(TrackState& ts, double t, const Eigen::Vector3d& r, const Eigen::Vector3d& v,
                       const Eigen::Matrix<double, 6, 6>& P) {
  const TrackState* best = nullptr;
  double best_d = kAdoptWithin_m;
  // Only the states that hold a path, in the order of tracks_ (the first of equally close
  // paths wins, as when scanning every state). Decisions come in time order, so a path that
  // has ended before t is skipped at every later call too: its state leaves the list (order
  // kept) until Evaluate or AdoptPath gives it a new path.
  std::size_t kept = 0;
  for (std::size_t k = 0; k < with_path_.size(); ++k) {
    TrackState* other = with_path_[k];
    const guidance::PredictedPath& path = *other->path;
    if (t > path.end_time_s()) {
      other->listed = false;
      continue;
    }
    with_path_[kept++] = other;
    if (other == &ts || path.size() < 2 || t < path.t0_s) {
      continue;
    }
    // Coarse test on the nearest sample first: the path at t is within max speed x half a
    // sample interval of it (with 10 % and 100 m to spare for the interpolant), so a sample
    // farther than that from r cannot pass the test below.
    const auto near = static_cast<std::size_t>((t - path.t0_s) / path.dt_s + 0.5);  // t >= t0
    const double slack = 0.55 * path.dt_s * path.max_speed_mps + 100.0;
    if ((path.r_ecef[std::min(near, path.r_ecef.size() - 1)] - r).squaredNorm() >
        (best_d + slack) * (best_d + slack)) {
      continue;
    }
    const double d = (path.PositionAt(t) - r).norm();
    if (d < best_d && OnPath(*other, t, r, v, P)) {
      best = other;
      best_d = d;
    }
  }
  with_path_.resize(kept);
  if (best == nullptr) return false;
  if (!ts.listed) NoteHasPath(ts);
  ts.path = best->path;  // shared, not copied
  ts.descends = best->descends;
  ts.value = best->value;
  return true;
}

void Battle::NoteHasPath(TrackState& ts) {
  const auto at = std::upper_bound(with_path_.begin(), with_path_.end(), ts.seq,
                                   [](std::size_t seq, const TrackState* x) { return seq < x->seq; });
  with_path_.insert(at, &ts);
  ts.listed = true;
}

void Battle::Evaluate(TrackState& ts, double t, const Eigen::Vector3d& r, const Eigen::Vector3d& v) {
  const Scenario& sc = *p_.scenario;
  // A new path object reserves the samples of the path it replaces (a re-prediction of the
  // same flight ends at about the same time), or of the last prediction for a first path,
  // so that filling it does not grow its arrays step by step.
  std::size_t reserve = last_path_size_;
  if (!ts.listed) NoteHasPath(ts);
  if (!ts.path) {
    ts.path = std::make_shared<guidance::PredictedPath>();
  } else if (ts.path.use_count() > 1) {
    reserve = static_cast<std::size_t>(ts.path->size());
    ts.path = std::make_shared<guidance::PredictedPath>();  // the old one stays with its sharers
  }
  guidance::PredictedPath& path = *ts.path;
  if (path.r_ecef.capacity() < reserve) {
    path.r_ecef.reserve(reserve);
    path.v_ecef.reserve(reserve);
    path.unit_ecef.reserve(reserve);
    path.alt_m.reserve(reserve);
  }
  guidance::PredictBallistic(sc.earth, t, r, v, 1.0 / kAssumedBeta, 1.0, 1500.0, path);
  last_path_size_ = static_cast<std::size_t>(path.size());
  ts.descends = path.size() >= 3 && path.alt_m.back() <= 1e3;
  ts.value = 0.0;
  if (!ts.descends) return;
  const auto impact = earth::EcefToGeodetic(path.r_ecef.back(), sc.earth.shape);
  const Eigen::Vector3d impact_surface =
      earth::GeodeticToEcef(earth::Geodetic{impact.lat_rad, impact.lon_rad, 0.0}, sc.earth.shape);
  for (std::size_t ai = 0; ai < sc.assets.size(); ++ai) {
    const auto& a = sc.assets[ai];
    // The chord between the two surface points is a lower bound on the geodesic: an asset
    // farther than the threshold by chord (with a margin for rounding) is skipped without
    // the geodesic solution (the outcome is the same).
    const double limit_m = a.radius_m + kImpactMargin_m;
    if ((impact_surface - asset_ecef_[ai]).norm() > limit_m * (1.0 + 1e-9) + 1e-3) continue;
    const double d = earth::GeodesicInverse(impact.lat_rad, impact.lon_rad, a.at.lat_rad, a.at.lon_rad,
                                            sc.earth.shape).distance_m;
    if (d <= limit_m) ts.value = std::max(ts.value, a.value);
  }
}

void Battle::Decide(int node, double t, const interop::NetworkTrackManager& picture, std::vector<BattleObject>& objects,
                    Network& net) {
  const Scenario& sc = *p_.scenario;
  // Scratch kept across calls (no allocation once warm): ready units, candidates, their
  // engageability per ready unit (row-major [candidate][unit]) and their predicted paths.
  auto& units = scratch_units_;
  units.clear();
  for (const auto& u : units_) {
    if (u->cfg->node == node && u->inventory > 0 && u->next_ready_s <= t) units.push_back(u->index);
  }
  if (units.empty()) return;

  auto& cands = scratch_cands_;
  auto& eng = scratch_eng_;
  cands.clear();
  eng.clear();
  const std::size_t nu = units.size();
  for (const auto& nt : picture.tracks()) {
    if (nt.num_reports == 0 || t - nt.last_update_s > 5.0) continue;
    TrackState* ts = FindTrackState(node, nt.number);
    if (!ts) {
      tracks_.push_back(std::make_unique<TrackState>());
      ts = tracks_.back().get();
      ts->seq = tracks_.size() - 1;
      ts->node = node;
      ts->number = nt.number;
      track_index_[static_cast<std::size_t>(node)].emplace(nt.number, ts);
    }
    if (ts->assessed_killed || ts->in_flight > 0 || t < ts->next_eval_s) continue;
    ts->next_eval_s = t + kReevaluate_s;
    // Threat evaluation: ballistic prediction of the track to the ground (reused while the
    // track stays on the previous prediction).
    const Eigen::Vector3d r = nt.state.x.head<3>() + nt.state.x.tail<3>() * (t - nt.state.t_s);
    const Eigen::Vector3d v = nt.state.x.tail<3>();
    if (!OnPath(*ts, t, r, v, nt.state.P) && !AdoptPath(*ts, t, r, v, nt.state.P)) Evaluate(*ts, t, r, v);
    if (!ts->descends) continue;  // not descending to the ground
    const double value = ts->value;
    ts->evaluated = true;
    if (value <= 0.0) {  // predicted to fall outside every defended area
      NoteThreat(nt, objects, 1);
      continue;
    }
    if (EngagedElsewhere(node, picture, nt, t)) {
      ++rec_.status_holds;
      continue;
    }
    Candidate c{&nt, ts, value};
    const std::size_t eng_start = eng.size();
    bool any = false, any_allowed = false;
    for (int ui : units) {
      const auto& u = *units_[static_cast<std::size_t>(ui)];
      const double t_launch = t + u.model->spec.reaction_time_s;
      auto e = guidance::CheckEngageability(*u.env, u.site, *ts->path, t_launch);
      if (e.engageable && !engagement::InFiringWindow(u.cfg->doctrine, t_launch)) e.engageable = false;
      any = any || e.engageable;
      if (e.engageable && !MayEngageOn(u, nt)) e.engageable = false;  // data it may not fire on
      any_allowed = any_allowed || e.engageable;
      eng.push_back(e);
    }
    if (!any || !any_allowed) {
      eng.resize(eng_start);
      if (!any) NoteThreat(nt, objects, 2);
      continue;
    }
    ts->ever_engageable = true;
    cands.push_back(c);
  }
  if (cands.empty()) return;

  engagement::WtaProblem w;
  w.num_fire_units = static_cast<int>(units.size());
  w.num_threats = static_cast<int>(cands.size());
  for (const auto& c : cands) w.threat_value.push_back(c.value);
  w.pk.assign(static_cast<std::size_t>(w.num_fire_units * w.num_threats), 0.0);
  for (std::size_t i = 0; i < units.size(); ++i) {
    const auto& u = *units_[static_cast<std::size_t>(units[i])];
    w.inventory.push_back(u.inventory);
    const auto& d = u.cfg->doctrine;
    w.max_salvo.push_back(d.policy == engagement::FiringPolicy::kSalvo ? std::max(1, d.salvo_size) : 1);
    for (std::size_t j = 0; j < cands.size(); ++j) {
      if (eng[j * nu + i].engageable && engagement::MayCommit(d, u.model->spec.pk)) {
        w.pk[i * cands.size() + j] = u.model->spec.pk;
      }
    }
  }
  const bool exact = sc.engagement.wta == "exact" ||
                     (sc.engagement.wta == "auto" && w.num_fire_units * w.num_threats <= 12);
  const auto sol = exact ? engagement::SolveWtaExact(w) : engagement::SolveWtaHeuristic(w);

  for (std::size_t i = 0; i < units.size(); ++i) {
    auto& u = *units_[static_cast<std::size_t>(units[i])];
    for (std::size_t j = 0; j < cands.size(); ++j) {
      const int shots = sol.Shots(static_cast<int>(i), static_cast<int>(j), w.num_threats);
      if (shots <= 0) continue;
      auto& c = cands[j];
      const double t_launch = std::max(t + u.model->spec.reaction_time_s, u.next_ready_s);
      const auto pip = guidance::SolvePip(*u.model, *u.env, u.site, *c.state->path, t_launch);
      if (!pip.ok) continue;
      for (int s = 0; s < shots && u.inventory > 0; ++s) {
        auto f = std::make_unique<Flight>(seed_, run_, next_id_++);
        f->unit = u.index;
        f->node = node;
        f->track = c.track->number;
        f->truth = c.track->truth_id;
        f->state = guidance::MakeInterceptorState(*u.model, u.site.r_ecef, pip.t_launch_s + s * u.cfg->reload_s,
                                                  pip.launch_dir_ecef, t);
        f->last_target_r = c.track->state.x.head<3>();
        f->last_target_v = c.track->state.x.tail<3>();
        f->last_target_t = c.track->state.t_s;
        EngagementRecord er;
        er.decision_t_s = t;
        er.fire_unit = u.index;
        er.node = node;
        er.interceptor_id = f->id;
        er.target_track = c.track->number;
        er.truth_id = c.track->truth_id;
        er.threat = (c.track->truth_id >= 0 && c.track->truth_id < static_cast<std::int64_t>(objects.size()))
                        ? objects[static_cast<std::size_t>(c.track->truth_id)].threat
                        : -1;
        er.pip_ecef = pip.pip_ecef;
        er.launch_t_s = pip.t_launch_s + s * u.cfg->reload_s;
        er.planned_intercept_t_s = pip.t_intercept_s;
        for (const auto& other : flights_) {
          if (!other->done && other->node != node && other->truth >= 0 && other->truth == f->truth) {
            er.duplicate = true;
          }
        }
        if (er.duplicate) ++rec_.duplicate_engagements;
        if (sc.engagement.share_engagement_status) {
          interop::EngagementStatus es;
          es.fire_unit = u.index;
          es.nation = p_.unit_nation[static_cast<std::size_t>(u.index)];
          es.target_network_track = c.track->number;
          es.state = interop::EngagementState::kEngaging;
          es.planned_intercept_s = pip.t_intercept_s;
          es.t_s = t;
          es.target_r_ecef = c.track->state.x.head<3>() + c.track->state.x.tail<3>() * (t - c.track->state.t_s);
          es.target_v_ecef = c.track->state.x.tail<3>();
          net.SendToNeighbors(node, interop::Payload{es}, interop::SetOf(es.nation), t);
        }
        f->record = rec_.engagements.size();
        rec_.engagements.push_back(er);
        rec_.interceptor_unit.push_back(u.index);
        --u.inventory;
        u.next_ready_s = er.launch_t_s + u.cfg->reload_s;
        rec_.inventory.push_back(InventorySample{er.launch_t_s, u.index, u.inventory});
        ++c.state->in_flight;
        NoteThreat(*c.track, objects, 3);
        active_flights_.push_back(flights_.size());
        flights_.push_back(std::move(f));
      }
      ++c.state->opportunities;
    }
  }
}

void Battle::Fly(Flight& f, double t_prev, double t_now, std::vector<BattleObject>& objects,
                 const std::vector<const interop::NetworkTrackManager*>& pictures) {
  const auto& u = *units_[static_cast<std::size_t>(f.unit)];
  // Midcourse updates from the node's current track of the target (if it still holds it).
  // The target track is looked up where it was last tick first (the picture's order changes
  // only when tracks are created or dropped): network numbers are unique within a picture, so
  // the track found there is the one a full scan finds.
  guidance::TargetEstimate est;
  const guidance::TargetEstimate* track = nullptr;
  const auto& tracks = pictures[static_cast<std::size_t>(f.node)]->tracks();
  const interop::ManagedTrack* found = nullptr;
  if (f.track_slot < tracks.size() && tracks[f.track_slot].number == f.track) {
    found = &tracks[f.track_slot];
  } else {
    for (std::size_t i = 0; i < tracks.size(); ++i) {
      if (tracks[i].number != f.track) continue;
      found = &tracks[i];
      f.track_slot = i;
    }
  }
  if (found != nullptr) {
    const auto& nt = *found;
    est.t_s = nt.state.t_s;
    est.r_ecef = nt.state.x.head<3>();
    est.v_ecef = nt.state.x.tail<3>();
    est.drag_area_per_mass = 1.0 / kAssumedBeta;
    track = &est;
    f.last_target_r = est.r_ecef;
    f.last_target_v = est.v_ecef;
    f.last_target_t = est.t_s;
  }
  guidance::TargetTruthSpan span;
  BattleObject* target = nullptr;
  if (f.truth >= 0 && f.truth < static_cast<std::int64_t>(objects.size())) {
    target = &objects[static_cast<std::size_t>(f.truth)];
    span = guidance::TargetTruthSpan{t_prev, t_now, target->r0, target->v0, target->a0, target->r1, target->v1, target->a1};
  }
  if (!target || !target->alive) {
    // Nothing to hit: the seeker finds no object; the interceptor flies on to its timeout.
    span = guidance::TargetTruthSpan{t_prev, t_now, f.last_target_r, f.last_target_v, Eigen::Vector3d::Zero(),
                                     f.last_target_r, f.last_target_v, Eigen::Vector3d::Zero()};
  }
  f.events.Clear();
  guidance::Advance(*u.model, f.state, t_now, track, span, &f.seeker, f.events);
  auto& er = rec_.engagements[f.record];
  for (const auto& e : f.events) {
    using K = guidance::InterceptorEventKind;
    if (e.kind == K::kIntercept) {
      er.intercept_t_s = e.t_s;
      er.miss_m = e.miss_m;
      f.true_kill = target && target->alive && !target->killed &&
                    engagement::DrawKill(e.miss_m, u.model->spec.lethal_radius_m, u.model->spec.pk, f.kill);
      er.result = f.true_kill ? "kill" : "miss";
      if (f.true_kill) {
        target->killed = true;
        target->killed_t_s = e.t_s;
      }
      f.ka_due_s = e.t_s + p_.scenario->engagement.kill_assessment.delay_s;
      f.done = true;
    } else if (e.kind == K::kGroundImpact || e.kind == K::kTimeout) {
      er.result = e.kind == K::kGroundImpact ? "ground_impact" : "timeout";
      f.ka_due_s = e.t_s;  // the battle manager learns of the failure at once
      f.done = true;
    }
  }
  if (f.done) f.state.phase = guidance::InterceptorPhase::kDone;
}

void Battle::Tick(double t_prev, double t_now, std::vector<BattleObject>& objects,
                  const std::vector<const interop::NetworkTrackManager*>& pictures, Network& net, bool record) {
  const Scenario& sc = *p_.scenario;
  if (units_.empty()) return;
  ReceiveStatus(net, t_now);
  // Nodes decide on staggered cycles (node k offset by k/n of the interval): their clocks
  // are not synchronised, and a status sent at one node's decision can reach the next
  // node before it decides.
  if (next_decision_s_by_node_.empty()) {
    const double n = static_cast<double>(pictures.size());
    for (std::size_t k = 0; k < pictures.size(); ++k) {
      next_decision_s_by_node_.push_back(sc.engagement.decision_interval_s * static_cast<double>(k) / n);
    }
  }
  for (std::size_t k = 0; k < pictures.size(); ++k) {
    double& next = next_decision_s_by_node_[k];
    if (t_now + 1e-9 < next) continue;
    Decide(static_cast<int>(k), t_now, *pictures[k], objects, net);
    if (sc.engagement.share_engagement_status) RefreshStatus(static_cast<int>(k), t_now, *pictures[k], net);
    while (next <= t_now + 1e-9) next += sc.engagement.decision_interval_s;
  }
  // The flights with something left to do (in flight, or a kill assessment still due), in
  // launch order; a finished one leaves the list (order kept) once its assessment is in.
  std::size_t kept = 0;
  for (const std::size_t fi : active_flights_) {
    auto& f = flights_[fi];
    if (!f->done && f->state.launch_time_s <= t_now) Fly(*f, t_prev, t_now, objects, pictures);
    if (record && !f->done && f->state.phase != guidance::InterceptorPhase::kPreLaunch) {
      rec_.truth.push_back(InterceptorTruth{f->id, f->state.t_s, f->state.r_ecef, f->state.v_ecef});
    }
    // Kill assessment (or failure report) reaches the battle manager.
    if (f->done && f->ka_due_s >= 0.0 && f->ka_due_s <= t_now) {
      auto& er = rec_.engagements[f->record];
      TrackState* ts = FindTrackState(f->node, f->track);
      bool assessed_kill = false;
      if (er.result == "kill" || er.result == "miss") {
        const auto ka = engagement::AssessKill(sc.engagement.kill_assessment, f->true_kill, f->assess);
        er.ka_result = ka == engagement::KillAssessment::kKill ? "kill" : "no_kill";
        assessed_kill = ka == engagement::KillAssessment::kKill;
        if (ts && assessed_kill) ts->assessed_killed = true;
      }
      if (sc.engagement.share_engagement_status) {
        const auto nation = p_.unit_nation[static_cast<std::size_t>(f->unit)];
        interop::KillAssessmentReport kr;
        kr.fire_unit = f->unit;
        kr.nation = nation;
        kr.target_network_track = f->track;
        kr.result = assessed_kill ? interop::KillResult::kKill : interop::KillResult::kNoKill;
        kr.intercept_s = std::isnan(er.intercept_t_s) ? t_now : er.intercept_t_s;
        kr.t_s = t_now;
        net.SendToNeighbors(f->node, interop::Payload{kr}, interop::SetOf(nation), t_now);
      }
      if (ts) {
        --ts->in_flight;
        // Shoot-look-shoot: a further opportunity only within the doctrine's limit.
        const auto& d = units_[static_cast<std::size_t>(f->unit)]->cfg->doctrine;
        if (ts->opportunities >= engagement::MaxEngagements(d)) ts->assessed_killed = true;
        ts->next_eval_s = t_now;
      }
      f->ka_due_s = -1.0;
    }
    if (!f->done || f->ka_due_s >= 0.0) active_flights_[kept++] = fi;
  }
  active_flights_.resize(kept);
}

}  // namespace bmd::sim
