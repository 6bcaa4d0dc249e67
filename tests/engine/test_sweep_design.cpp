// Grid expansion of a sweep: ranges, counts, ordering, zip groups, seeds,
// validation, and the scenario each run gets.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/errors.h"
#include "core/rng.h"
#include "engine/sweep_design.h"

namespace wijksim {
namespace {

SweepAxis axis(const char* name, std::vector<double> values, int index = -1) {
  const ParameterSpec* spec = find_parameter(name);
  EXPECT_NE(spec, nullptr) << name;
  return SweepAxis{spec, index, std::move(values)};
}

// The InputError message `f` throws, or "" when it throws none.
template <typename F> std::string input_error(F f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(SweepRange, StopIncludedWhenOnTheGrid) {
  EXPECT_EQ(range_values(0, 1, 0.25), (std::vector<double>{0, 0.25, 0.5, 0.75, 1}));
  EXPECT_EQ(range_values(1, 5, 2), (std::vector<double>{1, 3, 5}));
  EXPECT_EQ(range_values(2, 2, 1), (std::vector<double>{2}));
}

TEST(SweepRange, StopExcludedWhenOffTheGrid) {
  EXPECT_EQ(range_values(0, 1, 0.3), (std::vector<double>{0, 0.3, 0.6, 0.8999999999999999}));
  EXPECT_EQ(range_values(1, 6, 2), (std::vector<double>{1, 3, 5}));
}

TEST(SweepRange, FloatStepsReachStopExactly) {
  // 0.3 / 0.1 is 2.9999999999999996 in doubles: the fourth point is still on the grid.
  const auto v = range_values(0, 0.3, 0.1);
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v.back(), 0.3);
  const auto w = range_values(0, 1, 0.1);
  ASSERT_EQ(w.size(), 11u);
  EXPECT_EQ(w.back(), 1.0);
  EXPECT_DOUBLE_EQ(w[7], 0.7);
}

TEST(SweepRange, BadStepOrDirectionRefused) {
  EXPECT_NE(input_error([] { range_values(0, 1, 0); }).find("step above 0"), std::string::npos);
  EXPECT_NE(input_error([] { range_values(0, 1, -0.25); }).find("step above 0"), std::string::npos);
  EXPECT_NE(input_error([] { range_values(1, 0, 0.25); }).find("start above stop"), std::string::npos);
}

TEST(SweepGrid, CountsCellsTimesReplicates) {
  SweepDesign d;
  d.axes = {axis("room", {0, 0.5, 1}), axis("backing", {0.1, 0.2, 0.3})};
  d.replicates = 4;
  const auto runs = expand(d);
  EXPECT_EQ(runs.size(), 36u);
  std::set<int> cells;
  for (const auto& r : runs) cells.insert(r.cell);
  EXPECT_EQ(cells.size(), 9u);
}

TEST(SweepGrid, FirstAxisSlowestCellMajorThenReplicate) {
  SweepDesign d;
  d.axes = {axis("room", {0, 1}), axis("backing", {0.1, 0.2, 0.3})};
  d.replicates = 2;
  const auto runs = expand(d);
  ASSERT_EQ(runs.size(), 12u);
  for (int i = 0; i < 12; ++i) {
    const SweepRun& r = runs[std::size_t(i)];
    EXPECT_EQ(r.index, i);
    EXPECT_EQ(r.cell, i / 2);
    EXPECT_EQ(r.replicate, i % 2);
    ASSERT_EQ(r.assignments.size(), 2u);
    EXPECT_EQ(r.assignments[0].spec, find_parameter("room"));
    EXPECT_EQ(r.assignments[1].spec, find_parameter("backing"));
    // Cell c = room position * 3 + backing position.
    EXPECT_EQ(r.assignments[0].value, (r.cell / 3 == 0 ? 0.0 : 1.0)) << "run " << i;
    EXPECT_EQ(r.assignments[1].value, (std::vector<double>{0.1, 0.2, 0.3}[std::size_t(r.cell % 3)])) << "run " << i;
  }
}

TEST(SweepGrid, NoAxesGivesOneCellOfReplicates) {
  SweepDesign d;
  d.replicates = 3;
  const auto runs = expand(d);
  ASSERT_EQ(runs.size(), 3u);
  for (const auto& r : runs) {
    EXPECT_EQ(r.cell, 0);
    EXPECT_TRUE(r.assignments.empty());
  }
}

TEST(SweepGrid, ZipAxesVaryTogether) {
  SweepDesign d;
  d.axes = {axis("spill_rate", {0.01, 0.02})};
  d.zips = {ZipGroup{{axis("room", {0, 0.5, 1}), axis("backing", {1, 0.5, 0})}}};
  const auto runs = expand(d);
  // 2 x 3 cells, not 2 x 3 x 3: the zipped axes form one dimension.
  ASSERT_EQ(runs.size(), 6u);
  for (const auto& r : runs) {
    ASSERT_EQ(r.assignments.size(), 3u);
    EXPECT_EQ(r.assignments[1].spec, find_parameter("room"));
    EXPECT_EQ(r.assignments[2].spec, find_parameter("backing"));
    EXPECT_DOUBLE_EQ(r.assignments[1].value + r.assignments[2].value, 1.0) << "cell " << r.cell;
    EXPECT_EQ(r.assignments[0].value, r.cell < 3 ? 0.01 : 0.02);
  }
  EXPECT_EQ(runs[4].assignments[1].value, 0.5);
}

TEST(SweepGrid, SeedsSharedAcrossCellsDistinctAcrossReplicates) {
  SweepDesign d;
  d.axes = {axis("room", {0, 0.5, 1})};
  d.replicates = 5;
  d.base_seed = 77;
  const auto runs = expand(d);
  std::set<std::uint64_t> seeds;
  for (const auto& r : runs) {
    EXPECT_EQ(r.seed, derive_run_seed(77, std::uint64_t(r.replicate)));
    EXPECT_EQ(r.seed, runs[std::size_t(r.replicate)].seed) << "cell " << r.cell;
    seeds.insert(r.seed);
  }
  EXPECT_EQ(seeds.size(), 5u);
  d.base_seed = 78;
  EXPECT_NE(expand(d)[0].seed, runs[0].seed);
}

TEST(SweepGrid, OutOfRangeValueRefused) {
  SweepDesign d;
  d.axes = {axis("room", {0.5, 1.5})};
  EXPECT_EQ(input_error([&] { expand(d); }), "sweep: bending.room = 1.5 is outside the allowed range [0, 1]");
  d.axes = {axis("cap_sw", {10, 12.5})};
  EXPECT_NE(input_error([&] { expand(d); }).find("whole number"), std::string::npos);
}

TEST(SweepGrid, UnequalZipRefused) {
  SweepDesign d;
  d.zips = {ZipGroup{{axis("room", {0, 0.5, 1}), axis("backing", {1, 0})}}};
  EXPECT_EQ(input_error([&] { expand(d); }),
            "sweep: zip group 1 has parameters of unequal length (bending.room has 3 values, "
            "bending.backing has 2)");
}

TEST(SweepGrid, BadDesignsRefused) {
  SweepDesign d;
  d.axes = {axis("room", {})};
  EXPECT_NE(input_error([&] { expand(d); }).find("empty list"), std::string::npos);
  d.axes = {axis("room", {0.5})};
  d.replicates = 0;
  EXPECT_NE(input_error([&] { expand(d); }).find("replicates = 0 must be at least 1"), std::string::npos);
  d.replicates = 1;
  d.axes = {axis("room", {0.5}, 5)};
  EXPECT_NE(input_error([&] { expand(d); }).find("has no index 5"), std::string::npos);
}

TEST(SweepGrid, StructuralParametersAllowed) {
  SweepDesign d;
  d.axes = {axis("households_per_nbh", {100, 200, 400})};
  const auto runs = expand(d);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[2].assignments[0].value, 400.0);
}

TEST(SweepScenario, AppliesPerInstitutionIndex) {
  SweepDesign d;
  d.axes = {axis("room", {0.9}, 2), axis("backing", {0.05})};
  const auto runs = expand(d);
  Scenario base;
  base.name = "base";
  const Scenario s = scenario_for(base, runs[0]);
  EXPECT_EQ(s.name, "base");
  for (int i = 0; i < kInstitutions; ++i) {
    EXPECT_EQ(s.parameters.room[std::size_t(i)], i == 2 ? 0.9 : base.parameters.room[std::size_t(i)]);
    EXPECT_EQ(s.parameters.backing[std::size_t(i)], 0.05);
  }
  // The base is left as it was.
  EXPECT_NE(base.parameters.room[2], 0.9);
}

TEST(SweepScenario, RefusesBrokenRelationsNamingTheCell) {
  SweepDesign d;
  d.axes = {axis("shock_min", {0.1, 0.9})};
  const auto runs = expand(d);
  Scenario base;
  EXPECT_NO_THROW(scenario_for(base, runs[0]));
  const std::string message = input_error([&] { scenario_for(base, runs[1]); });
  EXPECT_NE(message.find("sweep cell 1: "), std::string::npos) << message;
  EXPECT_NE(message.find("problems.shock_min"), std::string::npos) << message;
}

TEST(SweepScenario, RefusesOutOfRangeAssignment) {
  SweepRun run{0, 3, 0, 1, {ParameterAssignment{find_parameter("room"), 1, 2.0}}};
  EXPECT_EQ(input_error([&] { scenario_for(Scenario{}, run); }),
            "sweep cell 3: bending.room = 2 is outside the allowed range [0, 1]");
}

}  // namespace
}  // namespace wijksim
