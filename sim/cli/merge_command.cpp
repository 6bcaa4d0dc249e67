// `wijksim merge OUT SHARD...`: the shards of one sweep combined into one
// file equal to the sweep run whole. The output starts as a copy of the first
// shard (so it has the sweep's full layout and provenance), takes every run
// the other shards wrote, and is renamed into place only when complete.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/input_file.h"
#include "core/errors.h"
#include "io/file_sync.h"
#include "io/hdf5_output.h"
#include "io/sweep_file.h"

namespace wijksim::cli {

namespace fs = std::filesystem;

namespace {

// Deletes the temporary merged file unless it was renamed into place.
class TemporaryFile {
 public:
  explicit TemporaryFile(fs::path path) : path_(std::move(path)) {}
  ~TemporaryFile() {
    std::error_code ignored;
    if (!kept_) fs::remove(path_, ignored);
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  const fs::path& path() const { return path_; }
  void keep() { kept_ = true; }

 private:
  fs::path path_;
  bool kept_ = false;
};

void check_same_sweep(const SweepFile& first, const SweepFile& other) {
  const std::string where = other.path().string() + " and " + first.path().string();
  if (const std::string why = identity_difference(other.identity(), first.identity(), false); !why.empty())
    throw IoError("cannot merge " + where + ": " + other.path().string() + " " + why);
  if (other.runs() != first.runs() || other.weeks() != first.weeks() ||
      other.neighbourhoods() != first.neighbourhoods() || other.metric_names() != first.metric_names())
    throw IoError("cannot merge " + where + ": they have different shapes or outcomes");
}

bool same_outcome(const RunResult& a, const RunResult& b) {
  return a.status == b.status && a.seed == b.seed && a.values == b.values;
}

}  // namespace

int merge_command(const MergeFlags& flags, const GlobalFlags& global) {
  if (flags.shards.empty()) throw InputError("merge needs at least one shard file");
  const fs::path output = flags.output;
  std::error_code ec;
  for (const std::string& shard : flags.shards) {
    require_input_file(shard, "shard file");
    if (fs::exists(output, ec) && fs::equivalent(output, shard, ec))
      throw InputError(output.string() + ": the output is also one of the shards");
  }
  require_replaceable_output(output, flags.force);

  std::vector<SweepFile> shards;
  for (const std::string& path : flags.shards) {
    shards.push_back(SweepFile::open(path, false));
    check_same_sweep(shards.front(), shards.back());
  }

  Hdf5Output::remove_abandoned_temporaries(output);
  TemporaryFile temporary(fs::path(output.string() + ".partial-" + std::to_string(::getpid())));
  fs::copy_file(shards.front().path(), temporary.path(), fs::copy_options::overwrite_existing, ec);
  if (ec) throw IoError(output.string() + ": cannot write the merged file: " + ec.message());
  try {
    SweepFile merged = SweepFile::open(temporary.path(), true);
    for (std::size_t s = 1; s < shards.size(); ++s) {
      const SweepFile& shard = shards[s];
      for (int run = 0; run < shard.runs(); ++run) {
        const RunStatus theirs = shard.statuses()[std::size_t(run)];
        const RunStatus ours = merged.statuses()[std::size_t(run)];
        if (theirs == RunStatus::pending || (ours == RunStatus::done && theirs == RunStatus::failed)) continue;
        if (ours == RunStatus::done) {
          if (!same_outcome(merged.read_run(run), shard.read_run(run)))
            throw IoError("cannot merge: run " + std::to_string(run) + " differs between " + shard.path().string() +
                          " and an earlier shard; they were not computed by the same build and sweep");
          continue;
        }
        merged.write_run(run, shard.read_run(run));
      }
    }
    merged.relabel("", "merged " + std::to_string(shards.size()) + " shards: " + flags.command_line);
    merged.close();
  } catch (const IoError& e) {
    // The merged file begins as a copy of the first shard; an error inside it
    // names a temporary the user never sees, so say what it was made from.
    const std::string what = e.what();
    if (what.rfind("cannot merge:", 0) == 0) throw;
    throw IoError(output.string() + ": merging failed in the copy of " + shards.front().path().string() +
                  " it starts from (" + what + ")");
  }
  sync_to_disk(temporary.path(), output);
  fs::rename(temporary.path(), output, ec);
  if (ec) throw IoError(output.string() + ": cannot move the merged file into place: " + ec.message());
  temporary.keep();
  sync_directory(output);

  const SweepFile result = SweepFile::open(output, false);
  int done = 0, failed = 0;
  for (const RunStatus status : result.statuses()) {
    done += status == RunStatus::done;
    failed += status == RunStatus::failed;
  }
  const int pending = result.runs() - done - failed;
  if (!global.quiet)
    std::cerr << "wrote " << output.string() << ": " << shards.size() << " shards, " << result.runs() << " runs: "
              << done << " done, " << failed << " failed, " << pending << " pending\n";
  if (pending > 0 || failed > 0) {
    std::cerr << "wijksim: error: the merged sweep is incomplete (" << failed << " failed, " << pending
              << " pending); `wijksim sweep SWEEP.toml -o " << output.string()
              << " --resume` (with the sweep's --set/--replicates) runs them\n";
    return 1;
  }
  return 0;
}

}  // namespace wijksim::cli
