// Sweep files written in place: rows written in any order read back whole,
// statuses survive reopening, and resuming checks which sweep a file holds.
#include <gtest/gtest.h>

#include "core/errors.h"
#include "io/hdf5_test_support.h"
#include "io/sweep_file.h"

namespace wijksim {
namespace {

using testing::ScratchDirectory;

Provenance sweep_provenance() {
  Provenance provenance = testing::test_provenance();
  provenance.sweep_name = "grid";
  provenance.sweep_path = "grid.toml";
  provenance.sweep_text = "scenario = \"test-scenario.toml\"\n";
  return provenance;
}

std::string io_error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const IoError& e) {
    return e.what();
  }
  return "";
}

TEST(SweepFile, RowsWrittenInAnyOrderReadBackAfterReopening) {
  ScratchDirectory dir;
  const OutputLayout layout = testing::test_layout(4, 3, 2);
  {
    SweepFile file = SweepFile::create(dir / "s.h5", layout, Parameters::defaults(), sweep_provenance(), false);
    file.write_run(2, testing::test_result(layout, 2, 7));
    file.write_run(0, testing::test_result(layout, 0, 5));
    file.close();
  }
  const SweepFile file = SweepFile::open(dir / "s.h5", false);
  EXPECT_EQ(file.statuses(),
            (std::vector<RunStatus>{RunStatus::done, RunStatus::pending, RunStatus::done, RunStatus::pending}));
  const RunResult expected = testing::test_result(layout, 2, 7);
  const RunResult read = file.read_run(2);
  EXPECT_EQ(read.seed, expected.seed);
  ASSERT_EQ(read.values.size(), expected.values.size());
  for (std::size_t m = 0; m < read.values.size(); ++m) EXPECT_EQ(read.values[m], expected.values[m]);
  EXPECT_TRUE(file.read_run(1).values.empty());
}

TEST(SweepFile, ResumeRefusesOtherParametersForTheSameScenarioText) {
  ScratchDirectory dir;
  const OutputLayout layout = testing::test_layout(2, 3, 2);
  SweepFile::create(dir / "s.h5", layout, Parameters::defaults(), sweep_provenance(), false).close();
  Parameters other = Parameters::defaults();
  other.s0 += 0.1;  // as a build with other defaults would resolve the same file
  const std::string message =
      io_error_of([&] { SweepFile::resume(dir / "s.h5", layout, other, sweep_provenance()); });
  EXPECT_NE(message.find("s.h5: cannot resume: its runs were computed with other parameter values"),
            std::string::npos)
      << message;
  EXPECT_NO_THROW(SweepFile::resume(dir / "s.h5", layout, Parameters::defaults(), sweep_provenance()).close());
}

TEST(SweepFile, CreateRefusesAnExistingFileUnlessReplacing) {
  ScratchDirectory dir;
  const OutputLayout layout = testing::test_layout(1, 1, 1);
  SweepFile::create(dir / "s.h5", layout, Parameters::defaults(), sweep_provenance(), false).close();
  EXPECT_NE(io_error_of([&] {
              SweepFile::create(dir / "s.h5", layout, Parameters::defaults(), sweep_provenance(), false);
            }).find("already exists"),
            std::string::npos);
  EXPECT_NO_THROW(SweepFile::create(dir / "s.h5", layout, Parameters::defaults(), sweep_provenance(), true).close());
}

}  // namespace
}  // namespace wijksim
