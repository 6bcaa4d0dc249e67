// `wijksim sweep` and `wijksim merge` as a researcher uses them: the same
// file whatever the thread count, the order runs finish in, the number of
// shards; refusing to overwrite or to resume the wrong file.
#include <gtest/gtest.h>

#include "cli/sweep_fixture.h"
#include "io/hdf5_input.h"

namespace wijksim {
namespace {

using testing::CliResult;
using testing::ScratchDir;
using testing::outcome_difference;
using testing::run_wijksim;

TEST(CliSweep, ThreadCountDoesNotChangeTheOutcomeData) {
  ScratchDir dir;
  testing::write_small_sweep(dir, 100);
  for (const char* threads : {"1", "2", "5"}) {
    const CliResult r = run_wijksim(std::string("sweep grid.toml -q -j ") + threads + " -o j" + threads + ".h5", dir);
    ASSERT_EQ(r.status, 0) << r.err;
  }
  EXPECT_EQ(outcome_difference(dir / "j1.h5", dir / "j2.h5"), "");
  EXPECT_EQ(outcome_difference(dir / "j1.h5", dir / "j5.h5"), "");
  EXPECT_EQ(testing::count_status(dir / "j1.h5", RunStatus::done), testing::kSmallSweepRuns);
  // The comparison can fail: another base seed gives other outcomes.
  dir.write("other.toml",
            "scenario = \"small.toml\"\nreplicates = 4\nbase_seed = 6\n"
            "[vary]\nbending.room = [0, 0.5, 1]\nbending.backing = [0, 1]\n");
  ASSERT_EQ(run_wijksim("sweep other.toml -q -o other.h5", dir).status, 0);
  EXPECT_NE(outcome_difference(dir / "j1.h5", dir / "other.h5"), "");
}

TEST(CliSweep, RunOrderDoesNotChangeTheOutcomeData) {
  // Shards taken in reverse order, one at a time, then merged in a shuffled
  // order: runs are computed and written in an order unlike the whole sweep's.
  ScratchDir dir;
  testing::write_small_sweep(dir, 100);
  ASSERT_EQ(run_wijksim("sweep grid.toml -q -o whole.h5", dir).status, 0);
  for (const char* shard : {"3", "2", "1"})
    ASSERT_EQ(run_wijksim(std::string("sweep grid.toml -q -j 1 --shard ") + shard + "/3 -o s" + shard + ".h5", dir)
                  .status,
              0);
  EXPECT_EQ(testing::count_status(dir / "s2.h5", RunStatus::done), testing::kSmallSweepRuns / 3);
  const CliResult merged = run_wijksim("merge merged.h5 s2.h5 s3.h5 s1.h5", dir);
  ASSERT_EQ(merged.status, 0) << merged.err;
  EXPECT_NE(merged.err.find("24 done, 0 failed, 0 pending"), std::string::npos) << merged.err;
  EXPECT_EQ(outcome_difference(dir / "whole.h5", dir / "merged.h5"), "");
  EXPECT_EQ(read_summary(dir / "merged.h5").shard, "");
}

TEST(CliSweep, AnIncompleteMergeSaysSoAndResumeCompletesIt) {
  ScratchDir dir;
  testing::write_small_sweep(dir, 100);
  ASSERT_EQ(run_wijksim("sweep grid.toml -q -o whole.h5", dir).status, 0);
  for (const char* shard : {"1", "2"})
    ASSERT_EQ(run_wijksim(std::string("sweep grid.toml -q --shard ") + shard + "/3 -o s" + shard + ".h5", dir).status, 0);
  const CliResult merged = run_wijksim("merge merged.h5 s1.h5 s2.h5", dir);
  EXPECT_EQ(merged.status, 1);
  EXPECT_NE(merged.err.find("8 pending"), std::string::npos) << merged.err;
  EXPECT_EQ(testing::count_status(dir / "merged.h5", RunStatus::pending), 8);
  const CliResult resumed = run_wijksim("sweep grid.toml -o merged.h5 --resume", dir);
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("16 of 24 runs already done"), std::string::npos) << resumed.err;
  EXPECT_EQ(outcome_difference(dir / "whole.h5", dir / "merged.h5"), "");
}

TEST(CliSweep, MergeRefusesShardsOfAnotherSweep) {
  ScratchDir dir;
  testing::write_small_sweep(dir, 100);
  ASSERT_EQ(run_wijksim("sweep grid.toml -q --shard 1/2 -o s1.h5", dir).status, 0);
  ASSERT_EQ(run_wijksim("sweep grid.toml -q --shard 2/2 --replicates 2 -o s2.h5", dir).status, 0);
  const CliResult r = run_wijksim("merge merged.h5 s1.h5 s2.h5", dir);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("cannot merge s2.h5 and s1.h5"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("other settings (replicates=2"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "merged.h5"));
}

TEST(CliSweep, NeverOverwritesWithoutForce) {
  ScratchDir dir;
  testing::write_small_sweep(dir, 100);
  ASSERT_EQ(run_wijksim("sweep grid.toml -q --replicates 1 -o out.h5", dir).status, 0);
  const std::string before = testing::slurp(dir / "out.h5");
  const CliResult again = run_wijksim("sweep grid.toml -q -o out.h5", dir);
  EXPECT_EQ(again.status, 1);
  EXPECT_NE(again.err.find("out.h5: already exists; add --resume"), std::string::npos) << again.err;
  EXPECT_EQ(testing::slurp(dir / "out.h5"), before);
  const CliResult forced = run_wijksim("sweep grid.toml -q -o out.h5 --force", dir);
  ASSERT_EQ(forced.status, 0) << forced.err;
  EXPECT_EQ(testing::count_status(dir / "out.h5", RunStatus::done), testing::kSmallSweepRuns);
  const CliResult both = run_wijksim("sweep grid.toml -q -o out.h5 --force --resume", dir);
  EXPECT_EQ(both.status, 2);
  EXPECT_NE(both.err.find("--resume and --force contradict"), std::string::npos) << both.err;
}

TEST(CliSweep, ResumeRefusesAFileOfAnotherSweepAndLeavesItAlone) {
  ScratchDir dir;
  testing::write_small_sweep(dir, 100);
  ASSERT_EQ(run_wijksim("sweep grid.toml -q --replicates 1 -o out.h5", dir).status, 0);
  ASSERT_EQ(run_wijksim("run small.toml -q -o single.h5", dir).status, 0);
  const std::string before = testing::slurp(dir / "out.h5");
  struct Case {
    std::string args;
    std::string message;
  };
  dir.write("changed.toml", testing::slurp(dir / "grid.toml") + "# edited\n");
  for (const Case& c : std::vector<Case>{
           {"sweep grid.toml -o out.h5 --resume",
            "out.h5: cannot resume: it was started with other settings (replicates=1; now none)"},
           {"sweep grid.toml --replicates 1 --set bending.contact_freq=0.5 -o out.h5 --resume",
            "out.h5: cannot resume: it was started with other settings"},
           {"sweep grid.toml --replicates 1 --shard 1/2 -o out.h5 --resume",
            "out.h5: cannot resume: it holds the whole sweep, not shard 1/2"},
           {"sweep changed.toml --replicates 1 -o out.h5 --resume", "out.h5: cannot resume: it holds another sweep"},
           {"sweep grid.toml -o single.h5 --resume", "single.h5: not a sweep results file"},
       }) {
    const CliResult r = run_wijksim(c.args, dir);
    EXPECT_EQ(r.status, 1) << c.args;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.args << "\n" << r.err;
  }
  dir.write("small.toml", testing::slurp(dir / "small.toml") + "# edited\n");
  const CliResult scenario_changed = run_wijksim("sweep grid.toml --replicates 1 -o out.h5 --resume", dir);
  EXPECT_NE(scenario_changed.err.find("the scenario file has changed"), std::string::npos) << scenario_changed.err;
  EXPECT_EQ(testing::slurp(dir / "out.h5"), before);
}

TEST(CliSweep, BadFlagsAreUsageErrorsNamingTheFlag) {
  ScratchDir dir;
  testing::write_small_sweep(dir, 100);
  for (const auto& [args, message] : std::vector<std::pair<std::string, std::string>>{
           {"--shard 0/3", "--shard 0/3: expected I/N with 1 <= I <= N"},
           {"--shard 4/3", "--shard 4/3: expected I/N"},
           {"--shard two", "--shard two: expected I/N"},
           {"--replicates 0", "--replicates 0: must be at least 1"},
           {"--set bending.room=0.5", "--set bending.room=0.5: bending.room is varied by the sweep"},
           {"--set bending.rooom=0.5", "bending.rooom"},
       }) {
    const CliResult r = run_wijksim("sweep grid.toml -q -o out.h5 " + args, dir);
    EXPECT_EQ(r.status, 2) << args << "\n" << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << args << "\n" << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "out.h5")) << args;
  }
}

