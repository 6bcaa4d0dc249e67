#pragma once
// The results file: one netCDF-4-compatible HDF5 file per run or sweep, one
// row per run (DESIGN.md §4, schema in docs/output-format.md).
//
// The whole layout is fixed when the file is created; runs then fill their
// rows in any order. The file is built under a temporary name beside its
// destination and renamed into place by commit(), so a reader never finds a
// half-written file at the destination, and a failed write never replaces a
// good file from an earlier run.
#include <filesystem>
#include <memory>
#include <span>
#include <string>

#include "core/parameters.h"
#include "engine/run_result.h"

namespace wijksim {

// Where a result came from, stored with it.
struct Provenance {
  std::string scenario_name;
  std::string scenario_path;
  std::string scenario_text;  // its SHA-256 becomes the root attribute scenario_sha256
  std::string command_line;
};

struct OutputLayout {
  int runs = 0;
  int weeks = 0;  // recorded weeks, after burn-in
  int neighbourhoods = 0;
  std::span<const MetricSpec> metrics;  // one float32 variable each, in this order
};

class Hdf5Output {
 public:
  // Creates the file as "<path>.partial-<pid>" beside `path`, with every
  // dimension, variable and attribute in place and every run pending.
  // Throws IoError naming `path` if the file cannot be created (missing or
  // unwritable directory), std::invalid_argument for an impossible layout.
  static Hdf5Output create(const std::filesystem::path& path, const OutputLayout& layout,
                           const Parameters& parameters, const Provenance& provenance);

  Hdf5Output(Hdf5Output&&) noexcept;
  Hdf5Output& operator=(Hdf5Output&&) noexcept;
  Hdf5Output(const Hdf5Output&) = delete;
  Hdf5Output& operator=(const Hdf5Output&) = delete;
  // Without commit(): closes and deletes the temporary file; `path` is untouched.
  ~Hdf5Output();

  // Writes run `run_index`'s row: every metric's values (left as fill, NaN,
  // when `result.values` is empty, as for a run that failed), seed, status,
  // wall time and error message; then flushes, so a process killed later
  // keeps this run. Writing a run again replaces its row.
  // IoError if writing fails; std::invalid_argument if the result's shape
  // does not match the layout; std::out_of_range for a bad index.
  void write_run(int run_index, const RunResult& result);

  // Closes the file, forces it to disk and renames it onto `path`, replacing
  // any file there. IoError on failure (full disk, vanished directory); the
  // temporary is then deleted by the destructor.
  void commit();

  const std::filesystem::path& path() const;
  const std::filesystem::path& temporary_path() const;

 private:
  struct State;
  explicit Hdf5Output(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace wijksim
