// Phase 4, assignment (docs/ODD.md §3).
// Per team, serially: the queue in (arrival week, household id) order, each
// household to the active worker with the most effective free capacity (ties
// to the lowest id), until no worker has room. Teams touch disjoint state, so
// they run in parallel.
#include <algorithm>
#include <tbb/parallel_for.h>

#include "model/case_ops.h"
#include "model/helpers.h"
#include "model/phases.h"

namespace wijksim {

void assign_queued_cases(World& w) {
  tbb::parallel_for(std::size_t(0), w.teams.size(), [&](std::size_t t) {
    Team& team = w.teams[t];
    if (team.queue.empty()) return;
    Households& hh = w.households;
    const auto by_arrival = [&](std::int32_t a, std::int32_t b) {
      const int wa = hh.cases.of(std::size_t(a)).arrival_week, wb = hh.cases.of(std::size_t(b)).arrival_week;
      return wa != wb ? wa < wb : a < b;
    };
    // What was left waiting last week is still in order; only the households
    // added since (new applications, handed-over cases) are sorted and merged
    // in. The order is total, so this is the order a full sort gives.
    const auto added = std::is_sorted_until(team.queue.begin(), team.queue.end(), by_arrival);
    std::sort(added, team.queue.end(), by_arrival);
    std::inplace_merge(team.queue.begin(), added, team.queue.end(), by_arrival);
    std::size_t served = 0;
    Tally& tally = w.tally.local();
    for (; served < team.queue.size(); ++served) {
      const std::int32_t best = freest_worker(w, team);
      if (best == kNone) break;
      const std::int32_t household = team.queue[served];
      const InstitutionalCase& c = hh.cases.of(std::size_t(household));
      if (c.opened == kNone) tally.add(Sum::queue_wait_weeks, double(w.week - c.arrival_week));
      tally.add(Count::assignments);
      open_case(w, household, best);
    }
    team.queue.erase(team.queue.begin(), team.queue.begin() + std::ptrdiff_t(served));
  });
}

}  // namespace wijksim