TEST(CliSweep, BadSweepFilesAreUsageErrorsNamingFileLineAndKey) {
  ScratchDir dir;
  testing::write_small_sweep(dir, 100);
  const std::string head = "scenario = \"small.toml\"\n";
  for (const auto& [text, message] : std::vector<std::pair<std::string, std::string>>{
           {head + "[vary]\nbending.rooom = [0, 1]\n", "bad.toml:3:9: unknown key 'bending.rooom'; did you mean "
                                                      "'bending.room'?"},
           {head + "[vary]\nbending.room = []\n", "bad.toml:3:16: bending.room lists no values"},
           {head + "[vary]\nbending.room = { start = 0, stop = 1, step = 0 }\n", "needs a step above 0"},
           {head + "[vary]\nbending.room = { start = 1, stop = 0, step = 0.5 }\n", "has start above stop"},
           {head + "[[zip]]\nbending.room = [0, 1]\nbending.backing = [0, 0.5, 1]\n",
            "zip group 1 has parameters of unequal length (bending.room has 2 values, bending.backing has 3)"},
           {head + "replicates = 0\n", "bad.toml:2:14: replicates = 0 must be at least 1"},
           {head + "design = \"lhs\"\nsamples = 0\n[vary]\nbending.room = { min = 0, max = 1 }\n",
            "bad.toml:3:11: samples = 0 must be at least 1"},
           {head + "[vary]\nscale.n_neighbourhoods = [1, 2]\n", "scale.n_neighbourhoods cannot be varied"},
           {head + "[vary]\nbending.room = [0, 1.5]\n", "bending.room = 1.5 is outside the allowed range [0, 1]"},
       }) {
    dir.write("bad.toml", text);
    const CliResult r = run_wijksim("sweep bad.toml -q -o bad.h5", dir);
    EXPECT_EQ(r.status, 2) << text << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << text << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "bad.h5")) << text;
  }
}

