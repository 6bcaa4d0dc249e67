#include "engine/simulation.h"

#include <string>

#include "core/errors.h"
#include "engine/pipeline.h"
#include "model/levers.h"
#include "model/world_builder.h"

namespace wijksim {

namespace {

// Every value outside its range and every broken relation, in one message.
void require_valid(const Parameters& p) {
  std::string problems;
  for (const ParameterSpec& spec : parameter_table())
    for (int i = 0; i < spec.width(); ++i)
      if (auto problem = check_value(spec, get_value(p, spec, i))) problems += (problems.empty() ? "" : "; ") + *problem;
  for (const std::string& problem : check_relations(p)) problems += (problems.empty() ? "" : "; ") + problem;
  if (!problems.empty()) throw InputError(problems);
}

World valid_world(const Parameters& parameters, std::uint64_t seed) {
  require_valid(parameters);
  return build_world(parameters, seed);
}

}  // namespace

Simulation::Simulation(const Parameters& parameters, std::uint64_t seed, std::vector<TimedChange> timed_changes)
    : world_(valid_world(parameters, seed)), timed_changes_(std::move(timed_changes)) {}

void Simulation::advance() {
  apply_due_timed_changes();
  world_.tally.clear();
  step(world_);
}

void Simulation::apply_changes(std::span<const ParameterAssignment> assignments) {
  Parameters next = world_.params;
  for (const ParameterAssignment& a : assignments) {
    if (a.spec->timing == Timing::Structural)
      throw InputError(a.spec->qualified_name() + " is fixed when the world is built and cannot change mid-run");
    apply(next, a);
  }
  require_valid(next);
  world_.params = next;
  apply_levers(world_);
}

// Every change due by the coming week at once, so that they are checked
// together, as a scenario file states them.
void Simulation::apply_due_timed_changes() {
  const int coming_week = week() + 1;
  if (next_timed_change_ == timed_changes_.size() || timed_changes_[next_timed_change_].week > coming_week) return;
  std::vector<ParameterAssignment> due;
  for (; next_timed_change_ < timed_changes_.size() && timed_changes_[next_timed_change_].week <= coming_week;
       ++next_timed_change_)
    due.insert(due.end(), timed_changes_[next_timed_change_].assignments.begin(),
               timed_changes_[next_timed_change_].assignments.end());
  apply_changes(due);
}

}  // namespace wijksim
