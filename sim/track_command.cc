#include "sim/track_command.h"

#include "sim/scenario/loader.h"
#include "sim/tracker_setup.h"

#include <fmt/format.h>

#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "sim/errors.h"
#include "sim/io/h5_error.h"
#include "sim/io/sha256.h"
#include "sim/scenario/units.h"
#include "sim/track_csv.h"
#include "sim/track_hdf5_input.h"
#include "sim/track_output.h"
#include "sim/track_replay.h"

namespace bmd::sim {
namespace {

constexpr double kDegToRad = 3.14159265358979323846 / 180.0;

// A length option: "<number> <unit>" or a bare number of metres.
double LengthOption(const std::string& option, const std::string& text) {
  if (const auto plain = ParsePlainNumber(text)) return *plain;
  const QuantityResult q = ParseQuantity(text, Dimension::kLength);
  if (!q) throw InputError(fmt::format("{} '{}': {}", option, text, q.error));
  return *q.value;
}

double NumberOption(const std::string& option, std::string_view text) {
  std::string error;
  const auto v = ParsePlainNumber(text, &error);
  if (!v) throw InputError(fmt::format("{} '{}': {}", option, text, error));
  return *v;
}

void ParseConfirm(const std::string& text, TrackReplayConfig* cfg) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) throw InputError(fmt::format("--confirm '{}': expected M/N, e.g. 3/4", text));
  const double m = NumberOption("--confirm", std::string_view(text).substr(0, slash));
  const double n = NumberOption("--confirm", std::string_view(text).substr(slash + 1));
  if (m != std::floor(m) || n != std::floor(n) || m < 1 || n < m || n > 32) {
    throw InputError(fmt::format("--confirm '{}': need whole numbers 1 <= M <= N <= 32", text));
  }
  cfg->confirm_m = static_cast<int>(m);
  cfg->confirm_n = static_cast<int>(n);
}

double GateProbability(const std::string& text) {
  if (text.empty()) return TrackReplayConfig{}.gate_probability;
  const double g = NumberOption("--gate", text);
  if (g > 0.0 && g < 1.0) return g;
  if (g >= 1.0 && std::isfinite(g)) {
    // A chi-square threshold for 3-dimensional (position) measurements.
    const double p = boost::math::cdf(boost::math::chi_squared(3.0), g);
    if (p < 1.0) return p;
  }
  throw InputError(fmt::format("--gate '{}': give a probability in (0, 1) or a chi-square "
                               "threshold >= 1 (3 degrees of freedom) below ~70",
                               text));
}

earth::Geodetic ParseOrigin(const std::string& text) {
  std::vector<std::string_view> parts;
  std::string_view rest(text);
  for (std::size_t comma; (comma = rest.find(',')) != std::string_view::npos;) {
    parts.push_back(rest.substr(0, comma));
    rest.remove_prefix(comma + 1);
  }
  parts.push_back(rest);
  if (parts.size() != 3) throw InputError(fmt::format("--origin '{}': expected LAT,LON,ALT (deg, deg, m)", text));
  const double lat = NumberOption("--origin latitude", parts[0]);
  const double lon = NumberOption("--origin longitude", parts[1]);
  const double alt = NumberOption("--origin altitude", parts[2]);
  if (std::abs(lat) > 90.0 || std::abs(lon) > 180.0 || std::abs(alt) > 1e6) {
    throw InputError(fmt::format("--origin '{}': latitude within +-90 deg, longitude within "
                                 "+-180 deg, altitude within +-1000 km",
                                 text));
  }
  return {lat * kDegToRad, lon * kDegToRad, alt};
}

bool IsHdf5(const std::string& path) {
  static constexpr char kMagic[8] = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
  std::ifstream f(path, std::ios::binary);
  char buf[8] = {};
  return f.read(buf, 8) && std::equal(buf, buf + 8, kMagic);
}

std::string FileSha256(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  return io::Sha256::Hex(bytes);
}

