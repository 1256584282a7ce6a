// HDF5 groups of a run's sensing: sensors, nodes, measurements, local and node tracks,
// picture metrics, first detection / first track, cues (docs/hdf5-schema.md, "Run files").
#include "sim/run_output_sensing.h"

#include <numeric>

#include "sim/io/array_dataset.h"
#include "sim/io/table.h"

namespace bmd::sim {
namespace {

using io::Column;
using earth::kRadToDeg;

void WriteSensorsAndNodes(io::Group& root, const Scenario& sc) {
  io::Group g = root.OpenGroup("entities");
  if (!sc.sensors.empty()) {
    std::vector<std::int64_t> idx, node;
    std::vector<std::string> id, type, kind, nation;
    std::vector<double> lat, lon, alt, max_range, bore_az, half_width;
    for (std::size_t i = 0; i < sc.sensors.size(); ++i) {
      const auto& s = sc.sensors[i];
      idx.push_back(static_cast<std::int64_t>(i));
      id.push_back(s.id);
      nation.push_back(s.nation);
      node.push_back(s.node);
      if (s.kind == SensorKind::kRadar) {
        const auto& spec = sc.radar_types[static_cast<std::size_t>(s.type_index)];
        const auto site = s.radar.path.StateAt(0.0);
        kind.push_back("radar");
        type.push_back(spec.name);
        lat.push_back(site.geodetic.lat_rad * kRadToDeg);
        lon.push_back(site.geodetic.lon_rad * kRadToDeg);
        alt.push_back(site.geodetic.alt_m);
        max_range.push_back(spec.max_range_m);
        bore_az.push_back(s.radar.boresight_az_rad * kRadToDeg);
        half_width.push_back(spec.for_az_half_width_rad * kRadToDeg);
      } else {
        const auto& spec = sc.space_ir_types[static_cast<std::size_t>(s.type_index)];
        kind.push_back("space_ir");
        type.push_back(spec.name);
        const bool geo = s.space_ir.orbit.kind == sensors::OrbitKind::kGeostationary;
        lat.push_back(0.0);
        lon.push_back(geo ? s.space_ir.orbit.geo_longitude_rad * kRadToDeg : std::nan(""));
        alt.push_back(geo ? 35786e3 : s.space_ir.orbit.altitude_m);
        max_range.push_back(std::nan(""));
        bore_az.push_back(std::nan(""));
        half_width.push_back(std::nan(""));
      }
    }
    const Column cols[] = {
        Column::Int64("sensor_index", idx, "", "sensor index (Measurement sensor_index)"),
        Column::String("id", id, "sensor id"), Column::String("type", type, "catalog type"),
        Column::String("kind", kind, "radar | space_ir"), Column::String("nation", nation, "owner nation"),
        Column::Int64("node_index", node, "", "C2 node it reports to (/entities/nodes)"),
        Column::Float64("lat_deg", lat, "deg", "site latitude at t = 0 (0 for satellites)"),
        Column::Float64("lon_deg", lon, "deg", "site longitude at t = 0 (GEO slot for satellites)"),
        Column::Float64("alt_m", alt, "m", "site height (orbit altitude for satellites)"),
        Column::Float64("max_range_m", max_range, "m", "instrumented range (radars)"),
        Column::Float64("boresight_az_deg", bore_az, "deg", "field-of-regard centre azimuth"),
        Column::Float64("fov_half_width_deg", half_width, "deg", "field-of-regard azimuth half width"),
    };
    io::WriteTable(g, "sensors", "sensors of the scenario", cols);
  }
  if (!sc.nodes.empty()) {
    std::vector<std::int64_t> idx;
    std::vector<std::string> id, nation;
    std::vector<double> lat, lon;
    for (std::size_t i = 0; i < sc.nodes.size(); ++i) {
      idx.push_back(static_cast<std::int64_t>(i));
      id.push_back(sc.nodes[i].id);
      nation.push_back(sc.nodes[i].nation);
      const auto& at = sc.nodes[i].platform >= 0
                           ? sc.platforms[static_cast<std::size_t>(sc.nodes[i].platform)].route.front().at
                           : sc.nodes[i].at;
      lat.push_back(at.lat_rad * kRadToDeg);
      lon.push_back(at.lon_rad * kRadToDeg);
    }
    const Column cols[] = {
        Column::Int64("node_index", idx, "", "node index"), Column::String("id", id, "node id"),
        Column::String("nation", nation, "owner nation"),
        Column::Float64("lat_deg", lat, "deg", "position at t = 0"),
        Column::Float64("lon_deg", lon, "deg", "position at t = 0"),
    };
    io::WriteTable(g, "nodes", "command-and-control nodes", cols);
  }
}

void WriteMeasurements(io::Group& root, const SensingRecord& rec) {
  const auto& ms = rec.measurements;
  if (ms.empty()) return;
  const auto n = ms.size();
  std::vector<double> t(n), snr(n), sx(n), sy(n), sz(n);
  std::vector<std::int32_t> sensor(n);
  std::vector<std::int64_t> truth(n);
  std::vector<std::uint8_t> kind(n);
  std::vector<std::vector<double>> z(4, std::vector<double>(n)), sig(4, std::vector<double>(n));
  for (std::size_t i = 0; i < n; ++i) {
    const auto& m = ms[i];
    t[i] = m.t_s;
    sensor[i] = m.sensor;
    truth[i] = m.truth_id;
    kind[i] = static_cast<std::uint8_t>(m.kind);
    for (int k = 0; k < 4; ++k) {
      z[static_cast<std::size_t>(k)][i] = k < m.Dim() ? m.z[k] : std::nan("");
      sig[static_cast<std::size_t>(k)][i] = k < m.Dim() ? m.sigma[k] : std::nan("");
    }
    sx[i] = m.site_pos.x();
    sy[i] = m.site_pos.y();
    sz[i] = m.site_pos.z();
    snr[i] = m.snr_db;
  }
  const char* zdesc = "measured value k: kind 0/1: range m, azimuth rad, elevation rad, range rate m/s; "
                      "kind 2: azimuth rad, elevation rad (satellite frame); NaN if unused";
  const Column cols[] = {
      Column::Float64("t_s", t, "s", "time of validity"),
      Column::Int32("sensor_index", sensor, "", "sensor (/entities/sensors)"),
      Column::Int64("truth_id", truth, "", "object measured (-1 = false alarm); scoring only"),
      Column::UInt8("kind", kind, "", "0 range/az/el, 1 range/az/el/range-rate, 2 angles (IR), 3 position"),
      Column::Float64("z0", z[0], "mixed", zdesc), Column::Float64("z1", z[1], "mixed", zdesc),
      Column::Float64("z2", z[2], "mixed", zdesc), Column::Float64("z3", z[3], "mixed", zdesc),
      Column::Float64("sigma0", sig[0], "mixed", "1-sigma noise of z0"),
      Column::Float64("sigma1", sig[1], "mixed", "1-sigma noise of z1"),
      Column::Float64("sigma2", sig[2], "mixed", "1-sigma noise of z2"),
      Column::Float64("sigma3", sig[3], "mixed", "1-sigma noise of z3"),
      Column::Float64("site_x_m", sx, "m", "sensor position at t, ECEF x"),
      Column::Float64("site_y_m", sy, "m", "sensor position at t, ECEF y"),
      Column::Float64("site_z_m", sz, "m", "sensor position at t, ECEF z"),
      Column::Float64("snr_db", snr, "dB", "signal-to-noise ratio of the detection"),
  };
  io::WriteTable(root, "measurements", "every detection of every sensor, in time order per scan", cols);
}

void WriteScans(io::Group& root, const SensingRecord& rec) {
  if (rec.scans.empty()) return;
  std::vector<double> t;
  std::vector<std::int32_t> sensor, det;
  for (const auto& s : rec.scans) {
    t.push_back(s.t_s);
    sensor.push_back(s.sensor);
    det.push_back(s.detections);
  }
  const Column cols[] = {
      Column::Float64("t_s", t, "s", "scan time: the radar's tracker took one step"),
      Column::Int32("sensor_index", sensor, "", "radar"),
      Column::Int32("detections", det, "1", "measurements of the scan (false alarms included; 0 = all missed)"),
  };
  io::WriteTable(root, "scans", "every radar scan, empty ones included (replay needs them: an empty scan is a miss)", cols);
}

void WriteTrackTable(io::Group& parent, io::Group& cov_parent, const char* name, const char* owner_col,
                     const char* owner_desc,
                     const char* status_desc, const std::vector<SensingRecord::TrackSample>& ts,
                     const interop::NationTable* nations = nullptr) {
  if (ts.empty()) return;
  const auto n = ts.size();
  std::vector<double> t(n), pe(n), ve(n), nees(n), psig(n);
  std::vector<std::vector<double>> x(6, std::vector<double>(n));
  std::vector<std::int32_t> owner(n);
  std::vector<std::int64_t> id(n), truth(n), mask(n);
  std::vector<std::uint8_t> status(n);
  std::vector<double> cov(n * 36);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& s = ts[i];
    t[i] = s.t_s;
    owner[i] = s.owner;
    id[i] = s.track_id;
    status[i] = s.status;
    for (int k = 0; k < 6; ++k) x[static_cast<std::size_t>(k)][i] = s.state.x[k];
    truth[i] = s.truth_id;
    pe[i] = s.pos_error_m;
    ve[i] = s.vel_error_m_s;
    nees[i] = s.nees;
    mask[i] = static_cast<std::int64_t>(s.source_mask);
    psig[i] = std::sqrt(s.state.P.topLeftCorner<3, 3>().trace() / 3.0);
    for (int r = 0; r < 6; ++r)
      for (int c = 0; c < 6; ++c) cov[i * 36 + static_cast<std::size_t>(r * 6 + c)] = s.state.P(r, c);
  }
  std::vector<Column> cols = {
      Column::Float64("t_s", t, "s", "sample time (state predicted to it)"),
      Column::Int32(owner_col, owner, "", owner_desc),
      Column::Int64("track_id", id, "", "track number"),
      Column::UInt8("status", status, "", status_desc),
      Column::Float64("x_m", x[0], "m", "ECEF x"), Column::Float64("y_m", x[1], "m", "ECEF y"),
      Column::Float64("z_m", x[2], "m", "ECEF z"), Column::Float64("vx_m_s", x[3], "m/s", "ECEF vx"),
      Column::Float64("vy_m_s", x[4], "m/s", "ECEF vy"), Column::Float64("vz_m_s", x[5], "m/s", "ECEF vz"),
      Column::Float64("pos_sigma_m", psig, "m", "RMS 1-sigma position uncertainty sqrt(tr P_rr / 3)"),
      Column::Int64("truth_id", truth, "", "associated truth object (scoring only, -1 false track)"),
      Column::Float64("pos_error_m", pe, "m", "position error against truth (NaN if no truth)"),
      Column::Float64("vel_error_m_s", ve, "m/s", "velocity error against truth"),
      Column::Float64("nees", nees, "1", "normalised estimation error squared (6 dof)"),
      Column::Int64("source_mask", mask, "",
                    "bit k set: source k contributed (sensors 0..S-1, then remote nodes S + node index)"),
  };
  if (nations != nullptr) {
    // Contributing nations: which nations' data the track carries (releasability audit).
    std::vector<std::int64_t> nmask(n);
    std::vector<std::string> names(n);
    for (std::size_t i = 0; i < n; ++i) {
      nmask[i] = static_cast<std::int64_t>(ts[i].nations);
      std::string text;
      for (int k = 0; k < nations->size(); ++k) {
        if ((ts[i].nations >> k) & 1u) text += (text.empty() ? "" : "+") + nations->Name(k);
      }
      names[i] = text;
    }
    cols.push_back(Column::Int64("nation_mask", nmask, "",
                                 "bit k set: data of nation k (/entities/nations row k) contributed"));
    cols.push_back(Column::String("nations", names, "contributing nations, '+'-separated"));
  }
  io::WriteTable(parent, name, "track samples at the record interval", cols);
  const hsize_t dims[] = {static_cast<hsize_t>(n), 6, 6};
  // Uncompressed: float64 covariances compress ~1.2-1.4x with shuffle + deflate, which cost
  // more than half of the baseline run file's write time.
  io::WriteArray(cov_parent, name, dims, cov, "m,m,m,m/s,m/s,m/s",
                 "6x6 ECEF state covariance of each row of the track table of the same name",
                 io::ArrayCompression::kNone);
}

void WriteMetrics(io::Group& root, const Scenario& sc, const RunResult& r) {
  const auto& rec = r.sensing;
  io::Group g = root.CreateGroup("metrics");
  if (!rec.metrics.empty()) {
    const auto n = rec.metrics.size();
    std::vector<double> t(n), ospa(n), gospa(n), gl(n), gm(n), gf(n);
    std::vector<std::int32_t> node(n), truths(n), tracks(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& m = rec.metrics[i];
      t[i] = m.t_s; node[i] = m.node; ospa[i] = m.ospa_m; gospa[i] = m.gospa_m;
      gl[i] = m.gospa_localisation; gm[i] = m.gospa_missed; gf[i] = m.gospa_false;
      truths[i] = m.truths; tracks[i] = m.tracks;
    }
    const Column cols[] = {
        Column::Float64("t_s", t, "s", "sample time"), Column::Int32("node_index", node, "", "node"),
        Column::Float64("ospa_m", ospa, "m", "OSPA, c = 5 km, p = 2, positions"),
        Column::Float64("gospa_m", gospa, "m", "GOSPA, c = 5 km, p = 2, alpha = 2"),
        Column::Float64("gospa_localisation_m2", gl, "m^2", "GOSPA localisation term (sum d^p)"),
        Column::Float64("gospa_missed_m2", gm, "m^2", "GOSPA missed-target term"),
        Column::Float64("gospa_false_m2", gf, "m^2", "GOSPA false-track term"),
        Column::Int32("truths", truths, "1", "flying truth objects"),
        Column::Int32("tracks", tracks, "1", "network tracks in the node's picture"),
    };
    io::WriteTable(g, "picture", "per-node picture quality over time", cols);
  }
  if (!rec.siap.empty()) {
    std::vector<std::int32_t> node;
    std::vector<double> comp, amb, spur, pa, va, tnc, lts;
    for (std::size_t k = 0; k < rec.siap.size(); ++k) {
      const auto& s = rec.siap[k];
      node.push_back(static_cast<std::int32_t>(k));
      comp.push_back(s.completeness); amb.push_back(s.ambiguity); spur.push_back(s.spuriousness);
      pa.push_back(s.positional_accuracy_m); va.push_back(s.velocity_accuracy_mps);
      tnc.push_back(s.track_number_change_rate_per_s); lts.push_back(s.longest_track_segment);
    }
    const Column cols[] = {
        Column::Int32("node_index", node, "", "node"),
        Column::Float64("completeness", comp, "1", "fraction of truth-time covered by a track"),
        Column::Float64("ambiguity", amb, "1", "tracks per tracked truth"),
        Column::Float64("spuriousness", spur, "1", "fraction of tracks not near any truth"),
        Column::Float64("positional_accuracy_m", pa, "m", "mean position error of associated tracks"),
        Column::Float64("velocity_accuracy_m_s", va, "m/s", "mean velocity error of associated tracks"),
        Column::Float64("track_number_change_rate_per_s", tnc, "1/s", "track-number changes per second"),
        Column::Float64("longest_track_segment", lts, "1", "mean longest-segment fraction per truth"),
    };
    io::WriteTable(g, "siap", "SIAP metrics per node over the run (association distance 5 km)", cols);
  }
  if (!rec.first_detection_s.empty() && !sc.nodes.empty()) {
    std::vector<std::int64_t> threat;
    std::vector<std::int32_t> node;
    std::vector<double> det, trk, det_rel, trk_rel;
    for (std::size_t i = 0; i < rec.first_detection_s.size(); ++i) {
      for (std::size_t k = 0; k < sc.nodes.size(); ++k) {
        threat.push_back(static_cast<std::int64_t>(i));
        node.push_back(static_cast<std::int32_t>(k));
        det.push_back(rec.first_detection_s[i][k]);
        trk.push_back(rec.first_track_s[i][k]);
        det_rel.push_back(rec.first_detection_s[i][k] - sc.threats[i].launch_time_s);
        trk_rel.push_back(rec.first_track_s[i][k] - sc.threats[i].launch_time_s);
      }
    }
    const Column cols[] = {
        Column::Int64("threat_index", threat, "", "threat"), Column::Int32("node_index", node, "", "node"),
        Column::Float64("t_first_detection_s", det, "s", "first detection by a sensor of the node (NaN: never)"),
        Column::Float64("t_first_track_s", trk, "s", "first network track in the node's picture (NaN: never)"),
        Column::Float64("first_detection_after_launch_s", det_rel, "s", "first detection minus launch time"),
        Column::Float64("first_track_after_launch_s", trk_rel, "s", "first track minus launch time"),
    };
    io::WriteTable(g, "first_detection", "time to first detection and first track per threat and node", cols);
  }
}

void WriteCues(io::Group& root, const SensingRecord& rec) {
  if (rec.cues.empty()) return;
  std::vector<double> t, lat, lon, lt, hd, lsig;
  std::vector<std::int64_t> truth;
  std::vector<std::int32_t> sensor;
  for (std::size_t i = 0; i < rec.cues.size(); ++i) {
    const auto& c = rec.cues[i];
    t.push_back(c.t_s); truth.push_back(rec.cue_truth[i]); sensor.push_back(c.source_sensor);
    lat.push_back(c.launch.lat_rad * kRadToDeg); lon.push_back(c.launch.lon_rad * kRadToDeg);
    lt.push_back(c.launch_time_s); hd.push_back(c.heading_rad * kRadToDeg); lsig.push_back(c.launch_sigma_m);
  }
  const Column cols[] = {
      Column::Float64("t_s", t, "s", "time of the estimate"),
      Column::Int64("truth_id", truth, "", "object the looks came from (scoring only)"),
      Column::Int32("sensor_index", sensor, "", "space-IR sensor of the latest look"),
      Column::Float64("launch_lat_deg", lat, "deg", "estimated launch latitude"),
      Column::Float64("launch_lon_deg", lon, "deg", "estimated launch longitude"),
      Column::Float64("launch_time_s", lt, "s", "estimated launch time"),
      Column::Float64("heading_deg", hd, "deg", "estimated ground-track azimuth"),
      Column::Float64("launch_sigma_m", lsig, "m", "1-sigma horizontal launch-point uncertainty"),
  };
  io::WriteTable(root, "cues", "first space-IR launch estimate (cue) per object", cols);
}

}  // namespace

void WriteSensingGroups(io::Group& root, const PreparedScenario& p, const RunResult& r) {
  const Scenario& sc = *p.scenario;
  WriteSensorsAndNodes(root, sc);
  if (sc.sensors.empty()) return;
  WriteMeasurements(root, r.sensing);
  WriteScans(root, r.sensing);
  io::Group tracks = root.CreateGroup("tracks");
  io::Group covs = root.CreateGroup("track_covariance");
  WriteTrackTable(tracks, covs, "local", "sensor_index", "sensor whose tracker holds the track",
                  "1 confirmed, 2 coasting", r.sensing.local_tracks);
  WriteTrackTable(tracks, covs, "nodes", "node_index", "node whose picture holds the track",
                  "number of source reports fused on the latest update", r.sensing.node_tracks, &p.nations);
  WriteMetrics(root, sc, r);
  WriteCues(root, r.sensing);
}

}  // namespace bmd::sim
