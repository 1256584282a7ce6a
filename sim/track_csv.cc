#include "sim/track_csv.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "sim/errors.h"

namespace bmd::sim {
namespace {

enum Col { kScan, kTime, kKind, kId, kX, kY, kZ, kVx, kVy, kVz, kSigma, kNumCols };
constexpr std::array<std::string_view, kNumCols> kColumnNames = {
    "scan", "time_s", "kind", "id", "x_m", "y_m", "z_m", "vx", "vy", "vz", "sigma_m"};
constexpr std::string_view kExpectedHeader = "scan,time_s,kind,id,x_m,y_m,z_m,vx,vy,vz[,sigma_m]";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A cell quoted back to the user: printable ASCII only, at most 40 characters.
std::string Show(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 40)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u >= 0x20 && u < 0x7f) ? c : '?';
  }
  if (s.size() > 40) out += "...";
  return "'" + out + "'";
}

class CsvParser {
 public:
  CsvParser(const std::string& name, const CsvReadOptions& opts) : name_(name), opts_(opts) {
    cols_.fill(-1);
    if (opts.frame == TrackFrame::kEnu) {
      enu_ = earth::EnuFrame::At(opts.origin);
    } else if (opts.frame != TrackFrame::kLocalFlat) {
      throw InputError(name + ": CSV input supports the local-flat and enu frames only");
    }
    if (!(opts.sigma_m > 0.0) || !std::isfinite(opts.sigma_m)) {
      throw InputError(fmt::format("{}: the measurement sigma must be positive, got {}", name,
                                   opts.sigma_m));
    }
  }

  TrackInput Parse(std::string_view text) {
    TrackInput in;
    in.source_path = name_;
    in.frame = opts_.frame;
    in.enu = enu_;
    bool have_header = false;
    std::size_t pos = 0;
    line_ = 0;
    while (pos < text.size()) {
      std::size_t end = text.find('\n', pos);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view line = Trim(text.substr(pos, end - pos));
      pos = end + 1;
      ++line_;
      if (line.empty() || line.front() == '#') continue;
      Split(line);
      if (!have_header) {
        ParseHeader();
        have_header = true;
      } else {
        ParseRow(&in);
      }
    }
    if (!have_header) {
      throw InputError(fmt::format("{}: empty file: expected the header {}", name_, kExpectedHeader));
    }
    if (in.measurement_count == 0) {
      throw InputError(fmt::format("{}: no 'meas' rows: nothing to track", name_));
    }
    return in;
  }

 private:
  [[noreturn]] void Fail(const std::string& what) const {
    throw InputError(fmt::format("{}:{}: {}", name_, line_, what));
  }

