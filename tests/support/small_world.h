#pragma once
// Small worlds for tests: few households, short runs, every other parameter
// at its default unless a test says otherwise.
#include "core/parameters.h"
#include "engine/scenario.h"

namespace wijksim::testing {

inline Parameters small_parameters(int neighbourhoods = 2, int households = 300, int burnin = 26,
                                   int horizon = 78) {
  Parameters p = Parameters::defaults();
  p.n_neighbourhoods = neighbourhoods;
  p.households_per_nbh = households;
  p.burnin_weeks = burnin;
  p.horizon_weeks = horizon;
  return p;
}

inline Scenario small_scenario(int neighbourhoods = 2, int households = 300, int burnin = 26, int horizon = 78) {
  Scenario s;
  s.name = "small";
  s.parameters = small_parameters(neighbourhoods, households, burnin, horizon);
  return s;
}

}  // namespace wijksim::testing
