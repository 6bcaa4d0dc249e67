#include "engine/sweep_execution.h"

#include <oneapi/tbb/parallel_for_each.h>
#include <oneapi/tbb/task_arena.h>

#include <atomic>
#include <exception>
#include <mutex>
#include <new>

#include "engine/run.h"

namespace wijksim {

RunResult execute_run(const Scenario& base, const SweepRun& run, const RunFunction& run_function) {
  auto failed = [&](const std::string& message) {
    RunResult result;
    result.seed = run.seed;
    result.status = RunStatus::failed;
    result.error = message;
    return result;
  };
  try {
    const Scenario scenario = scenario_for(base, run);
    // Isolated, so that a thread waiting inside this run's parallel loops
    // does not pick up a whole other run and hold this one up until it ends.
    RunResult result;
    tbb::this_task_arena::isolate([&] {
      result = run_function ? run_function(scenario, run.seed) : run_simulation(scenario, run.seed);
    });
    return result;
  } catch (const std::bad_alloc&) {
    return failed("out of memory");
  } catch (const std::exception& e) {
    return failed(e.what());
  } catch (...) {
    return failed("unknown error");
  }
}

void execute_runs(const Scenario& base, std::span<const SweepRun> runs, const RunDelivery& deliver,
                  const ExecutionOptions& options) {
  std::mutex first_error_mutex;
  std::exception_ptr first_error;
  std::atomic<bool> delivery_failed{false};
  tbb::parallel_for_each(runs.begin(), runs.end(), [&](const SweepRun& run) {
    if (delivery_failed.load() || (options.stop_requested && options.stop_requested())) return;
    RunResult result = execute_run(base, run, options.run_function);
    try {
      deliver(run, std::move(result));
    } catch (...) {
      const std::lock_guard lock(first_error_mutex);
      if (!first_error) first_error = std::current_exception();
      delivery_failed.store(true);
    }
  });
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace wijksim
