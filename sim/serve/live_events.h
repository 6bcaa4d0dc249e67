#pragma once
// What happened in a week of a live model, in plain words for a class: rules
// bent and how managers answered, burnouts, departures, returns and hires.
#include <cstdint>
#include <vector>

#include "serve/live_frame.h"

namespace wijksim {

struct World;
struct Tally;

// At most this many events per week: a page shows a ticker, not a log.
inline constexpr std::size_t kMaxEventsPerWeek = 50;

// The events of the week just simulated. `status_before` holds each helper's
// status (HelperStatus) before the week; helpers beyond it are new.
std::vector<Event> describe_week(const World& world, const Tally& tally, const std::vector<std::uint8_t>& status_before,
                                 int week);

}  // namespace wijksim
