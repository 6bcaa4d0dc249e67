// The commands that do not run the model, and a tiny run end to end.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "build_info.h"
#include "cli_runner.h"

namespace wijksim::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CliCommands, VersionPrintsTheGitCommitAndLibraries) {
  ScratchDir dir;
  const CliResult r = run_wijksim("--version", dir);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.out, build::git_commit)) << r.out;
  EXPECT_TRUE(contains(r.out, build::version)) << r.out;
  for (const char* library : {"Boost", "oneTBB", "HDF5", "toml++", "CLI11"})
    EXPECT_TRUE(contains(r.out, library)) << library << " missing from:\n" << r.out;
}

TEST(CliCommands, ParamsJsonIsValidJson) {
  ScratchDir dir;
  const CliResult r = run_wijksim(
      "params --format json | /usr/bin/python3 -c 'import json,sys; "
      "print(len(json.load(sys.stdin)))'",
      dir);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_GT(std::stoi(r.out), 150) << r.out;
}

TEST(CliCommands, ParamsFormatsAllSucceed) {
  ScratchDir dir;
  for (const char* format : {"table", "markdown", "json", "toml"}) {
    const CliResult r = run_wijksim(std::string("params --format ") + format, dir);
    EXPECT_EQ(r.status, 0) << format << ": " << r.err;
    EXPECT_TRUE(contains(r.out, "horizon_weeks")) << format;
  }
}

TEST(CliCommands, ValidateSummarisesAGoodScenario) {
  ScratchDir dir;
  dir.write("s.toml", std::string(kTinyScenario) +
                          "[[changes]]\nweek = 3\nbending.backing = 1.0\n");
  const CliResult r = run_wijksim("validate s.toml", dir);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "s.toml: ok \u2014 1 neighbourhood x 50 households, 0+4 weeks, 1 timed change\n");
}

TEST(CliCommands, ValidateRejectsABadScenario) {
  ScratchDir dir;
  dir.write("s.toml", "[bending]\nroom = 2\n");
  const CliResult r = run_wijksim("validate s.toml", dir);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err_lines(), 1) << r.err;
  EXPECT_TRUE(contains(r.err, "room")) << r.err;
}

TEST(CliCommands, RunWritesResultsAndPrintsTheOutcomeTable) {
  ScratchDir dir;
  dir.write("tiny.toml", kTinyScenario);
  const CliResult r = run_wijksim("run tiny.toml --seed 7 -j 1", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"results/tiny.h5", "tiny.toml"}));
  // The key outcomes in the words and units `wijksim compare` uses.
  const CliResult compared = run_wijksim("compare results/tiny.h5 results/tiny.h5", dir);
  for (const char* outcome : {"\nmulti-problem households (%) ", "\nsanctions (per year) ", "\nexhaustion of helpers "}) {
    EXPECT_TRUE(contains(r.out, outcome)) << r.out;
    EXPECT_TRUE(contains(compared.out, outcome)) << compared.out;
  }
  EXPECT_FALSE(contains(r.out, "_share")) << r.out;
  EXPECT_TRUE(contains(r.out, "weeks 1-4")) << r.out;
  EXPECT_TRUE(contains(r.err, "wrote results/tiny.h5")) << r.err;
  EXPECT_FALSE(contains(r.err, "ETA")) << "no progress line when stderr is not a terminal";

  const CliResult info = run_wijksim("info results/tiny.h5", dir);
  EXPECT_EQ(info.status, 0) << info.err;
  EXPECT_TRUE(contains(info.out, "tiny")) << info.out;
  EXPECT_TRUE(contains(info.out, "wellbeing_mean")) << info.out;
}

// A name is free text; the file named after it keeps to letters, digits, '-'
// and '_', for a run and for a sweep's shard alike.
TEST(CliCommands, TheDefaultResultsFileIsNamedInSafeCharacters) {
  ScratchDir dir;
  dir.write("tiny.toml", "name = \"v1.2 of .the/trial\"\n" + std::string(kTinyScenario));
  dir.write("grid.toml",
            "name = \"grid v2.1\"\nscenario = \"tiny.toml\"\nreplicates = 2\n[vary]\nbending.room = [0, 1]\n");
  ASSERT_EQ(run_wijksim("run tiny.toml -q", dir).status, 0);
  const CliResult sweep = run_wijksim("sweep grid.toml -q --shard 2/2", dir);
  ASSERT_EQ(sweep.status, 0) << sweep.err;
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"grid.toml", "results/grid_v2_1-shard-2-of-2.h5",
                                                   "results/v1_2_of__the_trial.h5", "tiny.toml"}));
}

TEST(CliCommands, RunWithSettingsAndQuietPrintsNothing) {
  ScratchDir dir;
  dir.write("tiny.toml", kTinyScenario);
  const CliResult r = run_wijksim(
      "run tiny.toml -q -o out.h5 --weeks 2 --set bending.room=0.9 --set recruit_channel=scouts", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"out.h5", "tiny.toml"}));
}

TEST(CliCommands, ProgressAlwaysReportsWeeksPerSecond) {
  ScratchDir dir;
  dir.write("tiny.toml", kTinyScenario);
  const CliResult r = run_wijksim("run tiny.toml -o out.h5 --progress always", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "100%")) << r.err;
  EXPECT_TRUE(contains(r.err, "weeks/s")) << r.err;
}

TEST(CliCommands, ValidateCountsTheRunsOfASweep) {
  ScratchDir dir;
  dir.write("base.toml", "name = \"base\"\n");
  dir.write("grid.toml",
            "scenario = \"base.toml\"\nreplicates = 20\n[vary]\n"
            "bending.room = { start = 0, stop = 1, step = 0.25 }\nbending.backing = [0, 0.25, 0.5, 0.75, 1]\n");
  const CliResult r = run_wijksim("validate grid.toml", dir);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "grid.toml: ok \u2014 sweep of 500 runs (25 cells x 20 replicates, grid) over scenario base\n");
}

TEST(CliCommands, ValidateRejectsABadSweepWithOneLine) {
  ScratchDir dir;
  dir.write("base.toml", "name = \"base\"\n");
  dir.write("bad.toml", "scenario = \"base.toml\"\n[vary]\nbending.room = [0, 2]\n");
  const CliResult r = run_wijksim("validate bad.toml", dir);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err_lines(), 1) << r.err;
  EXPECT_NE(r.err.find("bad.toml:3:"), std::string::npos) << r.err;
}


}  // namespace
}  // namespace wijksim::testing
