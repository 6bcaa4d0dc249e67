#pragma once
// What a helper does in phase 5 besides helping its cases: run the risks of
// working outside the lines (incidents, sanctions, harm; docs/ODD.md §7) and
// the type-specific actions of §7.7 (bridge builders' coordination, dialogue
// and bridging ties; social entrepreneurs' job slots).
#include "model/state.h"

namespace wijksim {

void act_on_risks_and_extras(World& w, Helper& h);

}  // namespace wijksim
