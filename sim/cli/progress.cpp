#include "cli/progress.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>

namespace wijksim::cli {

namespace {
// A terminal is redrawn often enough to look live; a log gets a line now and then.
constexpr double kTerminalInterval = 0.1;
constexpr double kLogInterval = 5.0;
}  // namespace

ProgressLine::ProgressLine(ProgressMode mode, std::string label)
    : terminal_(isatty(STDERR_FILENO) == 1), label_(std::move(label)),
      start_(Clock::now()), last_draw_(start_) {
  enabled_ = mode == ProgressMode::always || (mode == ProgressMode::automatic && terminal_);
}

ProgressLine::~ProgressLine() { finish(); }

void ProgressLine::update(int weeks_done, int weeks_total, int runs_done, int runs_total) {
  if (!enabled_ || weeks_total <= 0) return;
  const Clock::time_point now = Clock::now();
  const double seconds = std::chrono::duration<double>(now - start_).count();
  if (!first_update_) first_update_ = {weeks_done, seconds};
  const double since_draw = std::chrono::duration<double>(now - last_draw_).count();
  const bool last = weeks_done >= weeks_total;
  if (drawn_ && !last && since_draw < (terminal_ ? kTerminalInterval : kLogInterval)) return;
  last_draw_ = now;
  draw(weeks_done, weeks_total, runs_done, runs_total, seconds);
}

void ProgressLine::draw(int weeks_done, int weeks_total, int runs_done, int runs_total, double seconds) {
  char text[200];
  const int percent = int(100.0 * weeks_done / weeks_total);
  std::snprintf(text, sizeof text, "%s %3d%%  week %d/%d", label_.c_str(), percent, weeks_done, weeks_total);
  std::string line = text;
  if (runs_total > 1) line += "  runs " + std::to_string(runs_done) + "/" + std::to_string(runs_total) + " done";
  const int weeks = weeks_done - first_update_->first;
  const double measured = seconds - first_update_->second;
  if (weeks > 0 && measured > 0.0) {
    std::snprintf(text, sizeof text, "  %.0f weeks/s", weeks / measured);
    line += text;
  }
  // The time left only once the pace is measured; the last line needs none.
  if (const auto left = time_left(*first_update_, weeks_done, seconds, weeks_total); left && weeks_done < weeks_total)
    line += "  ETA " + format_duration(*left);
  if (terminal_) {
    const std::size_t width = line.size();
    if (line.size() < width_) line.append(width_ - line.size(), ' ');  // wipe a longer line
    width_ = width;
    std::cerr << '\r' << line << std::flush;
  } else {
    std::cerr << line << '\n' << std::flush;
  }
  drawn_ = true;
}

void ProgressLine::finish() {
  if (!enabled_ || !drawn_) return;
  if (terminal_) std::cerr << '\r' << std::string(width_, ' ') << '\r' << std::flush;
  drawn_ = false;
  enabled_ = false;
}

std::optional<double> time_left(std::pair<int, double> first_update, int weeks_done, double seconds,
                                int weeks_total) {
  const double measured = seconds - first_update.second;
  const int weeks = weeks_done - first_update.first;
  if (measured < kPaceSeconds || weeks <= 0) return std::nullopt;
  return (weeks_total - weeks_done) * measured / weeks;
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0.0) return "?";
  const long total = std::lround(seconds);
  char text[32];
  if (total < 60)
    std::snprintf(text, sizeof text, "%lds", total);
  else if (total < 3600)
    std::snprintf(text, sizeof text, "%ldm%02lds", total / 60, total % 60);
  else
    std::snprintf(text, sizeof text, "%ldh%02ldm", total / 3600, (total % 3600) / 60);
  return text;
}

}  // namespace wijksim::cli
