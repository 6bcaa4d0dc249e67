#include "cli/sweep_session.h"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/progress.h"
#include "core/errors.h"
#include "io/hdf5_output.h"

namespace wijksim::cli {

namespace {

SweepFile open_or_create(const PreparedSweep& prepared, const SweepFlags& flags) {
  const std::filesystem::path path = prepared.output;
  Hdf5Output::remove_abandoned_temporaries(path);
  std::error_code ec;
  if (flags.resume && std::filesystem::exists(path, ec))
    return SweepFile::resume(path, prepared.layout, prepared.sweep.base.parameters, prepared.provenance);
  return SweepFile::create(path, prepared.layout, prepared.sweep.base.parameters, prepared.provenance, flags.force);
}

std::string runs_text(int n) { return std::to_string(n) + (n == 1 ? " run" : " runs"); }

}  // namespace

SweepSession::SweepSession(const PreparedSweep& prepared, const SweepFlags& flags, const GlobalFlags& global)
    : prepared_(prepared), global_(global), file_(open_or_create(prepared, flags)) {
  const std::vector<RunStatus>& statuses = file_.statuses();
  int already_done = 0;
  for (const SweepRun& run : prepared.runs) {
    if (!prepared.shard.owns(run.index)) continue;
    ++owned_;
    if (statuses[std::size_t(run.index)] == RunStatus::done)
      ++already_done;
    else
      remaining_.push_back(run);
  }
  std::string label = prepared.sweep.name;
  if (!prepared.shard.label().empty()) label += " shard " + prepared.shard.label();
  if (!global.quiet && already_done > 0 && flags.resume)
    std::cerr << "resuming " << prepared.output << ": " << already_done << " of " << runs_text(owned_)
              << " already done\n";
  progress_ = std::make_unique<SweepProgress>(global.quiet ? ProgressMode::never : global.progress, label, owned_,
                                              already_done);
}

void SweepSession::record(const RunResult& result, double write_seconds) {
  ++written_;
  write_seconds_ += write_seconds;
  if (result.status == RunStatus::failed) ++failed_;
  progress_->update(written_, failed_);
}

int SweepSession::conclude(int signal) {
  progress_->finish();
  file_.close();
  int done = 0;
  int failed = 0;
  std::string first_failure;
  const std::vector<RunStatus>& statuses = file_.statuses();
  for (const SweepRun& run : prepared_.runs) {
    if (!prepared_.shard.owns(run.index)) continue;
    const RunStatus status = statuses[std::size_t(run.index)];
    done += status == RunStatus::done;
    failed += status == RunStatus::failed;
  }
  const int pending = owned_ - done - failed;
  if (signal != 0) {
    std::cerr << "wijksim: " << (signal == SIGINT ? "interrupted" : "stopped by a signal") << ": " << done << " of "
              << runs_text(owned_) << " done in " << prepared_.output << "; add --resume to the same command to "
              << "finish the other " << runs_text(owned_ - done) << "\n";
    return 128 + signal;
  }
  if (!global_.quiet) {
    std::cerr << "wrote " << prepared_.output << ": " << done << " of " << runs_text(owned_) << " done";
    if (written_ > 0) {
      // The writer's share tells whether output holds the runs up.
      const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
      char rate[96];
      std::snprintf(rate, sizeof rate, "%.1f runs/min in %.1f s, %.1f%% of it writing", progress_->runs_per_minute(),
                    elapsed, elapsed > 0.0 ? 100.0 * write_seconds_ / elapsed : 0.0);
      std::cerr << " (" << written_ << " this time, " << rate << ")";
    }
    std::cerr << "\n";
  }
  if (failed > 0 || pending > 0) {
    std::cerr << "wijksim: error: " << runs_text(failed) << " of " << owned_ << " failed"
              << (pending > 0 ? " and " + runs_text(pending) + " not written" : std::string())
              << "; `wijksim info " << prepared_.output << "` lists the failures, and --resume runs them again\n";
    return 1;
  }
  return 0;
}

}  // namespace wijksim::cli
