// Bad input on the command line or in a scenario file: each must end in one
// clear line on stderr, a non-zero status (2 for input, 1 for files) and no
// results file, whole or partial.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "cli_runner.h"

namespace wijksim::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The checks every failure shares.
void expect_clean_failure(const CliResult& r, int status, const ScratchDir& dir,
                          const std::vector<std::string>& inputs) {
  EXPECT_EQ(r.status, status) << r.err;
  EXPECT_EQ(r.err_lines(), 1) << "expected one line on stderr, got:\n" << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(dir.files(), inputs) << "a failed command left files behind";
}

TEST(CliErrors, UnknownKeyNamesItAndSuggestsTheNearest) {
  ScratchDir dir;
  dir.write("s.toml", std::string(kTinyScenario) + "[bending]\nrooom = 0.5\n");
  const CliResult r = run_wijksim("run s.toml -o out.h5", dir);
  expect_clean_failure(r, 2, dir, {"s.toml"});
  EXPECT_TRUE(contains(r.err, "rooom")) << r.err;
  EXPECT_TRUE(contains(r.err, "room")) << r.err;
  EXPECT_TRUE(contains(r.err, "s.toml:7")) << r.err;
}

TEST(CliErrors, ValueOutOfRangeNamesKeyValueAndRange) {
  ScratchDir dir;
  dir.write("s.toml", std::string(kTinyScenario) + "[bending]\nroom = 1.5\n");
  const CliResult r = run_wijksim("run s.toml -o out.h5", dir);
  expect_clean_failure(r, 2, dir, {"s.toml"});
  EXPECT_TRUE(contains(r.err, "room")) << r.err;
  EXPECT_TRUE(contains(r.err, "1.5")) << r.err;
  EXPECT_TRUE(contains(r.err, "[0, 1]")) << r.err;
}

TEST(CliErrors, WrongTypeNamesKeyAndType) {
  ScratchDir dir;
  dir.write("s.toml", "[scale]\nn_neighbourhoods = \"many\"\n");
  const CliResult r = run_wijksim("run s.toml -o out.h5", dir);
  expect_clean_failure(r, 2, dir, {"s.toml"});
  EXPECT_TRUE(contains(r.err, "n_neighbourhoods")) << r.err;
  EXPECT_TRUE(contains(r.err, "string")) << r.err;
}

TEST(CliErrors, MalformedTomlNamesFileAndLine) {
  ScratchDir dir;
  dir.write("bad.toml", "[scale]\nn_neighbourhoods = 1\n[bending\nroom = 0.5\n");
  const CliResult r = run_wijksim("run bad.toml -o out.h5", dir);
  expect_clean_failure(r, 2, dir, {"bad.toml"});
  EXPECT_TRUE(contains(r.err, "bad.toml:3")) << r.err;
}

TEST(CliErrors, MissingScenarioFileIsAUsageError) {
  ScratchDir dir;
  const CliResult r = run_wijksim("run nowhere.toml -o out.h5", dir);
  expect_clean_failure(r, 2, dir, {});
  EXPECT_TRUE(contains(r.err, "nowhere.toml")) << r.err;
}

TEST(CliErrors, OutputInAMissingDirectoryFailsBeforeRunning) {
  ScratchDir dir;
  dir.write("s.toml", kTinyScenario);
  const CliResult r = run_wijksim("run s.toml -o /nonexistent-dir/x.h5", dir);
  expect_clean_failure(r, 1, dir, {"s.toml"});
  EXPECT_TRUE(contains(r.err, "/nonexistent-dir/x.h5")) << r.err;
  EXPECT_FALSE(std::filesystem::exists("/nonexistent-dir"));
}

