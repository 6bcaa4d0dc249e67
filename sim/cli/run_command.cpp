// `wijksim run`: one scenario, one seed, one results file. Everything that can
// be checked is checked before the model starts, and the results file only
// appears once the run has finished and been written in full.
#include <oneapi/tbb/global_control.h>

#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>

#include "cli/commands.h"
#include "cli/input_file.h"
#include "cli/interrupt.h"
#include "cli/outcome_table.h"
#include "cli/progress.h"
#include "core/errors.h"
#include "engine/run.h"
#include "io/hdf5_output.h"
#include "io/scenario_assignment.h"
#include "io/scenario_checks.h"
#include "io/scenario_loader.h"

namespace wijksim::cli {

namespace {

constexpr std::uint64_t kDefaultSeed = 1;

std::string where(const Scenario& scenario) {
  return scenario.source_path.empty() ? scenario.name : scenario.source_path;
}

// --weeks N is scale.horizon_weeks=N, checked like any other value.
void set_recorded_weeks(Scenario& scenario, int weeks) {
  const ParameterSpec& spec = *find_parameter("scale.horizon_weeks");
  const std::string flag = "--weeks " + std::to_string(weeks);
  if (const auto problem = check_value(spec, weeks)) throw InputError(flag + ": " + *problem);
  apply(scenario.parameters, ParameterAssignment{&spec, -1, double(weeks)});
  if (const auto problem = find_scenario_problem(scenario))
    throw InputError(where(scenario) + " with " + flag + ": " + problem->message);
}

// A scenario's name may be free text; the file name keeps to safe characters.
std::filesystem::path default_output(const std::string& scenario_name) {
  std::string stem;
  for (const char c : scenario_name) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.';
    stem += safe ? c : '_';
  }
  if (stem.empty() || stem.front() == '.') stem.insert(0, "run");
  const std::filesystem::path directory = "results";
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) throw IoError(directory.string() + ": cannot create directory: " + ec.message());
  return directory / (stem + ".h5");
}

std::string seconds_text(double seconds) {
  std::ostringstream out;
  out.precision(seconds < 10 ? 2 : 3);
  out << seconds << " s";
  return out.str();
}

}  // namespace

int run_command(const RunFlags& flags, const GlobalFlags& global) {
  // Watching from the start: a signal that comes before the results file
  // exists finds nothing to clean up; one after it ends the run cleanly.
  const InterruptWatch interrupts;
  require_input_file(flags.scenario, "scenario file");
  Scenario scenario = load_scenario(flags.scenario);
  if (flags.weeks) set_recorded_weeks(scenario, *flags.weeks);
  if (!flags.assignments.empty()) apply_settings(scenario, flags.assignments);
  const std::uint64_t seed = flags.seed.value_or(scenario.seed.value_or(kDefaultSeed));

  const auto metrics = metric_table();
  check_outcome_metrics(metrics);

  std::optional<tbb::global_control> threads;
  if (global.threads > 0)
    threads.emplace(tbb::global_control::max_allowed_parallelism, std::size_t(global.threads));

  // Created before the run, so an unwritable path fails at once; it stays a
  // temporary that is deleted again unless commit() is reached.
  const std::filesystem::path output =
      flags.output.empty() ? default_output(scenario.name) : std::filesystem::path(flags.output);
  const Parameters& p = scenario.parameters;
  OutputLayout layout;
  layout.runs = 1;
  layout.weeks = p.horizon_weeks;
  layout.neighbourhoods = p.n_neighbourhoods;
  layout.metrics = metrics;
  Provenance provenance;
  provenance.scenario_name = scenario.name;
  provenance.scenario_path = scenario.source_path;
  provenance.scenario_text = scenario.source_text;
  provenance.command_line = flags.command_line;
  Hdf5Output file = Hdf5Output::create(output, layout, p, provenance);

  ProgressLine progress(global.quiet ? ProgressMode::never : global.progress, scenario.name);
  RunOptions options;
  options.on_progress = [&](int done, int total) {
    interrupts.check();
    progress.update(done, total);
  };
  const RunResult result = run_simulation(scenario, seed, options);
  progress.finish();
  if (result.status != RunStatus::done)
    throw std::runtime_error(where(scenario) + ": the run failed" +
                             (result.error.empty() ? std::string() : ": " + result.error));

  file.write_run(0, result);
  file.commit();

  if (!global.quiet) {
    std::cerr << "wrote " << output.string() << " (" << scenario.name << ", seed " << seed << ", "
              << p.burnin_weeks << "+" << p.horizon_weeks << " weeks in "
              << seconds_text(result.wall_seconds) << ")\n";
    std::cout << format_outcomes(result, metrics) << std::flush;
  }
  return 0;
}

}  // namespace wijksim::cli
