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
#include <string_view>
#include <vector>

#include "core/parameters.h"
#include "engine/run_result.h"

namespace wijksim {

// Where a result came from, stored with it.
struct Provenance {
  std::string scenario_name;
  std::string scenario_path;
  std::string scenario_text;  // its SHA-256 becomes the root attribute scenario_sha256
  std::string command_line;
  // Sweeps only: the sweep file, the command-line settings that change its
  // runs (--set, --replicates) and the shard ("2/4", "" for the whole sweep).
  // Together with the scenario text they say which sweep a file belongs to.
  std::string sweep_name;
  std::string sweep_path;
  std::string sweep_text;  // its SHA-256 becomes the root attribute sweep_sha256
  std::string sweep_settings;
  std::string shard;
};

// How metric variables are stored.
enum class Storage {
  // One deflate-compressed chunk per run: for a file written in one go and
  // then renamed into place (`wijksim run`).
  compact,
  // Uncompressed, with every byte allocated (and filled) at creation: writing
  // a run later changes raw data only, never HDF5's metadata, so a process
  // killed in the middle of a write leaves a file that opens, with every run
  // whose status says done intact (sweeps, which resume after a kill).
  in_place,
};

// One value per run describing a sweep's design: which cell and replicate a
// run is, and the value of each varied parameter. Written at creation.
struct RunCoordinate {
  std::string name;       // variable name, e.g. "cell", "param_bending_room"
  std::string long_name;  // what it is, in words
  std::string units;      // "" when it has none
  std::string parameter;  // the scenario key a varied parameter is set by, else ""
  bool integer = false;   // stored as int32; otherwise float64
  std::vector<double> values;  // one per run
  std::span<const std::string_view> labels;  // a choice's names, by index; empty otherwise
};

struct OutputLayout {
  int runs = 0;
  int weeks = 0;  // recorded weeks, after burn-in
  int neighbourhoods = 0;
  std::span<const MetricSpec> metrics;  // one float32 variable each, in this order
  Storage storage = Storage::compact;
  std::vector<RunCoordinate> run_coordinates;
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

  // Deletes temporaries beside `path` ("<path>.partial-<pid>") left by
  // processes that were killed while writing; those of live processes stay.
  static void remove_abandoned_temporaries(const std::filesystem::path& path);

 private:
  struct State;
  explicit Hdf5Output(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace wijksim