TEST(CliErrors, ExistingOutputIsKeptUnlessForced) {
  ScratchDir dir;
  dir.write("s.toml", kTinyScenario);
  const std::string earlier = "earlier results, not to be lost\n";
  dir.write("out.h5", earlier);
  const CliResult refused = run_wijksim("run s.toml -o out.h5 --progress always", dir);
  expect_clean_failure(refused, 1, dir, {"out.h5", "s.toml"});
  EXPECT_TRUE(contains(refused.err, "out.h5: already exists; add --force")) << refused.err;
  std::ifstream kept(dir / "out.h5", std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(kept), {}), earlier);

  const CliResult forced = run_wijksim("run s.toml -o out.h5 --force -q", dir);
  EXPECT_EQ(forced.status, 0) << forced.err;
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"out.h5", "s.toml"}));
  EXPECT_GT(std::filesystem::file_size(dir / "out.h5"), earlier.size());
}

TEST(CliErrors, OutputThatIsADirectoryFailsBeforeRunning) {
  // With progress forced on, a run that started would have drawn a progress line.
  ScratchDir dir;
  dir.write("s.toml", kTinyScenario);
  std::filesystem::create_directory(dir / "results");
  const CliResult r = run_wijksim("run s.toml -o results --progress always", dir);
  expect_clean_failure(r, 2, dir, {"s.toml"});
  EXPECT_TRUE(contains(r.err, "results: is a directory")) << r.err;
}

TEST(CliErrors, OutputBelowAFileFails) {
  ScratchDir dir;
  dir.write("s.toml", kTinyScenario);
  dir.write("plain", "not a directory\n");
  const CliResult r = run_wijksim("run s.toml -o plain/x.h5", dir);
  expect_clean_failure(r, 1, dir, {"plain", "s.toml"});
  EXPECT_TRUE(contains(r.err, "plain/x.h5")) << r.err;
}

TEST(CliErrors, OutputOnAFileSystemThatRefusesFilesFails) {
  // /proc refuses new files even to root (who may write into any read-only
  // directory, and runs CI), so it stands in for a place that cannot be written.
  ScratchDir dir;
  dir.write("s.toml", kTinyScenario);
  const CliResult r = run_wijksim("run s.toml -o /proc/wijksim-test.h5", dir);
  expect_clean_failure(r, 1, dir, {"s.toml"});
  EXPECT_TRUE(contains(r.err, "/proc/wijksim-test.h5")) << r.err;
}

TEST(CliErrors, SetWithAnUnknownKeyNamesItAndSuggestsTheNearest) {
  ScratchDir dir;
  dir.write("s.toml", kTinyScenario);
  const CliResult r = run_wijksim("run s.toml -o out.h5 --set bending.rooom=0.5", dir);
  expect_clean_failure(r, 2, dir, {"s.toml"});
  EXPECT_TRUE(contains(r.err, "rooom")) << r.err;
  EXPECT_TRUE(contains(r.err, "bending.room")) << r.err;
}

TEST(CliErrors, SetOutOfRangeNamesKeyValueAndRange) {
  ScratchDir dir;
  dir.write("s.toml", kTinyScenario);
  const CliResult r = run_wijksim("run s.toml -o out.h5 --set problems.spill_rate=0.5", dir);
  expect_clean_failure(r, 2, dir, {"s.toml"});
  EXPECT_TRUE(contains(r.err, "spill_rate")) << r.err;
  EXPECT_TRUE(contains(r.err, "0.5")) << r.err;
  EXPECT_TRUE(contains(r.err, "[0, 0.1]")) << r.err;
}

TEST(CliErrors, SetBreakingARelationNamesBothKeys) {
  ScratchDir dir;
  dir.write("s.toml", kTinyScenario);
  const CliResult r = run_wijksim("run s.toml -o out.h5 --set problems.shock_min=0.9", dir);
  expect_clean_failure(r, 2, dir, {"s.toml"});
  EXPECT_TRUE(contains(r.err, "shock_min")) << r.err;
  EXPECT_TRUE(contains(r.err, "shock_max")) << r.err;
}

TEST(CliErrors, ZeroWeeksIsOutOfRange) {
  ScratchDir dir;
  dir.write("s.toml", kTinyScenario);
  const CliResult r = run_wijksim("run s.toml -o out.h5 --weeks 0", dir);
  expect_clean_failure(r, 2, dir, {"s.toml"});
  EXPECT_TRUE(contains(r.err, "--weeks 0")) << r.err;
  EXPECT_TRUE(contains(r.err, "horizon_weeks")) << r.err;
  EXPECT_TRUE(contains(r.err, "[1, 2080]")) << r.err;
}

