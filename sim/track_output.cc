#include "sim/track_output.h"

#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "sim/errors.h"
#include "sim/io/attributes.h"
#include "sim/io/output_file.h"
#include "sim/io/provenance.h"
#include "sim/io/table.h"

namespace bmd::sim {
namespace {

using io::Column;

void WriteTracksTable(io::Group& root, const TrackReplayResult& r) {
  const std::size_t n = r.tracks.size();
  std::vector<std::int64_t> scan(n), id(n), truth(n), assigned(n);
  std::vector<double> t(n), sig(n), c[6];
  std::vector<bool> coasting(n);
  for (auto& col : c) col.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const TrackRow& row = r.tracks[i];
    scan[i] = row.scan;
    t[i] = row.t_s;
    id[i] = row.track_id;
    for (int k = 0; k < 3; ++k) {
      c[k][i] = row.r[k];
      c[3 + k][i] = row.v[k];
    }
    truth[i] = row.truth_id;
    assigned[i] = row.assigned_truth_id;
    sig[i] = row.position_sigma_m;
    coasting[i] = row.coasting;
  }
  const Column cols[] = {
      Column::Int64("scan", scan, "", "scan number from the input"),
      Column::Float64("t_s", t, "s", "scan time"),
      Column::Int64("track_id", id, "", "track number (stable within the run)"),
      Column::Float64("x_m", c[0], "m", "position x (input frame: east; ECEF x for HDF5 input)"),
      Column::Float64("y_m", c[1], "m", "position y (input frame: north; ECEF y for HDF5 input)"),
      Column::Float64("z_m", c[2], "m", "position z (input frame: up; ECEF z for HDF5 input)"),
      Column::Float64("vx_m_s", c[3], "m/s", "velocity x, input frame"),
      Column::Float64("vy_m_s", c[4], "m/s", "velocity y, input frame"),
      Column::Float64("vz_m_s", c[5], "m/s", "velocity z, input frame"),
      Column::Int64("truth_id", truth, "",
                    "majority truth id of the measurements associated to the track, -1 if none"),
      Column::Int64("assigned_truth_id", assigned, "",
                    "truth assigned to the track by this scan's GOSPA assignment, -1 if none"),
      Column::Float64("position_sigma_m", sig, "m", "sqrt(trace of the position covariance)"),
      Column::Bool("coasting", coasting, "confirmed but not updated on this scan"),
  };
  io::WriteTable(root, "tracks", "confirmed tracks after each scan", cols);
}

void WriteScansTable(io::Group& root, const TrackReplayResult& r) {
  const std::size_t n = r.scans.size();
  std::vector<std::int64_t> scan(n), meas(n), truths(n), conf(n), tent(n), missed(n), fals(n);
  std::vector<double> t(n), step(n), ospa(n), gospa(n), loc(n);
  for (std::size_t i = 0; i < n; ++i) {
    const ScanRecord& s = r.scans[i];
    scan[i] = s.scan;
    t[i] = s.t_s;
    meas[i] = s.measurements;
    truths[i] = s.truths;
    conf[i] = s.confirmed;
    tent[i] = s.tentative;
    step[i] = s.step_s;
    ospa[i] = s.ospa_m;
    gospa[i] = s.gospa_m;
    loc[i] = s.gospa_localisation;
    missed[i] = s.gospa_missed;
    fals[i] = s.gospa_false;
  }
  const Column cols[] = {
      Column::Int64("scan", scan, "", "scan number from the input"),
      Column::Float64("t_s", t, "s", "scan time"),
      Column::Int64("measurements", meas, "", "measurements of the scan"),
      Column::Int64("truths", truths, "", "truth objects at the scan"),
      Column::Int64("confirmed", conf, "", "confirmed (incl. coasting) tracks after the step"),
      Column::Int64("tentative", tent, "", "tentative tracks after the step"),
      Column::Float64("step_time_s", step, "s", "wall time of the tracking step (Tracker::Step)"),
      Column::Float64("ospa_m", ospa, "m", "OSPA of confirmed track positions (NaN without truth)"),
      Column::Float64("gospa_m", gospa, "m", "GOSPA, alpha = 2 (NaN without truth)"),
      Column::Float64("gospa_localisation", loc, "m^p", "GOSPA localisation term, sum d^p"),
      Column::Int64("gospa_missed", missed, "", "truths without an assigned track"),
      Column::Int64("gospa_false", fals, "", "confirmed tracks without an assigned truth"),
  };
  io::WriteTable(root, "scans", "per-scan counts, tracking-step wall time and metrics", cols);
}

void WriteSummary(io::Group& root, const TrackReplayResult& r, const TrackOutputContext& ctx) {
  io::Group g = root.CreateGroup("summary");
  const hid_t id = g.id();
  io::WriteStringAttribute(id, "description",
                           "configuration, timing of the tracking step and score summary");
  io::WriteStringAttribute(id, "input_path", ctx.input_path);
  io::WriteStringAttribute(id, "input_sha256", ctx.input_sha256);
  io::WriteStringAttribute(id, "frame", ctx.frame_name);
  io::WriteStringAttribute(id, "filter", TrackFilterName(ctx.config.filter));
  io::WriteDoubleAttribute(id, "q_m2ps3", r.q_m2ps3);
  io::WriteDoubleAttribute(id, "gate_probability", ctx.config.gate_probability);
  io::WriteInt64Attribute(id, "confirm_m", ctx.config.confirm_m);
  io::WriteInt64Attribute(id, "confirm_n", ctx.config.confirm_n);
  io::WriteDoubleAttribute(id, "ospa_c_m", ctx.config.ospa_c_m);
  io::WriteDoubleAttribute(id, "ospa_p", ctx.config.ospa_p);
  io::WriteInt64Attribute(id, "scans", static_cast<std::int64_t>(r.scans.size()));
  io::WriteInt64Attribute(id, "tracks_initiated", r.tracks_initiated);
  io::WriteInt64Attribute(id, "confirmed_tracks", r.confirmed_tracks);
  io::WriteDoubleAttribute(id, "step_time_median_s", r.timing.median_s);
  io::WriteDoubleAttribute(id, "step_time_mean_s", r.timing.mean_s);
  io::WriteDoubleAttribute(id, "step_time_p95_s", r.timing.p95_s);
  io::WriteDoubleAttribute(id, "step_time_max_s", r.timing.max_s);
  io::WriteDoubleAttribute(id, "step_time_total_s", r.timing.total_s);
  io::WriteInt64Attribute(id, "has_truth", r.has_truth ? 1 : 0);
  if (!r.has_truth) return;
  const ScoreSummary& s = r.score;
  io::WriteDoubleAttribute(id, "mean_ospa_second_half_m", s.mean_ospa_second_half_m);
  io::WriteDoubleAttribute(id, "mean_gospa_second_half_m", s.mean_gospa_second_half_m);
  io::WriteInt64Attribute(id, "truths", s.truths);
  io::WriteInt64Attribute(id, "truths_tracked", s.truths_tracked);
  io::WriteInt64Attribute(id, "truths_final", s.truths_final);
  io::WriteInt64Attribute(id, "truths_tracked_final", s.truths_tracked_final);
  io::WriteInt64Attribute(id, "swaps", s.swaps);
  io::WriteDoubleAttribute(id, "tracks_per_truth", s.tracks_per_truth);
  io::WriteDoubleAttribute(id, "siap_completeness", s.siap.completeness);
  io::WriteDoubleAttribute(id, "siap_ambiguity", s.siap.ambiguity);
  io::WriteDoubleAttribute(id, "siap_spuriousness", s.siap.spuriousness);
  io::WriteDoubleAttribute(id, "siap_positional_accuracy_m", s.siap.positional_accuracy_m);
  io::WriteDoubleAttribute(id, "siap_velocity_accuracy_m_s", s.siap.velocity_accuracy_mps);
  io::WriteDoubleAttribute(id, "siap_track_number_change_rate_per_s",
                           s.siap.track_number_change_rate_per_s);
  io::WriteInt64Attribute(id, "siap_track_number_changes", s.siap.track_number_changes);
  io::WriteDoubleAttribute(id, "siap_longest_track_segment", s.siap.longest_track_segment);
}

}  // namespace

