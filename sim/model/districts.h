#pragma once
// Districts: the areas a set of teams serves (docs/ODD.md §2). The city's
// households, numbered neighbourhood by neighbourhood, are cut into
//   m = max(1, round(H / district_households))
// ranges of consecutive households, district j starting at floor(j H / m).
// Several small neighbourhoods share a district and a large one is split, so
// a team serves about the same number of households whatever the size of the
// neighbourhoods: with staff given per 1,000 households, team sizes, queues
// and the sums over a district's bridge builders do not depend on how the
// city is cut into neighbourhoods.
#include <algorithm>
#include <cstdint>

#include "model/state.h"

namespace wijksim {

inline int district_count(int households, int district_households) {
  const auto m = (std::int64_t(households) + district_households / 2) / district_households;
  return int(std::max<std::int64_t>(1, m));
}

inline int district_first_household(int district, int districts, int households) {
  return int(std::int64_t(district) * households / districts);
}

// The district holding `household`: the largest j with first(j) <= household.
inline int district_of(int household, int districts, int households) {
  return int(((std::int64_t(household) + 1) * districts - 1) / households);
}

inline int district_of(const World& w, int household) {
  return district_of(household, int(w.districts.size()), w.households.count);
}

// How many of the households [first, end) district `district` holds.
inline int district_overlap(const District& district, int first, int end) {
  return std::max(0, std::min(end, district.first_household + district.household_count) -
                         std::max(first, district.first_household));
}

// The household-weighted mean of `value(district)` over the districts a
// neighbourhood overlaps: what its households feel of a district quantity.
template <typename Value>
double neighbourhood_mean(const World& w, const Neighbourhood& nb, Value value) {
  const int first = nb.first_household, end = nb.first_household + nb.household_count;
  const int d0 = district_of(w, first), d1 = district_of(w, end - 1);
  if (d0 == d1) return value(w.districts[std::size_t(d0)]);
  double sum = 0;
  for (int d = d0; d <= d1; ++d) {
    const District& district = w.districts[std::size_t(d)];
    sum += district_overlap(district, first, end) * value(district);
  }
  return sum / nb.household_count;
}

}  // namespace wijksim
