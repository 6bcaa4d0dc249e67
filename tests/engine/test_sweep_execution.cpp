// Running a sweep's runs concurrently: every run delivered once, the result
// independent of order and threads, a failing run isolated.
#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <stdexcept>

#include "core/parameters.h"
#include "engine/sweep_execution.h"
#include "support/bit_identical.h"

namespace wijksim {
namespace {

Scenario tiny_scenario() {
  Scenario scenario;
  scenario.name = "tiny";
  Parameters& p = scenario.parameters;
  p.n_neighbourhoods = 1;
  p.households_per_nbh = 60;
  p.caseworkers_per_1000.fill(20.0);  // one caseworker per team: without staff, room could not matter
  p.burnin_weeks = 4;
  p.horizon_weeks = 6;
  return scenario;
}

SweepDesign room_design(int replicates) {
  SweepDesign design;
  design.axes.push_back({find_parameter("bending.room"), -1, {0.0, 0.5, 1.0}});
  design.replicates = replicates;
  design.base_seed = 3;
  return design;
}

std::map<int, RunResult> collect(const Scenario& base, const std::vector<SweepRun>& runs,
                                 const ExecutionOptions& options = {}) {
  std::mutex mutex;
  std::map<int, RunResult> results;
  execute_runs(
      base, runs,
      [&](const SweepRun& run, RunResult&& result) {
        const std::lock_guard lock(mutex);
        EXPECT_TRUE(results.emplace(run.index, std::move(result)).second) << "run " << run.index << " delivered twice";
      },
      options);
  return results;
}

TEST(SweepExecution, OrderAndThreadsDoNotChangeAnyRun) {
  const Scenario base = tiny_scenario();
  std::vector<SweepRun> runs = expand(room_design(3));
  std::map<int, RunResult> forward;
  {
    const tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    forward = collect(base, runs);
  }
  std::reverse(runs.begin(), runs.end());
  const std::map<int, RunResult> backward = collect(base, runs);
  ASSERT_EQ(forward.size(), 9u);
  ASSERT_EQ(backward.size(), 9u);
  for (const auto& [index, result] : forward) {
    EXPECT_EQ(result.status, RunStatus::done);
    EXPECT_TRUE(testing::bit_identical(result, backward.at(index))) << "run " << index;
  }
  // Cells differ (room matters), replicates differ (seeds differ).
  EXPECT_FALSE(testing::bit_identical(forward.at(0), forward.at(1)));
  EXPECT_FALSE(testing::bit_identical(forward.at(0), forward.at(3)));
}

TEST(SweepExecution, AFailingRunIsDeliveredAsFailedAndTheOthersRun) {
  const Scenario base = tiny_scenario();
  const std::vector<SweepRun> runs = expand(room_design(2));
  ExecutionOptions options;
  options.run_function = [](const Scenario& scenario, std::uint64_t seed) -> RunResult {
    if (scenario.parameters.room[0] == 0.5) throw std::runtime_error("no room for this");
    RunResult result;
    result.seed = seed;
    result.status = RunStatus::done;
    return result;
  };
  const std::map<int, RunResult> results = collect(base, runs, options);
  ASSERT_EQ(results.size(), 6u);
  for (const auto& [index, result] : results) {
    const bool middle_cell = runs[std::size_t(index)].cell == 1;
    EXPECT_EQ(result.status, middle_cell ? RunStatus::failed : RunStatus::done) << "run " << index;
    EXPECT_EQ(result.error, middle_cell ? "no room for this" : "");
    EXPECT_EQ(result.seed, runs[std::size_t(index)].seed);
  }
}

TEST(SweepExecution, AStopRequestStartsNoFurtherRun) {
  const Scenario base = tiny_scenario();
  const std::vector<SweepRun> runs = expand(room_design(4));
  std::atomic<int> started{0};
  ExecutionOptions options;
  options.stop_requested = [&] { return started.load() >= 2; };
  options.run_function = [&](const Scenario&, std::uint64_t seed) {
    ++started;
    RunResult result;
    result.seed = seed;
    result.status = RunStatus::done;
    return result;
  };
  const tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
  EXPECT_EQ(collect(base, runs, options).size(), 2u);
}

TEST(SweepExecution, ADeliveryErrorStopsTheSweepAndIsRethrown) {
  const Scenario base = tiny_scenario();
  const std::vector<SweepRun> runs = expand(room_design(4));
  ExecutionOptions options;
  std::atomic<int> computed{0};
  options.run_function = [&](const Scenario&, std::uint64_t) {
    ++computed;
    return RunResult{};
  };
  const tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
  EXPECT_THROW(execute_runs(
                   base, runs, [](const SweepRun&, RunResult&&) { throw std::runtime_error("disk full"); }, options),
               std::runtime_error);
  EXPECT_EQ(computed.load(), 1);
}

}  // namespace
}  // namespace wijksim