  void Split(std::string_view line) {
    fields_.clear();
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = line.find(',', start);
      if (comma == std::string_view::npos) {
        fields_.push_back(Trim(line.substr(start)));
        break;
      }
      fields_.push_back(Trim(line.substr(start, comma - start)));
      start = comma + 1;
    }
  }

  void ParseHeader() {
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      int c = -1;
      for (int k = 0; k < kNumCols; ++k) {
        if (fields_[i] == kColumnNames[k]) c = k;
      }
      if (c < 0) {
        Fail(fmt::format("unknown column {} in the header (expected {})", Show(fields_[i]),
                         kExpectedHeader));
      }
      if (cols_[c] >= 0) Fail(fmt::format("column {} appears twice in the header", Show(fields_[i])));
      cols_[c] = static_cast<int>(i);
    }
    for (int k = 0; k < kSigma; ++k) {
      if (cols_[k] < 0) {
        Fail(fmt::format("the header lacks column '{}' (expected {})", kColumnNames[k],
                         kExpectedHeader));
      }
    }
    header_fields_ = fields_.size();
  }

  std::string_view Cell(Col c) const { return cols_[c] < 0 ? std::string_view() : fields_[cols_[c]]; }

  std::int64_t Integer(Col c) const {
    const std::string_view s = Cell(c);
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size()) {
      Fail(fmt::format("{}: expected an integer, got {}", kColumnNames[c], Show(s)));
    }
    return v;
  }

  double Number(Col c) const {
    const std::string_view s = Cell(c);
    double v = 0.0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size()) {
      Fail(fmt::format("{}: expected a number, got {}", kColumnNames[c], Show(s)));
    }
    if (!std::isfinite(v)) Fail(fmt::format("{}: {} is not a finite number", kColumnNames[c], Show(s)));
    return v;
  }

  Eigen::Vector3d Vector(Col first) const {
    return {Number(first), Number(static_cast<Col>(first + 1)), Number(static_cast<Col>(first + 2))};
  }

  void ParseRow(TrackInput* in) {
    if (fields_.size() != header_fields_) {
      Fail(fmt::format("{} fields, but the header has {}", fields_.size(), header_fields_));
    }
    const std::int64_t scan = Integer(kScan);
    if (scan < 0) Fail(fmt::format("scan: must be >= 0, got {}", scan));
    const double t_s = Number(kTime);
    const std::string_view kind = Cell(kKind);
    const bool truth = kind == "truth";
    if (!truth && kind != "meas") Fail(fmt::format("kind: expected 'truth' or 'meas', got {}", Show(kind)));

    TrackScan& s = ScanFor(in, scan, t_s);
    const Eigen::Vector3d r = Vector(kX);
    if (truth) {
      const std::int64_t id = Integer(kId);
      if (id < 0) Fail(fmt::format("id: a truth row needs an id >= 0, got {}", id));
      if (!scan_truth_ids_.insert(id).second) {
        Fail(fmt::format("truth id {} appears twice in scan {}", id, scan));
      }
      const Eigen::Vector3d v = Vector(kVx);
      fusion::TruthPoint p;
      p.id = id;
      p.r = ToTracker(r);
      p.v = opts_.frame == TrackFrame::kEnu ? Eigen::Vector3d(enu_.R_ecef_from_enu * v) : v;
      s.truths.push_back(p);
      in->has_truth = true;
      ++in->truth_count;
      return;
    }
    // Detections: velocities are optional (ignored) but must be numbers when present.
    for (Col c : {kVx, kVy, kVz}) {
      if (!Cell(c).empty()) Number(c);
    }
    const std::int64_t id = Cell(kId).empty() ? -1 : Integer(kId);
    double sigma = opts_.sigma_m;
    if (!Cell(kSigma).empty()) {
      sigma = Number(kSigma);
      if (!(sigma > 0.0)) Fail(fmt::format("sigma_m: must be positive, got {}", Show(Cell(kSigma))));
    }
    sensors::Measurement m;
    m.t_s = t_s;
    m.sensor = 0;
    m.truth_id = id < 0 ? -1 : id;
    m.kind = sensors::MeasurementKind::kPosition;
    m.z.head<3>() = ToTracker(r);
    m.sigma << sigma, sigma, sigma, 0.0;
    s.measurements.push_back(m);
    ++in->measurement_count;
  }

  Eigen::Vector3d ToTracker(const Eigen::Vector3d& r) const {
    return opts_.frame == TrackFrame::kEnu ? enu_.ToEcef(r) : r;
  }

  // The scan a row belongs to, checking scan order and time consistency.
  TrackScan& ScanFor(TrackInput* in, std::int64_t scan, double t_s) {
    if (!in->scans.empty() && in->scans.back().scan == scan) {
      const double t0 = in->scans.back().t_s;
      if (std::abs(t_s - t0) > 1e-9 * std::max(1.0, std::abs(t0))) {
        Fail(fmt::format("time_s {} differs from {} given for scan {} at line {}", t_s, t0, scan,
                         scan_line_));
      }
      return in->scans.back();
    }
    if (!in->scans.empty()) {
      const TrackScan& prev = in->scans.back();
      if (scan < prev.scan) {
        Fail(fmt::format("scan {} after scan {}: rows must be in scan order", scan, prev.scan));
      }
      if (!(t_s > prev.t_s)) {
        Fail(fmt::format("scan {} at time_s {} does not follow scan {} at time_s {}: scan times "
                         "must increase",
                         scan, t_s, prev.scan, prev.t_s));
      }
    }
    TrackScan s;
    s.scan = scan;
    s.t_s = t_s;
    in->scans.push_back(std::move(s));
    scan_truth_ids_.clear();
    scan_line_ = line_;
    return in->scans.back();
  }

  std::string name_;
  CsvReadOptions opts_;
  earth::EnuFrame enu_;
  std::array<int, kNumCols> cols_;
  std::size_t header_fields_ = 0;
  std::vector<std::string_view> fields_;
  std::unordered_set<std::int64_t> scan_truth_ids_;
  std::size_t line_ = 0;
  std::size_t scan_line_ = 0;
};

}  // namespace

TrackInput ParseTrackCsv(std::string_view text, const std::string& name, const CsvReadOptions& opts) {
  CsvParser parser(name, opts);
  return parser.Parse(text);
}

TrackInput ReadTrackCsv(const std::string& path, const CsvReadOptions& opts) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw InputError(fmt::format("{}: cannot open the measurement file", path));
  std::ostringstream ss;
  ss << f.rdbuf();
  if (f.bad()) throw InputError(fmt::format("{}: read error", path));
  return ParseTrackCsv(ss.str(), path, opts);
}

}  // namespace bmd::sim