void PrintSummary(const TrackInput& in, const TrackReplayResult& r, const TrackReplayConfig& cfg,
                  const std::string& frame, const std::string& out_path) {
  std::printf("Track replay of %s\n", in.source_path.c_str());
  std::printf("  %zu scans, %zu measurements, %zu truth samples; frame %s\n", in.scans.size(),
              in.measurement_count, in.truth_count, frame.c_str());
  std::printf("  filter %s (q %g m^2/s^3), GNN gate %.6g, confirm %d/%d\n", TrackFilterName(cfg.filter),
              r.q_m2ps3, cfg.gate_probability, cfg.confirm_m, cfg.confirm_n);
  const std::size_t last_confirmed = r.scans.empty() ? 0 : static_cast<std::size_t>(r.scans.back().confirmed);
  std::printf("  tracks: %lld initiated, %lld confirmed, %zu confirmed at the last scan\n",
              static_cast<long long>(r.tracks_initiated), static_cast<long long>(r.confirmed_tracks),
              last_confirmed);
  std::printf("  tracking step wall time: median %.3f ms, mean %.3f ms, p95 %.3f ms, max %.3f ms, "
              "total %.3f s\n",
              r.timing.median_s * 1e3, r.timing.mean_s * 1e3, r.timing.p95_s * 1e3,
              r.timing.max_s * 1e3, r.timing.total_s);
  if (r.has_truth) {
    const ScoreSummary& s = r.score;
    std::printf("  truths: %d, tracked %d (final scan %d of %d)\n", s.truths, s.truths_tracked,
                s.truths_tracked_final, s.truths_final);
    std::printf("  mean OSPA over the second half: %.2f m (c %g m, p %g); mean GOSPA %.2f m\n",
                s.mean_ospa_second_half_m, cfg.ospa_c_m, cfg.ospa_p, s.mean_gospa_second_half_m);
    std::printf("  swaps: %lld, tracks per truth: %.3f\n", static_cast<long long>(s.swaps),
                s.tracks_per_truth);
    std::printf("  SIAP: completeness %.3f, ambiguity %.3f, spuriousness %.3f, position accuracy "
                "%.1f m, velocity accuracy %.1f m/s, track number changes %lld, longest segment "
                "%.3f\n",
                s.siap.completeness, s.siap.ambiguity, s.siap.spuriousness,
                s.siap.positional_accuracy_m, s.siap.velocity_accuracy_mps,
                static_cast<long long>(s.siap.track_number_changes), s.siap.longest_track_segment);
  } else {
    std::printf("  no truth in the input: metrics not computed\n");
  }
  std::printf("  output %s\n", out_path.c_str());
}

}  // namespace

int TrackCommand(const TrackCommandOptions& opts) {
  if (opts.output_path.empty()) throw InputError("track: an output file is required (-o OUT.h5)");
  TrackReplayConfig cfg;
  if (!ParseTrackFilter(opts.filter, &cfg.filter)) {
    throw InputError(fmt::format("--filter '{}': expected cv, ballistic-ekf, ukf or imm", opts.filter));
  }
  if (opts.associator != "gnn") {
    throw InputError(fmt::format("--associator '{}': only gnn is available", opts.associator));
  }
  cfg.gate_probability = GateProbability(opts.gate);
  ParseConfirm(opts.confirm, &cfg);
  cfg.ospa_c_m = LengthOption("--ospa-c", opts.ospa_c);
  cfg.ospa_p = opts.ospa_p;
  cfg.q_m2ps3 = opts.q_m2ps3;

  CsvReadOptions csv;
  csv.sigma_m = LengthOption("--sigma", opts.sigma);
  if (opts.frame == "enu") {
    if (opts.origin.empty()) throw InputError("--frame enu needs --origin LAT,LON,ALT");
    csv.frame = TrackFrame::kEnu;
    csv.origin = ParseOrigin(opts.origin);
  } else if (opts.frame != "local-flat") {
    throw InputError(fmt::format("--frame '{}': expected local-flat or enu", opts.frame));
  } else if (!opts.origin.empty()) {
    throw InputError("--origin is used only with --frame enu");
  }

  const std::string& path = opts.measurements_path;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw InputError(fmt::format("{}: no such measurement file", path));
  }
  const bool hdf5 = IsHdf5(path);
  if (!hdf5 && opts.sensor >= 0) throw InputError("--sensor applies to HDF5 run files only");
  TrackInput input = hdf5 ? ReadTrackHdf5(path, opts.sensor) : ReadTrackCsv(path, csv);
  const std::string frame_name = hdf5 ? "ecef" : opts.frame;
  if (opts.truth_in_file && !input.has_truth) {
    throw InputError(fmt::format("{}: --truth-in-file given, but the file holds no truth", path));
  }

  if (!opts.settings_from.empty()) {
    if (!hdf5 || opts.sensor < 0) throw InputError("--settings-from needs an HDF5 run file and --sensor");
    const Scenario sc = LoadScenarioFile(opts.settings_from);
    cfg.filter = sc.tracking.filter == "ukf" ? TrackFilter::kUkf : TrackFilter::kBallisticEkf;
    cfg.tracker = SensorTrackerConfig(sc.tracking, opts.sensor);
    cfg.motion = SensorTrackerMotion(sc);
  }
  const TrackReplayResult result = RunTrackReplay(input, cfg);

  TrackOutputContext ctx;
  ctx.command_line = opts.command_line;
  ctx.input_path = path;
  ctx.input_sha256 = FileSha256(path);
  ctx.frame_name = frame_name;
  ctx.config = cfg;
  try {
    WriteTrackFile(opts.output_path, result, ctx);
  } catch (const io::H5Error& e) {
    throw InputError(fmt::format("cannot write {}: {}", opts.output_path, e.what()));
  }
  if (!opts.tracks_csv_path.empty()) WriteTracksCsv(opts.tracks_csv_path, result);
  if (!opts.quiet) PrintSummary(input, result, cfg, frame_name, opts.output_path);
  return 0;
}

}  // namespace bmd::sim