TEST(CliErrors, BadFlagsAreUsageErrors) {
  ScratchDir dir;
  dir.write("s.toml", kTinyScenario);
  for (const std::string args : {"run s.toml --frobnicate", "run s.toml --seed minus-one",
                                 "run s.toml -j 0", "run", "", "params --format yaml",
                                 "run s.toml --progress sometimes", "explode"}) {
    SCOPED_TRACE(args);
    const CliResult r = run_wijksim(args, dir);
    expect_clean_failure(r, 2, dir, {"s.toml"});
    EXPECT_TRUE(contains(r.err, "wijksim: error: ")) << r.err;
  }
}

TEST(CliErrors, AMisspelledCommandOrFlagGetsTheNearest) {
  ScratchDir dir;
  dir.write("s.toml", kTinyScenario);
  const std::pair<const char*, const char*> cases[] = {
      {"rn s.toml", "unknown command 'rn'; did you mean 'run'? (commands: run, sweep, merge,"},
      {"-j 2 comapre a.h5 b.h5", "unknown command 'comapre'; did you mean 'compare'?"},
      {"run s.toml --seeed 3", "run has no option --seeed; did you mean --seed?"},
      {"sweep s.toml --resme", "sweep has no option --resme; did you mean --resume?"},
      {"--progres never run s.toml", "run has no option --progres; did you mean --progress?"},
  };
  for (const auto& [args, expected] : cases) {
    SCOPED_TRACE(args);
    const CliResult r = run_wijksim(args, dir);
    expect_clean_failure(r, 2, dir, {"s.toml"});
    EXPECT_TRUE(contains(r.err, std::string("wijksim: error: ") + expected)) << r.err;
  }
}

TEST(CliErrors, HelpEndsWithExamplesAndShowsNoTypeNames) {
  ScratchDir dir;
  for (const std::string command : {"run", "sweep", "merge", "validate", "info", "compare", "serve", "params"}) {
    SCOPED_TRACE(command);
    const CliResult r = run_wijksim(command + " --help", dir);
    ASSERT_EQ(r.status, 0) << r.err;
    const auto examples = r.out.find("Examples:\n");
    ASSERT_NE(examples, std::string::npos) << r.out;
    int lines = 0;
    for (auto at = r.out.find("\n  wijksim " + command, examples); at != std::string::npos;
         at = r.out.find("\n  wijksim " + command, at + 1))
      ++lines;
    EXPECT_GE(lines, 2) << r.out;
    for (const char* noise : {"INT", "UINT", "FLOAT", "TEXT", ":{"})
      EXPECT_FALSE(contains(r.out, noise)) << noise << " in:\n" << r.out;
  }
  const CliResult top = run_wijksim("--help", dir);
  EXPECT_TRUE(contains(top.out, "-j,--threads N ")) << top.out;
  EXPECT_FALSE(contains(top.out, "[1 - 4096]")) << top.out;
}

TEST(CliErrors, AScenarioThatSetsNothingIsRunWithAWarning) {
  ScratchDir dir;
  dir.write("empty.toml", "# nothing here yet\n\n   \n");
  const CliResult r = run_wijksim("validate empty.toml", dir);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "wijksim: warning: empty.toml sets nothing: every parameter takes its default"))
      << r.err;
  dir.write("s.toml", kTinyScenario);
  EXPECT_FALSE(contains(run_wijksim("validate s.toml", dir).err, "warning")) << "a scenario that sets something";
}

TEST(CliErrors, UnknownResultsFileForInfo) {
  ScratchDir dir;
  dir.write("junk.h5", "not HDF5 at all\n");
  CliResult r = run_wijksim("info missing.h5", dir);
  expect_clean_failure(r, 2, dir, {"junk.h5"});
  r = run_wijksim("info junk.h5", dir);
  expect_clean_failure(r, 1, dir, {"junk.h5"});
  EXPECT_TRUE(contains(r.err, "junk.h5")) << r.err;
}

}  // namespace
}  // namespace wijksim::testing
