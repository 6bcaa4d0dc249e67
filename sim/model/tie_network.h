#pragma once
// The households' social ties: construction and the edits that bridging and
// tie decay make during a run.
#include "model/state.h"

namespace wijksim {

void build_tie_network(World& world);

bool tied(const Households& hh, int a, int b);
// Adds an undirected tie if both ends have room and are not yet tied.
bool add_tie(Households& hh, int a, int b, bool bridge);
void remove_tie(Households& hh, int a, int b);

}  // namespace wijksim
