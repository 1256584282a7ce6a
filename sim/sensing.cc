#include "sim/sensing.h"

#include <cmath>
#include <limits>

#include "models/common/random.h"
#include "models/earth/geodesy.h"
#include "sim/tracker_setup.h"

namespace bmd::sim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// OSPA/GOSPA cut-off and SIAP association distance for BMD pictures (documented in the
// schema): 5 km separates a wrong track from a merely inaccurate one at these ranges.
constexpr double kMetricCutoff_m = 5e3;
constexpr double kMetricOrder = 2.0;

// Entity ids for random streams: sensors are numbered from 1000 so they never share a
// counter block with threats or links.
std::uint64_t SensorEntity(int sensor_index) { return 1000u + static_cast<std::uint64_t>(sensor_index); }
// Cue validity and look-ahead for a radar's cued search sector, and its width in sigmas.
constexpr double kCueValid_s = 120.0;
constexpr double kCueLookahead_s = 120.0;
constexpr double kCueSigmas = 3.0;
// Registration pairs: a local track and another source's report closer than this are
// candidates for the same object (the estimator's gate rejects mis-pairings).
constexpr double kPairDistance_m = 20e3;
// A remote track not refreshed for this many fusion cycles plus the margin is dropped (a
// lost message or two is tolerated).
constexpr double kRemoteRefreshCycles = 3.0;
constexpr double kRemoteRefreshMargin_s = 1.0;

bool InPicture(fusion::TrackStatus s) {
  return s == fusion::TrackStatus::kConfirmed || s == fusion::TrackStatus::kCoasting;
}

interop::CueReport ToReport(const sensors::Cue& c, earth::Shape shape, std::int64_t truth) {
  interop::CueReport r;
  r.source_sensor = c.source_sensor;
  r.t_s = c.t_s;
  r.launch_ecef = earth::GeodeticToEcef(c.launch, shape);
  r.launch_sigma_m = c.launch_sigma_m;
  r.launch_time_s = c.launch_time_s;
  r.launch_time_sigma_s = c.launch_time_sigma_s;
  r.heading_rad = c.heading_rad;
  r.heading_sigma_rad = c.heading_sigma_rad;
  r.r_ecef = c.r_ecef;
  r.v_ecef = c.v_ecef;
  r.P_r = c.P_r;
  r.truth_id = truth;
  return r;
}

sensors::Cue FromReport(const interop::CueReport& r, earth::Shape shape) {
  sensors::Cue c;
  c.t_s = r.t_s;
  c.source_sensor = r.source_sensor;
  c.launch = earth::EcefToGeodetic(r.launch_ecef, shape);
  c.launch.alt_m = 0.0;
  c.launch_time_s = r.launch_time_s;
  c.heading_rad = r.heading_rad;
  c.heading_sigma_rad = r.heading_sigma_rad;
  c.launch_sigma_m = r.launch_sigma_m;
  c.launch_time_sigma_s = r.launch_time_sigma_s;
  c.r_ecef = r.r_ecef;
  c.v_ecef = r.v_ecef;
  c.P_r = r.P_r;
  return c;
}

}  // namespace

struct Sensing::RadarUnit {
  int sensor = -1;
  int node = -1;
  sensors::Radar radar;
  sensors::RadarScheduler sched;
  std::unique_ptr<fusion::Tracker> tracker;
  RandomStream det, noise, fa;
  std::vector<sensors::RadarLook> looks;
  std::vector<sensors::DwellKind> kinds;
  std::vector<sensors::Measurement> scan;
  std::vector<std::int64_t> detected;  ///< truth ids detected in the latest scan
  std::vector<SensingRecord::TrackSample> samples;  ///< local track samples of a record tick
  double period_s = 1.0;
  double next_scan_s = 0.0;
  interop::RegistrationError reg;     ///< site and clock terms (range/az/el are in the site)
  bool has_site_error = false;
  std::unique_ptr<interop::RegistrationEstimator> estimator;  ///< correction on

