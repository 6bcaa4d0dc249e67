// `wijksim run`: one scenario, one seed (or several replicates), one results
// file. Everything that can be checked is checked before the model starts, and
// the results file only appears once every run has finished and been written.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>

#include "cli/commands.h"
#include "cli/default_output.h"
#include "cli/input_file.h"
#include "cli/interrupt.h"
#include "cli/outcome_table.h"
#include "cli/progress.h"
#include "core/errors.h"
#include "core/rng.h"
#include "engine/metrics.h"
#include "engine/run.h"
#include "engine/sweep_execution.h"
#include "engine/threads.h"
#include "io/hdf5_output.h"
#include "io/hdf5_schema.h"
#include "io/scenario_assignment.h"
#include "io/scenario_checks.h"
#include "io/scenario_loader.h"

namespace wijksim::cli {

namespace {

constexpr std::uint64_t kDefaultSeed = 1;
constexpr int kMaxReplicates = 100000;

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

std::string seconds_text(double seconds) {
  std::ostringstream out;
  out.precision(seconds < 10 ? 2 : 3);
  out << seconds << " s";
  return out.str();
}

// Element-wise means over the replicates' values, NaN where no replicate has
// one: what the outcome table of several replicates shows.
class ReplicateMeans {
 public:
  void add(const RunResult& result) {
    if (sums_.empty()) {
      mean_.weeks = result.weeks;
      mean_.neighbourhoods = result.neighbourhoods;
      for (const auto& series : result.values) {
        sums_.emplace_back(series.size(), 0.0);
        counts_.emplace_back(series.size(), 0);
      }
    }
    for (std::size_t m = 0; m < result.values.size() && m < sums_.size(); ++m)
      for (std::size_t i = 0; i < result.values[m].size() && i < sums_[m].size(); ++i)
        if (std::isfinite(result.values[m][i])) {
          sums_[m][i] += result.values[m][i];
          ++counts_[m][i];
        }
  }

  RunResult mean() const {
    RunResult result = mean_;
    for (std::size_t m = 0; m < sums_.size(); ++m) {
      std::vector<float> series(sums_[m].size());
      for (std::size_t i = 0; i < series.size(); ++i)
        series[i] = counts_[m][i] ? float(sums_[m][i] / counts_[m][i]) : std::nanf("");
      result.values.push_back(std::move(series));
    }
    return result;
  }

