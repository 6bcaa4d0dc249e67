// The progress line's time left: measured from the first week, not from the
// start, so that building the world does not count as a slow week.
#include <gtest/gtest.h>

#include "cli/progress.h"

namespace wijksim::cli {
namespace {

TEST(ProgressPace, BuildingTheWorldDoesNotSlowTheFirstEstimate) {
  // A run whose world took 3 s to build, then simulates 100 weeks a second.
  const std::pair<int, double> first{1, 3.0};
  EXPECT_FALSE(time_left(first, 1, 3.0, 900).has_value());    // nothing measured yet
  EXPECT_FALSE(time_left(first, 30, 3.29, 900).has_value());  // measured too briefly
  const auto left = time_left(first, 101, 4.0, 900);
  ASSERT_TRUE(left.has_value());
  EXPECT_NEAR(*left, 7.99, 1e-9);  // 799 weeks at 100 a second; from the start it would say 31 s
}

TEST(ProgressPace, NoWeeksSinceTheFirstUpdateGiveNoEstimate) {
  EXPECT_FALSE(time_left({5, 1.0}, 5, 9.0, 100).has_value());
}

TEST(ProgressPace, DurationsAreShort) {
  EXPECT_EQ(format_duration(42.4), "42s");
  EXPECT_EQ(format_duration(185), "3m05s");
  EXPECT_EQ(format_duration(3720), "1h02m");
  EXPECT_EQ(format_duration(-1), "?");
}

}  // namespace
}  // namespace wijksim::cli
