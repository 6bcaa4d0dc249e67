// `wijksim sweep`: every run of a sweep file (or of one shard of it) into one
// results file, runs in parallel, one writer. The file is written in place
// and survives a kill; --resume writes only the runs still missing, so a
// sweep killed and resumed any number of times ends with every run once.
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>

#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/run_writer.h"
#include "cli/sweep_progress.h"
#include "cli/sweep_session.h"
#include "engine/sweep_execution.h"

namespace wijksim::cli {

int sweep_command(const SweepFlags& flags, const GlobalFlags& global) {
  const InterruptWatch interrupts;
  const PreparedSweep prepared = prepare_sweep(flags);
  std::optional<tbb::global_control> threads;
  if (global.threads > 0)
    threads.emplace(tbb::global_control::max_allowed_parallelism, std::size_t(global.threads));

  SweepSession session(prepared, flags, global);
  const std::vector<SweepRun> todo = session.runs_to_do();
  if (!todo.empty()) {
    const int thread_count = global.threads > 0 ? global.threads : tbb::info::default_concurrency();
    RunWriter writer(session.file(), std::size_t(2 * thread_count),
                     [&](int, const RunResult& result) { session.record(result); });
    ExecutionOptions options;
    options.stop_requested = [&] { return interrupts.received() != 0; };
    execute_runs(prepared.sweep.base, todo,
                 [&](const SweepRun& run, RunResult&& result) { writer.submit(run.index, std::move(result)); },
                 options);
    writer.finish();
  }
  return session.conclude(interrupts.received());
}

}  // namespace wijksim::cli
