#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <stdexcept>

#include "model/case_pool.h"
#include "model/ids.h"

namespace wijksim {
namespace {

struct TestCase {
  std::int32_t owner = kNone;
  int value = 0;
  bool exists() const { return owner != kNone; }
};

TEST(CasePool, AHouseholdWithoutACaseReadsAsNoneAndCannotBeChanged) {
  CasePool<TestCase> pool;
  pool.reset(10);
  EXPECT_FALSE(pool.of(3).exists());
  EXPECT_THROW(pool.held(3), std::logic_error);
}

TEST(CasePool, AClosedCaseReadsAsNoneAndKeepsItsPlaceUntilReclaimed) {
  CasePool<TestCase> pool;
  pool.reset(10);
  pool.open(4) = {4, 7};
  EXPECT_EQ(pool.of(4).value, 7);
  pool.close(4);
  EXPECT_FALSE(pool.of(4).exists());
  EXPECT_NO_THROW(pool.held(4)) << "a helper may still write what it closed this week";
  pool.reclaim();
  EXPECT_THROW(pool.held(4), std::logic_error);
  // The freed place serves the next case, which starts empty.
  TestCase& next = pool.open(8);
  EXPECT_FALSE(next.exists());
  EXPECT_EQ(&next, &pool.held(8));
}

TEST(CasePool, OpeningAgainReplacesTheCaseInItsPlace) {
  CasePool<TestCase> pool;
  pool.reset(5);
  TestCase& first = pool.open(2);
  first = {2, 1};
  TestCase& second = pool.open(2);
  EXPECT_EQ(&first, &second);
  EXPECT_FALSE(second.exists());
}

// Random opens, changes, closes and reclaims against a plain map: every
// household always reads what it was last given.
TEST(CasePool, MatchesAMapThroughRandomOpensClosesAndReclaims) {
  constexpr int kHouseholds = 200;
  CasePool<TestCase> pool;
  pool.reset(kHouseholds);
  std::map<int, int> open_cases;  // household -> value
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> household(0, kHouseholds - 1), action(0, 9);
  for (int step = 0; step < 20'000; ++step) {
    const int h = household(rng);
    const int a = action(rng);
    if (a < 4) {
      pool.open(std::size_t(h)) = {h, step};
      open_cases[h] = step;
    } else if (a < 7 && open_cases.count(h)) {
      pool.held(std::size_t(h)).value = -step;
      open_cases[h] = -step;
    } else if (a < 9 && open_cases.count(h)) {
      pool.close(std::size_t(h));
      open_cases.erase(h);
    } else if (a == 9) {
      pool.reclaim();
    }
    if (step % 500 == 0) {
      for (int k = 0; k < kHouseholds; ++k) {
        const auto it = open_cases.find(k);
        ASSERT_EQ(pool.of(std::size_t(k)).exists(), it != open_cases.end()) << "household " << k;
        if (it != open_cases.end()) {
          ASSERT_EQ(pool.of(std::size_t(k)).value, it->second);
        }
      }
    }
  }
}

}  // namespace
}  // namespace wijksim
