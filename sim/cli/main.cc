// bmdsim command line: parses arguments (CLI11) and maps errors to exit codes:
// 0 success, 2 bad input (scenario or arguments), 1 internal error.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <string>

#include "sim/commands.h"
#include "sim/compare.h"
#include "sim/errors.h"
#include "sim/export.h"
#include "sim/scenario/override.h"
#include "sim/scenario/scenario_error.h"
#include "sim/track_command.h"
#include "sim/sweep_command.h"
#include "sim/version.h"

namespace {

std::string QuoteArg(const std::string& a) {
  if (!a.empty() && a.find_first_of(" \t\n'\"\\$`") == std::string::npos) return a;
  std::string q = "'";
  for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

}  // namespace

int main(int argc, char** argv) {
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + QuoteArg(argv[i]);

  CLI::App app{"bmdsim — open, unclassified BMD exercise simulator (all parameters notional)"};
  app.require_subcommand(0, 1);
  app.set_version_flag("--version", std::string("bmdsim ") + bmd::kProgramVersion + " (git " +
                                        bmd::kGitRevision + ")");

  bmd::sim::RunCommandOptions run_opts;
  run_opts.command_line = command_line;
  std::uint64_t seed = 0;
  auto* run = app.add_subcommand("run", "Run a scenario once and write an HDF5 file");
  run->add_option("scenario", run_opts.scenario_path, "Scenario YAML file")->required();
  run->add_option("-o,--output", run_opts.output_path, "Output HDF5 file (default: <name>.h5)");
  auto* seed_opt = run->add_option("--seed", seed, "Random seed (overrides scenario.seed)");
  run->add_option("--run", run_opts.run_index, "Run index K (reproduces run K of a sweep)");
  run->add_flag("-q,--quiet", run_opts.quiet, "No progress output on stderr");
  run->add_option("--threads", run_opts.threads,
                  "OpenMP threads inside the run (propagation, radar scans, node fusion); results are "
                  "identical for any count")
      ->check(CLI::PositiveNumber);
  std::vector<std::string> run_set;
  run->add_option("--set", run_set, "Override a scenario value KEY=VALUE (repeatable)")->allow_extra_args(false);

  bmd::sim::SweepCommandOptions sweep_opts;
  sweep_opts.command_line = command_line;
  std::uint64_t sweep_seed = 0;
  auto* sweep = app.add_subcommand("sweep", "Monte Carlo runs x parameter grid, parallel and resumable");
  sweep->add_option("scenario", sweep_opts.scenario_path, "Scenario YAML file")->required();
  sweep->add_option("-o,--output", sweep_opts.output_path, "Output HDF5 file")->required();
  sweep->add_option("--runs", sweep_opts.runs, "Monte Carlo runs per grid point")->required();
  sweep->add_option("--threads", sweep_opts.threads, "OpenMP threads (default: OMP_NUM_THREADS or all cores)");
  auto* sweep_seed_opt = sweep->add_option("--seed", sweep_seed, "Random seed (overrides scenario.seed)");
  sweep->add_option("--vary", sweep_opts.vary, "KEY=V1,V2,... grid axis (repeatable; cartesian product)")
      ->allow_extra_args(false);
  sweep->add_option("--keep-detail", sweep_opts.keep_detail, "Runs to store in full, e.g. 0,5,10-12");
  sweep->add_option("--confidence", sweep_opts.confidence, "Confidence level of the intervals (default 0.95)");
  sweep->add_flag("--resume", sweep_opts.resume, "Finish an interrupted sweep from its journal");
  sweep->add_flag("-q,--quiet", sweep_opts.quiet, "No progress bar");

  std::string validate_path;
  auto* validate = app.add_subcommand("validate", "Parse and check a scenario, print a summary");
  validate->add_option("scenario", validate_path, "Scenario YAML file")->required();

  bmd::sim::TrackCommandOptions track_opts;
  track_opts.command_line = command_line;
  auto* track = app.add_subcommand("track", "Replay recorded measurements through the tracker (docs/track.md)");
  track->add_option("measurements", track_opts.measurements_path, "Measurement CSV or HDF5 run file")->required();
  track->add_option("-o,--output", track_opts.output_path, "Output HDF5 file")->required();
  track->add_flag("--truth-in-file", track_opts.truth_in_file, "Require truth in the input (scoring)");
  track->add_option("--filter", track_opts.filter, "cv | ballistic-ekf | ukf | imm")->capture_default_str();
  track->add_option("--associator", track_opts.associator, "gnn")->capture_default_str();
  track->add_option("--gate", track_opts.gate, "Gate probability (<1) or chi-square threshold (3 dof)");
  track->add_option("--confirm", track_opts.confirm, "M/N confirmation")->capture_default_str();
  track->add_option("--frame", track_opts.frame, "CSV frame: local-flat | enu")->capture_default_str();
  track->add_option("--origin", track_opts.origin, "enu origin LAT,LON,ALT (deg, deg, m)");
  track->add_option("--sigma", track_opts.sigma, "CSV measurement sigma per axis")->capture_default_str();
  track->add_option("--q", track_opts.q_m2ps3, "Process noise q, m^2/s^3 (default per filter)");
  track->add_option("--ospa-c", track_opts.ospa_c, "OSPA/GOSPA cut-off")->capture_default_str();
  track->add_option("--ospa-p", track_opts.ospa_p, "OSPA/GOSPA order")->capture_default_str();
  track->add_option("--tracks-csv", track_opts.tracks_csv_path, "Also write confirmed tracks as CSV");
  track->add_option("--sensor", track_opts.sensor, "HDF5 input: replay only this sensor_index");
  track->add_option("--settings-from", track_opts.settings_from,
                    "HDF5 input with --sensor: tracker settings of this scenario (the run's own)");
  track->add_flag("-q,--quiet", track_opts.quiet, "No summary on stdout");

  bmd::sim::ExportCommandOptions export_opts;
  export_opts.command_line = command_line;
  auto* export_cmd = app.add_subcommand(
      "export",
      "Write the releasable after-action copy of a run file for one nation: its own sensors, nodes, "
      "fire units and interceptors, what others released to it, and exercise-level truth and outcomes "
      "(whitelist; docs/export.md)");
  export_cmd->add_option("--for", export_opts.nation, "Nation code (an id of /entities/nations, e.g. ROK)")
      ->required();
  export_cmd->add_option("input", export_opts.input_path, "Run file written by `bmdsim run`")->required();
  export_cmd->add_option("output", export_opts.output_path, "Output HDF5 file (must differ from the input)")
      ->required();
  export_cmd->add_flag("-q,--quiet", export_opts.quiet, "No summary on stdout");

  bmd::sim::CompareCommandOptions compare_opts;
  compare_opts.command_line = command_line;
  std::uint64_t compare_seed = 0;
  auto* compare = app.add_subcommand(
      "compare",
      "Compare sharing architectures side by side: Monte Carlo runs of the scenario under each, common "
      "random numbers, one column per architecture (docs/compare.md)");
  compare->add_option("scenario", compare_opts.scenario_path, "Scenario YAML file")->required();
  compare->add_option("--architectures", compare_opts.architectures,
                      "Comma-separated list of custom | national | bilateral | trilateral, in column order")
      ->capture_default_str();
  compare->add_option("--runs", compare_opts.runs, "Monte Carlo runs per architecture (default 1)");
  compare->add_option("--threads", compare_opts.threads, "OpenMP threads (default: OMP_NUM_THREADS or all cores)")
      ->check(CLI::NonNegativeNumber);
  auto* compare_seed_opt = compare->add_option("--seed", compare_seed, "Random seed (overrides scenario.seed)");
  compare->add_option("-o,--output", compare_opts.output_path,
                      "Also write the sweep file with a /compare table (default: no file)");
  compare->add_option("--confidence", compare_opts.confidence, "Confidence level of the intervals (default 0.95)");
  compare->add_flag("--resume", compare_opts.resume, "Finish an interrupted compare from its journal (needs -o)");
  compare->add_flag("-q,--quiet", compare_opts.quiet, "No progress or summary on stderr");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  try {
    if (*run) {
      if (*seed_opt) run_opts.seed = seed;
      for (const auto& a : run_set) run_opts.overrides.push_back(bmd::sim::ParseOverrideArgument(a));
      return bmd::sim::RunCommand(run_opts);
    }
    if (*sweep) {
      if (*sweep_seed_opt) sweep_opts.seed = sweep_seed;
      return bmd::sim::SweepCommand(sweep_opts);
    }
    if (*compare) {
      if (*compare_seed_opt) compare_opts.seed = compare_seed;
      return bmd::sim::CompareCommand(compare_opts);
    }
    if (*validate) return bmd::sim::ValidateCommand(validate_path);
    if (*track) return bmd::sim::TrackCommand(track_opts);
    if (*export_cmd) return bmd::sim::ExportCommand(export_opts);
    std::fputs(app.help().c_str(), stdout);
    return 0;
  } catch (const bmd::sim::ScenarioError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  } catch (const bmd::sim::InputError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "internal error: %s\n", e.what());
    return 1;
  }
}
