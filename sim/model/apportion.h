#pragma once
// Whole people from rates: a rate per 1,000 households gives each district or
// neighbourhood a fractional quota, and the quotas become whole counts by the
// largest-remainder method (Hamilton's), so that the city's total is its
// quotas' sum rounded to the nearest whole and no place is more than one
// person off its quota. Equal remainders go to the lower index, so the result
// depends on nothing but the quotas.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <span>
#include <vector>

namespace wijksim {

inline std::vector<int> largest_remainder(std::span<const double> quotas) {
  std::vector<int> counts(quotas.size());
  std::vector<double> remainders(quotas.size());
  double total_quota = 0;
  long long assigned = 0;
  for (std::size_t i = 0; i < quotas.size(); ++i) {
    const double floor = std::floor(quotas[i]);
    counts[i] = int(floor);
    remainders[i] = quotas[i] - floor;
    total_quota += quotas[i];
    assigned += counts[i];
  }
  const long long target = std::llround(total_quota);
  std::vector<std::size_t> order(quotas.size());
  std::iota(order.begin(), order.end(), std::size_t(0));
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  for (std::size_t k = 0; k < order.size() && assigned < target; ++k, ++assigned) ++counts[order[k]];
  return counts;
}

}  // namespace wijksim
