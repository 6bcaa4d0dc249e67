#include "engine/run.h"

#include <chrono>
#include <stdexcept>

#include "core/errors.h"
#include "engine/metrics.h"
#include "engine/observer.h"
#include "engine/pipeline.h"
#include "model/levers.h"
#include "model/world_builder.h"

namespace wijksim {

void require_valid(const Parameters& p) {
  std::string problems;
  for (const ParameterSpec& spec : parameter_table())
    for (int i = 0; i < spec.width(); ++i)
      if (auto problem = check_value(spec, get_value(p, spec, i))) problems += (problems.empty() ? "" : "; ") + *problem;
  for (const std::string& problem : check_relations(p)) problems += (problems.empty() ? "" : "; ") + problem;
  if (!problems.empty()) throw InputError(problems);
}

RunResult run_simulation(const Scenario& scenario, std::uint64_t seed, const RunOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  require_valid(scenario.parameters);
  World world = build_world(scenario.parameters, seed);
  const int burnin = world.params.burnin_weeks;
  const int horizon = world.params.horizon_weeks;
  const int total = burnin + horizon;

  RunResult result;
  result.seed = seed;
  Observer observer(result, horizon, world.params.n_neighbourhoods);
  std::size_t next_change = 0;
  for (int t = 0; t < total; ++t) {
    const int recorded_week = t - burnin + 1;  // 1 = the first week after burn-in
    bool changed = false;
    while (next_change < scenario.changes.size() && scenario.changes[next_change].week <= recorded_week) {
      for (const ParameterAssignment& a : scenario.changes[next_change].assignments) {
        if (a.spec->timing == Timing::Structural)
          throw InputError(a.spec->qualified_name() + " is fixed when the world is built and cannot change mid-run");
        apply(world.params, a);
      }
      ++next_change;
      changed = true;
    }
    if (changed) {
      require_valid(world.params);
      apply_levers(world);
    }
    world.tally.clear();
    step(world);
    if (recorded_week >= 1) observer.record(world, world.tally.combine(), recorded_week - 1);
    if (options.on_progress) options.on_progress(t + 1, total);
  }
  result.status = RunStatus::done;
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace wijksim
