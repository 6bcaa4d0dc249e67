#pragma once
// Progress of a sweep on stderr: runs done of all, failures, runs per minute
// and the time left. Redrawn in place on a terminal; elsewhere (a log, a
// batch job) one plain line per tenth of the sweep, so logs stay short.
#include <chrono>
#include <string>

#include "cli/progress.h"

namespace wijksim::cli {

class SweepProgress {
 public:
  // `total` counts every run this process is responsible for; `already_done`
  // of them were written before it started (resumed) and do not count
  // towards the rate.
  SweepProgress(ProgressMode mode, std::string label, int total, int already_done);
  ~SweepProgress();
  SweepProgress(const SweepProgress&) = delete;
  SweepProgress& operator=(const SweepProgress&) = delete;

  // After each run written.
  void update(int written, int failed);
  void finish();

  // Runs written by this process per minute so far.
  double runs_per_minute() const;

 private:
  using Clock = std::chrono::steady_clock;
  std::string line(int written, int failed) const;

  bool enabled_ = false;
  bool terminal_ = false;
  std::string label_;
  int total_ = 0;
  int already_done_ = 0;
  int written_ = 0;
  int next_tenth_ = 1;
  Clock::time_point start_;
  Clock::time_point last_draw_;
  std::size_t width_ = 0;
};

}  // namespace wijksim::cli
