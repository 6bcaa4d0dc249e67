// Throughput of whole runs and of each phase, in household-weeks per second.
// Configurations follow the habit of small/default worlds x seeds; the
// counters are rates, never thresholds: timings are recorded in
// docs/PERFORMANCE.md, not asserted.
#include <benchmark/benchmark.h>

#include "engine/pipeline.h"
#include "engine/run.h"
#include "model/phases.h"
#include "model/world_builder.h"
#include "support/small_world.h"

namespace wijksim {
namespace {

void BM_WholeRun(benchmark::State& state) {
  const int neighbourhoods = int(state.range(0));
  const int households = int(state.range(1));
  Scenario s = testing::small_scenario(neighbourhoods, households, 52, 104);
  std::uint64_t seed = 1;
  for (auto _ : state) benchmark::DoNotOptimize(run_simulation(s, seed++));
  const double household_weeks = double(neighbourhoods) * households * (52 + 104);
  state.counters["household_weeks_per_s"] =
      benchmark::Counter(household_weeks * double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WholeRun)->Args({2, 500})->Args({20, 2500})->Unit(benchmark::kMillisecond)->UseRealTime();

// One phase at a time on a settled default-size world.
template <void (*Phase)(World&)>
void BM_Phase(benchmark::State& state) {
  Parameters p = testing::small_parameters(20, 2500, 0, 1);
  World world = build_world(p, 1);
  for (int week = 0; week < 104; ++week) step(world);
  for (auto _ : state) {
    world.tally.clear();
    Phase(world);
  }
  state.counters["household_weeks_per_s"] =
      benchmark::Counter(double(world.households.count) * double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Phase<update_context>)->Name("phase1_context")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Phase<update_problems>)->Name("phase2_problems")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Phase<deliver_services>)->Name("phase5_services")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Phase<update_social>)->Name("phase6_social")->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace wijksim

BENCHMARK_MAIN();
