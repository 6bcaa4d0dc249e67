// A results file is never left half-written at its destination, and every
// bad file a user may hand to `wijksim info` ends in an IoError naming it.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bit>
#include <csignal>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>

#include "core/errors.h"
#include "io/hdf5_input.h"
#include "io/hdf5_output.h"
#include "io/hdf5_test_support.h"

namespace wijksim {
namespace {

namespace fs = std::filesystem;
using testing::ScratchDirectory;

Hdf5Output create_at(const fs::path& path, const OutputLayout& layout,
                     const std::string& scenario = "test-scenario") {
  return Hdf5Output::create(path, layout, Parameters::defaults(), testing::test_provenance(scenario));
}

fs::path good_file(const ScratchDirectory& dir, const std::string& name = "good.h5") {
  const OutputLayout layout = testing::test_layout(2, 6, 3);
  auto output = create_at(dir / name, layout);
  output.write_run(0, testing::test_result(layout, 0, 11));
  output.write_run(1, testing::test_result(layout, 1, 12));
  output.commit();
  return dir / name;
}

// Runs `action` and returns the IoError's message, or fails the test.
template <typename Action> std::string io_error_of(Action action) {
  try {
    action();
  } catch (const IoError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an IoError";
  return "";
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(Hdf5NoHalfWrittenFile, WritingHappensUnderATemporaryNameBesideTheDestination) {
  ScratchDirectory dir;
  const auto path = dir / "out.h5";
  auto output = create_at(path, testing::test_layout(1, 2, 1));
  EXPECT_EQ(output.temporary_path().parent_path(), dir.path());
  EXPECT_EQ(output.temporary_path().filename().string().rfind("out.h5.partial-", 0), 0u);
  EXPECT_TRUE(fs::exists(output.temporary_path()));
  EXPECT_FALSE(fs::exists(path));
  output.commit();
  EXPECT_TRUE(fs::exists(path));
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.h5"});
}

TEST(Hdf5NoHalfWrittenFile, DestroyingWithoutCommitLeavesNothingBehind) {
  ScratchDirectory dir;
  const OutputLayout layout = testing::test_layout(2, 3, 2);
  {
    auto output = create_at(dir / "out.h5", layout);
    output.write_run(0, testing::test_result(layout, 0, 1));
    ASSERT_FALSE(dir.entries().empty());
  }
  EXPECT_TRUE(dir.entries().empty());
}

TEST(Hdf5NoHalfWrittenFile, AnAbandonedRewriteKeepsTheEarlierFile) {
  ScratchDirectory dir;
  const auto path = good_file(dir, "out.h5");
  const std::string before = slurp(path);
  {
    auto output = create_at(path, testing::test_layout(1, 1, 1), "second");
  }
  EXPECT_EQ(slurp(path), before);
  EXPECT_EQ(read_summary(path).scenario_name, "test-scenario");
}

TEST(Hdf5NoHalfWrittenFile, CommitReplacesAnEarlierFile) {
  ScratchDirectory dir;
  const auto path = good_file(dir, "out.h5");
  create_at(path, testing::test_layout(1, 1, 1), "second").commit();
  EXPECT_EQ(read_summary(path).scenario_name, "second");
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.h5"});
}

TEST(Hdf5NoHalfWrittenFile, AMovedOutputIsCommittedByItsNewOwner) {
  ScratchDirectory dir;
  const auto path = dir / "out.h5";
  auto first = create_at(path, testing::test_layout(1, 1, 1));
  Hdf5Output second = std::move(first);
  second.commit();
  EXPECT_EQ(read_summary(path).pending, 1);
}

// What --resume builds on: every run written before the writer was killed is
// in its temporary, which opens without repair (no `h5clear` needed).
TEST(Hdf5NoHalfWrittenFile, AKilledWriterLeavesItsFlushedRunsInTheTemporary) {
  ScratchDirectory dir;
  const auto path = dir / "out.h5";
  const OutputLayout layout = testing::test_layout(3, 4, 2);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto output = create_at(path, layout);
    output.write_run(1, testing::test_result(layout, 1, 42));
    ::_exit(0);  // killed: no destructor, no close
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  EXPECT_FALSE(fs::exists(path));
  const auto temporary = dir / ("out.h5.partial-" + std::to_string(child));
  ASSERT_EQ(dir.entries(), std::vector<std::string>{temporary.filename().string()});
  const FileSummary s = read_summary(temporary);
  EXPECT_EQ(s.done, 1);
  EXPECT_EQ(s.pending, 2);
  EXPECT_EQ(s.seeds[1], 42u);
  const MetricArray values = read_metric(temporary, "households_helped");
  EXPECT_EQ(std::bit_cast<std::uint32_t>(values.values[4]),
            std::bit_cast<std::uint32_t>(testing::test_result(layout, 1, 42).values[0][0]));
}

TEST(Hdf5BadInput, AFileBeingWrittenIsReportedAsSuch) {
  ScratchDirectory dir;
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto output = create_at(dir / "out.h5", testing::test_layout(1, 1, 1));
    const char byte = 1;
    if (::write(ready[1], &byte, 1) != 1) ::_exit(1);
    ::pause();  // writing, until killed
    ::_exit(0);
  }
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  const auto temporary = dir / ("out.h5.partial-" + std::to_string(child));
  const std::string message = io_error_of([&] { read_summary(temporary); });
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  ::close(ready[0]);
  ::close(ready[1]);
  EXPECT_NE(message.find(temporary.string() + ": is being written by another program"), std::string::npos)
      << message;
  EXPECT_NE(message.find("(unable to lock file: "), std::string::npos) << message;
}

TEST(Hdf5NoHalfWrittenFile, MissingDirectoryIsAnIoErrorNamingThePath) {
  ScratchDirectory dir;
  const auto path = dir / "no-such-directory" / "out.h5";
  const std::string message = io_error_of([&] { create_at(path, testing::test_layout(1, 1, 1)); });
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("does not exist"), std::string::npos) << message;
}

TEST(Hdf5NoHalfWrittenFile, UnwritableDirectoryIsAnIoErrorNamingThePath) {
  // Nobody, root included, can create a file in /proc.
  const fs::path path = "/proc/wijksim-results.h5";
  const std::string message = io_error_of([&] { create_at(path, testing::test_layout(1, 1, 1)); });
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(path));
}

TEST(Hdf5NoHalfWrittenFile, ADirectoryThatIsAFileIsAnIoError) {
  ScratchDirectory dir;
  std::ofstream(dir / "plain") << "not a directory\n";
  const auto path = dir / "plain" / "out.h5";
  const std::string message = io_error_of([&] { create_at(path, testing::test_layout(1, 1, 1)); });
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
}

// A full disk, imitated by a file size limit: the failure surfaces as an
// IoError from whichever call hits it, and abandoning the file then leaves
// nothing behind. ctest runs this in a process of its own, so a crash while
// HDF5 shuts down at exit (its bug HDFFV-11052) fails the test too.
TEST(Hdf5NoHalfWrittenFile, AFullDiskIsAnIoErrorAndLeavesNothing) {
  ScratchDirectory dir;
  const OutputLayout layout = testing::test_layout(8, 520, 40);  // ~110 KiB of incompressible values per run
  rlimit previous{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &previous), 0);
  const auto previous_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit limited = previous;
  limited.rlim_cur = 256 * 1024;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limited), 0);

  std::optional<Hdf5Output> output;
  std::string message;
  try {
    output.emplace(create_at(dir / "out.h5", layout));
    for (int run = 0; run < layout.runs; ++run) output->write_run(run, testing::test_result(layout, run, 1));
    output->commit();
  } catch (const IoError& e) {
    message = e.what();
  }
  // The limit applies to every file, the in-memory one the abandoned file's
  // last writes are sent to included; a full disk does not.
  setrlimit(RLIMIT_FSIZE, &previous);
  std::signal(SIGXFSZ, previous_handler);
  output.reset();

  EXPECT_NE(message.find((dir / "out.h5").string()), std::string::npos) << "message: " << message;
  EXPECT_NE(message.find("File too large"), std::string::npos) << "message: " << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << "one line for the command line: " << message;
  EXPECT_TRUE(dir.entries().empty());
}

