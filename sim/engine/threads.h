#pragma once
// Work on a chosen number of threads: `-j N`, and the tests that show a run
// the same on any number. A tbb::global_control alone only caps the threads
// TBB may use; the default arena keeps one slot a core, so N above the core
// count would still run on as many threads as there are cores. The work runs
// in an arena of N as well.
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/task_arena.h>

#include <cstddef>
#include <utility>

namespace wijksim {

// Runs `work` on up to `threads` threads, the calling one included, and
// returns what it returns; with 0, on TBB's default of one thread a core.
template <typename Work>
decltype(auto) run_on_threads(int threads, Work&& work) {
  if (threads <= 0) return std::forward<Work>(work)();
  const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
  tbb::task_arena arena(threads);
  return arena.execute(std::forward<Work>(work));
}

}  // namespace wijksim