  RadarUnit(const sensors::RadarSpec& spec, const sensors::RadarSite& site, int n_objects,
            std::uint64_t seed, std::uint64_t run)
      : sensor(site.sensor_index),
        node(site.node_index),
        radar(spec, site),
        sched(spec, site, n_objects),
        det(seed, run, SensorEntity(site.sensor_index), Purpose::kDetection),
        noise(seed, run, SensorEntity(site.sensor_index), Purpose::kMeasurementNoise),
        fa(seed, run, SensorEntity(site.sensor_index), Purpose::kFalseAlarm),
        looks(static_cast<std::size_t>(n_objects)),
        kinds(static_cast<std::size_t>(n_objects)),
        period_s(spec.track_revisit_s) {
    scan.reserve(256);
    detected.reserve(static_cast<std::size_t>(n_objects));
  }
};

struct Sensing::IrUnit {
  int sensor = -1;
  int node = -1;
  sensors::SpaceIrSensor sensor_model;
  RandomStream det, noise;
  IrUnit(const sensors::SpaceIrSpec& spec, const sensors::SpaceIrSite& site, std::uint64_t seed,
         std::uint64_t run)
      : sensor(site.sensor_index),
        node(site.node_index),
        sensor_model(spec, site),
        det(seed, run, SensorEntity(site.sensor_index), Purpose::kDetection),
        noise(seed, run, SensorEntity(site.sensor_index), Purpose::kMeasurementNoise) {}
};

struct Sensing::NodeUnit {
  int index = -1;
  interop::NationId nation = -1;
  std::vector<int> radars;  ///< indices into radars_
  std::uint64_t own_mask = 0;
  std::unique_ptr<interop::NetworkTrackManager> manager;
  std::vector<interop::ManagedReport> reports;
  struct Remote {
    int sender;
    interop::TrackReport report;
    double t_recv_s;  ///< when the latest report of this track arrived
    int shared = -1;  ///< its prediction to the fusion time in Sensing::shared_ (this cycle)
  };
  std::vector<Remote> remote;  ///< latest report per (sender node, network number)
  std::int64_t remote_reports = 0;
  fusion::SiapAccumulator siap{kMetricCutoff_m};
  std::vector<interop::PictureTrack> picture;  ///< at the latest record tick
  std::vector<int> picture_reps;  ///< per truth: its representative in picture (-1: none)
  // RecordPictures per node (filled in parallel, appended to the record in node order).
  std::vector<Eigen::Vector3d> est_pos;
  std::vector<fusion::TrackPoint> track_pts;
  std::vector<SensingRecord::TrackSample> samples;
  SensingRecord::MetricSample metric{};
  SensingRecord::InteropSample interop{};
};