TEST(Hdf5NoHalfWrittenFile, ImpossibleLayoutsAndResultsAreRejected) {
  ScratchDirectory dir;
  const auto path = dir / "out.h5";
  EXPECT_THROW(create_at(path, testing::test_layout(0, 1, 1)), std::invalid_argument);
  const MetricSpec clash[] = {{"seed", "1", "clashes with the seed variable", MetricLevel::city}};
  EXPECT_THROW(create_at(path, OutputLayout{1, 1, 1, clash, Storage::compact, {}}), std::invalid_argument);
  const MetricSpec twice[] = {{"x", "1", "x", MetricLevel::city}, {"x", "1", "x", MetricLevel::domain}};
  EXPECT_THROW(create_at(path, OutputLayout{1, 1, 1, twice, Storage::compact, {}}), std::invalid_argument);
  const MetricSpec spaced[] = {{"two words", "1", "x", MetricLevel::city}};
  EXPECT_THROW(create_at(path, OutputLayout{1, 1, 1, spaced, Storage::compact, {}}), std::invalid_argument);
  EXPECT_TRUE(dir.entries().empty());

  const OutputLayout layout = testing::test_layout(2, 3, 2);
  auto output = create_at(path, layout);
  EXPECT_THROW(output.write_run(2, testing::test_result(layout, 2, 1)), std::out_of_range);
  EXPECT_THROW(output.write_run(-1, testing::test_result(layout, 0, 1)), std::out_of_range);
  RunResult short_result = testing::test_result(layout, 0, 1);
  short_result.values[1].pop_back();
  EXPECT_THROW(output.write_run(0, short_result), std::invalid_argument);
  RunResult missing_metric = testing::test_result(layout, 0, 1);
  missing_metric.values.pop_back();
  EXPECT_THROW(output.write_run(0, missing_metric), std::invalid_argument);
}

