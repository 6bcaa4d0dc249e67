#pragma once
// The metrics of metrics.def: their table, and their ids for the observer
// that fills them.
#include <span>

#include "engine/run_result.h"

namespace wijksim {

enum class MetricId : int {
#define WIJKSIM_METRIC(name, ...) name,
#include "engine/metrics.def"
#undef WIJKSIM_METRIC
  kCount
};

// Every metric a run records, in the order of RunResult::values.
std::span<const MetricSpec> metric_table();

}  // namespace wijksim
