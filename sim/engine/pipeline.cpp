#include "engine/pipeline.h"

namespace wijksim {

void step(World& world) {
  for (const WeeklyPhase& phase : kWeeklyPhases) phase.run(world);
  ++world.week;
}

}  // namespace wijksim
