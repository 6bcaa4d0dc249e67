#pragma once
// One world advancing week by week: the weekly loop that `wijksim run` (and
// through it every sweep) and the classroom's live model both drive. A change
// to what a week does, or to how parameters change between weeks, goes here
// and nowhere else, so that a run and the classroom cannot drift apart.
#include <cstdint>
#include <span>
#include <vector>

#include "engine/scenario.h"
#include "model/state.h"

namespace wijksim {

class Simulation {
 public:
  // Builds the world of `parameters` with `seed`, after checking them as a
  // scenario file's validation would (InputError listing every problem).
  // `timed_changes` (sorted by week) take effect as advance() reaches them.
  Simulation(const Parameters& parameters, std::uint64_t seed, std::vector<TimedChange> timed_changes = {});

  // Simulates the next week: first the timed changes due by then, then the
  // phases of the weekly pipeline, on a tally cleared for that week.
  void advance();

  // Changes parameters from the next week on. Checked as a whole, so that a
  // set of changes may pass through no invalid state between them; throws
  // InputError, leaving the world as it was, when one is fixed at build time
  // or together they break a range or a relation between parameters.
  void apply_changes(std::span<const ParameterAssignment> assignments);

  // The week last simulated, counted from the end of the burn-in: the
  // negative of the burn-in's length before the first week, 0 once burnt in,
  // w after recorded week w.
  int week() const { return world_.week - world_.params.burnin_weeks; }

  // The world after the last week, for observers; tally() is that week's.
  const World& world() const { return world_; }
  Tally tally() const { return world_.tally.combine(); }

 private:
  void apply_due_timed_changes();

  World world_;
  std::vector<TimedChange> timed_changes_;
  std::size_t next_timed_change_ = 0;
};

}  // namespace wijksim
