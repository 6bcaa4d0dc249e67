#pragma once
// What bridge builders and social entrepreneurs do in phase 5 besides their
// cases, the type-specific actions of §7.7 (docs/ODD.md §7): bridge builders'
// coordination, dialogue and bridging ties; social entrepreneurs' job slots.
#include "model/state.h"

namespace wijksim {

void bridge_and_offer_jobs(World& w, Helper& h);

}  // namespace wijksim
