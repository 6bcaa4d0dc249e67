#pragma once
// What one run produces: its outcome trajectories, one series per metric,
// laid out week-major ([week][extent]) so a week's values are contiguous.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wijksim {

// The dimension a metric's per-week values run over besides (run, week).
enum class MetricLevel : std::uint8_t {
  city,           // one value per week
  neighbourhood,  // one per neighbourhood
  helper_type,    // one per helper type (kHelperTypeNames)
  domain,         // one per problem domain (kDomainNames)
  complexity,     // one per complexity class (kComplexityNames)
};

struct MetricSpec {
  std::string_view name;       // variable name in the HDF5 file
  std::string_view units;      // UDUNITS-style, "1" for dimensionless
  std::string_view long_name;  // what it measures, in words
  MetricLevel level;
};

inline constexpr std::string_view kHelperTypeNames[6] = {
    "standard_worker", "frontline_worker",  "bridge_builder_inside",
    "bridge_builder_outside", "everyday_doer", "social_entrepreneur"};

inline constexpr std::string_view kComplexityNames[] = {"one", "two", "three_or_more"};

enum class RunStatus : std::uint8_t { pending = 0, done = 1, failed = 2 };

struct RunResult {
  std::uint64_t seed = 0;
  RunStatus status = RunStatus::pending;
  std::string error;          // why it failed, if it did
  double wall_seconds = 0.0;  // for performance records only; never compared
  int weeks = 0;              // recorded weeks
  int neighbourhoods = 0;
  // values[m] holds weeks x extent(level of metric m) floats, week-major.
  std::vector<std::vector<float>> values;
};

// Number of values per week at a level, for a world of `neighbourhoods`.
int level_extent(MetricLevel level, int neighbourhoods);

}  // namespace wijksim