Sensing::Sensing(const PreparedScenario& p, std::uint64_t seed, std::uint64_t run,
                 std::size_t n_objects, Network& network, const SensingOptions& options)
    : p_(p), seed_(seed), run_(run), opt_(options), net_(network) {
  const Scenario& sc = *p.scenario;
  const auto& tc = sc.tracking;
  motion_ = std::make_unique<fusion::MotionModel>(SensorTrackerMotion(sc));
  if (tc.filter == "ukf") {
    predictor_ = std::make_unique<fusion::UkfPredictor>(*motion_);
    updater_ = std::make_unique<fusion::UkfUpdater>();
  } else {
    predictor_ = std::make_unique<fusion::EkfPredictor>(*motion_);
    updater_ = std::make_unique<fusion::EkfUpdater>();
  }


  const int n_obj = static_cast<int>(n_objects);
  for (const auto& s : sc.sensors) {
    if (s.kind == SensorKind::kRadar) {
      auto u = std::make_unique<RadarUnit>(sc.radar_types[static_cast<std::size_t>(s.type_index)],
                                           s.radar, n_obj, seed, run);
      u->tracker = std::make_unique<fusion::Tracker>(SensorTrackerConfig(tc, s.radar.sensor_index),
                                                     *predictor_, *updater_);
      u->reg = s.registration;
      u->has_site_error = s.registration.site_enu_m.squaredNorm() > 0.0;
      if (tc.registration_correction) {
        u->estimator = std::make_unique<interop::RegistrationEstimator>();
      }
      radars_.push_back(std::move(u));
    } else {
      irs_.push_back(std::make_unique<IrUnit>(
          sc.space_ir_types[static_cast<std::size_t>(s.type_index)], s.space_ir, seed, run));
    }
  }
  interop::NetworkTrackManagerConfig ncfg;
  ncfg.gate_probability = tc.fusion_gate_probability;
  ncfg.drop_after_s = tc.max_coast_s;
  ncfg.position_only_gate = true;
  for (std::size_t k = 0; k < sc.nodes.size(); ++k) {
    auto n = std::make_unique<NodeUnit>();
    n->index = static_cast<int>(k);
    n->nation = p.node_nation[k];
    ncfg.first_number = static_cast<std::int64_t>(k + 1) * 10000 + 1;
    n->manager = std::make_unique<interop::NetworkTrackManager>(ncfg, *predictor_);
    for (std::size_t r = 0; r < radars_.size(); ++r) {
      if (radars_[r]->node == static_cast<int>(k)) {
        n->radars.push_back(static_cast<int>(r));
        n->own_mask |= std::uint64_t{1} << radars_[r]->sensor;
      }
    }
    for (const auto& ir : irs_) {
      if (ir->node == static_cast<int>(k)) n->own_mask |= std::uint64_t{1} << ir->sensor;
    }
    n->reports.reserve(512);
    n->remote.reserve(256);
    nodes_.push_back(std::move(n));
  }
  shared_.reserve(256 * nodes_.size());
  estimators_.assign(sc.nodes.size(), {});
  for (const auto& ir : irs_) {
    if (ir->node >= 0) estimators_[static_cast<std::size_t>(ir->node)].resize(n_objects);
  }
  cued_.assign(n_objects, 0);
  cue_cache_.assign(estimators_.size(), {});
  for (std::size_t k = 0; k < estimators_.size(); ++k) cue_cache_[k].resize(estimators_[k].size());
  object_threat_.assign(n_objects, -1);
  const auto n_threats = sc.threats.size();
  for (std::size_t i = 0; i < n_objects; ++i) object_threat_[i] = static_cast<int>(i % n_threats);
  rec_.first_detection_s.assign(n_threats, std::vector<double>(sc.nodes.size(), kNaN));
  rec_.first_track_s.assign(n_threats, std::vector<double>(sc.nodes.size(), kNaN));
}

Sensing::~Sensing() = default;

void Sensing::NoteDetection(int node, std::int64_t truth_id, double t) {
  if (node < 0 || truth_id < 0 || truth_id >= static_cast<std::int64_t>(object_threat_.size())) return;
  double& first = rec_.first_detection_s[static_cast<std::size_t>(object_threat_[static_cast<std::size_t>(truth_id)])]
                                        [static_cast<std::size_t>(node)];
  if (std::isnan(first) || t < first) first = t;
}

void Sensing::ScanRadar(RadarUnit& u, double t, std::span<const SensedObject> objects) {
  const sensors::SiteState site = u.radar.SiteAt(t);
  for (std::size_t i = 0; i < objects.size(); ++i) {
    u.looks[i] = objects[i].present ? u.radar.Look(site, objects[i].r_ecef) : sensors::RadarLook{};
  }
  u.sched.Plan(t, u.period_s, u.looks, u.kinds);
  u.scan.clear();
  u.detected.clear();
  for (std::size_t i = 0; i < objects.size(); ++i) {
    if (u.kinds[i] == sensors::DwellKind::kNone) continue;
    const auto& o = objects[i];
    sensors::Measurement m;
    // A clock offset c: the radar tags at t what it saw at t - c (for a clock running ahead).
    const Eigen::Vector3d r_seen = u.reg.clock_s != 0.0 ? Eigen::Vector3d(o.r_ecef - o.v_ecef * u.reg.clock_s)
                                                       : o.r_ecef;
    const bool hit = o.present &&
                     u.radar.Dwell(site, u.looks[i],
                                   sensors::RadarTarget{o.id, r_seen, o.v_ecef, o.rcs_m2}, u.det,
                                   u.noise, &m);
    u.sched.Report(static_cast<int>(i), t, hit);
    if (hit) {
      m.t_s = t;
      if (u.has_site_error) {
        interop::RegistrationError site_only;
        site_only.site_enu_m = u.reg.site_enu_m;
        m = interop::ApplySiteAndClockError(m, site_only);
      }
      if (u.estimator && u.estimator->ready()) m = u.estimator->Correct(m);
      u.scan.push_back(m);
      u.detected.push_back(o.id);
    }
  }
  u.radar.FalseAlarms(site, t, u.period_s, u.fa, &u.scan);
  for (auto& m : u.scan) m.t_s = t;
  u.tracker->Step(t, u.scan);
}