TEST(Hdf5BadInput, MissingFile) {
  ScratchDirectory dir;
  const auto path = dir / "absent.h5";
  const std::string message = io_error_of([&] { read_summary(path); });
  EXPECT_NE(message.find(path.string() + ": no such file"), std::string::npos) << message;
}

TEST(Hdf5BadInput, TextFileIsNotAnHdf5File) {
  ScratchDirectory dir;
  const auto path = dir / "notes.h5";
  std::ofstream(path) << "run,week,value\n0,1,3.5\n";
  const std::string message = io_error_of([&] { read_summary(path); });
  EXPECT_NE(message.find(path.string() + ": not an HDF5 file or damaged"), std::string::npos) << message;
}

TEST(Hdf5BadInput, ForeignHdf5FileIsNotAWijksimFile) {
  ScratchDirectory dir;
  const auto path = dir / "foreign.h5";
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  H5Fclose(file);
  const std::string message = io_error_of([&] { read_summary(path); });
  EXPECT_NE(message.find(path.string() + ": not a wijksim results file (no wijksim_format attribute)"),
            std::string::npos)
      << message;
  EXPECT_NE(io_error_of([&] { read_metric(path, "open_cases"); }).find("not a wijksim results file"),
            std::string::npos);
}

TEST(Hdf5BadInput, TruncatedFilesAreDamagedNotACrash) {
  ScratchDirectory dir;
  const std::string whole = slurp(good_file(dir));
  ASSERT_GT(whole.size(), 4000u);
  for (const std::size_t length : {std::size_t(1000), std::size_t(8), whole.size() / 3, whole.size() / 2,
                                   whole.size() - 100, whole.size() - 1}) {
    const auto path = dir / ("cut-" + std::to_string(length) + ".h5");
    std::ofstream(path, std::ios::binary).write(whole.data(), std::streamsize(length));
    const std::string message = io_error_of([&] { read_summary(path); });
    EXPECT_NE(message.find(path.string() + ": not an HDF5 file or damaged"), std::string::npos)
        << length << " bytes: " << message;
  }
}

// A run file with 12 bytes overwritten, one of the seeded corruptions of
// tests/io/check_corrupt_files.py. Its damaged link index made libhdf5 free
// memory it never set while listing the file's variables: `wijksim info`
// died with SIGSEGV before files were read in a child process first.
TEST(Hdf5BadInput, AFileThatCrashesHdf5IsRefusedAsDamaged) {
  const auto path = std::filesystem::path(WIJKSIM_SOURCE_DIR) / "tests/fuzz/corpus/results/damaged-link-index.h5";
  ASSERT_TRUE(std::filesystem::exists(path));
  for (int attempt = 0; attempt < 2; ++attempt) {  // the second meets no remembered verdict: none is kept
    const std::string summary_error = io_error_of([&] { read_summary(path); });
    EXPECT_EQ(summary_error.rfind(path.string() + ": damaged", 0), 0u) << summary_error;
    const std::string metric_error = io_error_of([&] { read_metric(path, "open_cases"); });
    EXPECT_EQ(metric_error.rfind(path.string() + ": damaged", 0), 0u) << metric_error;
  }
}

TEST(Hdf5BadInput, AnotherFormatVersionIsRefused) {
  ScratchDirectory dir;
  const auto path = good_file(dir);
  {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    ASSERT_GE(H5Adelete(file, "wijksim_format"), 0);
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, 1);
    const hid_t space = H5Screate(H5S_SCALAR);
    const hid_t attribute = H5Acreate2(file, "wijksim_format", type, space, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(H5Awrite(attribute, type, "2"), 0);
    H5Aclose(attribute);
    H5Sclose(space);
    H5Tclose(type);
    H5Fclose(file);
  }
  const std::string message = io_error_of([&] { read_summary(path); });
  EXPECT_NE(message.find("wijksim_format \"2\" is not supported"), std::string::npos) << message;
}

TEST(Hdf5BadInput, AbsentMetricNamesFileAndMetric) {
  ScratchDirectory dir;
  const auto path = good_file(dir);
  for (const std::string_view name : {"no_such_metric", "seed", "week", "parameters", "", "a/b"}) {
    const std::string message = io_error_of([&] { read_metric(path, name); });
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find("no metric named \"" + std::string(name) + "\""), std::string::npos) << message;
  }
  EXPECT_EQ(read_metric(path, "open_cases").shape, (std::vector<std::size_t>{2, 6, 3}));
}

}  // namespace
}  // namespace wijksim
