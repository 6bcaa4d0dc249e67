// Determinism as a user sees it: files written by `wijksim run` with 1, 2 and
// 8 threads hold bit-identical outcomes; another seed gives other outcomes.
#include <gtest/gtest.h>

#include <cstring>

#include "cli/cli_runner.h"
#include "engine/metrics.h"
#include "io/hdf5_input.h"

namespace wijksim {
namespace {

using testing::CliResult;
using testing::ScratchDir;
using testing::run_wijksim;

constexpr const char* kWorld =
    "--set scale.n_neighbourhoods=3 --set scale.households_per_nbh=400 "
    "--set scale.burnin_weeks=26 --weeks 52 -q";

bool same_outcomes(const std::filesystem::path& a, const std::filesystem::path& b, std::string& first_difference) {
  for (const MetricSpec& m : metric_table()) {
    const MetricArray x = read_metric(a, m.name), y = read_metric(b, m.name);
    if (x.shape != y.shape ||
        std::memcmp(x.values.data(), y.values.data(), x.values.size() * sizeof(float)) != 0) {
      first_difference = std::string(m.name);
      return false;
    }
  }
  return true;
}

TEST(CliDeterminism, FilesAreBitIdenticalForOneTwoAndEightThreads) {
  ScratchDir dir;
  for (const char* threads : {"1", "2", "8"}) {
    const CliResult r = run_wijksim(std::string("-j ") + threads + " run " WIJKSIM_SOURCE_DIR
                                    "/scenarios/baseline.toml --seed 11 -o j" + threads + ".h5 " + kWorld,
                                    dir);
    ASSERT_EQ(r.status, 0) << r.err;
  }
  std::string differs;
  EXPECT_TRUE(same_outcomes(dir / "j1.h5", dir / "j2.h5", differs)) << differs;
  EXPECT_TRUE(same_outcomes(dir / "j1.h5", dir / "j8.h5", differs)) << differs;
}

TEST(CliDeterminism, AnotherSeedWritesOtherOutcomes) {
  ScratchDir dir;
  for (const char* seed : {"11", "12"}) {
    const CliResult r = run_wijksim(std::string("run " WIJKSIM_SOURCE_DIR "/scenarios/baseline.toml --seed ") +
                                        seed + " -o s" + seed + ".h5 " + kWorld,
                                    dir);
    ASSERT_EQ(r.status, 0) << r.err;
  }
  std::string differs;
  EXPECT_FALSE(same_outcomes(dir / "s11.h5", dir / "s12.h5", differs));
  const MetricArray a = read_metric(dir / "s11.h5", "wellbeing_mean");
  const MetricArray b = read_metric(dir / "s12.h5", "wellbeing_mean");
  EXPECT_NE(std::memcmp(a.values.data(), b.values.data(), a.values.size() * sizeof(float)), 0);
}

}  // namespace
}  // namespace wijksim