 private:
  RunResult mean_;
  std::vector<std::vector<double>> sums_;
  std::vector<std::vector<int>> counts_;
};

RunCoordinate replicate_coordinate(int replicates) {
  RunCoordinate coordinate{hdf5_schema::kReplicate,
                           "replicate; its seed derives from the base seed as in a sweep", "", "", true, {}, {}};
  for (int r = 0; r < replicates; ++r) coordinate.values.push_back(r);
  return coordinate;
}

// Runs the replicates side by side, writing each as it ends. A replicate that
// fails fails the command: a file with a hole would pair wrongly later.
RunResult run_replicates(const Scenario& scenario, std::uint64_t base_seed, int replicates, Hdf5Output& file,
                         ProgressLine& progress, const InterruptWatch& interrupts) {
  std::vector<SweepRun> runs;
  std::map<std::uint64_t, std::size_t> run_of_seed;
  for (int r = 0; r < replicates; ++r) {
    SweepRun& run = runs.emplace_back();
    run.index = run.replicate = r;
    run.seed = derive_run_seed(base_seed, std::uint64_t(r));
    run_of_seed[run.seed] = runs.size() - 1;
  }

  std::mutex mutex;  // guards the file, the means, the failure and the progress line
  std::vector<int> weeks_done(runs.size(), 0);
  long weeks_done_total = 0;
  ReplicateMeans means;
  std::string failure;

  ExecutionOptions options;
  options.stop_requested = [&] { return interrupts.received() != 0; };
  options.run_function = [&](const Scenario& s, std::uint64_t seed) {
    const std::size_t run = run_of_seed.at(seed);
    RunOptions run_options;
    run_options.on_progress = [&, run](int done, int total) {
      interrupts.check();
      const std::lock_guard lock(mutex);
      weeks_done_total += done - weeks_done[run];
      weeks_done[run] = done;
      const auto runs_done = std::count(weeks_done.begin(), weeks_done.end(), total);
      progress.update(int(weeks_done_total), total * replicates, int(runs_done), int(replicates));
    };
    return run_simulation(s, seed, run_options);
  };
  execute_runs(
      scenario, runs,
      [&](const SweepRun& run, RunResult&& result) {
        const std::lock_guard lock(mutex);
        if (result.status != RunStatus::done) {
          if (failure.empty())
            failure = "replicate " + std::to_string(run.replicate) + " (seed " + std::to_string(run.seed) +
                      ") failed" + (result.error.empty() ? std::string() : ": " + result.error);
          return;
        }
        file.write_run(run.index, result);
        means.add(result);
      },
      options);
  interrupts.check();
  if (!failure.empty()) throw std::runtime_error(where(scenario) + ": " + failure);
  return means.mean();
}

}  // namespace

int run_command(const RunFlags& flags, const GlobalFlags& global) {
  // Watching from the start: a signal that comes before the results file
  // exists finds nothing to clean up; one after it ends the run cleanly.
  const InterruptWatch interrupts;
  require_input_file(flags.scenario, "scenario file");
  if (flags.replicates && (*flags.replicates < 1 || *flags.replicates > kMaxReplicates))
    throw InputError("--replicates " + std::to_string(*flags.replicates) + ": outside the allowed range [1, " +
                     std::to_string(kMaxReplicates) + "]");
  Scenario scenario = load_scenario(flags.scenario);
  if (!global.quiet) warn_if_scenario_sets_nothing(scenario);
  if (flags.weeks) set_recorded_weeks(scenario, *flags.weeks);
  if (!flags.assignments.empty()) apply_settings(scenario, flags.assignments);
  const std::uint64_t seed = flags.seed.value_or(scenario.seed.value_or(kDefaultSeed));

  const auto metrics = metric_table();
  check_outcome_metrics(metrics);

  // Created before the run, so an unwritable path fails at once; it stays a
  // temporary that is deleted again unless commit() is reached.
  const std::filesystem::path output =
      flags.output.empty() ? default_output(scenario.name, "run") : std::filesystem::path(flags.output);
  require_replaceable_output(output, flags.force);
  Hdf5Output::remove_abandoned_temporaries(output);
  const Parameters& p = scenario.parameters;
  OutputLayout layout;
  layout.runs = flags.replicates.value_or(1);
  layout.weeks = p.horizon_weeks;
  layout.neighbourhoods = p.n_neighbourhoods;
  layout.metrics = metrics;
  if (flags.replicates) layout.run_coordinates.push_back(replicate_coordinate(*flags.replicates));
  Provenance provenance;
  provenance.scenario_name = scenario.name;
  provenance.scenario_path = scenario.source_path;
  provenance.scenario_text = scenario.source_text;
  provenance.command_line = flags.command_line;
  Hdf5Output file = Hdf5Output::create(output, layout, p, provenance);

  ProgressLine progress(global.quiet ? ProgressMode::never : global.progress, scenario.name);
  const RunResult shown = run_on_threads(global.threads, [&] {
    if (flags.replicates) return run_replicates(scenario, seed, *flags.replicates, file, progress, interrupts);
    RunOptions options;
    options.on_progress = [&](int done, int total) {
      interrupts.check();
      progress.update(done, total);
    };
    RunResult result = run_simulation(scenario, seed, options);
    if (result.status != RunStatus::done)
      throw std::runtime_error(where(scenario) + ": the run failed" +
                               (result.error.empty() ? std::string() : ": " + result.error));
    file.write_run(0, result);
    return result;
  });
  progress.finish();
  file.commit();

  if (!global.quiet) {
    std::cerr << "wrote " << output.string() << " (" << scenario.name << ", ";
    if (flags.replicates)
      std::cerr << *flags.replicates << " replicates of base seed " << seed;
    else
      std::cerr << "seed " << seed;
    std::cerr << ", " << p.burnin_weeks << "+" << p.horizon_weeks << " weeks";
    if (!flags.replicates) std::cerr << " in " << seconds_text(shown.wall_seconds);
    std::cerr << ")\n";
    if (flags.replicates) std::cout << "Mean over " << *flags.replicates << " replicates:\n";
    std::cout << format_outcomes(shown, metrics) << std::flush;
  }
  return 0;
}

}  // namespace wijksim::cli
