// A sweep killed with SIGKILL (no chance to clean up) at several moments,
// then resumed: the finished file equals the uninterrupted sweep's, with
// every run done exactly once.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "cli/sweep_fixture.h"
#include "core/errors.h"

namespace wijksim {
namespace {

using testing::ScratchDir;
using testing::run_wijksim;

// Starts `wijksim sweep grid.toml -o out.h5 [--resume]` in `dir`.
pid_t start_sweep(const ScratchDir& dir, bool resume) {
  const pid_t child = ::fork();
  if (child == 0) {
    if (::chdir(dir.path().c_str()) != 0) ::_exit(127);
    ::execl(WIJKSIM_BINARY, WIJKSIM_BINARY, "sweep", "grid.toml", "-q", "-j", "2", "-o", "out.h5",
            resume ? "--resume" : "-q", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return child;
}

// Runs written so far, read while the sweep writes; -1 before the file exists.
int runs_done(const std::filesystem::path& path) {
  try {
    return testing::count_status(path, RunStatus::done);
  } catch (const IoError&) {
    return -1;
  }
}

// Kills the sweep once it has written at least `after_runs` runs (-1: at
// once), or returns false if it finished first.
bool kill_after(pid_t child, const std::filesystem::path& file, int after_runs) {
  for (;;) {
    if (after_runs < 0 || runs_done(file) >= after_runs) {
      ::kill(child, SIGKILL);
      int status = 0;
      ::waitpid(child, &status, 0);
      return WIFSIGNALED(status);
    }
    int status = 0;
    if (::waitpid(child, &status, WNOHANG) == child) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

TEST(CliSweepKill, KilledAtSeveralMomentsThenResumedEqualsTheUninterruptedSweep) {
  ScratchDir dir;
  testing::write_small_sweep(dir);
  ASSERT_EQ(run_wijksim("sweep grid.toml -q -o reference.h5", dir).status, 0);

  // At once (before or while the file is created), then after 1, 5, 12 and
  // 20 runs, each time resuming the file the last kill left.
  int kills = 0;
  bool resume = false;
  for (const int after_runs : {-1, 1, 5, 12, 20}) {
    const pid_t child = start_sweep(dir, resume);
    kills += kill_after(child, dir / "out.h5", after_runs);
    resume = std::filesystem::exists(dir / "out.h5");
    const int done = runs_done(dir / "out.h5");
    if (resume) {
      EXPECT_GE(done, 0) << "the killed sweep left a file that does not open";
    }
  }
  EXPECT_GE(kills, 3) << "the sweep finished before most kills: make it longer";

  const testing::CliResult finished = run_wijksim("sweep grid.toml -o out.h5 --resume", dir);
  ASSERT_EQ(finished.status, 0) << finished.err;
  EXPECT_EQ(testing::count_status(dir / "out.h5", RunStatus::done), testing::kSmallSweepRuns);
  EXPECT_EQ(testing::outcome_difference(dir / "reference.h5", dir / "out.h5"), "");
  // No temporary left beside it by the kill during creation.
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"grid.toml", "out.h5", "reference.h5", "small.toml"}));
}

TEST(CliSweepKill, CtrlCFinishesTheRunsInProgressAndSaysHowToResume) {
  ScratchDir dir;
  // Runs long enough that the signal lands mid-sweep: each look at the file
  // first reads it whole in a child process (io/hdf5_vetting.h).
  testing::write_small_sweep(dir, 2000);
  ASSERT_EQ(run_wijksim("sweep grid.toml -q -o reference.h5", dir).status, 0);
  const std::filesystem::path err = dir / "err.txt";
  const pid_t child = ::fork();
  if (child == 0) {
    if (::chdir(dir.path().c_str()) != 0 || !std::freopen(err.c_str(), "w", stderr)) ::_exit(127);
    ::execl(WIJKSIM_BINARY, WIJKSIM_BINARY, "sweep", "grid.toml", "-j", "2", "-o", "out.h5",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  while (runs_done(dir / "out.h5") < 2) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ::kill(child, SIGINT);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 128 + SIGINT) << "a sweep of 24 runs signalled after 2 did not stop";
  const std::string message = testing::slurp(err);
  EXPECT_NE(message.find("wijksim: interrupted: "), std::string::npos) << message;
  EXPECT_NE(message.find("add --resume to the same command"), std::string::npos) << message;
  // No run left half-way: every run is done or pending.
  EXPECT_EQ(testing::count_status(dir / "out.h5", RunStatus::failed), 0);
  ASSERT_EQ(run_wijksim("sweep grid.toml -q -o out.h5 --resume", dir).status, 0);
  EXPECT_EQ(testing::outcome_difference(dir / "reference.h5", dir / "out.h5"), "");
}

TEST(CliSweepKill, InfoReadsAFileWhileASweepWritesIt) {
  // Reading takes no lock, so it cannot stop the sweep either (the kill test
  // above reads the file throughout while sweeps open it).
  ScratchDir dir;
  testing::write_small_sweep(dir);
  const pid_t child = start_sweep(dir, false);
  while (runs_done(dir / "out.h5") < 1) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  const testing::CliResult info = run_wijksim("info out.h5", dir);
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  ASSERT_EQ(info.status, 0) << info.err;
  EXPECT_NE(info.out.find("runs            24: "), std::string::npos) << info.out;
}

}  // namespace
}  // namespace wijksim