void WriteTrackFile(const std::string& path, const TrackReplayResult& result,
                    const TrackOutputContext& ctx) {
  io::OutputFile file = io::OutputFile::Create(path);
  io::Provenance prov;
  prov.command_line = ctx.command_line;
  io::WriteProvenance(file, prov);
  io::Group root = file.Root();
  io::WriteStringAttribute(root.id(), "kind", "track_replay");
  WriteTracksTable(root, result);
  WriteScansTable(root, result);
  WriteSummary(root, result, ctx);
  file.Commit();
}

void WriteTracksCsv(const std::string& path, const TrackReplayResult& result) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "w"), &std::fclose);
  if (!f) throw InputError(fmt::format("{}: cannot write the tracks CSV", path));
  std::fputs("scan,track_id,x,y,z,vx,vy,vz\n", f.get());
  for (const TrackRow& r : result.tracks) {
    fmt::print(f.get(), "{},{},{:.3f},{:.3f},{:.3f},{:.4f},{:.4f},{:.4f}\n", r.scan, r.track_id,
               r.r.x(), r.r.y(), r.r.z(), r.v.x(), r.v.y(), r.v.z());
  }
  if (std::ferror(f.get()) != 0 || std::fflush(f.get()) != 0) {
    throw InputError(fmt::format("{}: write error on the tracks CSV", path));
  }
}

}  // namespace bmd::sim
