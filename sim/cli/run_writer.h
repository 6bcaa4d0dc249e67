#pragma once
// The single writer of a sweep: one thread that takes finished runs from a
// bounded queue, writes each into the sweep file (row, flush, status, flush)
// and reports progress. Runs keep computing while a result is written; a
// full queue makes the runs wait rather than pile results up in memory.
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

#include "engine/run_result.h"
#include "io/sweep_file.h"

namespace wijksim::cli {

class RunWriter {
 public:
  // Called on the writer thread after each run is on disk, with the time
  // writing it took.
  using Written = std::function<void(int index, const RunResult& result, double write_seconds)>;

  RunWriter(SweepFile& file, std::size_t capacity, Written written);
  ~RunWriter();  // finishes (errors are then dropped: call finish() to see them)
  RunWriter(const RunWriter&) = delete;
  RunWriter& operator=(const RunWriter&) = delete;

  // Queues a run for writing; blocks while the queue is full. Throws the
  // writer's error (an IoError from a full disk, say) once writing failed.
  void submit(int index, RunResult&& result);

  // Writes what is queued, stops the thread, and rethrows a write error.
  void finish();

 private:
  void write_loop();

  SweepFile& file_;
  std::size_t capacity_;
  Written written_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::pair<int, RunResult>> queue_;
  bool closing_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace wijksim::cli
