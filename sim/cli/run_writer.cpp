#include "cli/run_writer.h"

#include <chrono>

namespace wijksim::cli {

RunWriter::RunWriter(SweepFile& file, std::size_t capacity, Written written)
    : file_(file), capacity_(capacity < 1 ? 1 : capacity), written_(std::move(written)),
      thread_([this] { write_loop(); }) {}

RunWriter::~RunWriter() {
  try {
    finish();
  } catch (...) {  // NOLINT(bugprone-empty-catch): the caller chose not to ask
  }
}

void RunWriter::submit(int index, RunResult&& result) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return queue_.size() < capacity_ || error_ || closing_; });
  if (error_) std::rethrow_exception(error_);
  queue_.emplace_back(index, std::move(result));
  changed_.notify_all();
}

void RunWriter::finish() {
  {
    const std::lock_guard lock(mutex_);
    closing_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

void RunWriter::write_loop() {
  for (;;) {
    std::pair<int, RunResult> item;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return !queue_.empty() || closing_; });
      if (queue_.empty()) return;
      item = std::move(queue_.front());
      queue_.pop_front();
    }
    changed_.notify_all();
    try {
      const auto started = std::chrono::steady_clock::now();
      file_.write_run(item.first, item.second);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (written_) written_(item.first, item.second, seconds);
    } catch (...) {
      const std::lock_guard lock(mutex_);
      error_ = std::current_exception();
      queue_.clear();  // unwritten runs stay pending in the file
      changed_.notify_all();
      return;
    }
  }
}

}  // namespace wijksim::cli
