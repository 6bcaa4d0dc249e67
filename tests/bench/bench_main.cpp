// Throughput of whole runs and of each phase, in household-weeks per second.
// Configurations follow the habit of small/default worlds x seeds; the
// counters are rates, never thresholds: timings are recorded in
// docs/PERFORMANCE.md, not asserted.
#include <benchmark/benchmark.h>

#include <string>

#include "engine/observer.h"
#include "engine/pipeline.h"
#include "engine/run.h"
#include "engine/run_result.h"
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

// A default-size world after 104 weeks, when queues, caseloads and ties have
// settled.
World settled_default_world() {
  Parameters p = testing::small_parameters(20, 2500, 0, 1);
  World world = build_world(p, 1);
  for (int week = 0; week < 104; ++week) step(world);
  return world;
}

constexpr int kTimedWeeks = 200;

// One phase of the weekly pipeline, timed inside whole weeks: the world
// steps on week after week, as in a run, and only the phase is timed, so it
// always sees the state the phases before it have left (a phase repeated on
// its own would see queues it has already emptied).
void BM_Phase(benchmark::State& state, std::size_t phase) {
  World world = settled_default_world();
  for (auto _ : state) {
    state.PauseTiming();
    world.tally.clear();
    for (std::size_t k = 0; k < phase; ++k) kWeeklyPhases[k].run(world);
    state.ResumeTiming();
    kWeeklyPhases[phase].run(world);
    state.PauseTiming();
    for (std::size_t k = phase + 1; k < kWeeklyPhases.size(); ++k) kWeeklyPhases[k].run(world);
    ++world.week;
    state.ResumeTiming();
  }
  state.counters["household_weeks_per_s"] =
      benchmark::Counter(double(world.households.count) * double(state.iterations()), benchmark::Counter::kIsRate);
}

// Phase 10: recording a week's metrics from the world after its step.
void BM_Observation(benchmark::State& state) {
  World world = settled_default_world();
  RunResult result;
  Observer observer(result, kTimedWeeks, world.params.n_neighbourhoods);
  int index = 0;
  for (auto _ : state) {
    state.PauseTiming();
    world.tally.clear();
    step(world);
    state.ResumeTiming();
    observer.record(world, world.tally.combine(), index++);
  }
  state.counters["household_weeks_per_s"] =
      benchmark::Counter(double(world.households.count) * double(state.iterations()), benchmark::Counter::kIsRate);
}

void register_phases() {
  for (std::size_t k = 0; k < kWeeklyPhases.size(); ++k) {
    const std::string name = "phase" + std::to_string(k + 1) + "_" + kWeeklyPhases[k].name;
    benchmark::RegisterBenchmark(name.c_str(), BM_Phase, k)
        ->Iterations(kTimedWeeks)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  benchmark::RegisterBenchmark("phase10_observation", BM_Observation)
      ->Iterations(kTimedWeeks)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
}

}  // namespace
}  // namespace wijksim

int main(int argc, char** argv) {
  wijksim::register_phases();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
