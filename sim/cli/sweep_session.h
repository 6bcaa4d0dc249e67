#pragma once
// One sweep process's dealings with its results file, the same whether the
// runs are computed here or on MPI ranks: opening or creating the file,
// listing the runs still to do, counting what is written, and the closing
// report and exit status.
#include <chrono>
#include <memory>
#include <vector>

#include "cli/commands.h"
#include "cli/sweep_progress.h"
#include "cli/sweep_setup.h"
#include "io/sweep_file.h"

namespace wijksim::cli {

class SweepSession {
 public:
  // Creates the file, or with --resume opens it (creating it if absent) and
  // checks that it holds this sweep; --force replaces an existing file.
  SweepSession(const PreparedSweep& prepared, const SweepFlags& flags, const GlobalFlags& global);

  SweepFile& file() { return file_; }
  // This shard's runs that are not done yet (pending, or failed before).
  const std::vector<SweepRun>& runs_to_do() const { return remaining_; }

  // On the writer thread, after each run is written.
  void record(const RunResult& result, double write_seconds);

  // Closes the file and reports. Returns the exit status: 0 every run done,
  // 1 some failed, 128 + signal when a signal stopped the sweep early.
  int conclude(int signal);

 private:
  const PreparedSweep& prepared_;
  GlobalFlags global_;
  SweepFile file_;
  std::vector<SweepRun> remaining_;
  int owned_ = 0;
  int written_ = 0;
  int failed_ = 0;
  double write_seconds_ = 0.0;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::unique_ptr<SweepProgress> progress_;
};

}  // namespace wijksim::cli
