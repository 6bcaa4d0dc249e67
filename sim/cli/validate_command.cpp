#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/input_file.h"
#include "io/scenario_loader.h"
#include "io/sweep_loader.h"
#include "io/text_file.h"

namespace wijksim::cli {

namespace {
std::string count_of(long n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

int validate_sweep(const std::string& path) {
  // Loading expands the design and checks every cell against the scenario.
  const Sweep sweep = load_sweep(path);
  const std::vector<SweepRun> runs = expand(sweep.design);
  const long cells = runs.empty() ? 0 : long(runs.back().cell) + 1;
  std::cout << path << ": ok \u2014 sweep of " << count_of(long(runs.size()), "run") << " ("
            << count_of(cells, "cell") << " x " << count_of(sweep.design.replicates, "replicate") << ", "
            << (sweep.design.kind == DesignKind::lhs     ? "Latin hypercube"
                : sweep.design.kind == DesignKind::sobol ? "Sobol (Saltelli)"
                                                         : "grid")
            << ") over scenario "
            << sweep.base.name << "\n";
  return 0;
}

}  // namespace

int validate_command(const std::string& path) {
  require_input_file(path, "scenario or sweep file");
  if (is_sweep_text(read_text_file(path))) return validate_sweep(path);
  // Loading runs every check a run would: keys, types, ranges, relations, changes.
  const Scenario scenario = load_scenario(path);
  warn_if_scenario_sets_nothing(scenario);
  const Parameters& p = scenario.parameters;
  std::cout << path << ": ok \u2014 " << count_of(p.n_neighbourhoods, "neighbourhood") << " x "
            << count_of(p.households_per_nbh, "household") << ", " << p.burnin_weeks << "+"
            << p.horizon_weeks << " weeks, " << count_of(long(scenario.changes.size()), "timed change")
            << "\n";
  return 0;
}

}  // namespace wijksim::cli
