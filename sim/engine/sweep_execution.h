#pragma once
// Running a sweep's runs concurrently (DESIGN.md §3). Which thread runs
// which run, and in what order they finish, cannot change any run's result:
// each run owns its world and its random streams are keyed by its seed.
#include <functional>
#include <span>

#include "engine/run_result.h"
#include "engine/scenario.h"
#include "engine/sweep_design.h"

namespace wijksim {

// How one run is computed; run_simulation, unless a test puts in another.
using RunFunction = std::function<RunResult(const Scenario& scenario, std::uint64_t seed)>;

// Receives each finished run, on the thread that ran it, as soon as it ends.
// May block (a full writer queue); an exception thrown here stops the sweep
// and is rethrown by execute_runs once runs in flight have finished.
using RunDelivery = std::function<void(const SweepRun& run, RunResult&& result)>;

struct ExecutionOptions {
  // Asked before each run starts: once it says true, no further run starts.
  std::function<bool()> stop_requested;
  RunFunction run_function;  // empty: run_simulation
};

// Runs every run of `runs` on `base` (each with its own assignments and
// seed), on as many threads as the caller's TBB arena allows. A run that
// throws becomes a failed result carrying the message; the others go on.
void execute_runs(const Scenario& base, std::span<const SweepRun> runs, const RunDelivery& deliver,
                  const ExecutionOptions& options = {});

// The result of one run, exceptions turned into a failed result.
RunResult execute_run(const Scenario& base, const SweepRun& run, const RunFunction& run_function = {});

}  // namespace wijksim
