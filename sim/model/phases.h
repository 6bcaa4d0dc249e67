#pragma once
// The submodels of docs/ODD.md §7, one per file, in the order of the weekly
// schedule (§3.1). Each reads last week's state of other agents and writes
// its own agents' state; effects that cross agents go through each helper's
// events and tie requests, applied serially in a fixed order.
#include "model/state.h"

namespace wijksim {

void update_context(World& w);             // 1  context.cpp
void update_problems(World& w);            // 2  problem_dynamics.cpp
void seek_help_and_intake(World& w);       // 3  help_seeking.cpp
void assign_queued_cases(World& w);        // 4  assignment.cpp
void deliver_services(World& w);           // 5  service_delivery.cpp, rule_bending.cpp, bending_risks.cpp,
                                           //    bridging_and_jobs.cpp
void update_social(World& w);              // 6  social_update.cpp
void manage_and_burn_out(World& w);        // 7  burnout.cpp
void recruit(World& w);                    // 8  recruitment.cpp
void review_and_close_cases(World& w);     // 9  case_closure.cpp

// Shared by several phases.
double helper_quality(const Helper& h, const Parameters& p, int week);
double dialogue_weight(HelperType t, const Parameters& p);
double coordination_weight(HelperType t, const Parameters& p);

}  // namespace wijksim
