// `wijksim run --replicates` and `wijksim compare` as a policy maker uses
// them: two scenario files become two files of paired replicates, and the
// comparison says how they differ, with intervals that match a direct
// computation; files that cannot be paired are refused with a reason.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>

#include "cli/cli_runner.h"
#include "cli/sweep_fixture.h"
#include "core/rng.h"
#include "engine/paired_statistics.h"
#include "io/hdf5_input.h"

namespace wijksim {
namespace {

using testing::CliResult;
using testing::ScratchDir;
using testing::run_wijksim;

constexpr const char* kScale = "[scale]\nn_neighbourhoods = 2\nhouseholds_per_nbh = 150\nburnin_weeks = 20\nhorizon_weeks = 26\n";

void write_two_scenarios(const ScratchDir& dir) {
  dir.write("baseline.toml", std::string(kScale));
  dir.write("room.toml", std::string(kScale) + "[bending]\nroom = 1\nbacking = 1\n");
}

CliResult run_two(const ScratchDir& dir, int replicates) {
  write_two_scenarios(dir);
  const std::string n = std::to_string(replicates);
  const CliResult a = run_wijksim("run baseline.toml -q --seed 3 --replicates " + n + " -o a.h5", dir);
  if (a.status != 0) return a;
  return run_wijksim("run room.toml -q --seed 3 --replicates " + n + " -o b.h5", dir);
}

// Empty when every metric of the two files is bit-identical, else the first that is not.
std::string metric_difference(const std::filesystem::path& a, const std::filesystem::path& b) {
  const FileSummary x = read_summary(a), y = read_summary(b);
  if (x.seeds != y.seeds) return "seeds";
  for (const MetricInfo& metric : x.metrics) {
    const MetricArray u = read_metric(a, metric.name), v = read_metric(b, metric.name);
    if (u.shape != v.shape || std::memcmp(u.values.data(), v.values.data(), u.values.size() * sizeof(float)) != 0)
      return metric.name;
  }
  return "";
}

// The value after `"key": ` in the first JSON object that names `outcome`.
double json_number(const std::string& json, const std::string& outcome, const std::string& key) {
  const std::size_t object = json.find("\"outcome\": \"" + outcome + "\"");
  if (object == std::string::npos) return std::nan("");
  const std::size_t at = json.find("\"" + key + "\": ", object);
  return std::stod(json.substr(at + key.size() + 4));
}

TEST(CliRunReplicates, SeedsDeriveAsInASweepAndReplicatesMatchTheSweepsRuns) {
  ScratchDir dir;
  write_two_scenarios(dir);
  ASSERT_EQ(run_wijksim("run baseline.toml -q --seed 3 --replicates 3 -o runs.h5", dir).status, 0);
  dir.write("sweep.toml", "scenario = \"baseline.toml\"\nreplicates = 3\nbase_seed = 3\n[vary]\nbending.backing = [0.5]\n");
  ASSERT_EQ(run_wijksim("sweep sweep.toml -q -o sweep.h5", dir).status, 0);
  const FileSummary runs = read_summary(dir / "runs.h5");
  ASSERT_EQ(runs.runs, 3);
  for (int r = 0; r < 3; ++r) EXPECT_EQ(runs.seeds[std::size_t(r)], derive_run_seed(3, std::uint64_t(r)));
  EXPECT_EQ(runs.seeds, read_summary(dir / "sweep.h5").seeds);
  // bending.backing = 0.5 is the default, so the sweep's one cell is the scenario itself.
  EXPECT_EQ(metric_difference(dir / "runs.h5", dir / "sweep.h5"), "");
  ASSERT_EQ(run_wijksim("run baseline.toml -q --seed 4 --replicates 3 -o other.h5", dir).status, 0);
  EXPECT_EQ(metric_difference(dir / "runs.h5", dir / "other.h5"), "seeds");
}

TEST(CliRunReplicates, ThreadCountDoesNotChangeTheFile) {
  ScratchDir dir;
  write_two_scenarios(dir);
  ASSERT_EQ(run_wijksim("run baseline.toml -q -j 1 --replicates 4 -o j1.h5", dir).status, 0);
  ASSERT_EQ(run_wijksim("run baseline.toml -q -j 2 --replicates 4 -o j2.h5", dir).status, 0);
  EXPECT_EQ(metric_difference(dir / "j1.h5", dir / "j2.h5"), "");
  ASSERT_EQ(run_wijksim("run room.toml -q -j 2 --replicates 4 -o room.h5", dir).status, 0);
  EXPECT_EQ(metric_difference(dir / "j1.h5", dir / "room.h5"), "wellbeing_mean");
}

TEST(CliRunReplicates, AnOutOfRangeCountIsAUsageError) {
  ScratchDir dir;
  write_two_scenarios(dir);
  const CliResult r = run_wijksim("run baseline.toml --replicates 0 -o x.h5", dir);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--replicates 0: outside the allowed range [1, 100000]"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "x.h5"));
}

TEST(CliCompare, TheIntervalMatchesADirectComputationFromTheFiles) {
  ScratchDir dir;
  ASSERT_EQ(run_two(dir, 5).status, 0);
  const CliResult r = run_wijksim("compare a.h5 b.h5 --window 13 --format json", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\"window\": {\"first_week\": 14, \"last_week\": 26}"), std::string::npos) << r.out;
  const MetricArray a = read_metric(dir / "a.h5", "trust_mean"), b = read_metric(dir / "b.h5", "trust_mean");
  std::vector<double> differences;
  double a_sum = 0.0;
  for (std::size_t run = 0; run < 5; ++run) {
    double x = 0.0, y = 0.0;
    for (std::size_t week = 13; week < 26; ++week) {
      x += a.values[run * 26 + week] / 13.0;
      y += b.values[run * 26 + week] / 13.0;
    }
    a_sum += x;
    differences.push_back(y - x);
  }
  const MeanInterval expected = mean_interval(differences);
  EXPECT_NEAR(json_number(r.out, "trust_mean", "a_mean"), a_sum / 5, 1e-9);
  EXPECT_NEAR(json_number(r.out, "trust_mean", "difference"), expected.mean, 1e-9);
  EXPECT_NEAR(json_number(r.out, "trust_mean", "ci_low"), expected.low, 1e-9);
  EXPECT_NEAR(json_number(r.out, "trust_mean", "ci_high"), expected.high, 1e-9);
  EXPECT_EQ(json_number(r.out, "trust_mean", "pairs"), 5);
  // Full room and backing: clearly more improvisation, said in words.
  const CliResult table = run_wijksim("compare a.h5 b.h5", dir);
  ASSERT_EQ(table.status, 0);
  EXPECT_NE(table.out.find("5 pairs of runs sharing a seed; means over recorded weeks 1-26"), std::string::npos);
  EXPECT_NE(table.out.find("more cases handled outside the lines: +"), std::string::npos) << table.out;
  const CliResult csv = run_wijksim("compare a.h5 b.h5 --format csv", dir);
  EXPECT_EQ(csv.out.rfind("cell,outcome,subject,unit,better,a_mean,b_mean,difference,ci_low,ci_high,pairs,text\n", 0),
            0u);
}

TEST(CliCompare, AFileComparedWithItselfHasNoDifference) {
  ScratchDir dir;
  ASSERT_EQ(run_two(dir, 3).status, 0);
  const CliResult r = run_wijksim("compare a.h5 a.h5 --format json", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(json_number(r.out, "multi_problem_share", "difference"), 0.0);
  EXPECT_EQ(r.out.find("\"text\": \"more"), std::string::npos);
  EXPECT_EQ(r.out.find("\"text\": \"fewer"), std::string::npos);
}

TEST(CliCompare, ItSaysWhichParametersDiffer) {
  ScratchDir dir;
  ASSERT_EQ(run_two(dir, 2).status, 0);
  const CliResult r = run_wijksim("compare a.h5 b.h5", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\nB against A: room [0.3, 0.3, 0.3, 0.3, 0.3] \u2192 [1, 1, 1, 1, 1], backing [0.5, 0.5, "
                       "0.5, 0.5, 0.5] \u2192 [1, 1, 1, 1, 1]\n"),
            std::string::npos)
      << r.out;
  const CliResult json = run_wijksim("compare a.h5 b.h5 --format json", dir);
  EXPECT_NE(json.out.find("\"parameters_changed\": [{\"name\": \"room\", \"a\": \"[0.3, 0.3, 0.3, 0.3, 0.3]\""),
            std::string::npos)
      << json.out;
  const CliResult same = run_wijksim("compare a.h5 a.h5", dir);
  EXPECT_NE(same.out.find("A and B set every parameter alike"), std::string::npos) << same.out;
}

// A 4 x 1,000 world against a 2 x 500 one once gave "5 pairs" and
// "significant" differences: runs of different worlds share seeds, not households.
TEST(CliCompare, WorldsOfDifferentSizesAreRefused) {
  ScratchDir dir;
  ASSERT_EQ(run_two(dir, 2).status, 0);
  for (const std::string setting : {"scale.households_per_nbh=100", "scale.n_neighbourhoods=3"}) {
    SCOPED_TRACE(setting);
    ASSERT_EQ(run_wijksim("run baseline.toml -q --seed 3 --replicates 2 --force -o c.h5 --set " + setting, dir).status, 0);
    const CliResult r = run_wijksim("compare a.h5 c.h5", dir);
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("compare runs of one world size"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

TEST(CliCompare, FilesWithoutSharedSeedsAreRefused) {
  ScratchDir dir;
  ASSERT_EQ(run_two(dir, 2).status, 0);
  ASSERT_EQ(run_wijksim("run room.toml -q --seed 9 --replicates 2 -o c.h5", dir).status, 0);
  const CliResult r = run_wijksim("compare a.h5 c.h5", dir);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("a.h5 and c.h5 share no seeds"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(CliCompare, SweepsOfAnotherDesignAreRefusedAndOfTheSameDesignPairByCell) {
  ScratchDir dir;
  testing::write_small_sweep(dir, 60);
  dir.write("other.toml", "scenario = \"small.toml\"\nreplicates = 4\nbase_seed = 5\n[vary]\nbending.room = [0, 1]\n");
  ASSERT_EQ(run_wijksim("sweep grid.toml -q -o grid.h5", dir).status, 0);
  ASSERT_EQ(run_wijksim("sweep grid.toml -q --set problems.spill_rate=0.035 -o spill.h5", dir).status, 0);
  ASSERT_EQ(run_wijksim("sweep other.toml -q -o other.h5", dir).status, 0);
  const CliResult different = run_wijksim("compare grid.h5 other.h5", dir);
  EXPECT_EQ(different.status, 2);
  EXPECT_NE(different.err.find("different sweeps"), std::string::npos) << different.err;
  const CliResult same = run_wijksim("compare grid.h5 spill.h5", dir);
  ASSERT_EQ(same.status, 0) << same.err;
  EXPECT_NE(same.out.find("cell 5: bending.room = 1, bending.backing = 1 (4 pairs)"), std::string::npos) << same.out;
}

TEST(CliCompare, TruncatedForeignAndReducedFilesAreRefused) {
  ScratchDir dir;
  ASSERT_EQ(run_two(dir, 2).status, 0);
  const auto size = std::filesystem::file_size(dir / "a.h5");
  std::filesystem::copy_file(dir / "a.h5", dir / "truncated.h5");
  std::filesystem::resize_file(dir / "truncated.h5", size / 2);
  const CliResult truncated = run_wijksim("compare truncated.h5 b.h5", dir);
  EXPECT_EQ(truncated.status, 1);
  EXPECT_NE(truncated.err.find("truncated.h5: not an HDF5 file or damaged"), std::string::npos) << truncated.err;

  const hid_t foreign = H5Fcreate((dir / "foreign.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(foreign, 0);
  H5Fclose(foreign);
  const CliResult not_ours = run_wijksim("compare a.h5 foreign.h5", dir);
  EXPECT_EQ(not_ours.status, 1);
  EXPECT_NE(not_ours.err.find("foreign.h5: not a wijksim results file"), std::string::npos) << not_ours.err;

  // A file with one metric fewer holds another outcome set.
  std::filesystem::copy_file(dir / "b.h5", dir / "reduced.h5");
  const hid_t reduced = H5Fopen((dir / "reduced.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(reduced, 0);
  ASSERT_GE(H5Ldelete(reduced, "harms", H5P_DEFAULT), 0);
  H5Fclose(reduced);
  const CliResult fewer = run_wijksim("compare a.h5 reduced.h5", dir);
  EXPECT_EQ(fewer.status, 2);
  EXPECT_NE(fewer.err.find("different outcome sets; only a.h5 has harms"), std::string::npos) << fewer.err;

  const CliResult missing = run_wijksim("compare a.h5 nowhere.h5", dir);
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("nowhere.h5: no such results file"), std::string::npos) << missing.err;
  const CliResult window = run_wijksim("compare a.h5 b.h5 --window 27", dir);
  EXPECT_EQ(window.status, 2);
  EXPECT_NE(window.err.find("--window 27: outside the allowed range [1, 26]"), std::string::npos) << window.err;
}

}  // namespace
}  // namespace wijksim
