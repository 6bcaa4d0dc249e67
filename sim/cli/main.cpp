// wijksim: the command line. Parses flags, hands them to one command, and
// turns whatever goes wrong into one line on stderr and an exit status:
// 0 ok, 1 runtime error (files, failed runs), 2 usage or input error.
#include <exception>
#include <iostream>
#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/mpi_sweep.h"
#include "cli/sweep_setup.h"
#include "cli/usage_help.h"
#include "cli/version.h"
#include "core/errors.h"
#include "io/hdf5_process.h"

namespace {

using wijksim::ParameterFormat;
using wijksim::cli::ProgressMode;

constexpr int kExitRuntime = 1;
constexpr int kExitUsage = 2;

int report(const std::string& message, int status) {
  std::cerr << "wijksim: error: " << message << "\n";
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  wijksim::skip_hdf5_cleanup_at_exit();
  CLI::App app{"wijksim: an agent-based simulator of neighbourhood interventions.", "wijksim"};
  // Global flags may come before or after the subcommand.
  app.fallthrough();
  app.require_subcommand(1);
  app.set_version_flag("--version", wijksim::cli::version_text(),
                       "Print version, git commit, compiler and library versions");

  wijksim::cli::GlobalFlags global;
  app.add_option("-j,--threads", global.threads, "Worker threads, 1 to 4096 (default: every core)")
      ->check(CLI::Range(1, 4096));
  app.add_flag("-q,--quiet", global.quiet, "Print nothing but errors");
  const std::map<std::string, ProgressMode> progress_modes = {
      {"auto", ProgressMode::automatic}, {"always", ProgressMode::always},
      {"never", ProgressMode::never}};
  std::string progress = "auto";
  app.add_option("--progress", progress,
                 "Progress on stderr: auto (a live line on a terminal; for sweeps elsewhere, a line per tenth of the runs), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  wijksim::cli::RunFlags run_flags;
  run_flags.command_line = wijksim::cli::shell_command_line(argc, argv);
  CLI::App* run = app.add_subcommand("run", "Run one scenario and write its results file");
  run->add_option("SCENARIO", run_flags.scenario, "Scenario file (TOML)")->required();
  run->add_option("-o,--output", run_flags.output, "Results file (default results/<scenario>.h5)");
  run->add_option("--seed", run_flags.seed, "Random seed (default: the scenario's seed, else 1)")
      ->check(CLI::Validator(
          [](const std::string& text) {
            return text.find('-') == std::string::npos ? std::string()
                                                       : "the seed must be a whole number >= 0";
          },
          "UINT"));
  run->add_option("--replicates", run_flags.replicates,
                 "Run N replicates into one file, their seeds derived from --seed as a sweep's are from its "
                 "base_seed, so that replicate i pairs with replicate i of another scenario (wijksim compare)")
      ->type_name("N");
  run->add_flag("--force", run_flags.force, "Replace an existing output file");
  run->add_option("--weeks", run_flags.weeks, "Recorded weeks after burn-in (scale.horizon_weeks)");
  run->add_option("--set", run_flags.assignments, "Set a parameter, e.g. --set bending.room=0.5")
      ->type_name("KEY=VALUE")
      ->take_all()
      ->allow_extra_args(false);

  run->footer("Global options (-j N, -q, --progress) may also follow the subcommand.\n\n"
              "Examples:\n"
              "  wijksim run scenarios/baseline.toml\n"
              "  wijksim run scenarios/no_backing.toml --replicates 10 -o results/no_backing.h5\n"
              "  wijksim run scenarios/classroom.toml --set bending.room=0.8 --weeks 104 --seed 7");

  wijksim::cli::SweepFlags sweep_flags;
  sweep_flags.command_line = run_flags.command_line;
  CLI::App* sweep = app.add_subcommand("sweep", "Run every run of a sweep file into one results file");
  sweep->add_option("SWEEP", sweep_flags.sweep, "Sweep file (TOML)")->required();
  sweep->add_option("-o,--output", sweep_flags.output,
                    "Results file (default results/<sweep>.h5, or results/<sweep>-shard-I-of-N.h5)");
  sweep->add_flag("--resume", sweep_flags.resume,
                  "Finish the sweep in an existing output file: run only what is not done yet");
  sweep->add_flag("--force", sweep_flags.force, "Replace an existing output file and start again");
  sweep->add_option("--set", sweep_flags.assignments,
                    "Set a parameter the sweep does not vary, in every run, e.g. --set scale.n_neighbourhoods=4")
      ->type_name("KEY=VALUE")
      ->take_all()
      ->allow_extra_args(false);
  sweep->add_option("--replicates", sweep_flags.replicates,
                    "Replicates per cell instead of the sweep file's (a quick, smaller trial)");
  sweep->add_option("--shard", sweep_flags.shard,
                    "Run only share I of N of the runs (1 <= I <= N) into its own file; see `wijksim merge`")
      ->type_name("I/N");
  sweep->footer("Global options (-j N, -q, --progress) may also follow the subcommand.\n\n"
                "Examples:\n"
                "  wijksim sweep scenarios/sweeps/room_backing_grid.toml\n"
                "  wijksim sweep scenarios/sweeps/room_backing_grid.toml --resume\n"
                "  wijksim sweep scenarios/sweeps/room_backing_grid.toml --replicates 2 --set scale.households_per_nbh=500");

  wijksim::cli::MergeFlags merge_flags;
  merge_flags.command_line = run_flags.command_line;
  CLI::App* merge = app.add_subcommand("merge", "Combine the shard files of one sweep into one results file");
  merge->add_option("OUTPUT", merge_flags.output, "Merged results file")->required();
  merge->add_option("SHARDS", merge_flags.shards, "Shard files (from wijksim sweep --shard I/N)")->required();
  merge->add_flag("--force", merge_flags.force, "Replace an existing output file");
  merge->footer("Examples:\n"
                "  wijksim merge results/grid.h5 results/grid-shard-1-of-2.h5 results/grid-shard-2-of-2.h5\n"
                "  wijksim merge --force results/grid.h5 results/grid-shard-*.h5");

  std::string validate_path;
  CLI::App* validate = app.add_subcommand("validate", "Check a scenario or sweep file without running it");
  validate->add_option("FILE", validate_path, "Scenario or sweep file (TOML)")->required();
  validate->footer("Examples:\n"
                   "  wijksim validate scenarios/baseline.toml\n"
                   "  wijksim validate scenarios/sweeps/room_backing_grid.toml");

  std::string info_path;
  CLI::App* info =
      app.add_subcommand("info", "Describe a results file: provenance, runs (done, failed, pending), metrics");
  info->add_option("FILE", info_path, "Results file (HDF5)")->required();
  info->footer("Examples:\n"
               "  wijksim info results/baseline.h5\n"
               "  wijksim info results/room_backing_grid.h5");

  wijksim::cli::CompareFlags compare_flags;
  CLI::App* compare = app.add_subcommand(
      "compare", "Paired differences B - A of the key outcomes, runs paired by seed, with 95 % confidence intervals");
  compare->add_option("A", compare_flags.a, "Results file of the reference (e.g. the baseline)")->required();
  compare->add_option("B", compare_flags.b, "Results file compared against A")->required();
  compare->add_option("--window", compare_flags.window,
                      "Average over the last N recorded weeks (default: every recorded week)")
      ->type_name("WEEKS");
  const std::map<std::string, wijksim::cli::CompareFormat> compare_formats = {
      {"table", wijksim::cli::CompareFormat::table}, {"csv", wijksim::cli::CompareFormat::csv},
      {"json", wijksim::cli::CompareFormat::json}};
  std::string compare_format = "table";
  compare->add_option("--format", compare_format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  compare->footer("Examples:\n"
                  "  wijksim compare results/baseline.h5 results/no_backing.h5\n"
                  "  wijksim compare results/baseline.h5 results/full_room_and_backing.h5 --window 52\n"
                  "  wijksim compare results/baseline.h5 results/no_backing.h5 --format csv > difference.csv");

  wijksim::cli::ServeFlags serve_flags;
  CLI::App* serve = app.add_subcommand("serve", "Run one model live and show it in the browser (the classroom)");
  serve->add_option("SCENARIO", serve_flags.scenario, "Scenario file (default: the ready scenario classroom.toml, from scenarios/ here or where wijksim is installed)");
  serve->add_option("--port", serve_flags.port, "Port to listen on (default 8080; 0 for any free port)");
  serve->add_option("--host", serve_flags.host,
                    "Address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for every network)");
  serve->add_option("--seed", serve_flags.seed, "Random seed (default: the scenario's seed, else 1)");
  serve->footer("Examples:\n"
                "  wijksim serve\n"
                "  wijksim serve --host 0.0.0.0 --port 8080      # for a class on the same network\n"
                "  wijksim serve scenarios/no_backing.toml --seed 3");

  CLI::App* params = app.add_subcommand("params", "Print every parameter: unit, default, range, doc");
  const std::map<std::string, ParameterFormat> formats = {
      {"table", ParameterFormat::table}, {"markdown", ParameterFormat::markdown},
      {"json", ParameterFormat::json}, {"toml", ParameterFormat::toml}};
  std::string params_format = "table";
  params->add_option("--format", params_format, "table, markdown, json or toml (a scenario file)")
      ->check(CLI::IsMember({"table", "markdown", "json", "toml"}));
  params->footer("Examples:\n"
                 "  wijksim params\n"
                 "  wijksim params --format toml > my_scenario.toml");

  wijksim::cli::plain_value_names(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
    const std::string hint = wijksim::cli::misspelling_hint(app, argc, argv);
    return report(hint.empty() ? std::string(e.what()) + " (see wijksim --help)" : hint, kExitUsage);
  }

  global.progress = progress_modes.at(progress);

  try {
    if (run->parsed()) return wijksim::cli::run_command(run_flags, global);
#ifdef WIJKSIM_WITH_MPI
    if (sweep->parsed()) return wijksim::cli::mpi_sweep_command(sweep_flags, global);
#else
    if (sweep->parsed()) return wijksim::cli::sweep_command(sweep_flags, global);
#endif
    if (merge->parsed()) return wijksim::cli::merge_command(merge_flags, global);
    if (validate->parsed()) return wijksim::cli::validate_command(validate_path);
    if (info->parsed()) return wijksim::cli::info_command(info_path);
    if (serve->parsed()) return wijksim::cli::serve_command(serve_flags, global);
    if (compare->parsed()) {
      compare_flags.format = compare_formats.at(compare_format);
      return wijksim::cli::compare_command(compare_flags);
    }
    if (params->parsed()) return wijksim::cli::params_command(formats.at(params_format));
    return report("no command given (see wijksim --help)", kExitUsage);
  } catch (const wijksim::cli::Interrupted& e) {
    // The shell's convention for a command stopped by a signal.
    return report(std::string(e.what()) + "; no results written", 128 + e.signal_number());
  } catch (const wijksim::InputError& e) {
    return report(e.what(), kExitUsage);
  } catch (const wijksim::IoError& e) {
    return report(e.what(), kExitRuntime);
  } catch (const std::exception& e) {
    return report(e.what(), kExitRuntime);
  }
}
