#pragma once
// A scenario: one world's parameters plus the changes that take effect at
// given weeks (a policy that starts in year 3, a classroom slider). Loading
// from files lives in io/; nothing here touches a file.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/parameters.h"

namespace wijksim {

// One parameter value to set. index -1 sets every institution (or domain).
struct ParameterAssignment {
  const ParameterSpec* spec = nullptr;
  int index = -1;
  double value = 0.0;
};

// Assignments that take effect before recorded week `week` (1 = the first
// week after burn-in) is simulated, and stay in force from then on.
struct TimedChange {
  int week = 1;
  std::vector<ParameterAssignment> assignments;
};

struct Scenario {
  std::string name;         // file stem, or a name given by the caller
  std::string source_path;  // where it came from ("" when built in code)
  std::string source_text;  // the file's text, stored with results for provenance
  Parameters parameters = Parameters::defaults();
  std::vector<TimedChange> changes;  // sorted by week
  std::string description;            // what the scenario is for, in a sentence or two
  std::optional<std::uint64_t> seed;  // the default run seed, if the scenario names one
};

// Applies an assignment to a parameter set (index -1 broadcasts).
void apply(Parameters& p, const ParameterAssignment& a);

}  // namespace wijksim
