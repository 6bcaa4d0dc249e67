// Results written by Hdf5Output read back exactly through hdf5_input.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <bit>
#include <cmath>
#include <cstdint>

#include "engine/metrics.h"
#include "io/hdf5_input.h"
#include "io/hdf5_output.h"
#include "io/hdf5_test_support.h"

namespace wijksim {
namespace {

using testing::ScratchDirectory;

constexpr std::uint64_t kBigSeed = 0xFEDCBA9876543210ull;  // above 2^63: no signed detour

// Three runs: 0 failed (no values), 1 never written, 2 done.
std::filesystem::path write_three_runs(const ScratchDirectory& dir, const OutputLayout& layout) {
  const auto path = dir / "results.h5";
  auto output = Hdf5Output::create(path, layout, Parameters::defaults(), testing::test_provenance());
  output.write_run(2, testing::test_result(layout, 2, kBigSeed));
  RunResult failed;
  failed.seed = 7;
  failed.status = RunStatus::failed;
  failed.error = "week 3: caseload became negative";
  failed.wall_seconds = 0.25;
  output.write_run(0, failed);
  output.commit();
  return path;
}

TEST(Hdf5RoundTrip, MetricValuesReadBackBitForBitAndUnwrittenRunsAreNaN) {
  ScratchDirectory dir;
  const OutputLayout layout = testing::test_layout(3, 4, 3);
  const auto path = write_three_runs(dir, layout);
  const RunResult expected = testing::test_result(layout, 2, kBigSeed);

  for (std::size_t m = 0; m < layout.metrics.size(); ++m) {
    const MetricSpec& spec = layout.metrics[m];
    const MetricArray array = read_metric(path, spec.name);
    const std::size_t extent = std::size_t(level_extent(spec.level, layout.neighbourhoods));
    std::vector<std::size_t> shape = {3, 4};
    if (spec.level != MetricLevel::city) shape.push_back(extent);
    ASSERT_EQ(array.shape, shape) << spec.name;
    const std::size_t row = 4 * extent;
    ASSERT_EQ(array.values.size(), 3 * row);
    for (std::size_t i = 0; i < row; ++i) {
      EXPECT_TRUE(std::isnan(array.values[i])) << spec.name << " failed run, value " << i;
      EXPECT_TRUE(std::isnan(array.values[row + i])) << spec.name << " pending run, value " << i;
      EXPECT_EQ(std::bit_cast<std::uint32_t>(array.values[2 * row + i]),
                std::bit_cast<std::uint32_t>(expected.values[m][i]))
          << spec.name << " value " << i;
    }
  }
}

TEST(Hdf5RoundTrip, SummaryCountsRunsAndListsSeedsMetricsAndFailures) {
  ScratchDirectory dir;
  const OutputLayout layout = testing::test_layout(3, 4, 3);
  const FileSummary s = read_summary(write_three_runs(dir, layout));

  EXPECT_EQ(s.format, "1");
  EXPECT_EQ(s.scenario_name, "test-scenario");
  EXPECT_EQ(s.source.rfind("wijksim ", 0), 0u) << s.source;
  EXPECT_EQ(s.runs, 3);
  EXPECT_EQ(s.weeks, 4);
  EXPECT_EQ(s.neighbourhoods, 3);
  EXPECT_EQ(s.done, 1);
  EXPECT_EQ(s.failed, 1);
  EXPECT_EQ(s.pending, 1);
  EXPECT_EQ(s.seeds, (std::vector<std::uint64_t>{7, 0, kBigSeed}));
  ASSERT_EQ(s.failures.size(), 1u);
  EXPECT_EQ(s.failures[0].first, 0);
  EXPECT_EQ(s.failures[0].second, "week 3: caseload became negative");

  ASSERT_EQ(s.metrics.size(), std::size(testing::kTestMetrics));
  const std::vector<std::vector<std::string>> dims = {
      {"run", "week"},
      {"run", "week", "neighbourhood"},
      {"run", "week", "helper_type"},
      {"run", "week", "domain"},
      {"run", "week", "complexity"}};
  for (std::size_t m = 0; m < s.metrics.size(); ++m) {
    EXPECT_EQ(s.metrics[m].name, testing::kTestMetrics[m].name);
    EXPECT_EQ(s.metrics[m].units, testing::kTestMetrics[m].units);
    EXPECT_EQ(s.metrics[m].long_name, testing::kTestMetrics[m].long_name);
    EXPECT_EQ(s.metrics[m].dims, dims[m]);
  }

  const std::string text = format_summary(s);
  EXPECT_NE(text.find("3: 1 done, 1 failed, 1 pending"), std::string::npos) << text;
  EXPECT_NE(text.find("run 0: week 3: caseload became negative"), std::string::npos) << text;
  EXPECT_NE(text.find("open_cases"), std::string::npos) << text;
  EXPECT_NE(text.find("(run, week, neighbourhood)"), std::string::npos) << text;
  EXPECT_NE(text.find("recruit_channel"), std::string::npos) << text;
}

TEST(Hdf5RoundTrip, SummaryRendersEveryParameterInTableOrder) {
  ScratchDirectory dir;
  Parameters p = Parameters::defaults();
  p.room[3] = 0.9;
  p.recruit_channel = RecruitChannel::scouts;
  p.protocol_source[1] = ProtocolSource::foreign;
  const auto path = dir / "params.h5";
  auto output = Hdf5Output::create(path, testing::test_layout(1, 1, 1), p, testing::test_provenance());
  output.commit();

  const FileSummary s = read_summary(path);
  const auto table = parameter_table();
  ASSERT_EQ(s.parameters.size(), table.size());
  for (std::size_t i = 0; i < table.size(); ++i) EXPECT_EQ(s.parameters[i].first, table[i].name);
  auto value_of = [&](std::string_view name) {
    for (const auto& [key, value] : s.parameters)
      if (key == name) return value;
    return std::string("(missing)");
  };
  EXPECT_EQ(value_of("n_neighbourhoods"), "20");
  EXPECT_EQ(value_of("rewire_p"), "0.1");
  EXPECT_EQ(value_of("room"), "[0.3, 0.3, 0.3, 0.9, 0.3]");
  EXPECT_EQ(value_of("recruit_channel"), "scouts");
  EXPECT_EQ(value_of("bp_emergence"), "auto");
  EXPECT_EQ(value_of("protocol_source"), "[city, foreign, city, city, city]");
}

TEST(Hdf5RoundTrip, WritingARunAgainReplacesItsRow) {
  ScratchDirectory dir;
  const OutputLayout layout = testing::test_layout(2, 3, 2);
  const auto path = dir / "rewrite.h5";
  auto output = Hdf5Output::create(path, layout, Parameters::defaults(), testing::test_provenance());
  RunResult failed;
  failed.status = RunStatus::failed;
  failed.error = "first attempt";
  output.write_run(1, failed);
  output.write_run(1, testing::test_result(layout, 1, 99));
  output.commit();

  const FileSummary s = read_summary(path);
  EXPECT_EQ(s.done, 1);
  EXPECT_EQ(s.failed, 0);
  EXPECT_EQ(s.seeds[1], 99u);
  const MetricArray city = read_metric(path, "households_helped");
  EXPECT_EQ(std::bit_cast<std::uint32_t>(city.values[3]),
            std::bit_cast<std::uint32_t>(testing::test_result(layout, 1, 99).values[0][0]));
}

// The storage promises of docs/output-format.md: one run per chunk, shuffled
// and compressed, float32 with a NaN _FillValue of the same type.
TEST(Hdf5RoundTrip, MetricsAreChunkedPerRunCompressedAndFilledWithNaN) {
  ScratchDirectory dir;
  const OutputLayout layout = testing::test_layout(2, 5, 7);
  const auto path = dir / "storage.h5";
  Hdf5Output::create(path, layout, Parameters::defaults(), testing::test_provenance()).commit();

  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  const hid_t dataset = H5Dopen2(file, "open_cases", H5P_DEFAULT);
  ASSERT_GE(dataset, 0);
  const hid_t dcpl = H5Dget_create_plist(dataset);
  hsize_t chunk[3] = {};
  EXPECT_EQ(H5Pget_chunk(dcpl, 3, chunk), 3);
  EXPECT_EQ(chunk[0], 1u);
  EXPECT_EQ(chunk[1], 5u);
  EXPECT_EQ(chunk[2], 7u);
  ASSERT_EQ(H5Pget_nfilters(dcpl), 2);
  unsigned flags = 0;
  std::size_t count = 1;
  unsigned level = 0;
  EXPECT_EQ(H5Pget_filter2(dcpl, 0, &flags, &count, &level, 0, nullptr, nullptr), H5Z_FILTER_SHUFFLE);
  count = 1;
  EXPECT_EQ(H5Pget_filter2(dcpl, 1, &flags, &count, &level, 0, nullptr, nullptr), H5Z_FILTER_DEFLATE);
  EXPECT_EQ(level, 4u);

  const hid_t type = H5Dget_type(dataset);
  EXPECT_GT(H5Tequal(type, H5T_IEEE_F32LE), 0);
  const hid_t fill = H5Aopen(dataset, "_FillValue", H5P_DEFAULT);
  ASSERT_GE(fill, 0);
  const hid_t fill_type = H5Aget_type(fill);
  EXPECT_GT(H5Tequal(fill_type, H5T_IEEE_F32LE), 0);
  float fill_value = 0;
  EXPECT_GE(H5Aread(fill, H5T_NATIVE_FLOAT, &fill_value), 0);
  EXPECT_TRUE(std::isnan(fill_value));
  H5Tclose(fill_type);
  H5Aclose(fill);
  H5Tclose(type);
  H5Pclose(dcpl);
  H5Dclose(dataset);
  H5Fclose(file);
}

// The model's own metric table must fit the file: plain unique names that do
// not clash with the file's variables, and units xarray leaves as numbers
// (it turns variables in "days", "hours", ... into time spans).
TEST(Hdf5RoundTrip, TheModelsMetricTableFitsTheFile) {
  ScratchDirectory dir;
  const auto metrics = metric_table();
  const auto path = dir / "model.h5";
  Hdf5Output::create(path, OutputLayout{1, 2, 3, metrics, Storage::compact, {}}, Parameters::defaults(), testing::test_provenance())
      .commit();
  const FileSummary s = read_summary(path);
  ASSERT_EQ(s.metrics.size(), metrics.size());
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    EXPECT_EQ(s.metrics[m].name, metrics[m].name);
    for (const std::string_view time_unit :
         {"days", "hours", "minutes", "seconds", "milliseconds", "microseconds", "nanoseconds"})
      EXPECT_NE(metrics[m].units, time_unit) << metrics[m].name;
  }
}

}  // namespace
}  // namespace wijksim
