#pragma once
// Recruitment (docs/ODD.md §7): vacancies filled
// by advertisement or by scouts, and informal Best Persons who emerge in the
// neighbourhoods and are found and sponsored.
#include "model/state.h"

namespace wijksim {

// Opens a vacancy for a position based in `nbh` and chooses its hire now,
// against that neighbourhood's problem mix, through the recruitment channel
// in force; the hire starts after the channel's time to fill.
void open_vacancy(World& w, PositionKind kind, int team, int position, int nbh);

}  // namespace wijksim
