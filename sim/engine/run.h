#pragma once
// One simulation run: build the world, burn in, record, return the trajectories.
// The weeks themselves are engine/simulation.h's; a run records them.
#include <cstdint>
#include <functional>

#include "engine/run_result.h"
#include "engine/scenario.h"

namespace wijksim {

struct RunOptions {
  // Called after every simulated week (burn-in included) with the number of
  // weeks done and the total; for progress display only.
  std::function<void(int weeks_done, int weeks_total)> on_progress;
};

// Runs `scenario` with `seed`. Deterministic: the same scenario and seed give
// bit-identical values whatever the thread count (the caller's choice, made
// with run_on_threads of engine/threads.h). Exceptions from inside the run
// propagate: InputError for parameters or timed changes that are not valid.
RunResult run_simulation(const Scenario& scenario, std::uint64_t seed, const RunOptions& options = {});

}  // namespace wijksim
