#include "sim/sensing.h"

#include <cmath>
#include <limits>

#include "models/common/random.h"
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
  double period_s = 1.0;
  double next_scan_s = 0.0;

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
  std::vector<int> radars;  ///< indices into radars_
  std::unique_ptr<fusion::FusionNode> fusion;
  std::vector<fusion::SourceTrack> reports;
  fusion::SiapAccumulator siap{kMetricCutoff_m};
};

Sensing::Sensing(const PreparedScenario& p, std::uint64_t seed, std::uint64_t run,
                 std::size_t n_objects)
    : p_(p), seed_(seed), run_(run) {
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
      radars_.push_back(std::move(u));
    } else {
      irs_.push_back(std::make_unique<IrUnit>(
          sc.space_ir_types[static_cast<std::size_t>(s.type_index)], s.space_ir, seed, run));
    }
  }
  fusion::FusionNodeConfig ncfg;
  ncfg.gate_probability = tc.fusion_gate_probability;
  for (std::size_t k = 0; k < sc.nodes.size(); ++k) {
    auto n = std::make_unique<NodeUnit>();
    n->index = static_cast<int>(k);
    ncfg.first_number = static_cast<std::int64_t>(k + 1) * 10000 + 1;
    n->fusion = std::make_unique<fusion::FusionNode>(ncfg, *predictor_);
    for (std::size_t r = 0; r < radars_.size(); ++r) {
      if (radars_[r]->node == static_cast<int>(k)) n->radars.push_back(static_cast<int>(r));
    }
    n->reports.reserve(512);
    nodes_.push_back(std::move(n));
  }
  estimators_.resize(n_objects);
  cued_.assign(n_objects, 0);
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
  for (std::size_t i = 0; i < objects.size(); ++i) {
    if (u.kinds[i] == sensors::DwellKind::kNone) continue;
    const auto& o = objects[i];
    sensors::Measurement m;
    const bool hit = o.present &&
                     u.radar.Dwell(site, u.looks[i],
                                   sensors::RadarTarget{o.id, o.r_ecef, o.v_ecef, o.rcs_m2}, u.det,
                                   u.noise, &m);
    u.sched.Report(static_cast<int>(i), t, hit);
    if (hit) {
      m.t_s = t;
      u.scan.push_back(m);
      NoteDetection(u.node, o.id, t);
    }
  }
  u.radar.FalseAlarms(site, t, u.period_s, u.fa, &u.scan);
  for (auto& m : u.scan) m.t_s = t;
  u.tracker->Step(t, u.scan);
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
    rec_.measurements.push_back(m);
    estimators_[i].Add(m);
    NoteDetection(u.node, o.id, t);
  }
}

