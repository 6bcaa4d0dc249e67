// The Saltelli design behind first-order and total Sobol indices.
#include <gtest/gtest.h>

#include <cmath>

#include "core/errors.h"
#include "engine/sweep_design.h"

namespace wijksim {
namespace {

SweepDesign saltelli(int samples, int replicates = 1) {
  SweepDesign d;
  d.kind = DesignKind::sobol;
  d.samples = samples;
  d.replicates = replicates;
  d.axes.push_back({find_parameter("room"), -1, {0.0, 1.0}});
  d.axes.push_back({find_parameter("spill_rate"), -1, {0.015, 0.035}});
  d.axes.push_back({find_parameter("cap_sw"), -1, {10.0, 30.0}});
  return d;
}

double value(const SweepRun& run, std::size_t axis) { return run.assignments[axis].value; }

TEST(SweepSobol, CellsAreABAndAWithOneColumnFromB) {
  const std::vector<SweepRun> runs = expand(saltelli(16, 2));
  const std::size_t k = 3;
  ASSERT_EQ(runs.size(), 16 * (k + 2) * 2);
  for (std::size_t i = 0; i < 16; ++i) {
    const std::size_t first = i * (k + 2) * 2;  // replicate 0 of the A row
    const SweepRun& a = runs[first];
    const SweepRun& b = runs[first + 2];
    EXPECT_EQ(a.matrix, 0);
    EXPECT_EQ(b.matrix, 1);
    EXPECT_EQ(a.sample, int(i));
    EXPECT_EQ(a.cell, int(i * (k + 2)));
    for (std::size_t j = 0; j < k; ++j) {
      const SweepRun& ab = runs[first + 2 * (2 + j)];
      EXPECT_EQ(ab.matrix, int(2 + j));
      for (std::size_t c = 0; c < k; ++c) EXPECT_EQ(value(ab, c), c == j ? value(b, c) : value(a, c));
    }
    bool rows_differ = false;
    for (std::size_t c = 0; c < k; ++c) rows_differ = rows_differ || value(a, c) != value(b, c);
    EXPECT_TRUE(rows_differ) << "A and B come from different coordinates of the sequence";
  }
}

TEST(SweepSobol, AAndBNeverShareTheValueOfAContinuousParameter) {
  // The nine parameters of scenarios/sweeps/sensitivity_sobol.toml: an
  // unshifted Sobol sequence gives A and B equal values in 34 of its 64
  // samples, which makes AB_j a copy of A and biases the indices low.
  SweepDesign d;
  d.kind = DesignKind::sobol;
  d.samples = 64;
  d.replicates = 1;
  for (const char* name : {"room", "backing", "contact_freq", "burnout_attention", "spill_rate",
                           "bp_resident_density", "share_ed", "share_se", "share_bb_out"})
    d.axes.push_back({find_parameter(name), -1, {0.01, 0.05}});
  const std::vector<SweepRun> runs = expand(d);
  int ties = 0;
  for (std::size_t first = 0; first < runs.size(); first += d.axes.size() + 2)
    for (std::size_t c = 0; c < d.axes.size(); ++c) ties += value(runs[first], c) == value(runs[first + 1], c);
  EXPECT_EQ(ties, 0);
  // Keyed by the base seed: another seed gives another (equally good) design.
  SweepDesign other = d;
  other.base_seed = d.base_seed + 1;
  EXPECT_NE(value(expand(other)[0], 0), value(runs[0], 0));
}

TEST(SweepSobol, PointsFillTheBoundsEvenlyAndWholeNumbersStayWhole) {
  const std::vector<SweepRun> runs = expand(saltelli(64));
  double sum = 0;
  int count = 0;
  for (const SweepRun& run : runs) {
    EXPECT_GE(value(run, 0), 0.0);
    EXPECT_LE(value(run, 0), 1.0);
    EXPECT_GE(value(run, 1), 0.015);
    EXPECT_LE(value(run, 1), 0.035);
    EXPECT_EQ(value(run, 2), std::round(value(run, 2)));
    if (run.matrix == 0) {
      sum += value(run, 0);
      ++count;
    }
  }
  // A quasi-random sequence: the mean of 64 points sits much nearer 1/2 than
  // random points' standard error of 0.036 would allow.
  EXPECT_NEAR(sum / count, 0.5, 0.01);
}

TEST(SweepSobol, DesignIsTheSameEveryTimeAndSeedsAreShared) {
  const std::vector<SweepRun> a = expand(saltelli(8, 3));
  const std::vector<SweepRun> b = expand(saltelli(8, 3));
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t r = 0; r < a.size(); ++r) {
    EXPECT_EQ(a[r].seed, b[r].seed);
    for (std::size_t c = 0; c < 3; ++c) EXPECT_EQ(value(a[r], c), value(b[r], c));
  }
  EXPECT_EQ(a[0].seed, a[3].seed);  // replicate 0 of two cells
}

TEST(SweepSobol, NeedsSamplesAndAParameter) {
  SweepDesign d = saltelli(0);
  EXPECT_THROW(expand(d), InputError);
  d = saltelli(4);
  d.axes.clear();
  EXPECT_THROW(expand(d), InputError);
}

}  // namespace
}  // namespace wijksim
