#include "engine/run_result.h"

#include "core/domains.h"

namespace wijksim {

int level_extent(MetricLevel level, int neighbourhoods) {
  switch (level) {
    case MetricLevel::city: return 1;
    case MetricLevel::neighbourhood: return neighbourhoods;
    case MetricLevel::helper_type: return int(std::size(kHelperTypeNames));
    case MetricLevel::domain: return kDomains;
    case MetricLevel::complexity: return 3;
  }
  return 1;
}

}  // namespace wijksim
