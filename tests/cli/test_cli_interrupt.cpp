// Stopping a run (Ctrl-C, or SIGTERM from a scheduler) must not leave a
// results file, whole or temporary. SIGTERM stands in for Ctrl-C here because
// a job a shell starts in the background ignores SIGINT.
#include <gtest/gtest.h>

#include <string>

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

}  // namespace
}  // namespace wijksim::testing
