#include "cli/command_options.h"

#include <initializer_list>
#include <map>
#include <string_view>
#include <vector>

namespace wijksim::cli {

namespace {

// --set KEY=VALUE, as many as given, kept in order. Each takes one value, so
// that a positional argument after it is not taken for another.
void add_set_option(CLI::App& command, std::vector<std::string>& assignments, const std::string& description) {
  command.add_option("--set", assignments, description)->type_name("KEY=VALUE")->take_all()->allow_extra_args(false);
}

// The footer of a subcommand's help: its examples, one a line, after a note
// on global options for the subcommands that take them after their name.
enum class GlobalOptionsNote : bool { omit, show };

std::string examples(std::initializer_list<std::string_view> command_lines,
                     GlobalOptionsNote note = GlobalOptionsNote::omit) {
  std::string text;
  if (note == GlobalOptionsNote::show) text = "Global options (-j N, -q, --progress) may also follow the subcommand.\n\n";
  text += "Examples:";
  for (const std::string_view line : command_lines) (text += "\n  ") += line;
  return text;
}

CLI::App* add_run(CLI::App& app, RunFlags& flags) {
  CLI::App* run = app.add_subcommand("run", "Run one scenario and write its results file");
  run->add_option("SCENARIO", flags.scenario, "Scenario file (TOML)")->required();
  run->add_option("-o,--output", flags.output, "Results file (default results/<scenario>.h5)");
  run->add_option("--seed", flags.seed, "Random seed (default: the scenario's seed, else 1)")
      ->check(CLI::Validator(
          [](const std::string& text) {
            return text.find('-') == std::string::npos ? std::string()
                                                       : "the seed must be a whole number >= 0";
          },
          "UINT"));
  run->add_option("--replicates", flags.replicates,
                 "Run N replicates into one file, their seeds derived from --seed as a sweep's are from its "
                 "base_seed, so that replicate i pairs with replicate i of another scenario (wijksim compare)")
      ->type_name("N");
  run->add_flag("--force", flags.force, "Replace an existing output file");
  run->add_option("--weeks", flags.weeks, "Recorded weeks after burn-in (scale.horizon_weeks)");
  add_set_option(*run, flags.assignments, "Set a parameter, e.g. --set bending.room=0.5");
  run->footer(examples({"wijksim run scenarios/baseline.toml",
                      "wijksim run scenarios/no_backing.toml --replicates 10 -o results/no_backing.h5",
                      "wijksim run scenarios/classroom.toml --set bending.room=0.8 --weeks 104 --seed 7"},
                       GlobalOptionsNote::show));
  return run;
}

CLI::App* add_sweep(CLI::App& app, SweepFlags& flags) {
  CLI::App* sweep = app.add_subcommand("sweep", "Run every run of a sweep file into one results file");
  sweep->add_option("SWEEP", flags.sweep, "Sweep file (TOML)")->required();
  sweep->add_option("-o,--output", flags.output,
                    "Results file (default results/<sweep>.h5, or results/<sweep>-shard-I-of-N.h5)");
  sweep->add_flag("--resume", flags.resume,
                  "Finish the sweep in an existing output file: run only what is not done yet");
  sweep->add_flag("--force", flags.force, "Replace an existing output file and start again");
  add_set_option(*sweep, flags.assignments,
                 "Set a parameter the sweep does not vary, in every run, e.g. --set scale.n_neighbourhoods=4");
  sweep->add_option("--replicates", flags.replicates,
                    "Replicates per cell instead of the sweep file's (a quick, smaller trial)");
  sweep->add_option("--shard", flags.shard,
                    "Run only share I of N of the runs (1 <= I <= N) into its own file; see `wijksim merge`")
      ->type_name("I/N");
  sweep->footer(examples({"wijksim sweep scenarios/sweeps/room_backing_grid.toml",
                        "wijksim sweep scenarios/sweeps/room_backing_grid.toml --resume",
                        "wijksim sweep scenarios/sweeps/room_backing_grid.toml --replicates 2 --set scale.households_per_nbh=500"},
                         GlobalOptionsNote::show));
  return sweep;
}

CLI::App* add_merge(CLI::App& app, MergeFlags& flags) {
  CLI::App* merge = app.add_subcommand("merge", "Combine the shard files of one sweep into one results file");
  merge->add_option("OUTPUT", flags.output, "Merged results file")->required();
  merge->add_option("SHARDS", flags.shards, "Shard files (from wijksim sweep --shard I/N)")->required();
  merge->add_flag("--force", flags.force, "Replace an existing output file");
  merge->footer(examples({"wijksim merge results/grid.h5 results/grid-shard-1-of-2.h5 results/grid-shard-2-of-2.h5",
                        "wijksim merge --force results/grid.h5 results/grid-shard-*.h5"}));
  return merge;
}

CLI::App* add_validate(CLI::App& app, std::string& path) {
  CLI::App* validate = app.add_subcommand("validate", "Check a scenario or sweep file without running it");
  validate->add_option("FILE", path, "Scenario or sweep file (TOML)")->required();
  validate->footer(examples({"wijksim validate scenarios/baseline.toml",
                           "wijksim validate scenarios/sweeps/room_backing_grid.toml"}));
  return validate;
}

CLI::App* add_info(CLI::App& app, std::string& path) {
  CLI::App* info =
      app.add_subcommand("info", "Describe a results file: provenance, runs (done, failed, pending), metrics");
  info->add_option("FILE", path, "Results file (HDF5)")->required();
  info->footer(examples({"wijksim info results/baseline.h5",
                       "wijksim info results/room_backing_grid.h5"}));
  return info;
}

CLI::App* add_compare(CLI::App& app, CompareFlags& flags, std::string& format) {
  CLI::App* compare = app.add_subcommand(
      "compare", "Paired differences B - A of the key outcomes, runs paired by seed, with 95 % confidence intervals");
  compare->add_option("A", flags.a, "Results file of the reference (e.g. the baseline)")->required();
  compare->add_option("B", flags.b, "Results file compared against A")->required();
  compare->add_option("--window", flags.window,
                      "Average over the last N recorded weeks (default: every recorded week)")
      ->type_name("WEEKS");
  compare->add_option("--format", format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  compare->footer(examples({"wijksim compare results/baseline.h5 results/no_backing.h5",
                          "wijksim compare results/baseline.h5 results/full_room_and_backing.h5 --window 52",
                          "wijksim compare results/baseline.h5 results/no_backing.h5 --format csv > difference.csv"}));
  return compare;
}

CLI::App* add_serve(CLI::App& app, ServeFlags& flags) {
  CLI::App* serve = app.add_subcommand("serve", "Run one model live and show it in the browser (the classroom)");
  serve->add_option("SCENARIO", flags.scenario, "Scenario file (default: the ready scenario classroom.toml, from scenarios/ here or where wijksim is installed)");
  serve->add_option("--port", flags.port, "Port to listen on (default 8080; 0 for any free port)");
  serve->add_option("--host", flags.host,
                    "Address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for every network)");
  serve->add_option("--seed", flags.seed, "Random seed (default: the scenario's seed, else 1)");
  serve->footer(examples({"wijksim serve",
                        "wijksim serve --host 0.0.0.0 --port 8080      # for a class on the same network",
                        "wijksim serve scenarios/no_backing.toml --seed 3"}));
  return serve;
}

CLI::App* add_params(CLI::App& app, std::string& format) {
  CLI::App* params = app.add_subcommand("params", "Print every parameter: unit, default, range, doc");
  params->add_option("--format", format, "table, markdown, json or toml (a scenario file)")
      ->check(CLI::IsMember({"table", "markdown", "json", "toml"}));
  params->footer(examples({"wijksim params",
                         "wijksim params --format toml > my_scenario.toml"}));
  return params;
}

}  // namespace

ProgressMode progress_mode(const std::string& name) {
  static const std::map<std::string, ProgressMode> modes = {
      {"auto", ProgressMode::automatic}, {"always", ProgressMode::always}, {"never", ProgressMode::never}};
  return modes.at(name);
}

CompareFormat compare_format(const std::string& name) {
  static const std::map<std::string, CompareFormat> formats = {
      {"table", CompareFormat::table}, {"csv", CompareFormat::csv}, {"json", CompareFormat::json}};
  return formats.at(name);
}

ParameterFormat parameter_format(const std::string& name) {
  static const std::map<std::string, ParameterFormat> formats = {
      {"table", ParameterFormat::table}, {"markdown", ParameterFormat::markdown},
      {"json", ParameterFormat::json}, {"toml", ParameterFormat::toml}};
  return formats.at(name);
}

void add_global_options(CLI::App& app, GlobalFlags& global, std::string& progress) {
  app.add_option("-j,--threads", global.threads, "Worker threads, 1 to 4096 (default: every core)")
      ->check(CLI::Range(1, 4096));
  app.add_flag("-q,--quiet", global.quiet, "Print nothing but errors");
  app.add_option("--progress", progress,
                 "Progress on stderr: auto (a live line on a terminal; for sweeps elsewhere, a line per tenth of the runs), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

Subcommands add_subcommands(CLI::App& app, Flags& flags) {
  Subcommands given{};
  given.run = add_run(app, flags.run);
  given.sweep = add_sweep(app, flags.sweep);
  given.merge = add_merge(app, flags.merge);
  given.validate = add_validate(app, flags.validate_path);
  given.info = add_info(app, flags.info_path);
  given.compare = add_compare(app, flags.compare, flags.compare_format);
  given.serve = add_serve(app, flags.serve);
  given.params = add_params(app, flags.params_format);
  return given;
}

}  // namespace wijksim::cli
