#pragma once
// One simulation run: build the world, burn in, record, return the trajectories.
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

// Throws InputError listing every value outside its range and every broken
// relation between parameters: what a scenario file's validation would say.
// The engine runs nothing else; the classroom checks its lever changes so.
void require_valid(const Parameters& p);

// Runs `scenario` with `seed`. Deterministic: the same scenario and seed give
// bit-identical values whatever the thread count (the caller's choice, made
// with run_on_threads of engine/threads.h). Exceptions from inside the run propagate.
RunResult run_simulation(const Scenario& scenario, std::uint64_t seed, const RunOptions& options = {});

}  // namespace wijksim