TEST(CliSweep, AnUnwritableDirectoryIsAnErrorBeforeAnyRun) {
  ScratchDir dir;
  testing::write_small_sweep(dir, 100);
  const CliResult r = run_wijksim("sweep grid.toml -q -o missing/out.h5", dir);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("missing/out.h5: cannot create results file: directory missing does not exist"),
            std::string::npos)
      << r.err;
}

TEST(CliSweep, AFullDiskStopsTheSweepKeepingWhatWasWritten) {
  // The file is created whole at the start, so a full disk shows at creation
  // (and nothing is left behind), or, for a file created earlier, on the
  // first run written beyond the space left.
  ScratchDir dir;
  testing::write_small_sweep(dir, 100);
  ASSERT_EQ(run_wijksim("sweep grid.toml -q -o reference.h5", dir).status, 0);
  const auto size_kib = long(std::filesystem::file_size(dir / "reference.h5") / 1024);

  const CliResult refused = testing::run_wijksim_on_small_disk(size_kib / 2, "sweep grid.toml -q -o out.h5", dir);
  EXPECT_EQ(refused.status, 1) << refused.err;
  EXPECT_NE(refused.err.find("out.h5: creating the results file failed"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("File too large"), std::string::npos) << refused.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "out.h5"));
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"grid.toml", "reference.h5", "small.toml"}));

  // Half the runs done (one shard, merged alone into a file of the whole
  // sweep), then resumed on a disk that fills up.
  ASSERT_EQ(run_wijksim("sweep grid.toml -q --shard 1/2 -o shard.h5", dir).status, 0);
  ASSERT_EQ(run_wijksim("merge -q half.h5 shard.h5", dir).status, 1);
  const CliResult full = testing::run_wijksim_on_small_disk(size_kib / 2, "sweep grid.toml -q -o half.h5 --resume", dir);
  EXPECT_EQ(full.status, 1);
  EXPECT_NE(full.err.find("half.h5: writing run"), std::string::npos) << full.err;
  EXPECT_EQ(testing::count_status(dir / "half.h5", RunStatus::done), testing::kSmallSweepRuns / 2);
  const CliResult resumed = run_wijksim("sweep grid.toml -q -o half.h5 --resume", dir);
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_EQ(outcome_difference(dir / "reference.h5", dir / "half.h5"), "");
}