void Sensing::FuseNode(NodeUnit& n, double t) {
  n.reports.clear();
  for (int r : n.radars) {
    const auto& u = *radars_[static_cast<std::size_t>(r)];
    for (const auto& tr : u.tracker->tracks()) {
      if (tr.status != fusion::TrackStatus::kConfirmed && tr.status != fusion::TrackStatus::kCoasting) continue;
      n.reports.push_back(fusion::SourceTrack{u.sensor, tr.id, tr.state, tr.truth_id});
    }
  }
  n.fusion->Update(t, n.reports);
  for (const auto& nt : n.fusion->tracks()) {
    if (nt.truth_id < 0 || nt.truth_id >= static_cast<std::int64_t>(object_threat_.size())) continue;
    double& first = rec_.first_track_s[static_cast<std::size_t>(object_threat_[static_cast<std::size_t>(nt.truth_id)])]
                                      [static_cast<std::size_t>(n.index)];
    if (std::isnan(first)) first = t;
  }
}

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
  for (const auto& u : radars_) {
    for (const auto& tr : u->tracker->tracks()) {
      if (tr.status != fusion::TrackStatus::kConfirmed && tr.status != fusion::TrackStatus::kCoasting) continue;
      const fusion::GaussianState s = predictor_->Predict(tr.state, t);
      SensingRecord::TrackSample ts{t, u->sensor, tr.id, static_cast<std::uint8_t>(tr.status), s,
                                    tr.truth_id, 0, 0, 0, tr.source_mask};
      errors(s, tr.truth_id, &ts.pos_error_m, &ts.vel_error_m_s, &ts.nees);
      rec_.local_tracks.push_back(ts);
    }
  }
  std::vector<Eigen::Vector3d> truth_pos, est_pos;
  std::vector<fusion::TruthPoint> truth_pts;
  std::vector<fusion::TrackPoint> track_pts;
  for (const auto& o : objects) {
    if (!o.present) continue;
    truth_pos.push_back(o.r_ecef);
    truth_pts.push_back(fusion::TruthPoint{o.id, o.r_ecef, o.v_ecef});
  }
  for (auto& n : nodes_) {
    est_pos.clear();
    track_pts.clear();
    for (const auto& nt : n->fusion->tracks()) {
      const fusion::GaussianState s = predictor_->Predict(nt.state, t);
      SensingRecord::TrackSample ts{t, n->index, nt.number, static_cast<std::uint8_t>(nt.num_reports), s,
                                    nt.truth_id, 0, 0, 0, nt.source_mask};
      errors(s, nt.truth_id, &ts.pos_error_m, &ts.vel_error_m_s, &ts.nees);
      rec_.node_tracks.push_back(ts);
      est_pos.push_back(s.x.head<3>());
      track_pts.push_back(fusion::TrackPoint{nt.number, s.x.head<3>(), s.x.tail<3>()});
    }
    const auto g = fusion::Gospa(truth_pos, est_pos, kMetricCutoff_m, kMetricOrder);
    rec_.metrics.push_back(SensingRecord::MetricSample{
        t, n->index, fusion::Ospa(truth_pos, est_pos, kMetricCutoff_m, kMetricOrder), g.distance,
        g.localisation, g.missed, g.false_tracks, static_cast<std::int32_t>(truth_pos.size()),
        static_cast<std::int32_t>(est_pos.size())});
    n->siap.AddScan(t, truth_pts, track_pts);
  }
}

void Sensing::Tick(double /*t_prev*/, double t, std::span<const SensedObject> objects, bool record) {
  const auto& tc = p_.scenario->tracking;
  // Space IR first: its cues steer this tick's radar scans.
  bool ir_scanned = false;
  for (auto& u : irs_) {
    double scan_t = 0.0;
    const double dt = p_.scenario->tick_s;
    if (u->sensor_model.ScanDue(t - dt, dt, &scan_t)) {
      ScanIr(*u, t, objects);
      ir_scanned = true;
    }
  }
  if (ir_scanned && tc.cueing) {
    for (std::size_t i = 0; i < estimators_.size(); ++i) {
      if (estimators_[i].LookCount() < 4 || !objects[i].present) continue;
      sensors::Cue cue;
      if (!estimators_[i].Estimate(&cue)) continue;
      if (!cued_[i]) {
        rec_.cues.push_back(cue);
        rec_.cue_truth.push_back(objects[i].id);
        cued_[i] = 1;
      }
      for (auto& r : radars_) {
        const auto site = r->radar.SiteAt(t);
        r->sched.AddCue(sensors::SectorFromCue(cue, site, t, 120.0, 120.0, 3.0,
                                               r->radar.spec().beamwidth_rad));
      }
    }
  }
  for (auto& u : radars_) {
    if (t + 1e-9 < u->next_scan_s) continue;
    ScanRadar(*u, t, objects);
    while (u->next_scan_s <= t + 1e-9) u->next_scan_s += u->period_s;
  }
  if (t + 1e-9 >= next_fusion_s_) {
    for (auto& n : nodes_) FuseNode(*n, t);
    while (next_fusion_s_ <= t + 1e-9) next_fusion_s_ += tc.fusion_interval_s;
  }
  if (record) RecordPictures(t, objects);
}

std::vector<const fusion::FusionNode*> Sensing::NodePictures() const {
  std::vector<const fusion::FusionNode*> out;
  for (const auto& n : nodes_) out.push_back(n->fusion.get());
  return out;
}

void Sensing::Finish() {
  for (auto& n : nodes_) rec_.siap.push_back(n->siap.Result());
}

}  // namespace bmd::sim
