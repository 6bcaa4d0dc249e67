#pragma once
// Ids of the metrics in metrics.def, for the observer that fills them.
#include <span>

#include "engine/run_result.h"

namespace wijksim {

enum class MetricId : int {
#define WIJKSIM_METRIC(name, ...) name,
#include "engine/metrics.def"
#undef WIJKSIM_METRIC
  kCount
};

std::span<const MetricSpec> metric_table();

}  // namespace wijksim
