#pragma once
// A one-line progress display on stderr: percentage, weeks per second and the
// time left. It redraws in place on a terminal and stays out of logs unless asked.
#include <chrono>
#include <cstddef>
#include <string>

namespace wijksim::cli {

enum class ProgressMode { automatic, always, never };

class ProgressLine {
 public:
  ProgressLine(ProgressMode mode, std::string label);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Called after each simulated week; redraws at most a few times a second.
  void update(int weeks_done, int weeks_total);
  // Removes the line from a terminal (a log keeps its last line).
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  void draw(int weeks_done, int weeks_total, double seconds);

  bool enabled_ = false;
  bool terminal_ = false;
  std::string label_;
  Clock::time_point start_;
  Clock::time_point last_draw_;
  bool drawn_ = false;
  std::size_t width_ = 0;
};

// "42s", "3m05s", "1h02m": short enough for a progress line.
std::string format_duration(double seconds);

}  // namespace wijksim::cli
