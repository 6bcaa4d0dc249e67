#include "cli/sweep_progress.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace wijksim::cli {

namespace {
constexpr double kRedrawSeconds = 0.2;
}

SweepProgress::SweepProgress(ProgressMode mode, std::string label, int total, int already_done)
    : terminal_(isatty(STDERR_FILENO) == 1), label_(std::move(label)), total_(total),
      already_done_(already_done), start_(Clock::now()), last_draw_(start_) {
  enabled_ = mode != ProgressMode::never && total_ > 0;
  if (total_ > 0) next_tenth_ = 1 + already_done_ * 10 / total_;
}

SweepProgress::~SweepProgress() { finish(); }

double SweepProgress::runs_per_minute() const {
  const double minutes = std::chrono::duration<double>(Clock::now() - start_).count() / 60.0;
  return minutes > 0.0 ? written_ / minutes : 0.0;
}

std::string SweepProgress::line(int written, int failed) const {
  const int done = already_done_ + written;
  char text[200];
  int length = std::snprintf(text, sizeof text, "%s: %d/%d runs", label_.c_str(), done, total_);
  if (failed > 0) length += std::snprintf(text + length, sizeof text - std::size_t(length), " (%d failed)", failed);
  const double rate = runs_per_minute();
  if (written > 0 && rate > 0.0) {
    const std::string eta = format_duration((total_ - done) / rate * 60.0);
    std::snprintf(text + length, sizeof text - std::size_t(length), "  %.1f runs/min  ETA %s", rate, eta.c_str());
  }
  return text;
}

void SweepProgress::update(int written, int failed) {
  written_ = written;
  if (!enabled_) return;
  const int done = already_done_ + written;
  if (terminal_) {
    const Clock::time_point now = Clock::now();
    if (done < total_ && std::chrono::duration<double>(now - last_draw_).count() < kRedrawSeconds) return;
    last_draw_ = now;
    std::string text = line(written, failed);
    const std::size_t width = text.size();
    if (text.size() < width_) text.append(width_ - text.size(), ' ');
    width_ = width;
    std::cerr << '\r' << text << std::flush;
    return;
  }
  if (done * 10 < next_tenth_ * total_) return;
  while (next_tenth_ * total_ <= done * 10) ++next_tenth_;
  std::cerr << line(written, failed) << '\n' << std::flush;
}

void SweepProgress::finish() {
  if (!enabled_) return;
  if (terminal_ && width_ > 0) std::cerr << '\r' << std::string(width_, ' ') << '\r' << std::flush;
  enabled_ = false;
}

}  // namespace wijksim::cli
