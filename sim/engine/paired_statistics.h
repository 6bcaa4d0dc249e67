#pragma once
// The statistics of a paired comparison: runs of two scenarios that share a
// seed differ only in the scenario (common random numbers), so the mean of
// their differences and its t-interval say how the scenarios differ.
#include <span>

namespace wijksim {

struct MeanInterval {
  double mean = 0.0;
  double low = 0.0;   // NaN with fewer than two values
  double high = 0.0;  // NaN with fewer than two values
  int n = 0;          // finite values behind it
};

// The mean of the finite `values` and its two-sided Student-t interval at
// `level`; equal values give a point interval, no values a NaN mean.
MeanInterval mean_interval(std::span<const double> values, double level = 0.95);

}  // namespace wijksim
