#pragma once
// Initialisation (docs/ODD.md §5): neighbourhoods, households, ties, workers and
// informal Best Persons, all drawn from the run's seed.
#include <cstdint>

#include "core/rng.h"
#include "model/state.h"

namespace wijksim {

World build_world(const Parameters& params, std::uint64_t seed);

// A new informal Best Person in `nbh` (at initialisation or emerging later):
// a host household, a type by the type shares, Best-Person traits, and for a
// social entrepreneur its weak ties. Uses draws from `first_draw` on.
std::int32_t add_informal_best_person(World& w, int nbh, bool sponsored, const Draws& draws,
                                      std::uint32_t first_draw);

}  // namespace wijksim
