#include "sim/track_hdf5_input.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "sim/errors.h"
#include "sim/io/h5_error.h"
#include "sim/io/input_file.h"

namespace bmd::sim {
namespace {

using sensors::MeasurementKind;

MeasurementKind KindFromName(const std::string& path, std::size_t row, const std::string& s) {
  if (s == "range_az_el") return MeasurementKind::kRangeAzEl;
  if (s == "range_az_el_rate") return MeasurementKind::kRangeAzElRate;
  if (s == "angles") return MeasurementKind::kAngles;
  if (s == "position") return MeasurementKind::kPosition;
  throw InputError(fmt::format("{}: /measurements row {}: unknown kind '{}'", path, row, s));
}

std::vector<MeasurementKind> ReadKinds(const io::InputFile& f, const std::string& path) {
  std::vector<MeasurementKind> kinds;
  try {
    const std::vector<std::int64_t> codes = f.ReadInt64Column("/measurements", "kind");
    for (std::size_t i = 0; i < codes.size(); ++i) {
      if (codes[i] < 0 || codes[i] > 3) {
        throw InputError(fmt::format("{}: /measurements row {}: kind code {} is not 0..3", path, i,
                                     codes[i]));
      }
      kinds.push_back(static_cast<MeasurementKind>(codes[i]));
    }
  } catch (const io::H5Error&) {
    const std::vector<std::string> names = f.ReadStringColumn("/measurements", "kind");
    for (std::size_t i = 0; i < names.size(); ++i) kinds.push_back(KindFromName(path, i, names[i]));
  }
  return kinds;
}

void ReadTruth(const io::InputFile& f, TrackInput* in) {
  const auto t = f.ReadDoubleColumn("/truth", "t_s");
  const auto id = f.ReadInt64Column("/truth", "object_id");
  const char* names[6] = {"x_m", "y_m", "z_m", "vx_m_s", "vy_m_s", "vz_m_s"};
  std::vector<double> c[6];
  for (int k = 0; k < 6; ++k) c[k] = f.ReadDoubleColumn("/truth", names[k]);
  // Samples of each object in time order.
  std::map<std::int64_t, std::vector<std::size_t>> by_object;
  for (std::size_t i = 0; i < t.size(); ++i) {
    bool ok = std::isfinite(t[i]);
    for (int k = 0; k < 6; ++k) ok = ok && std::isfinite(c[k][i]);
    if (!ok) throw InputError(fmt::format("{}: /truth row {}: non-finite value", in->source_path, i));
    by_object[id[i]].push_back(i);
  }
  for (auto& [object, rows] : by_object) {
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) { return t[a] < t[b]; });
    std::size_t k = 0;
    for (TrackScan& s : in->scans) {
      while (k + 1 < rows.size() && t[rows[k + 1]] < s.t_s) ++k;
      if (rows.empty() || t[rows[k]] > s.t_s) continue;
      const std::size_t a = rows[k];
      const auto r_a = Eigen::Vector3d(c[0][a], c[1][a], c[2][a]);
      const auto v_a = Eigen::Vector3d(c[3][a], c[4][a], c[5][a]);
      fusion::TruthPoint p;
      p.id = object;
      if (t[a] == s.t_s) {
        p.r = r_a;
        p.v = v_a;
      } else {
        if (k + 1 >= rows.size()) continue;  // scan after the object's last sample
        const std::size_t b = rows[k + 1];
        if (!(t[b] > t[a])) continue;
        HermiteInterpolate(t[a], r_a, v_a, t[b], Eigen::Vector3d(c[0][b], c[1][b], c[2][b]),
                           Eigen::Vector3d(c[3][b], c[4][b], c[5][b]), s.t_s, &p.r, &p.v);
      }
      s.truths.push_back(p);
      ++in->truth_count;
    }
  }
  in->has_truth = in->truth_count > 0;
}

