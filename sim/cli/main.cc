// bmdsim command line: parses arguments (CLI11) and maps errors to exit codes:
// 0 success, 2 bad input (scenario or arguments), 1 internal error.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <string>

#include "sim/commands.h"
#include "sim/errors.h"
#include "sim/scenario/scenario_error.h"
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

  std::string validate_path;
  auto* validate = app.add_subcommand("validate", "Parse and check a scenario, print a summary");
  validate->add_option("scenario", validate_path, "Scenario YAML file")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  try {
    if (*run) {
      if (*seed_opt) run_opts.seed = seed;
      return bmd::sim::RunCommand(run_opts);
    }
    if (*validate) return bmd::sim::ValidateCommand(validate_path);
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
