#pragma once
// The life of a case: queued, opened with a helper, handed over, closed.
// Shared by intake, outreach, assignment, burnout and closure so that every
// path keeps households, caseloads and queues consistent.
#include "model/state.h"

namespace wijksim {

// Starts a household's case at `institution`, not yet queued or assigned.
void create_case(World& w, int household, int institution, int arrival_week, bool authorised_exception);

// Starts a case and puts the household in the queue of its neighbourhood's team at `institution`.
void enqueue(World& w, int household, int institution, int arrival_week, bool authorised_exception);

// Gives a household's case to a helper (new case, or a handed-over one).
void open_case(World& w, int household, int helper);

// Closes a household's institutional case; records the change in p-bar by
// complexity class at opening unless the case closed as a refusal.
void close_case(World& w, int household, bool as_refusal);

// Key discovery at opening or review (§11 entry 8): with probability equal to
// the helper's empathy the true key domain becomes known; otherwise a known
// key is kept and an unknown one is guessed as the salient domain.
void discover_key(const Households& hh, int household, double empathy, double uniform_draw,
                  std::int8_t& key_guess, bool& key_known);

// A helper leaving service (leave, exit, dismissal) hands every case back:
// institutional cases to the front of their team's queue, informal clients
// released (§11 entries 3, 4). Each household loses trust_handover of its trust.
void hand_over_all(World& w, Helper& h);

void open_informal_case(World& w, int household, Helper& h);
void close_informal_case(World& w, int household, Helper& h);

}  // namespace wijksim