// The shared records of a radar scan (in radar order, after the scans of the tick).
void Sensing::RecordScan(RadarUnit& u, double t) {
  for (const std::int64_t id : u.detected) NoteDetection(u.node, id, t);
  if (!opt_.detail) return;
  rec_.scans.push_back(SensingRecord::Scan{t, u.sensor, static_cast<std::int32_t>(u.scan.size())});
  rec_.measurements.insert(rec_.measurements.end(), u.scan.begin(), u.scan.end());
}

void Sensing::ScanIr(IrUnit& u, double t, std::span<const SensedObject> objects) {
  const sensors::SatelliteState sat = u.sensor_model.StateAt(t);
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const auto& o = objects[i];
    if (!o.present || !o.burning) continue;
    sensors::Measurement m;
    if (!u.sensor_model.Detect(sat, sensors::IrTarget{o.id, o.r_ecef, true, o.ir_intensity_w_sr},
                               u.det, u.noise, &m)) {
      continue;
    }
    m.t_s = t;
    if (opt_.detail) rec_.measurements.push_back(m);
    if (u.node >= 0) estimators_[static_cast<std::size_t>(u.node)][i].Add(m);
    NoteDetection(u.node, o.id, t);
  }
}

void Sensing::IngestRemote(NodeUnit& n, double t) {
  const Scenario& sc = *p_.scenario;
  // Track reports received since the last cycle replace older ones of the same track.
  auto& inbox = net_.Inbox(n.index, interop::DataClass::kTracks);
  for (const auto& msg : inbox) {
    const auto& r = std::get<interop::TrackReport>(msg.payload);
    ++n.remote_reports;
    bool found = false;
    for (auto& e : n.remote) {
      if (e.sender == msg.sender_node && e.report.network_track_number == r.network_track_number) {
        if (r.t_s >= e.report.t_s) {
          e.report = r;
          e.t_recv_s = t;
        }
        found = true;
        break;
      }
    }
    if (!found) n.remote.push_back({msg.sender_node, r, t});
  }
  inbox.clear();
  // A remote track is dropped when its sender stopped reporting it (the sender reports every
  // track it holds each fusion cycle) or when its estimate is older than a local track may
  // coast: after an outage or when the sender lost the object, stale data leaves the picture.
  const double max_age_s = sc.tracking.max_coast_s;
  const double refresh_s = kRemoteRefreshCycles * sc.tracking.fusion_interval_s + kRemoteRefreshMargin_s;
  std::erase_if(n.remote, [&](const NodeUnit::Remote& e) {
    return t - e.report.t_s > max_age_s || t - e.t_recv_s > refresh_s;
  });
}

namespace {
bool SameEstimate(const interop::TrackReport& a, const interop::TrackReport& b) {
  return a.t_s == b.t_s && a.r_ecef == b.r_ecef && a.v_ecef == b.v_ecef && a.P == b.P;
}
}  // namespace

