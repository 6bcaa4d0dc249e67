#include "engine/paired_statistics.h"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace wijksim {

MeanInterval mean_interval(std::span<const double> values, double level) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  double sum = 0.0;
  int n = 0;
  for (const double v : values)
    if (std::isfinite(v)) {
      sum += v;
      ++n;
    }
  if (n == 0) return {nan, nan, nan, 0};
  const double mean = sum / n;
  if (n < 2) return {mean, nan, nan, n};
  double squares = 0.0;
  for (const double v : values)
    if (std::isfinite(v)) squares += (v - mean) * (v - mean);
  const double standard_error = std::sqrt(squares / (n - 1)) / std::sqrt(double(n));
  const boost::math::students_t t(double(n - 1));
  const double half = boost::math::quantile(boost::math::complement(t, (1.0 - level) / 2.0)) * standard_error;
  return {mean, mean - half, mean + half, n};
}

}  // namespace wijksim
