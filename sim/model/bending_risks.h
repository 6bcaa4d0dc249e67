#pragma once
// The risks a helper runs in phase 5 by working outside the lines (docs/ODD.md
// §7): incidents, sanctions and harm, and the moral strain and risk demand
// that phase 7's burnout reads.
#include "model/state.h"

namespace wijksim {

void run_bending_risks(World& w, Helper& h);

}  // namespace wijksim
