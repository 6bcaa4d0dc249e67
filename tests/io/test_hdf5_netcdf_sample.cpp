// Writes the sample file that tests/io/check_netcdf.py and ncdump read (see
// tests/CMakeLists.txt): ctest runs this test first, with
// WIJKSIM_NETCDF_SAMPLE naming where the file goes. Run without it, the test
// writes to a scratch directory and checks the file is complete.
//
// The sample is deterministic. Keep it in step with check_netcdf.py:
//   3 runs (0 and 1 done with seeds 101 and 102, 2 pending), 5 weeks,
//   4 neighbourhoods, one metric per level as in kSampleMetrics, and
//   value(metric m, run r, week index w, position k) = 10000 m + 1000 r + 10 (w + 1) + k + 0.25.
#include <gtest/gtest.h>

#include <cstdlib>

#include "io/hdf5_input.h"
#include "io/hdf5_output.h"
#include "io/hdf5_test_support.h"

namespace wijksim {
namespace {

constexpr MetricSpec kSampleMetrics[] = {
    {"sample_city", "1", "a city-level sample metric", MetricLevel::city},
    {"sample_neighbourhood", "household", "a sample metric per neighbourhood", MetricLevel::neighbourhood},
    {"sample_helper_type", "1", "a sample metric per helper type", MetricLevel::helper_type},
    {"sample_domain", "1", "a sample metric per domain", MetricLevel::domain},
    {"sample_complexity", "week", "a sample metric per complexity class", MetricLevel::complexity},
};

RunResult sample_run(const OutputLayout& layout, int run) {
  RunResult result;
  result.seed = std::uint64_t(101 + run);
  result.status = RunStatus::done;
  result.wall_seconds = 0.5;
  result.weeks = layout.weeks;
  result.neighbourhoods = layout.neighbourhoods;
  for (std::size_t m = 0; m < layout.metrics.size(); ++m) {
    const int extent = level_extent(layout.metrics[m].level, layout.neighbourhoods);
    std::vector<float> values;
    for (int w = 0; w < layout.weeks; ++w)
      for (int k = 0; k < extent; ++k)
        values.push_back(float(10000 * int(m) + 1000 * run + 10 * (w + 1) + k) + 0.25f);
    result.values.push_back(std::move(values));
  }
  return result;
}

TEST(Hdf5NetcdfSample, WritesTheSampleFile) {
  testing::ScratchDirectory dir;
  const char* target = std::getenv("WIJKSIM_NETCDF_SAMPLE");
  const std::filesystem::path path = target != nullptr ? std::filesystem::path(target) : dir / "sample.h5";

  const OutputLayout layout{3, 5, 4, kSampleMetrics, Storage::compact, {}};
  Provenance provenance;
  provenance.scenario_name = "sample";
  provenance.scenario_path = "tests/io/test_hdf5_netcdf_sample.cpp";
  provenance.scenario_text = "# the netCDF compatibility sample\n";
  provenance.command_line = "wijksim_tests --gtest_filter=Hdf5NetcdfSample.*";
  auto output = Hdf5Output::create(path, layout, Parameters::defaults(), provenance);
  output.write_run(0, sample_run(layout, 0));
  output.write_run(1, sample_run(layout, 1));
  output.commit();

  const FileSummary summary = read_summary(path);
  EXPECT_EQ(summary.done, 2);
  EXPECT_EQ(summary.pending, 1);
  EXPECT_EQ(summary.metrics.size(), std::size(kSampleMetrics));
}

}  // namespace
}  // namespace wijksim
