#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/input_file.h"
#include "io/scenario_loader.h"

namespace wijksim::cli {

namespace {
std::string count_of(long n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}
}  // namespace

int validate_command(const std::string& path) {
  require_input_file(path, "scenario file");
  // Loading runs every check a run would: keys, types, ranges, relations, changes.
  const Scenario scenario = load_scenario(path);
  const Parameters& p = scenario.parameters;
  std::cout << path << ": ok \u2014 " << count_of(p.n_neighbourhoods, "neighbourhood") << " x "
            << count_of(p.households_per_nbh, "household") << ", " << p.burnin_weeks << "+"
            << p.horizon_weeks << " weeks, " << count_of(long(scenario.changes.size()), "timed change")
            << "\n";
  return 0;
}

}  // namespace wijksim::cli
