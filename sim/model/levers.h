#pragma once
// Managers' levers per team and each institution's protocol fit, resolved from
// the parameters. Called when the world is built and whenever parameters
// change between weeks (timed changes, classroom sliders).
#include "model/state.h"

namespace wijksim {

void apply_levers(World& world);

}  // namespace wijksim
