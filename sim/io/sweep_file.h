#pragma once
// A sweep's results file, written run by run in place so that a sweep can be
// killed at any moment and resumed (DESIGN.md §4).
//
// The file is created whole (every run pending, Storage::in_place) under a
// temporary name and renamed into place; runs are then written into their
// allocated rows, each row flushed before its status is set. A process
// killed at any point therefore leaves a file that opens, in which every
// run is either pending or done and whole. The file also records which
// sweep it holds (sweep and scenario text, command-line settings, shard), so
// that resuming or merging the wrong file is refused with the reason.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/parameters.h"
#include "engine/run_result.h"
#include "io/hdf5_output.h"

namespace wijksim {

// Which sweep a file holds, from its root attributes.
struct SweepIdentity {
  std::string sweep_name;
  std::string sweep_sha256;
  std::string scenario_sha256;
  std::string parameters_sha256;  // of the base parameters, defaults resolved
  std::string settings;  // --set and --replicates as given, "" for none
  std::string shard;     // "2/4", or "" for the whole sweep
};

// The identity a file created with `provenance` and base `parameters` carries.
SweepIdentity identity_of(const Provenance& provenance, const Parameters& parameters);

// Why a file holding `found` is not the sweep `wanted` (sweep text,
// scenario text, settings, and with `compare_shard` the shard), or "".
std::string identity_difference(const SweepIdentity& found, const SweepIdentity& wanted, bool compare_shard);

class SweepFile {
 public:
  // Creates `path` with every run pending, replacing a file there only when
  // `replace`; otherwise IoError if one exists. `layout.storage` is set to
  // in_place. IoError naming `path` if it cannot be created (missing or
  // unwritable directory, full disk): nothing is then left at `path`.
  static SweepFile create(const std::filesystem::path& path, OutputLayout layout, const Parameters& parameters,
                          const Provenance& provenance, bool replace);

  // Opens an existing sweep file to write its remaining runs. IoError naming
  // the file and the reason when it is not a sweep file, holds another sweep
  // (sweep text, scenario text, resolved parameters, settings or shard differ), has another
  // shape or outcome set than `layout`, was compressed after it was written,
  // or is being written by another process.
  static SweepFile resume(const std::filesystem::path& path, const OutputLayout& layout,
                          const Parameters& parameters, const Provenance& provenance);

  // Opens any wijksim sweep file, to read (or, `writable`, to write) its
  // runs, with whatever layout and outcomes it has. IoError as above.
  static SweepFile open(const std::filesystem::path& path, bool writable);

  SweepFile(SweepFile&&) noexcept;
  SweepFile& operator=(SweepFile&&) noexcept;
  ~SweepFile();

  const std::filesystem::path& path() const;
  const SweepIdentity& identity() const;
  int runs() const;
  int weeks() const;
  int neighbourhoods() const;
  const std::vector<std::string>& metric_names() const;
  // As read when opened, updated by write_run.
  const std::vector<RunStatus>& statuses() const;

  // Writes run `index`'s row (see the file comment for the order). IoError
  // naming the file if the write fails; the run then stays pending.
  void write_run(int index, const RunResult& result);
  RunResult read_run(int index) const;

  // Rewrites the root shard attribute and appends a line to the history:
  // for a merged file, before it is renamed into place (these change HDF5
  // metadata, which in-place writing otherwise never does).
  void relabel(const std::string& shard, const std::string& history_line);

  // Closes the file; IoError if the last writes fail.
  void close();

 private:
  struct State;
  explicit SweepFile(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace wijksim
