#pragma once
// The kinds of helper (docs/ODD.md §2). Apart from model/state.h because the
// weekly tally (model/tally.h), which state.h includes, counts per type too;
// a type's value indexes every per-type count and output column.
#include <cstdint>

namespace wijksim {

enum class HelperType : std::uint8_t {
  standard_worker = 0,
  frontline_worker = 1,
  bridge_builder_inside = 2,
  bridge_builder_outside = 3,
  everyday_doer = 4,
  social_entrepreneur = 5,
};
inline constexpr int kHelperTypes = 6;

}  // namespace wijksim