// A node's track report reaches every neighbour, and each would predict the same estimate to
// the same fusion time: identical estimates (bit for bit) are predicted once here, with the
// function the track managers use (interop::PredictToTime), so every node fuses exactly what
// it would have predicted itself.
void Sensing::PredictRemote(double t) {
  shared_.clear();
  for (auto& n : nodes_) {
    for (auto& e : n->remote) {
      e.shared = -1;
      for (std::size_t k = 0; k < shared_.size(); ++k) {
        if (shared_[k].sender == e.sender && SameEstimate(*shared_[k].report, e.report)) {
          e.shared = static_cast<int>(k);
          break;
        }
      }
      if (e.shared < 0) {
        e.shared = static_cast<int>(shared_.size());
        shared_.push_back(SharedPrediction{e.sender, &e.report, {}});
      }
    }
  }
  ParallelForEach(opt_.threads, shared_.size(), [&](std::size_t k) {
    shared_[k].at_t = interop::PredictToTime(*predictor_, shared_[k].report->State(), t);
  });
}

void Sensing::FuseNode(NodeUnit& n, double t) {
  const Scenario& sc = *p_.scenario;
  const auto n_sensors = static_cast<std::int32_t>(sc.sensors.size());
  n.reports.clear();
  for (int r : n.radars) {
    const auto& u = *radars_[static_cast<std::size_t>(r)];
    const interop::NationId nation = p_.sensor_nation[static_cast<std::size_t>(u.sensor)];
    for (const auto& tr : u.tracker->tracks()) {
      if (!InPicture(tr.status)) continue;
      // Constructed in place in the report list (aggregate initialisation in member order: no
      // default state written first, no temporary copied in).
      n.reports.emplace_back(/*source=*/u.sensor, /*local_number=*/tr.id, /*remote_network_number=*/-1,
                             /*nation=*/nation, /*nations=*/interop::NationSet{0}, /*state=*/tr.state,
                             /*truth_id=*/tr.truth_id);
    }
  }
  for (const auto& e : n.remote) {
    interop::ManagedReport& m = n.reports.emplace_back(interop::ManagedReport::FromTrackReport(
        e.report, n_sensors + e.sender, p_.node_nation[static_cast<std::size_t>(e.sender)]));
    m.local_number = e.report.network_track_number;
    if (e.shared >= 0) m.state_at_update = &shared_[static_cast<std::size_t>(e.shared)].at_t;
  }
  n.manager->Update(t, n.reports);
  if (sc.tracking.registration_correction) Register(n, t);
}

// After every node fused (in node order): first-track times and the node's reports to its
// neighbours (link draws and policy counters in a fixed order).
void Sensing::ReportNode(NodeUnit& n, double t) {
  for (const auto& nt : n.manager->tracks()) {
    if (nt.truth_id < 0 || nt.truth_id >= static_cast<std::int64_t>(object_threat_.size())) continue;
    if (nt.num_reports == 0) continue;
    double& first = rec_.first_track_s[static_cast<std::size_t>(object_threat_[static_cast<std::size_t>(nt.truth_id)])]
                                      [static_cast<std::size_t>(n.index)];
    if (std::isnan(first)) first = t;
  }
  // Reporting responsibility: what this node's own sensors see, fused with what it knows.
  if (net_.Neighbors(n.index).empty()) return;
  for (const auto& nt : n.manager->tracks()) {
    if (nt.num_reports == 0 || (nt.source_mask & n.own_mask) == 0) continue;
    interop::TrackReport rep = n.manager->MakeReport(nt);
    rep.local_track_number = nt.number;
    net_.SendToNeighbors(n.index, interop::Payload{rep}, nt.nations, t);
  }
}

