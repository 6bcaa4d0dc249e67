// The key outcomes of a comparison exist as city-level metrics, and a
// difference is said in the words its interval allows.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "engine/key_outcomes.h"
#include "engine/metrics.h"

namespace wijksim {
namespace {

const KeyOutcome& outcome(std::string_view metric) {
  for (const KeyOutcome& o : key_outcomes())
    if (o.metric == metric) return o;
  throw std::logic_error("no key outcome " + std::string(metric));
}

TEST(KeyOutcomes, EachIsACityLevelMetricListedOnce) {
  std::set<std::string_view> seen;
  for (const KeyOutcome& o : key_outcomes()) {
    EXPECT_TRUE(seen.insert(o.metric).second) << o.metric << " is listed twice";
    bool found = false;
    for (const MetricSpec& m : metric_table())
      if (m.name == o.metric) {
        found = true;
        EXPECT_EQ(m.level, MetricLevel::city) << o.metric;
      }
    EXPECT_TRUE(found) << o.metric << " is not a metric";
  }
  EXPECT_GE(seen.size(), 10u);
}

TEST(KeyOutcomes, AClearDropIsSaidWithItsInterval) {
  const std::string text = describe_difference(outcome("multi_problem_share"), MeanInterval{-1.8, -2.3, -1.3, 20});
  EXPECT_EQ(text, "fewer multi-problem households: \u22121.8 percentage points, 95 % CI \u22122.3 to \u22121.3");
}

TEST(KeyOutcomes, AClearRiseOfALevelIsHigherAndSigned) {
  EXPECT_EQ(describe_difference(outcome("trust_mean"), MeanInterval{0.0123456, 0.01, 0.0147, 10}),
            "higher trust in institutions: +0.0123, 95 % CI 0.01 to 0.0147");
  EXPECT_EQ(describe_difference(outcome("sanctions"), MeanInterval{12.34, 1.5, 23.0, 10}),
            "more sanctions: +12.3 per year, 95 % CI 1.5 to 23");
}

TEST(KeyOutcomes, AnIntervalAcrossZeroIsNoClearDifference) {
  EXPECT_EQ(describe_difference(outcome("exhaustion_mean"), MeanInterval{-0.01, -0.03, 0.01, 10}),
            "no clear difference in exhaustion of helpers: \u22120.01, 95 % CI \u22120.03 to 0.01");
  EXPECT_EQ(describe_difference(outcome("exhaustion_mean"), MeanInterval{-0.01, std::nan(""), std::nan(""), 1}),
            "no clear difference in exhaustion of helpers: \u22120.01 (one pair: no confidence interval)");
}

TEST(KeyOutcomes, ReportedNumbersKeepThreeDigitsAndWholeThousands) {
  EXPECT_EQ(format_reported(0.000123456), "0.000123");
  EXPECT_EQ(format_reported(-12345.6), "\u221212346");
  EXPECT_EQ(format_reported(999.4), "999");
  EXPECT_EQ(format_reported(0.0, true), "0");
  EXPECT_EQ(format_reported(2.5, true), "+2.5");
  // The rounding left by subtracting equal numbers is no difference.
  EXPECT_EQ(format_reported(1.11e-17, true), "0");
  EXPECT_EQ(format_reported(-3e-12), "0");
  EXPECT_EQ(format_reported(2e-9), "2e-09");
  EXPECT_EQ(format_reported(std::nan("")), "n/a");
  EXPECT_DOUBLE_EQ(outcome("multi_problem_share").scale(), 100.0);
  EXPECT_DOUBLE_EQ(outcome("burnout_new").scale(), 52.0);
}

}  // namespace
}  // namespace wijksim
