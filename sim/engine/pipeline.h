#pragma once
// The weekly schedule of MODEL.md §3.1 as the engine's pipeline.
#include "model/state.h"

namespace wijksim {

// Advances the world by one week: phases 1-9 in order. Observation (phase 10)
// is the caller's, so that burn-in weeks are simulated without being recorded.
void step(World& world);

}  // namespace wijksim