// Registration: each corrected radar's local tracks paired with the nearest report of
// another source at this node (own radars or remote nodes) at the fusion time.
void Sensing::Register(NodeUnit& n, double t) {
  for (int r : n.radars) {
    auto& u = *radars_[static_cast<std::size_t>(r)];
    if (!u.estimator) continue;
    const sensors::SiteState site = u.radar.SiteAt(t);
    const Eigen::Vector3d believed = site.r_ecef + site.R_ecef_from_enu * u.reg.site_enu_m;
    for (const auto& tr : u.tracker->tracks()) {
      if (tr.status != fusion::TrackStatus::kConfirmed) continue;
      const Eigen::Vector3d r_local = tr.state.x.head<3>() + tr.state.x.tail<3>() * (t - tr.state.t_s);
      const interop::ManagedReport* best = nullptr;
      double best_d = kPairDistance_m;
      for (const auto& rep : n.reports) {
        if (rep.source == u.sensor) continue;
        const Eigen::Vector3d r_ref = rep.state.x.head<3>() + rep.state.x.tail<3>() * (t - rep.state.t_s);
        const double d = (r_ref - r_local).norm();
        if (d < best_d) {
          best_d = d;
          best = &rep;
        }
      }
      if (!best) continue;
      u.estimator->AddTrackPair(predictor_->Predict(tr.state, t), believed, site.R_ecef_from_enu,
                                predictor_->Predict(best->state, t));
    }
  }
}

void Sensing::IssueCues(double t, std::span<const SensedObject> objects) {
  const auto& shape = p_.scenario->earth.shape;
  for (std::size_t k = 0; k < estimators_.size(); ++k) {
    auto& est = estimators_[k];
    for (std::size_t i = 0; i < est.size(); ++i) {
      if (est[i].LookCount() < 4 || !objects[i].present) continue;
      CueCache& cache = cue_cache_[k][i];
      if (cache.looks != est[i].LookCount()) {
        cache.looks = est[i].LookCount();
        cache.ok = est[i].Estimate(&cache.cue);
      }
      if (!cache.ok) continue;
      const sensors::Cue& cue = cache.cue;
      if (!cued_[i]) {
        rec_.cues.push_back(cue);
        rec_.cue_truth.push_back(objects[i].id);
        cued_[i] = 1;
      }
      for (int r : nodes_[k]->radars) {
        auto& u = *radars_[static_cast<std::size_t>(r)];
        u.sched.AddCue(sensors::SectorFromCue(cue, u.radar.SiteAt(t), t, kCueValid_s, kCueLookahead_s,
                                              kCueSigmas, u.radar.spec().beamwidth_rad));
      }
      if (!net_.Neighbors(static_cast<int>(k)).empty()) {
        const interop::NationSet origin =
            cue.source_sensor >= 0 ? interop::SetOf(p_.sensor_nation[static_cast<std::size_t>(cue.source_sensor)]) : 0;
        net_.SendToNeighbors(static_cast<int>(k), interop::Payload{ToReport(cue, shape, objects[i].id)}, origin, t);
      }
    }
  }
}

void Sensing::ReceiveCues(double t) {
  const auto& shape = p_.scenario->earth.shape;
  for (auto& n : nodes_) {
    auto& inbox = net_.Inbox(n->index, interop::DataClass::kCues);
    if (p_.scenario->tracking.cueing) {
      for (const auto& msg : inbox) {
        const sensors::Cue cue = FromReport(std::get<interop::CueReport>(msg.payload), shape);
        for (int r : n->radars) {
          auto& u = *radars_[static_cast<std::size_t>(r)];
          u.sched.AddCue(sensors::SectorFromCue(cue, u.radar.SiteAt(t), t, kCueValid_s, kCueLookahead_s,
                                                kCueSigmas, u.radar.spec().beamwidth_rad));
        }
      }
    }
    inbox.clear();
  }
}

