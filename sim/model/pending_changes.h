#pragma once
// Changes to households' problems that other agents cause in a week (harms
// of bending, job slots), applied in next week's phase 2 (docs/ODD.md §7).
// Few households get one in any week, so the changes are kept as a list in
// household order instead of a problem vector for every household.
#include <cstdint>
#include <span>
#include <vector>

#include "core/domains.h"

namespace wijksim {

class PendingChanges {
 public:
  struct Entry {
    std::int32_t household = 0;
    Problems delta{};
  };

  // Adds `value` to the household's change in `domain`. Changes arrive in
  // household order (the events are sorted first), so this appends.
  void add(std::int32_t household, int domain, double value);
  // The household's summed change; zero if it has none.
  Problems of(std::int32_t household) const;
  // The entries of households in [first, last), in household order.
  std::span<const Entry> in_range(std::int32_t first, std::int32_t last) const;
  void clear() { entries_.clear(); }

 private:
  std::vector<Entry> entries_;
};

}  // namespace wijksim
