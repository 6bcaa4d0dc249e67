#pragma once
// Phase 10, observation: reduces the world's state and the week's tally to the
// outcome metrics of metrics.def and appends them to a RunResult. Sums run per
// neighbourhood in household order and then over neighbourhoods in order, so
// the values do not depend on the thread count.
#include <vector>

#include "engine/run_result.h"
#include "model/state.h"

namespace wijksim {

class Observer {
 public:
  Observer(RunResult& result, int weeks, int neighbourhoods);
  // Records recorded week `index` (0-based) from the world after its step.
  void record(const World& world, const Tally& tally, int index);

 private:
  RunResult& result_;
  // Mean load and complexity class of every household at the start of the
  // current 26-week window (SF3, §11 entry 14).
  std::vector<double> window_start_load_;
  std::vector<std::int8_t> window_start_class_;
  std::vector<double> wellbeing_scratch_;  // kept, so that a recorded week allocates nothing
};

}  // namespace wijksim
