// Which runs of two results files `wijksim compare` pairs, and the files it
// refuses to pair, on summaries built by hand.
#include <gtest/gtest.h>

#include "core/errors.h"
#include "engine/run_result.h"
#include "io/run_pairing.h"

namespace wijksim {
namespace {

FileSummary plain_runs(std::vector<std::uint64_t> seeds) {
  FileSummary file;
  file.scenario_name = "baseline";
  file.weeks = 52;
  file.runs = int(seeds.size());
  file.done = file.runs;
  file.seeds = std::move(seeds);
  file.statuses.assign(file.seeds.size(), int(RunStatus::done));
  file.cells.assign(file.seeds.size(), 0);
  file.metrics = {{"multi_problem_share", "1", "", {"run", "week"}}, {"trust_mean", "1", "", {"run", "week"}}};
  return file;
}

// A grid of `values` of one parameter, `replicates` per cell, cell-major.
FileSummary grid(const std::string& key, std::vector<double> values, int replicates) {
  std::vector<std::uint64_t> seeds;
  FileSummary file = plain_runs({});
  file.sweep_name = "grid";
  VariedParameter varied{key, values.size(), values.front(), values.back(), {}};
  for (std::size_t cell = 0; cell < values.size(); ++cell)
    for (int r = 0; r < replicates; ++r) {
      file.seeds.push_back(100 + std::uint64_t(r));
      file.cells.push_back(int(cell));
      file.statuses.push_back(int(RunStatus::done));
      varied.values.push_back(values[cell]);
    }
  file.varied.push_back(varied);
  file.runs = file.done = int(file.seeds.size());
  return file;
}

std::string refusal(const FileSummary& a, const FileSummary& b) {
  try {
    pair_runs(a, "a.h5", b, "b.h5");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(RunPairing, RunsPairBySeedWhateverTheirOrder) {
  const RunPairing pairing = pair_runs(plain_runs({5, 6, 7}), "a.h5", plain_runs({7, 5, 6}), "b.h5");
  ASSERT_EQ(pairing.cells.size(), 1u);
  const std::vector<std::pair<int, int>> expected = {{0, 1}, {1, 2}, {2, 0}};
  EXPECT_EQ(pairing.cells[0].runs, expected);
  EXPECT_EQ(pairing.unpaired_a, 0);
  EXPECT_EQ(pairing.unpaired_b, 0);
}

TEST(RunPairing, RunsWithoutAPartnerAreCountedAndLeftOut) {
  FileSummary b = plain_runs({5, 6, 8, 9});
  b.statuses[1] = int(RunStatus::failed);  // seed 6 failed in B: 6 has no partner either
  const RunPairing pairing = pair_runs(plain_runs({5, 6, 7}), "a.h5", b, "b.h5");
  ASSERT_EQ(pairing.cells.size(), 1u);
  EXPECT_EQ(pairing.cells[0].runs.size(), 1u);
  EXPECT_EQ(pairing.unpaired_a, 2);
  EXPECT_EQ(pairing.unpaired_b, 2);
}

TEST(RunPairing, SweepsOfOneDesignPairCellByCell) {
  const FileSummary a = grid("bending.room", {0, 0.5, 1}, 2);
  const RunPairing pairing = pair_runs(a, "a.h5", a, "b.h5");
  ASSERT_EQ(pairing.cells.size(), 3u);
  EXPECT_EQ(pairing.cells[2].cell, 2);
  const std::vector<std::pair<int, int>> expected = {{4, 4}, {5, 5}};
  EXPECT_EQ(pairing.cells[2].runs, expected);
  ASSERT_EQ(pairing.cells[1].parameters.size(), 1u);
  EXPECT_EQ(pairing.cells[1].parameters[0].first, "bending.room");
  EXPECT_EQ(pairing.cells[1].parameters[0].second, 0.5);
}

TEST(RunPairing, FilesWithoutSharedSeedsAreRefused) {
  const std::string message = refusal(plain_runs({1, 2}), plain_runs({3, 4}));
  EXPECT_NE(message.find("a.h5 and b.h5 share no seeds"), std::string::npos) << message;
  EXPECT_NE(message.find("--seed and --replicates"), std::string::npos) << message;
}

TEST(RunPairing, DifferentSweepsAreRefused) {
  const std::string other_parameter = refusal(grid("bending.room", {0, 1}, 2), grid("bending.backing", {0, 1}, 2));
  EXPECT_NE(other_parameter.find("different sweeps"), std::string::npos) << other_parameter;
  EXPECT_NE(other_parameter.find("bending.backing over 2 cells"), std::string::npos) << other_parameter;
  EXPECT_NE(refusal(grid("bending.room", {0, 1}, 2), grid("bending.room", {0, 0.5}, 2)), "");
  const std::string against_runs = refusal(plain_runs({100, 101}), grid("bending.room", {0, 1}, 2));
  EXPECT_NE(against_runs.find("a.h5 holds runs of scenario baseline"), std::string::npos) << against_runs;
}

TEST(RunPairing, DifferentOutcomeSetsAndHorizonsAreRefused) {
  FileSummary b = plain_runs({1, 2});
  b.metrics.pop_back();
  const std::string outcomes = refusal(plain_runs({1, 2}), b);
  EXPECT_NE(outcomes.find("different outcome sets; only a.h5 has trust_mean"), std::string::npos) << outcomes;
  FileSummary longer = plain_runs({1, 2});
  longer.weeks = 104;
  EXPECT_NE(refusal(plain_runs({1, 2}), longer).find("a.h5 records 52 weeks and b.h5 104"), std::string::npos);
}

TEST(RunPairing, AmbiguousAndEmptyFilesAreRefused) {
  EXPECT_NE(refusal(plain_runs({1, 1}), plain_runs({1})).find("share cell 0 and seed 1"), std::string::npos);
  FileSummary pending = plain_runs({1, 2});
  pending.statuses = {int(RunStatus::pending), int(RunStatus::failed)};
  pending.done = 0;
  pending.pending = pending.failed = 1;
  EXPECT_NE(refusal(plain_runs({1, 2}), pending).find("b.h5: no run is done (1 failed, 1 pending)"),
            std::string::npos);
}

}  // namespace
}  // namespace wijksim
