// The interval behind every `wijksim compare` line, against values worked out
// by hand (t quantiles from tables).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/paired_statistics.h"

namespace wijksim {
namespace {

TEST(PairedStatistics, TIntervalMatchesADirectComputation) {
  const std::vector<double> values = {1.0, 2.0, 4.0, 7.0, 11.0};
  const MeanInterval interval = mean_interval(values);
  // mean 5, sample sd sqrt(16.5), t(0.975; 4) = 2.7764451051977987.
  const double half = 2.7764451051977987 * std::sqrt(16.5) / std::sqrt(5.0);
  EXPECT_DOUBLE_EQ(interval.mean, 5.0);
  EXPECT_NEAR(interval.low, 5.0 - half, 1e-12);
  EXPECT_NEAR(interval.high, 5.0 + half, 1e-12);
  EXPECT_EQ(interval.n, 5);
}

TEST(PairedStatistics, TheLevelWidensTheInterval) {
  const std::vector<double> values = {0.1, -0.4, 0.3, 0.9, 0.2, -0.1};
  const MeanInterval ninety = mean_interval(values, 0.90), ninety_nine = mean_interval(values, 0.99);
  EXPECT_LT(ninety.high - ninety.low, ninety_nine.high - ninety_nine.low);
  // t(0.95; 5) = 2.0150483733330233.
  double mean = 0.0, squares = 0.0;
  for (const double v : values) mean += v / 6.0;
  for (const double v : values) squares += (v - mean) * (v - mean);
  EXPECT_NEAR(ninety.high - ninety.mean, 2.0150483733330233 * std::sqrt(squares / 5.0 / 6.0), 1e-12);
}

TEST(PairedStatistics, MissingValuesAreLeftOut) {
  const std::vector<double> values = {1.0, std::nan(""), 3.0, HUGE_VAL};
  const MeanInterval interval = mean_interval(values);
  EXPECT_EQ(interval.n, 2);
  EXPECT_DOUBLE_EQ(interval.mean, 2.0);
}

TEST(PairedStatistics, EqualValuesGiveAPointAndOneValueNoInterval) {
  const std::vector<double> equal = {4.0, 4.0, 4.0};
  const MeanInterval point = mean_interval(equal);
  EXPECT_EQ(point.low, 4.0);
  EXPECT_EQ(point.high, 4.0);
  const std::vector<double> one = {4.0};
  EXPECT_TRUE(std::isnan(mean_interval(one).low));
  EXPECT_TRUE(std::isnan(mean_interval(std::vector<double>{}).mean));
}

}  // namespace
}  // namespace wijksim
