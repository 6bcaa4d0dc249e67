#pragma once
// Checks that span a whole scenario rather than one value: every change falls
// within the recorded weeks and touches only Live parameters, and the
// relations between parameters (check_relations) hold at the start and after
// every change. Used after loading a file and again after --set.
#include <optional>
#include <string>
#include <string_view>

#include "engine/scenario.h"

namespace wijksim {

struct ScenarioProblem {
  int change = -1;      // index into Scenario::changes; -1 for the starting parameters
  std::string message;  // one line, naming the keys and values involved
};

// The first problem found, starting parameters first, then changes in week order.
std::optional<ScenarioProblem> find_scenario_problem(const Scenario& scenario);

// Whether `message` mentions `qualified_key` as a whole key ("scale.k_max",
// not a prefix of a longer one), so an error can point at where it was set.
bool mentions_key(std::string_view message, std::string_view qualified_key);

}  // namespace wijksim
