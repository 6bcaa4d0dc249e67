#pragma once
// Shared by the results-file tests: a scratch directory, a metric table with
// one metric per level, and run results with known values.
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/run_result.h"
#include "io/hdf5_output.h"

namespace wijksim::testing {

// A fresh directory under the system temp directory, removed with its contents.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    // The address keeps two directories of one process apart, the pid two processes.
    path_ = std::filesystem::temp_directory_path() /
            ("wijksim-hdf5-" + std::to_string(::getpid()) + "-" +
             std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ignored);
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  // Every entry's file name, sorted: to see what a writer left behind.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path_))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::filesystem::path path_;
};

// One metric per level, so every dimension a metric can have is exercised.
inline constexpr MetricSpec kTestMetrics[] = {
    {"households_helped", "1", "households helped this week", MetricLevel::city},
    {"open_cases", "case", "open cases per neighbourhood", MetricLevel::neighbourhood},
    {"active_helpers", "1", "active helpers per type", MetricLevel::helper_type},
    {"problems_solved", "1", "problems solved per domain", MetricLevel::domain},
    {"mean_wait", "week", "mean wait per complexity class", MetricLevel::complexity},
};

inline OutputLayout test_layout(int runs, int weeks, int neighbourhoods) {
  OutputLayout layout;
  layout.runs = runs;
  layout.weeks = weeks;
  layout.neighbourhoods = neighbourhoods;
  layout.metrics = kTestMetrics;
  return layout;
}

inline Provenance test_provenance(std::string name = "test-scenario") {
  Provenance provenance;
  provenance.scenario_name = name;
  provenance.scenario_path = "scenarios/" + name + ".toml";
  provenance.scenario_text = "[scale]\nn_neighbourhoods = 3\n";
  provenance.command_line = "wijksim run scenarios/" + name + ".toml -o out.h5";
  return provenance;
}

// Values drawn from all over float's range (negative zero, subnormals, huge
// and tiny magnitudes) so a lossy conversion anywhere would show; never NaN,
// which is what an unwritten value reads as.
inline float awkward_float(std::uint64_t key) {
  std::uint64_t x = key * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
  x ^= x >> 31;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 29;
  auto bits = std::uint32_t(x);
  if ((bits & 0x7F800000u) == 0x7F800000u) bits &= 0xFF7FFFFFu;  // NaN or infinity: make it finite
  if (key % 17 == 0) bits = 0x80000000u;                          // negative zero
  if (key % 19 == 0) bits = 0x00000001u;                          // smallest subnormal
  return std::bit_cast<float>(bits);
}

inline RunResult test_result(const OutputLayout& layout, int run, std::uint64_t seed) {
  RunResult result;
  result.seed = seed;
  result.status = RunStatus::done;
  result.wall_seconds = 1.5 + run;
  result.weeks = layout.weeks;
  result.neighbourhoods = layout.neighbourhoods;
  std::uint64_t key = std::uint64_t(run) * 1'000'003;
  for (const MetricSpec& spec : layout.metrics) {
    std::vector<float> values(std::size_t(layout.weeks * level_extent(spec.level, layout.neighbourhoods)));
    for (float& v : values) v = awkward_float(key++);
    result.values.push_back(std::move(values));
  }
  return result;
}

}  // namespace wijksim::testing
