#include "engine/pipeline.h"

#include "model/phases.h"

namespace wijksim {

void step(World& world) {
  update_context(world);          // 1  neighbourhood aggregates, allies, helper quality
  update_problems(world);         // 2  shocks, spill-over, recovery, last week's help
  seek_help_and_intake(world);    // 3  applications, intake, informal intake, outreach
  assign_queued_cases(world);     // 4  queues to workers, per team
  deliver_services(world);        // 5  modes, help, incidents, sanctions, type actions
  update_social(world);           // 6  trust, engagement, events, bridging ties
  manage_and_burn_out(world);     // 7  contact, relief, exhaustion, leave, exits
  recruit(world);                 // 8  hires, emerging and sponsored Best Persons
  review_and_close_cases(world);  // 9  success and time-out closures
  ++world.week;
}

}  // namespace wijksim