// Node pictures predicted to t feed the metrics (always) and the track samples (detail
// only; local tracks are predicted only for their samples). Radars, nodes and node pairs are
// evaluated independently (in parallel with opt_.threads) and appended in a fixed order.
void Sensing::RecordPictures(double t, std::span<const SensedObject> objects) {
  auto errors = [&](const fusion::GaussianState& s, std::int64_t truth, double* pe, double* ve,
                    double* nees) {
    *pe = *ve = *nees = kNaN;
    if (truth < 0 || truth >= static_cast<std::int64_t>(objects.size())) return;
    const auto& o = objects[static_cast<std::size_t>(truth)];
    if (!o.present) return;
    const auto e = fusion::ComputeErrors(s, o.r_ecef, o.v_ecef);
    *pe = e.position_error_m;
    *ve = e.velocity_error_mps;
    *nees = e.nees;
  };
  if (opt_.detail) {
    ParallelForEach(opt_.threads, radars_.size(), [&](std::size_t k) {
      auto& u = *radars_[k];
      u.samples.clear();
      for (const auto& tr : u.tracker->tracks()) {
        if (!InPicture(tr.status)) continue;
        const fusion::GaussianState s = predictor_->Predict(tr.state, t);
        SensingRecord::TrackSample ts{t, u.sensor, tr.id, static_cast<std::uint8_t>(tr.status), s,
                                      tr.truth_id, 0, 0, 0, tr.source_mask, 0};
        errors(s, tr.truth_id, &ts.pos_error_m, &ts.vel_error_m_s, &ts.nees);
        u.samples.push_back(ts);
      }
    });
    for (const auto& u : radars_) rec_.local_tracks.insert(rec_.local_tracks.end(), u->samples.begin(), u->samples.end());
  }
  truth_pos_.clear();
  truth_pts_.clear();
  for (const auto& o : objects) {
    if (!o.present) continue;
    truth_pos_.push_back(o.r_ecef);
    truth_pts_.push_back(fusion::TruthPoint{o.id, o.r_ecef, o.v_ecef});
  }
  ParallelForEach(opt_.threads, nodes_.size(), [&](std::size_t k) {
    NodeUnit& n = *nodes_[k];
    n.est_pos.clear();
    n.track_pts.clear();
    n.picture.clear();
    n.samples.clear();
    for (const auto& nt : n.manager->tracks()) {
      // The metrics need the mean only; the covariance is predicted for the samples (detail).
      fusion::Vector6d x;
      if (opt_.detail) {
        const fusion::GaussianState s = predictor_->Predict(nt.state, t);
        SensingRecord::TrackSample ts{t, n.index, nt.number, static_cast<std::uint8_t>(nt.num_reports), s,
                                      nt.truth_id, 0, 0, 0, nt.source_mask, nt.nations};
        errors(s, nt.truth_id, &ts.pos_error_m, &ts.vel_error_m_s, &ts.nees);
        n.samples.push_back(ts);
        x = s.x;
      } else {
        x = predictor_->PredictMean(nt.state, t);
      }
      n.est_pos.push_back(x.head<3>());
      n.track_pts.push_back(fusion::TrackPoint{nt.number, x.head<3>(), x.tail<3>()});
      n.picture.push_back(interop::PictureTrack{nt.number, x.head<3>(), nt.truth_id});
    }
    const auto g = fusion::Gospa(truth_pos_, n.est_pos, kMetricCutoff_m, kMetricOrder);
    n.metric = SensingRecord::MetricSample{
        t, n.index, fusion::OspaFromGospa(g, kMetricCutoff_m, kMetricOrder), g.distance,
        g.localisation, g.missed, g.false_tracks, static_cast<std::int32_t>(truth_pos_.size()),
        static_cast<std::int32_t>(n.est_pos.size())};
    n.siap.AddScan(t, truth_pts_, n.track_pts);
    // Association by distance (nearest object within the metric cut-off): a track's truth
    // label is that of the object it started on, which after staging may be the wrong one
    // of an RV and its booster.
    // With the representatives for the node-pair commonality below (each node is in nn - 1
    // pairs), from the same association of each track.
    const auto ps = interop::EvaluatePicture(n.picture, truth_pts_, kMetricCutoff_m,
                                             interop::TruthAssociation::kByDistance, n.picture_reps);
    n.interop = SensingRecord::InteropSample{t, n.index, ps.truths, ps.truths_tracked, ps.tracks,
                                             ps.dual_tracks, ps.spurious_tracks, ps.mean_position_error_m};
  });
  for (const auto& n : nodes_) {
    rec_.node_tracks.insert(rec_.node_tracks.end(), n->samples.begin(), n->samples.end());
    rec_.metrics.push_back(n->metric);
    rec_.interop.push_back(n->interop);
  }
  // Commonality of every node pair (a < b), in pair order.
  const std::size_t nn = nodes_.size();
  pairs_.resize(nn * (nn > 0 ? nn - 1 : 0) / 2);
  ParallelForEach(opt_.threads, pairs_.size(), [&](std::size_t k) {
    // k -> (a, b) in the order a = 0.., b = a+1..
    std::size_t a = 0, rest = k;
    while (rest >= nn - 1 - a) {
      rest -= nn - 1 - a;
      ++a;
    }
    const std::size_t b = a + 1 + rest;
    const auto c = interop::PictureCommonality(nodes_[a]->picture, nodes_[a]->picture_reps,
                                               nodes_[b]->picture, nodes_[b]->picture_reps);
    pairs_[k] = SensingRecord::CommonalitySample{
        t, static_cast<std::int32_t>(a), static_cast<std::int32_t>(b), c.truths_in_both, c.truths_in_either,
        c.common_fraction, c.same_number_fraction, c.mean_disagreement_m};
  });
  for (const auto& c : pairs_) {
    if (c.truths_in_either != 0) rec_.commonality.push_back(c);
  }
}

