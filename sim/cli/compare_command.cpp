// `wijksim compare A B`: how the key outcomes of B differ from A's, run by
// run. Runs pair by design cell and seed (io/run_pairing.h); each pair gives
// a difference of window means, and the differences a mean and t-interval.
#include <cmath>
#include <iostream>
#include <limits>

#include "cli/commands.h"
#include "cli/comparison_output.h"
#include "cli/input_file.h"
#include "core/errors.h"
#include "io/hdf5_input.h"
#include "io/run_pairing.h"

namespace wijksim::cli {

namespace {

// The window mean of every run: the finite values of its last `window`
// recorded weeks, scaled to reported units; NaN when it has none.
std::vector<double> window_means(const std::string& path, const KeyOutcome& outcome, int weeks, int window) {
  const MetricArray array = read_metric(path, outcome.metric);
  if (array.shape.size() != 2 || array.shape[1] != std::size_t(weeks))
    throw IoError(path + ": metric " + std::string(outcome.metric) +
                  " is not a city-level (run, week) variable of " + std::to_string(weeks) + " weeks");
  std::vector<double> means(array.shape[0], std::numeric_limits<double>::quiet_NaN());
  for (std::size_t run = 0; run < array.shape[0]; ++run) {
    double sum = 0.0;
    int n = 0;
    for (int week = weeks - window; week < weeks; ++week) {
      const float v = array.values[run * std::size_t(weeks) + std::size_t(week)];
      if (std::isfinite(v)) {
        sum += v;
        ++n;
      }
    }
    if (n) means[run] = sum / n * outcome.scale();
  }
  return means;
}

OutcomeDifference compare_outcome(const KeyOutcome& outcome, const PairedCell& cell, const std::vector<double>& a,
                                  const std::vector<double>& b) {
  std::vector<double> a_values, b_values, differences;
  for (const auto& [a_run, b_run] : cell.runs) {
    const double x = a[std::size_t(a_run)], y = b[std::size_t(b_run)];
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    a_values.push_back(x);
    b_values.push_back(y);
    differences.push_back(y - x);
  }
  OutcomeDifference d;
  d.outcome = &outcome;
  d.a_mean = mean_interval(a_values).mean;
  d.b_mean = mean_interval(b_values).mean;
  d.difference = mean_interval(differences);
  d.text = describe_difference(outcome, d.difference);
  return d;
}

std::string parameter_value(const FileSummary& summary, const std::string& name) {
  for (const auto& [key, value] : summary.parameters)
    if (key == name) return value;
  return "";
}

// Runs of different world sizes pair by seed but are samples of different
// worlds: their difference is not the effect of any lever.
void require_same_world(const FileSummary& a, const std::string& a_path, const FileSummary& b,
                        const std::string& b_path) {
  const std::string a_households = parameter_value(a, "households_per_nbh");
  const std::string b_households = parameter_value(b, "households_per_nbh");
  if (a.neighbourhoods == b.neighbourhoods && a_households == b_households) return;
  throw InputError(a_path + " is a world of " + std::to_string(a.neighbourhoods) + " x " + a_households +
                   " households and " + b_path + " of " + std::to_string(b.neighbourhoods) + " x " + b_households +
                   ": compare runs of one world size (scale.n_neighbourhoods and scale.households_per_nbh)");
}

std::vector<ParameterChange> changed_parameters(const FileSummary& a, const FileSummary& b) {
  std::vector<ParameterChange> changed;
  for (const auto& [name, value] : a.parameters) {
    const std::string theirs = parameter_value(b, name);
    if (theirs != value) changed.push_back({name, value, theirs.empty() ? "(not set)" : theirs});
  }
  return changed;
}

}  // namespace

int compare_command(const CompareFlags& flags) {
  require_input_file(flags.a, "results file");
  require_input_file(flags.b, "results file");
  const FileSummary a = read_summary(flags.a);
  const FileSummary b = read_summary(flags.b);
  require_same_world(a, flags.a, b, flags.b);
  const RunPairing pairing = pair_runs(a, flags.a, b, flags.b);

  const int window = flags.window.value_or(a.weeks);
  if (window < 1 || window > a.weeks)
    throw InputError("--window " + std::to_string(window) + ": outside the allowed range [1, " +
                     std::to_string(a.weeks) + "], the weeks recorded in " + flags.a);

  ComparisonReport report;
  report.a = {flags.a, a.scenario_name, a.done};
  report.b = {flags.b, b.scenario_name, b.done};
  report.changed = changed_parameters(a, b);
  report.first_week = a.weeks - window + 1;
  report.last_week = a.weeks;
  for (const PairedCell& cell : pairing.cells) {
    report.pairs += int(cell.runs.size());
    report.cells.push_back({cell.cell, cell.parameters, int(cell.runs.size()), {}});
  }
  for (const KeyOutcome& outcome : key_outcomes()) {
    const std::vector<double> a_means = window_means(flags.a, outcome, a.weeks, window);
    const std::vector<double> b_means = window_means(flags.b, outcome, b.weeks, window);
    for (std::size_t c = 0; c < pairing.cells.size(); ++c)
      report.cells[c].outcomes.push_back(compare_outcome(outcome, pairing.cells[c], a_means, b_means));
  }

  // Said on stderr, so that the table, CSV or JSON on stdout stays clean.
  if (pairing.unpaired_a || pairing.unpaired_b)
    std::cerr << "wijksim: note: " << pairing.unpaired_a << " done runs of " << flags.a << " and "
              << pairing.unpaired_b << " of " << flags.b << " have no partner (no run with the same seed"
              << (pairing.cells.size() > 1 || !pairing.cells.front().parameters.empty() ? " in the same cell" : "")
              << ") and are left out\n";
  if (report.pairs < 2 * int(report.cells.size()))
    std::cerr << "wijksim: note: a cell with one pair has no confidence interval; run more replicates\n";

  switch (flags.format) {
    case CompareFormat::table: std::cout << format_comparison_table(report); break;
    case CompareFormat::csv: std::cout << format_comparison_csv(report); break;
    case CompareFormat::json: std::cout << format_comparison_json(report); break;
  }
  std::cout << std::flush;
  return 0;
}

}  // namespace wijksim::cli
