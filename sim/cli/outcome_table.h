#pragma once
// The short table `wijksim run` prints after a run: key city-level outcomes in
// the first and the last recorded year, so a newcomer sees what happened.
#include <span>
#include <string>

#include "engine/run_result.h"

namespace wijksim::cli {

// Throws std::logic_error naming any outcome the table needs that `metrics`
// lacks or records at another level than the city: called before a run so a
// renamed metric fails at once rather than after the work is done.
void check_outcome_metrics(std::span<const MetricSpec> metrics);

// The table for `result`, whose values follow `metrics`. Means over the 52
// weeks of each year (over all weeks when fewer were recorded); counts of
// events as totals per year.
std::string format_outcomes(const RunResult& result, std::span<const MetricSpec> metrics);

}  // namespace wijksim::cli
