#pragma once
// Creating helpers and the per-type facts every submodel asks about them:
// hours, caseload caps, and whose manager (levers) they answer to.
#include "core/rng.h"
#include "model/state.h"
#include "model/traits.h"

namespace wijksim {

bool is_caseworker(HelperType t);  // standard or frontline worker: holds institutional cases
bool is_informal(HelperType t);    // everyday doer, social entrepreneur, outside bridge builder
bool is_bridge_builder(HelperType t);
bool holds_informal_cases(HelperType t);  // everyday doer, social entrepreneur

// The table of informal cases kept for helpers of this type: the everyday
// doers' for an everyday doer, the social entrepreneurs' otherwise.
inline InformalCases& informal_cases(Households& hh, HelperType t) {
  return t == HelperType::everyday_doer ? hh.ed_case : hh.se_case;
}

double contract_hours(HelperType t, const Parameters& p);
int base_cap(const Helper& h, const Parameters& p);
// The cap in force this week: lowered while on relief or just back from leave (§11 entry 13).
int effective_cap(const Helper& h, const Parameters& p, int week);

// The active member of a team with the most effective free capacity, ties to
// the lowest id; kNone when nobody has room. The order of phase 4.
std::int32_t freest_worker(const World& w, const Team& t);

// The team whose manager's levers apply: a worker's own team, social services
// in the district for inside bridge builders and sponsored informal Best
// Persons, none for the unsponsored.
const Team* managing_team(const Helper& h, const World& w);

// A new helper with traits, dynamic state at its initial values (§11 entry 18),
// appended to world.helpers; returns its id. It is based in `nbh` and works
// in `district`. `draws` and `draw` give the initial exhaustion.
std::int32_t add_helper(World& w, HelperType type, int nbh, int district, int team, bool sponsored,
                        const Traits& traits, const Draws& draws, std::uint32_t draw);

}  // namespace wijksim
