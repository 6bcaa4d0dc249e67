// Latin hypercube designs: one point per stratum on every axis, inside the
// bounds, and the same design for the same base seed.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/rng.h"
#include "engine/sweep_design.h"

namespace wijksim {
namespace {

SweepDesign lhs(int samples, std::uint64_t base_seed = 11) {
  SweepDesign d;
  d.kind = DesignKind::lhs;
  d.samples = samples;
  d.base_seed = base_seed;
  d.axes = {SweepAxis{find_parameter("room"), -1, {0.2, 0.6}},
            SweepAxis{find_parameter("backing"), -1, {0.0, 1.0}},
            SweepAxis{find_parameter("spill_rate"), -1, {0.0, 0.05}}};
  return d;
}

// The values axis `a` takes, one per cell (the first replicate's run).
std::vector<double> column(const std::vector<SweepRun>& runs, std::size_t a, int replicates = 1) {
  std::vector<double> v;
  for (std::size_t i = 0; i < runs.size(); i += std::size_t(replicates)) v.push_back(runs[i].assignments[a].value);
  return v;
}

TEST(SweepLhs, OnePointPerStratumOnEveryAxisWithinBounds) {
  const int n = 40;
  const SweepDesign d = lhs(n);
  const auto runs = expand(d);
  ASSERT_EQ(runs.size(), std::size_t(n));
  for (std::size_t a = 0; a < d.axes.size(); ++a) {
    const double lo = d.axes[a].values[0];
    const double hi = d.axes[a].values[1];
    std::vector<int> hits(n, 0);
    for (double v : column(runs, a)) {
      EXPECT_GE(v, lo);
      EXPECT_LE(v, hi);
      const int stratum = std::min(n - 1, int(std::floor((v - lo) / (hi - lo) * n)));
      ++hits[std::size_t(stratum)];
    }
    for (int s = 0; s < n; ++s) EXPECT_EQ(hits[std::size_t(s)], 1) << "axis " << a << " stratum " << s;
  }
}

TEST(SweepLhs, AxesAreShuffledIndependently) {
  // Were the strata not permuted per axis, every axis would rise with the cell.
  const auto runs = expand(lhs(30));
  const auto room = column(runs, 0);
  const auto backing = column(runs, 1);
  int rising = 0;
  for (std::size_t i = 1; i < room.size(); ++i) rising += room[i] > room[i - 1];
  EXPECT_LT(rising, 25);
  std::vector<int> room_rank(30), backing_rank(30);
  for (std::size_t i = 0; i < 30; ++i) {
    room_rank[i] = int(std::floor((room[i] - 0.2) / 0.4 * 30));
    backing_rank[i] = int(std::floor(backing[i] * 30));
  }
  EXPECT_NE(room_rank, backing_rank);
}

TEST(SweepLhs, DeterministicForTheSameBaseSeed) {
  const auto a = expand(lhs(25, 11));
  const auto b = expand(lhs(25, 11));
  const auto c = expand(lhs(25, 12));
  for (std::size_t axis = 0; axis < 3; ++axis) {
    EXPECT_EQ(column(a, axis), column(b, axis));
    EXPECT_NE(column(a, axis), column(c, axis));
  }
}

TEST(SweepLhs, ReplicatesShareCellsAndSeeds) {
  SweepDesign d = lhs(6, 5);
  d.replicates = 3;
  const auto runs = expand(d);
  ASSERT_EQ(runs.size(), 18u);
  for (const auto& r : runs) {
    EXPECT_EQ(r.cell, r.index / 3);
    EXPECT_EQ(r.replicate, r.index % 3);
    EXPECT_EQ(r.seed, derive_run_seed(5, std::uint64_t(r.replicate)));
    EXPECT_EQ(r.assignments[0].value, runs[std::size_t(r.cell * 3)].assignments[0].value);
  }
}

TEST(SweepLhs, IntegerParametersRounded) {
  SweepDesign d;
  d.kind = DesignKind::lhs;
  d.samples = 10;
  d.axes = {SweepAxis{find_parameter("cap_sw"), -1, {10, 20}}};
  for (const auto& r : expand(d)) {
    const double v = r.assignments[0].value;
    EXPECT_EQ(v, std::round(v));
    EXPECT_GE(v, 10);
    EXPECT_LE(v, 20);
  }
}

TEST(SweepLhs, BadDesignsRefused) {
  auto message = [](const SweepDesign& d) -> std::string {
    try {
      expand(d);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  SweepDesign d = lhs(0);
  EXPECT_NE(message(d).find("samples = 0 must be at least 1"), std::string::npos);
  d = lhs(5);
  d.axes[0].values = {0.2, 1.5};
  EXPECT_EQ(message(d), "sweep: bending.room = 1.5 is outside the allowed range [0, 1]");
  d = lhs(5);
  d.axes[0].values = {0.2, 0.4, 0.6};
  EXPECT_NE(message(d).find("needs a range [lo, hi]"), std::string::npos);
  d = lhs(5);
  d.axes[0].values = {0.6, 0.2};
  EXPECT_NE(message(d).find("lo above hi"), std::string::npos);
}

}  // namespace
}  // namespace wijksim
