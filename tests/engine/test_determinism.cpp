// The headline promise: the same scenario and seed give bit-identical
// outcomes for any thread count; another seed gives other outcomes.
#include <gtest/gtest.h>

#include <tbb/task_arena.h>
#include <tbb/task_scheduler_observer.h>

#include <mutex>
#include <set>
#include <thread>

#include "engine/run.h"
#include "engine/threads.h"
#include "support/bit_identical.h"
#include "support/small_world.h"

namespace wijksim {
namespace {

using testing::bit_identical;

// The threads that take part in the work of the arena the constructing thread
// is in: TBB tells the observer of each before it runs its first task there.
class ThreadsTakingPart : public tbb::task_scheduler_observer {
 public:
  ThreadsTakingPart() { observe(true); }
  ~ThreadsTakingPart() override { observe(false); }
  void on_scheduler_entry(bool) override {
    const std::lock_guard lock(mutex_);
    threads_.insert(std::this_thread::get_id());
  }
  std::size_t count() {
    const std::lock_guard lock(mutex_);
    return threads_.size();
  }

 private:
  std::mutex mutex_;
  std::set<std::thread::id> threads_;
};

struct ThreadedRun {
  RunResult result;
  int arena_size = 0;
  std::size_t threads_taking_part = 0;
};

ThreadedRun run_with_threads(const Scenario& s, int threads, std::uint64_t seed) {
  return run_on_threads(threads, [&] {
    ThreadsTakingPart taking_part;
    ThreadedRun run;
    run.result = run_simulation(s, seed);
    run.arena_size = tbb::this_task_arena::max_concurrency();
    run.threads_taking_part = taking_part.count();
    return run;
  });
}

TEST(Determinism, SameSeedSameBitsForOneTwoAndEightThreads) {
  Scenario s = testing::small_scenario(4, 400, 26, 104);
  const ThreadedRun one = run_with_threads(s, 1, 42);
  const ThreadedRun two = run_with_threads(s, 2, 42);
  const ThreadedRun eight = run_with_threads(s, 8, 42);
  EXPECT_TRUE(bit_identical(one.result, two.result));
  EXPECT_TRUE(bit_identical(one.result, eight.result));
  // Eight threads even on a machine of two cores: the arena, not the core
  // count, decides how many take part.
  EXPECT_EQ(one.arena_size, 1);
  EXPECT_EQ(one.threads_taking_part, 1u);
  EXPECT_EQ(eight.arena_size, 8);
  EXPECT_GT(eight.threads_taking_part, 2u);
  EXPECT_LE(eight.threads_taking_part, 8u);
}

TEST(Determinism, AnotherSeedGivesOtherOutcomes) {
  Scenario s = testing::small_scenario(2, 300, 13, 52);
  const RunResult a = run_simulation(s, 1);
  const RunResult b = run_simulation(s, 2);
  std::size_t differing = 0;
  for (std::size_t m = 0; m < a.values.size(); ++m)
    differing += std::memcmp(a.values[m].data(), b.values[m].data(), a.values[m].size() * sizeof(float)) != 0;
  // Nearly every outcome moves; a few can be all-zero in both (e.g. dismissals).
  EXPECT_GT(differing, a.values.size() * 3 / 4);
}

TEST(Determinism, RunOrderDoesNotMatter) {
  Scenario s = testing::small_scenario(2, 300, 13, 52);
  const RunResult first = run_simulation(s, 5);
  run_simulation(s, 6);
  EXPECT_TRUE(bit_identical(first, run_simulation(s, 5)));
}

}  // namespace
}  // namespace wijksim
