// `wijksim sweep`: every run of a sweep file (or of one shard of it) into one
// results file, runs in parallel, one writer. The file is written in place
// and survives a kill; --resume writes only the runs still missing, so a
// sweep killed and resumed any number of times ends with every run once.
#include <oneapi/tbb/info.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/run_writer.h"
#include "cli/sweep_progress.h"
#include "cli/sweep_session.h"
#include "core/errors.h"
#include "engine/sweep_execution.h"
#include "engine/threads.h"

namespace wijksim::cli {

namespace {

// Started by mpirun, every copy of a wijksim without MPI would run the whole
// sweep into the same file: refuse before anything is written.
void refuse_mpi_launch() {
#ifndef WIJKSIM_WITH_MPI
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "MPI_LOCALNRANKS"}) {
    const char* value = std::getenv(variable);
    if (value != nullptr && std::atoi(value) > 1)
      throw InputError("this wijksim was built without MPI and was started as " + std::string(value) +
                       " MPI ranks, each of which would run the whole sweep; use wijksim-mpi (built with "
                       "-DWIJKSIM_MPI=ON), or --shard I/N with separate processes");
  }
#endif
}

}  // namespace

int sweep_command(const SweepFlags& flags, const GlobalFlags& global) {
  refuse_mpi_launch();
  const InterruptWatch interrupts;
  const PreparedSweep prepared = prepare_sweep(flags);
  SweepSession session(prepared, flags, global);
  const std::vector<SweepRun>& remaining = session.runs_to_do();
  if (!remaining.empty()) {
    const int thread_count = global.threads > 0 ? global.threads : tbb::info::default_concurrency();
    RunWriter writer(session.file(), std::size_t(2 * thread_count),
                     [&](int, const RunResult& result, double seconds) { session.record(result, seconds); });
    ExecutionOptions options;
    options.stop_requested = [&] { return interrupts.received() != 0; };
    run_on_threads(global.threads, [&] {
      execute_runs(prepared.sweep.base, remaining,
                   [&](const SweepRun& run, RunResult&& result) { writer.submit(run.index, std::move(result)); },
                   options);
    });
    writer.finish();
  }
  return session.conclude(interrupts.received());
}

}  // namespace wijksim::cli
