#pragma once
// The id that stands for "none" wherever a household, helper, team or
// institution may be absent.
#include <cstdint>

namespace wijksim {

inline constexpr std::int32_t kNone = -1;

}  // namespace wijksim
