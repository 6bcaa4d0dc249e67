#pragma once
// Everything a sweep needs before its first run, worked out the same way by
// `wijksim sweep`, each shard and each MPI rank: the sweep file loaded with
// the command line's changes (--set, --replicates), its runs numbered, the
// results file's layout and provenance, and which runs this process owns.
#include <optional>
#include <string>
#include <vector>

#include "engine/sweep_design.h"
#include "io/hdf5_output.h"
#include "io/sweep_loader.h"

namespace wijksim::cli {

struct SweepFlags {
  std::string sweep;
  std::string output;  // "" -> results/<sweep name>[-shard-I-of-N].h5
  bool resume = false;
  bool force = false;
  std::vector<std::string> assignments;  // --set key=value, in order
  std::optional<int> replicates;
  std::string shard;  // "I/N", "" for the whole sweep
  std::string command_line;
};

// One of N deterministic shares of a sweep: runs index % count == index - 1,
// so every shard gets cells from all over the design.
struct Shard {
  int index = 1;  // 1-based
  int count = 1;
  bool owns(int run) const { return run % count == index - 1; }
  std::string label() const;  // "I/N", "" for the whole sweep
};

// "I/N" with 1 <= I <= N; InputError naming --shard and the allowed form.
Shard parse_shard(const std::string& text);

struct PreparedSweep {
  Sweep sweep;
  std::vector<SweepRun> runs;
  OutputLayout layout;
  Provenance provenance;
  Shard shard;
  std::string output;
};

// Loads and checks everything; InputError for anything wrong in the sweep
// file or the flags (including --set of a parameter the sweep varies).
PreparedSweep prepare_sweep(const SweepFlags& flags);

}  // namespace wijksim::cli
