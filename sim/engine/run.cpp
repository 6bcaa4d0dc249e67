#include "engine/run.h"

#include <chrono>

#include "engine/observer.h"
#include "engine/simulation.h"

namespace wijksim {

RunResult run_simulation(const Scenario& scenario, std::uint64_t seed, const RunOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  Simulation simulation(scenario.parameters, seed, scenario.changes);
  const int horizon = simulation.world().params.horizon_weeks;
  const int total = simulation.world().params.burnin_weeks + horizon;

  RunResult result;
  result.seed = seed;
  Observer observer(result, horizon, simulation.world().params.n_neighbourhoods);
  for (int done = 1; done <= total; ++done) {
    simulation.advance();
    const int recorded_week = simulation.week();  // 1 = the first week after burn-in
    if (recorded_week >= 1) observer.record(simulation.world(), simulation.tally(), recorded_week - 1);
    if (options.on_progress) options.on_progress(done, total);
  }
  result.status = RunStatus::done;
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace wijksim
