// The memory a world costs per household, measured from the bytes the
// allocator hands out, not from the clock or the resident size: worlds are
// built, burnt in and recorded through run_simulation, which holds the whole
// world, the observer and the trajectories of a full horizon, and the peak of
// heap bytes held at once is divided by the households.
//
// The large world's bound is the target of 300 bytes per household itself
// (measured 298.4, the same on every run); the whole run's is its
// measurement with 5 % to spare, so that a change which costs memory per
// household fails here. PERFORMANCE.md ("Memory per household") lists what
// each household holds and why a whole run holds more.
#include <gtest/gtest.h>

#include <tbb/global_control.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "engine/run.h"
#include "io/scenario_loader.h"
#include "memory/allocation_counter.h"

namespace wijksim {
namespace {

constexpr double kLargeWorldBound = 300.0;  // the target; measured 298.4
constexpr double kWholeRunBound = 404.0;    // measured 384.5

TEST(MemoryPerHousehold, TheCounterSeesAnAllocationAndItsRelease) {
  const std::int64_t before = testing::live_heap_bytes();
  testing::reset_peak_heap_bytes();
  {
    std::vector<char> block(16 << 20, 1);
    EXPECT_GE(testing::live_heap_bytes() - before, 16 << 20);
  }
  EXPECT_GE(testing::peak_heap_bytes() - before, 16 << 20);
  EXPECT_LT(testing::live_heap_bytes() - before, 1 << 20);
}

// Runs `scenario` until `stop_after` weeks (all of them if 0) and returns the
// most heap bytes held at once per household, counted from before the world
// is built; WIJKSIM_MEMORY_TRACE=1 prints the weekly course.
double peak_bytes_per_household(Scenario scenario, int stop_after) {
  const Parameters& p = scenario.parameters;
  const int households = p.n_neighbourhoods * p.households_per_nbh;
  const tbb::global_control threads(tbb::global_control::max_allowed_parallelism, 2);
  const bool trace = std::getenv("WIJKSIM_MEMORY_TRACE") != nullptr;
  struct Enough {};
  const std::int64_t before = testing::live_heap_bytes();
  testing::reset_peak_heap_bytes();
  RunOptions options;
  options.on_progress = [&](int done, int) {
    if (trace)
      std::printf("week %d: live %.1f, peak %.1f bytes per household\n", done,
                  double(testing::live_heap_bytes() - before) / households,
                  double(testing::peak_heap_bytes() - before) / households);
    if (done == stop_after) throw Enough{};
  };
  try {
    (void)run_simulation(scenario, 1, options);
  } catch (const Enough&) {
  }
  const double per_household = double(testing::peak_heap_bytes() - before) / households;
  std::printf("peak heap per household: %.1f bytes (%d households, %d weeks)\n", per_household, households,
              stop_after > 0 ? stop_after : p.burnin_weeks + p.horizon_weeks);
  return per_household;
}

// The large world of scripts/bench, through its first recorded weeks: the
// world is whole by then, caseloads and queues have filled, and the
// trajectories are allocated for a full horizon.
TEST(MemoryPerHousehold, TheLargeWorldStaysUnderTheBound) {
  Scenario scenario = load_scenario(WIJKSIM_SOURCE_DIR "/scenarios/baseline.toml");
  scenario.parameters.n_neighbourhoods = 180;
  scenario.parameters.households_per_nbh = 2500;
  scenario.parameters.burnin_weeks = 40;
  const double per_household = peak_bytes_per_household(scenario, 44);
  EXPECT_LE(per_household, kLargeWorldBound);
  EXPECT_GT(per_household, 100.0) << "the world itself must have been counted";
}

// A whole run of the default length (624 + 520 weeks) on 8 x 2,500
// households: what a run gathers over the years (helpers hired to replace
// those who left, queues, the observer's windows) stays within the bound.
TEST(MemoryPerHousehold, AWholeRunStaysUnderTheBound) {
  Scenario scenario = load_scenario(WIJKSIM_SOURCE_DIR "/scenarios/baseline.toml");
  scenario.parameters.n_neighbourhoods = 8;
  ASSERT_EQ(scenario.parameters.households_per_nbh, 2500);
  ASSERT_EQ(scenario.parameters.burnin_weeks + scenario.parameters.horizon_weeks, 1144);
  const double per_household = peak_bytes_per_household(scenario, 0);
  EXPECT_LE(per_household, kWholeRunBound);
}

// A settled week allocates little: the phases and the observer keep their
// buffers from week to week, and what is still allocated afresh is sized by
// the week's events (applications, helpers' candidates, caseloads that grow)
// or by the neighbourhoods, not by the households. Where a parallel loop
// gathers a list, it does so in fixed blocks (model/ordered_gather.h), so
// what is allocated does not depend on how the threads share the work.
// Counted over 20 recorded weeks after a burn-in of 40.
double bytes_allocated_per_household_week(int neighbourhoods) {
  Scenario scenario = load_scenario(WIJKSIM_SOURCE_DIR "/scenarios/baseline.toml");
  scenario.parameters.n_neighbourhoods = neighbourhoods;
  scenario.parameters.burnin_weeks = 40;
  scenario.parameters.horizon_weeks = 20;
  const int households = neighbourhoods * scenario.parameters.households_per_nbh;
  const tbb::global_control threads(tbb::global_control::max_allowed_parallelism, 2);
  std::int64_t at_start = 0, at_end = 0;
  RunOptions options;
  options.on_progress = [&](int done, int) {
    if (done == 40) at_start = testing::allocated_heap_bytes();
    if (done == 60) at_end = testing::allocated_heap_bytes();
  };
  (void)run_simulation(scenario, 1, options);
  const double per = double(at_end - at_start) / (20.0 * households);
  std::printf("allocated per household-week, recorded weeks 1-20: %.4f bytes (%d households)\n", per, households);
  return per;
}

TEST(MemoryPerHousehold, ASettledWeekAllocatesLittle) {
  // Measured 2.80 on every run (2.66 before institutional cases moved to a
  // pool, whose chunks grow while the queues still fill). A byte per household a week more (help
  // seeking once allocated a flag for every household) fails, and so does a
  // list gathered with a parallel_reduce, whose joins copy as often as the
  // threads happen to split the range (3.74 to 4.0 from run to run).
  EXPECT_LE(bytes_allocated_per_household_week(8), 3.0);
}

}  // namespace
}  // namespace wijksim
