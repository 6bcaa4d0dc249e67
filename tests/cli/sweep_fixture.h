#pragma once
// A small sweep for the command-line tests, and the comparison the sweep
// promises: two files hold the same outcome data (every run's status, seed,
// error and metric values, bit for bit; wall times and creation times may
// differ).
#include <gtest/gtest.h>

#include <string>

#include "cli/cli_runner.h"
#include "io/sweep_file.h"
#include "support/bit_identical.h"

namespace wijksim::testing {

// 3 x 2 cells x 4 replicates = 24 runs of a world small enough to take a
// fraction of a second each, long enough that a kill can land mid-sweep.
inline void write_small_sweep(const ScratchDir& dir, int households = 300) {
  dir.write("small.toml", "[scale]\nn_neighbourhoods = 2\nhouseholds_per_nbh = " + std::to_string(households) +
                              "\nburnin_weeks = 20\nhorizon_weeks = 30\n");
  dir.write("grid.toml",
            "scenario = \"small.toml\"\nreplicates = 4\nbase_seed = 5\n"
            "[vary]\nbending.room = [0, 0.5, 1]\nbending.backing = [0, 1]\n");
}
inline constexpr int kSmallSweepRuns = 24;

// Empty when the files hold the same outcome data, else the first difference.
inline std::string outcome_difference(const std::filesystem::path& a, const std::filesystem::path& b) {
  const SweepFile x = SweepFile::open(a, false);
  const SweepFile y = SweepFile::open(b, false);
  if (x.runs() != y.runs() || x.metric_names() != y.metric_names()) return "different layouts";
  for (int run = 0; run < x.runs(); ++run) {
    const RunResult r = x.read_run(run), s = y.read_run(run);
    const std::string which = "run " + std::to_string(run) + ": ";
    if (r.status != s.status) return which + "status differs";
    if (r.seed != s.seed) return which + "seed differs";
    if (r.error != s.error) return which + "error differs";
    if (r.values.size() != s.values.size()) return which + "metric count differs";
    for (std::size_t m = 0; m < r.values.size(); ++m)
      if (!bitwise_equal(r.values[m], s.values[m])) return which + x.metric_names()[m] + " differs";
  }
  return "";
}

inline int count_status(const std::filesystem::path& path, RunStatus wanted) {
  int count = 0;
  const SweepFile file = SweepFile::open(path, false);
  for (const RunStatus status : file.statuses()) count += status == wanted;
  return count;
}

}  // namespace wijksim::testing