TrackInput ReadMeasurements(const io::InputFile& f, const std::string& path, int only_sensor) {
  TrackInput in;
  in.source_path = path;
  in.frame = TrackFrame::kEcef;
  if (!f.Exists("/measurements")) {
    throw InputError(fmt::format("{}: no /measurements table (a run without sensors?)", path));
  }
  const std::string table = "/measurements";
  const auto t = f.ReadDoubleColumn(table, "t_s");
  const auto sensor = f.ReadInt64Column(table, "sensor_index");
  const auto truth = f.ReadInt64Column(table, "truth_id");
  const auto kinds = ReadKinds(f, path);
  std::vector<double> z[4], sigma[4], site[3];
  for (int k = 0; k < 4; ++k) {
    z[k] = f.ReadDoubleColumn(table, fmt::format("z{}", k));
    sigma[k] = f.ReadDoubleColumn(table, fmt::format("sigma{}", k));
  }
  site[0] = f.ReadDoubleColumn(table, "site_x_m");
  site[1] = f.ReadDoubleColumn(table, "site_y_m");
  site[2] = f.ReadDoubleColumn(table, "site_z_m");
  const auto snr = f.ReadDoubleColumn(table, "snr_db");
  const std::size_t n = t.size();
  if (n == 0) throw InputError(fmt::format("{}: /measurements is empty: nothing to track", path));

  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return t[a] != t[b] ? t[a] < t[b] : sensor[a] < sensor[b];
  });
  std::map<std::int64_t, Eigen::Matrix3d> site_axes;  // per sensor: R_ecef_from_enu at its site
  for (std::size_t i : order) {
    if (only_sensor >= 0 && sensor[i] != only_sensor) continue;
    sensors::Measurement m;
    m.t_s = t[i];
    m.sensor = static_cast<std::int32_t>(sensor[i]);
    m.truth_id = truth[i] < 0 ? -1 : truth[i];
    m.kind = kinds[i];
    m.snr_db = snr[i];
    bool ok = std::isfinite(t[i]);
    for (int k = 0; k < 4; ++k) {
      m.z[k] = k < m.Dim() ? z[k][i] : 0.0;
      m.sigma[k] = k < m.Dim() ? sigma[k][i] : 0.0;
      if (k < m.Dim()) ok = ok && std::isfinite(m.z[k]) && std::isfinite(m.sigma[k]) && m.sigma[k] > 0.0;
    }
    m.site_pos = Eigen::Vector3d(site[0][i], site[1][i], site[2][i]);
    ok = ok && m.site_pos.allFinite();
    if (!ok) {
      throw InputError(fmt::format("{}: /measurements row {}: non-finite value or non-positive sigma",
                                   path, i));
    }
    if (m.kind != MeasurementKind::kPosition) {
      auto it = site_axes.find(sensor[i]);
      if (it == site_axes.end()) {
        const earth::Geodetic g = earth::EcefToGeodetic(m.site_pos);
        it = site_axes.emplace(sensor[i], earth::REcefFromEnu(g.lat_rad, g.lon_rad)).first;
      }
      m.R_frame_from_enu = it->second;
    }
    if (in.scans.empty() || in.scans.back().t_s != m.t_s ||
        in.scans.back().measurements.front().sensor != m.sensor) {
      TrackScan s;
      s.scan = static_cast<std::int64_t>(in.scans.size());
      s.t_s = m.t_s;
      in.scans.push_back(std::move(s));
    }
    in.scans.back().measurements.push_back(m);
    ++in.measurement_count;
  }
  if (in.measurement_count == 0) {
    throw InputError(fmt::format("{}: no measurements of sensor {} in /measurements", path, only_sensor));
  }
  // A radar scan without any detection is a miss for every track: run files list every scan
  // in /scans, so the replay steps the tracker on the empty ones too.
  if (only_sensor >= 0 && f.Exists("/scans")) {
    const auto st = f.ReadDoubleColumn("/scans", "t_s");
    const auto ss = f.ReadInt64Column("/scans", "sensor_index");
    std::vector<TrackScan> merged;
    std::size_t k = 0;
    for (std::size_t i = 0; i < st.size(); ++i) {
      if (ss[i] != only_sensor) continue;
      while (k < in.scans.size() && in.scans[k].t_s < st[i]) merged.push_back(std::move(in.scans[k++]));
      if (k < in.scans.size() && in.scans[k].t_s == st[i]) {
        merged.push_back(std::move(in.scans[k++]));
      } else {
        TrackScan empty;
        empty.t_s = st[i];
        merged.push_back(std::move(empty));
      }
    }
    while (k < in.scans.size()) merged.push_back(std::move(in.scans[k++]));
    for (std::size_t i = 0; i < merged.size(); ++i) merged[i].scan = static_cast<std::int64_t>(i);
    in.scans = std::move(merged);
  }
  return in;
}

}  // namespace

void HermiteInterpolate(double t0, const Eigen::Vector3d& r0, const Eigen::Vector3d& v0, double t1,
                        const Eigen::Vector3d& r1, const Eigen::Vector3d& v1, double t_s,
                        Eigen::Vector3d* r, Eigen::Vector3d* v) {
  const double h = t1 - t0;
  const double s = (t_s - t0) / h;
  const double s2 = s * s, s3 = s2 * s;
  // Hermite basis functions and their derivatives with respect to s.
  const double h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s, h01 = -2 * s3 + 3 * s2, h11 = s3 - s2;
  const double d00 = 6 * s2 - 6 * s, d10 = 3 * s2 - 4 * s + 1, d01 = -6 * s2 + 6 * s, d11 = 3 * s2 - 2 * s;
  *r = h00 * r0 + h10 * h * v0 + h01 * r1 + h11 * h * v1;
  *v = (d00 * r0 + d01 * r1) / h + d10 * v0 + d11 * v1;
}

TrackInput ReadTrackHdf5(const std::string& path, int sensor_index) {
  try {
    const io::InputFile f = io::InputFile::Open(path);
    TrackInput in = ReadMeasurements(f, path, sensor_index);
    if (f.Exists("/truth")) ReadTruth(f, &in);
    return in;
  } catch (const io::H5Error& e) {
    throw InputError(fmt::format("{}: {}", path, e.what()));
  }
}

}  // namespace bmd::sim