void Sensing::Tick(double /*t_prev*/, double t, std::span<const SensedObject> objects, bool record) {
  const auto& tc = p_.scenario->tracking;
  // Cues received over the links, then space IR: its cues steer this tick's radar scans.
  ReceiveCues(t);
  bool ir_scanned = false;
  for (auto& u : irs_) {
    double scan_t = 0.0;
    const double dt = p_.scenario->tick_s;
    if (u->sensor_model.ScanDue(t - dt, dt, &scan_t)) {
      ScanIr(*u, t, objects);
      ir_scanned = true;
    }
  }
  if (ir_scanned && tc.cueing) IssueCues(t, objects);
  // Radars scan independently (own scheduler, streams and tracker): in parallel, then
  // their records in radar order.
  due_radars_.clear();
  for (auto& u : radars_) {
    if (t + 1e-9 >= u->next_scan_s) due_radars_.push_back(u.get());
  }
  ParallelForEach(opt_.threads, due_radars_.size(), [&](std::size_t k) { ScanRadar(*due_radars_[k], t, objects); });
  for (RadarUnit* u : due_radars_) {
    RecordScan(*u, t);
    while (u->next_scan_s <= t + 1e-9) u->next_scan_s += u->period_s;
  }
  if (t + 1e-9 >= next_fusion_s_) {
    // Nodes fuse independently (reports sent this cycle reach no inbox before the next
    // Deliver): in parallel, then their reports in node order.
    ParallelForEach(opt_.threads, nodes_.size(), [&](std::size_t k) { IngestRemote(*nodes_[k], t); });
    PredictRemote(t);
    ParallelForEach(opt_.threads, nodes_.size(), [&](std::size_t k) { FuseNode(*nodes_[k], t); });
    for (auto& n : nodes_) ReportNode(*n, t);
    while (next_fusion_s_ <= t + 1e-9) next_fusion_s_ += tc.fusion_interval_s;
  }
  if (record) RecordPictures(t, objects);
}

std::vector<const interop::NetworkTrackManager*> Sensing::NodePictures() const {
  std::vector<const interop::NetworkTrackManager*> out;
  for (const auto& n : nodes_) out.push_back(n->manager.get());
  return out;
}

std::uint64_t Sensing::OwnSensorMask(int node) const { return nodes_[static_cast<std::size_t>(node)]->own_mask; }

void Sensing::Finish() {
  for (auto& n : nodes_) {
    rec_.siap.push_back(n->siap.Result());
    const auto& m = *n->manager;
    rec_.node_counters.push_back(SensingRecord::NodeCounters{m.tracks_created(), m.number_changes(),
                                                             m.decorrelations(), m.merges(), n->remote_reports});
  }
  for (const auto& u : radars_) {
    if (!u->estimator) continue;
    const auto& b = u->estimator->bias();
    rec_.registration.push_back(SensingRecord::RegistrationResult{u->sensor, b[0], b[1], b[2],
                                                                  u->estimator->accepted_pairs()});
  }
}

}  // namespace bmd::sim
