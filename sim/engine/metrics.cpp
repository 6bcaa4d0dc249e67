#include "engine/metrics.h"

namespace wijksim {

namespace {
constexpr MetricSpec kMetrics[] = {
#define WIJKSIM_METRIC(name, units, level, long_name) {#name, units, long_name, MetricLevel::level},
#include "engine/metrics.def"
#undef WIJKSIM_METRIC
};
static_assert(std::size(kMetrics) == std::size_t(MetricId::kCount));
}  // namespace

std::span<const MetricSpec> metric_table() { return kMetrics; }

}  // namespace wijksim
