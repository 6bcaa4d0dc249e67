#pragma once
// The weekly schedule of docs/ODD.md §3 as the engine's pipeline.
#include <array>

#include "model/phases.h"
#include "model/state.h"

namespace wijksim {

struct WeeklyPhase {
  const char* name;
  void (*run)(World&);
};

// Phases 1-9 in the order a week runs them. Observation (phase 10) is the
// caller's, so that burn-in weeks are simulated without being recorded.
inline constexpr std::array<WeeklyPhase, 9> kWeeklyPhases{{
    {"context", update_context},             // 1  neighbourhood aggregates, allies, helper quality
    {"problems", update_problems},           // 2  shocks, spill-over, recovery, last week's help
    {"help_seeking", seek_help_and_intake},  // 3  applications, intake, informal intake, outreach
    {"assignment", assign_queued_cases},     // 4  queues to workers, per team
    {"services", deliver_services},          // 5  modes, help, incidents, sanctions, type actions
    {"social", update_social},               // 6  trust, engagement, events, bridging ties
    {"burnout", manage_and_burn_out},        // 7  contact, relief, exhaustion, leave, exits
    {"recruitment", recruit},                // 8  hires, emerging and sponsored Best Persons
    {"closure", review_and_close_cases},     // 9  success and time-out closures
}};

// Advances the world by one week: every phase of kWeeklyPhases in order.
void step(World& world);

}  // namespace wijksim