TEST(CliSweep, InfoShowsRunsVariedParametersAndSweep) {
  ScratchDir dir;
  testing::write_small_sweep(dir, 100);
  ASSERT_EQ(run_wijksim("sweep grid.toml -q --shard 2/2 --replicates 2 -o out.h5", dir).status, 0);
  const CliResult r = run_wijksim("info out.h5", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("sweep           grid, shard 2/2, with replicates=2 (sha256 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("scenario        small (sha256 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("runs            12: 6 done, 0 failed, 6 pending"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bending.room     3 values from 0 to 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bending.backing  2 values from 0 to 1"), std::string::npos) << r.out;
}

// AddressSanitizer reserves far more address space than the limit below,
// and aborts rather than throw when memory runs out; there, the failure of a
// run is tested in tests/engine/test_sweep_execution.cpp alone.
#ifndef __SANITIZE_ADDRESS__
TEST(CliSweep, ARunThatFailsIsMarkedWithItsMessageAndTheOthersGoOn) {
  // Cells of 10 and of 10,000 households per neighbourhood, in 1,000
  // neighbourhoods, under a limit of 1.5 GB of address space: the large
  // world runs out of memory, the small one runs. One run at a time (-j 1),
  // or a small run that shares the address space with a large one can run
  // out of memory too.
  ScratchDir dir;
  testing::write_small_sweep(dir, 100);
  dir.write("memory.toml", "scenario = \"small.toml\"\nreplicates = 2\n[vary]\n"
                           "scale.households_per_nbh = [10, 10000]\n");
  const CliResult r = run_wijksim("--version >/dev/null; ulimit -v 1500000; '" WIJKSIM_BINARY
                                  "' sweep memory.toml -q -j 1 -o out.h5 --set scale.n_neighbourhoods=1000",
                                  dir);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("2 runs of 4 failed; `wijksim info out.h5` lists the failures"), std::string::npos) << r.err;
  const SweepFile file = SweepFile::open(dir / "out.h5", false);
  EXPECT_EQ(file.statuses(), (std::vector<RunStatus>{RunStatus::done, RunStatus::done, RunStatus::failed,
                                                      RunStatus::failed}));
  EXPECT_EQ(file.read_run(2).error, "out of memory");
  EXPECT_TRUE(file.read_run(2).values.empty());
  const CliResult info = run_wijksim("info out.h5", dir);
  EXPECT_NE(info.out.find("run 3: out of memory"), std::string::npos) << info.out;
}
#endif

}  // namespace
}  // namespace wijksim
