#pragma once
// A one-line progress display on stderr: percentage, weeks per second and the
// time left. It redraws in place on a terminal and stays out of logs unless asked.
#include <chrono>
#include <cstddef>
#include <optional>
#include <utility>
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
  // With several runs (replicates), also how many of them are done.
  void update(int weeks_done, int weeks_total, int runs_done = 0, int runs_total = 1);
  // Removes the line from a terminal (a log keeps its last line).
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  void draw(int weeks_done, int weeks_total, int runs_done, int runs_total, double seconds);

  bool enabled_ = false;
  bool terminal_ = false;
  std::string label_;
  Clock::time_point start_;
  Clock::time_point last_draw_;
  std::optional<std::pair<int, double>> first_update_;  // weeks done and seconds, when first called
  bool drawn_ = false;
  std::size_t width_ = 0;
};

// Seconds left at the pace since the first update, or nothing until that
// pace has been measured over `kPaceSeconds`. The first update comes after
// the world is built, so building does not count as simulating weeks: timed
// from the start, a 9 s run once showed 2m41s at its first week.
inline constexpr double kPaceSeconds = 0.5;
std::optional<double> time_left(std::pair<int, double> first_update, int weeks_done, double seconds,
                                int weeks_total);

// "42s", "3m05s", "1h02m": short enough for a progress line.
std::string format_duration(double seconds);

}  // namespace wijksim::cli
