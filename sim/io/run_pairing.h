#pragma once
// Which runs of two results files belong together. Runs pair when they sit
// in the same design cell and share a seed: then they differ only in what
// the two files' scenarios set differently (common random numbers).
#include <string>
#include <utility>
#include <vector>

#include "io/hdf5_input.h"

namespace wijksim {

struct PairedCell {
  int cell = 0;
  // The cell's varied parameters and their values (empty for plain runs).
  std::vector<std::pair<std::string, double>> parameters;
  // (run in A, run in B), in A's run order.
  std::vector<std::pair<int, int>> runs;
};

struct RunPairing {
  std::vector<PairedCell> cells;  // cells with at least one pair, in cell order
  int unpaired_a = 0;             // done runs of A with no partner in B
  int unpaired_b = 0;
};

// Pairs the done runs of `a` and `b`, whose files are named `a_name` and
// `b_name` in messages. Throws InputError, naming both files and the
// difference, when the files cannot be paired: different numbers of recorded
// weeks, different metric sets, different sweep designs, two runs with the
// same cell and seed in one file, no done run, or no shared seed at all.
RunPairing pair_runs(const FileSummary& a, const std::string& a_name, const FileSummary& b,
                     const std::string& b_name);

}  // namespace wijksim
