// Stopping a run (Ctrl-C, or SIGTERM from a scheduler) must not leave a
// results file, whole or temporary. SIGTERM stands in for Ctrl-C here because
// a job a shell starts in the background ignores SIGINT.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cli_runner.h"

namespace wijksim::testing {
namespace {

// `wijksim <args>` on a world far longer than the second it is given on any
// machine, stopped by SIGTERM after that second.
CliResult stopped_after_a_second(const std::string& args, const ScratchDir& dir) {
  dir.write("long.toml", "[scale]\nn_neighbourhoods = 20\nhouseholds_per_nbh = 2500\n"
                         "burnin_weeks = 0\nhorizon_weeks = 2080\n");
  return run_wijksim(args + " & pid=$!; sleep 1; kill -TERM $pid; wait $pid", dir);
}

TEST(CliInterrupt, StoppedRunLeavesNoFiles) {
  ScratchDir dir;
  const CliResult r = stopped_after_a_second("run long.toml -o out.h5 -j 1", dir);
  EXPECT_EQ(r.status, 128 + 15) << r.err;
  EXPECT_EQ(r.err, "wijksim: error: terminated by a signal; no results written\n");
  EXPECT_EQ(dir.files(), std::vector<std::string>{"long.toml"});
}

TEST(CliInterrupt, StoppedReplicatesLeaveNoFiles) {
  ScratchDir dir;
  const CliResult r = stopped_after_a_second("run long.toml --replicates 4 -o out.h5 -j 2", dir);
  EXPECT_EQ(r.status, 128 + 15) << r.err;
  EXPECT_EQ(r.err, "wijksim: error: terminated by a signal; no results written\n");
  EXPECT_EQ(dir.files(), std::vector<std::string>{"long.toml"});
}

// SIGKILL cannot be caught: the run's temporary stays behind, but the file it
// was to replace is untouched until the finished run is renamed onto it, and
// the next run into the same place clears the temporary away.
TEST(CliInterrupt, KilledWhileReplacingKeepsTheOldFileWhole) {
  ScratchDir dir;
  dir.write("tiny.toml", kTinyScenario);
  ASSERT_EQ(run_wijksim("run tiny.toml -o out.h5 -q", dir).status, 0);
  std::ifstream before_stream(dir / "out.h5", std::ios::binary);
  const std::string before(std::istreambuf_iterator<char>(before_stream), {});

  dir.write("long.toml", "[scale]\nn_neighbourhoods = 20\nhouseholds_per_nbh = 2500\n"
                         "burnin_weeks = 0\nhorizon_weeks = 2080\n");
  const CliResult killed =
      run_wijksim("run long.toml -o out.h5 --force -j 1 & pid=$!; sleep 1; kill -KILL $pid; wait $pid", dir);
  EXPECT_EQ(killed.status, 128 + 9) << killed.err;
  std::ifstream after_stream(dir / "out.h5", std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(after_stream), {}), before);
  EXPECT_EQ(run_wijksim("info out.h5", dir).status, 0);
  const std::vector<std::string> left = dir.files();
  ASSERT_EQ(left.size(), 4u);
  EXPECT_EQ(left[2].rfind("out.h5.partial-", 0), 0u) << left[2];

  ASSERT_EQ(run_wijksim("run tiny.toml -o out.h5 --force -q", dir).status, 0);
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"long.toml", "out.h5", "tiny.toml"}));
}

}  // namespace
}  // namespace wijksim::testing
