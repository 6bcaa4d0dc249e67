#include "io/hdf5_output.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "core/errors.h"
#include "io/hdf5_handles.h"
#include "io/hdf5_layout.h"
#include "io/hdf5_objects.h"
#include "io/hdf5_parameters.h"
#include "io/hdf5_provenance.h"
#include "io/hdf5_schema.h"
#include "io/hdf5_strings.h"

namespace wijksim {

namespace fs = std::filesystem;

namespace {

// HDF5 1.10 frees a file whose close failed yet keeps its identifier, then
// crashes at exit closing it again (HDFFV-11052). A file abandoned after a
// failed write (a full disk) would fail to close that way, so its last
// writes go to an anonymous in-memory file instead: the close succeeds, and
// the temporary, about to be deleted, is not written again.
void redirect_writes_to_memory(hid_t file) {
  int* descriptor = nullptr;  // the POSIX driver's handle is its descriptor
  if (H5Fget_vfd_handle(file, H5P_DEFAULT, reinterpret_cast<void**>(&descriptor)) < 0 ||
      descriptor == nullptr)
    return;
  const int sink = ::memfd_create("wijksim-abandoned-results", MFD_CLOEXEC);
  if (sink < 0) return;  // then the close is tried on the real file
  ::dup2(sink, *descriptor);
  ::close(sink);
}

}  // namespace

struct Hdf5Output::State {
  fs::path path;
  fs::path temporary;
  int runs = 0;
  int weeks = 0;
  std::vector<int> extents;  // values per week of each metric
  bool committed = false;
  // Declared before the variables so that it is destroyed after them.
  hdf5::File file;
  hdf5::RunVariables variables;

  // Closes every variable, then the file; the first failure, or 0.
  herr_t close_all() {
    herr_t first_failure = 0;
    auto keep = [&](herr_t result) {
      if (result < 0 && first_failure == 0) first_failure = result;
    };
    for (hdf5::Dataset& metric : variables.metrics) keep(metric.close());
    keep(variables.seed.close());
    keep(variables.status.close());
    keep(variables.wall_seconds.close());
    keep(variables.error_message.close());
    keep(file.close());
    return first_failure;
  }

  ~State() {
    if (committed) return;
    const hdf5::ErrorSilencer silence;
    if (file.valid()) redirect_writes_to_memory(file.get());
    close_all();
    std::error_code ignored;
    fs::remove(temporary, ignored);
  }

  IoError failure(const std::string& doing, const std::string& detail) const {
    return IoError(path.string() + ": " + doing + " failed: " + detail);
  }
};

namespace {

fs::path temporary_beside(const fs::path& path) {
  fs::path temporary = path;
  temporary += ".partial-" + std::to_string(::getpid());
  return temporary;
}

// Checks up front what HDF5 would report only as "unable to open file".
void check_directory(const fs::path& path) {
  const fs::path directory = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  std::error_code ec;
  if (!fs::is_directory(directory, ec))
    throw IoError(path.string() + ": cannot create results file: directory " + directory.string() +
                  " does not exist");
  if (::access(directory.c_str(), W_OK) != 0)
    throw IoError(path.string() + ": cannot create results file: directory " + directory.string() +
                  " is not writable (" + std::strerror(errno) + ")");
}

// HDF5 hands its writes to the operating system; before the rename makes the
// file visible under its real name its bytes must be on disk, or a power cut
// could leave an empty file there.
void sync_to_disk(const fs::path& file, const fs::path& reported) {
  const int fd = ::open(file.c_str(), O_RDONLY);
  if (fd < 0 || ::fsync(fd) != 0) {
    const int error = errno;
    if (fd >= 0) ::close(fd);
    throw IoError(reported.string() + ": writing results file to disk failed: " + std::strerror(error));
  }
  ::close(fd);
}

// Best effort: makes the rename itself durable. A directory that cannot be
// synced still holds a complete file.
void sync_directory(const fs::path& path) {
  const fs::path directory = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

void write_row(const hdf5::Dataset& variable, hsize_t run, hid_t memory_type, const void* value) {
  hdf5::Dataspace file_space(H5Dget_space(variable.get()), "selecting a run");
  const hsize_t count = 1;
  hdf5::check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &run, nullptr, &count, nullptr),
              "selecting a run");
  hdf5::Dataspace memory_space(H5Screate_simple(1, &count, nullptr), "shaping a value");
  hdf5::check(H5Dwrite(variable.get(), memory_type, memory_space.get(), file_space.get(), H5P_DEFAULT,
                       value),
              "writing a run's bookkeeping");
}

void write_metric_row(const hdf5::Dataset& variable, hsize_t run, const std::vector<float>& values) {
  hdf5::Dataspace file_space(H5Dget_space(variable.get()), "selecting a run");
  const int rank = H5Sget_simple_extent_ndims(file_space.get());
  std::vector<hsize_t> extent(std::size_t(rank > 0 ? rank : 1));
  hdf5::check(H5Sget_simple_extent_dims(file_space.get(), extent.data(), nullptr), "reading a shape");
  std::vector<hsize_t> start(extent.size(), 0);
  start[0] = run;
  extent[0] = 1;
  hdf5::check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr,
                                  extent.data(), nullptr),
              "selecting a run");
  const hsize_t count = values.size();
  hdf5::Dataspace memory_space(H5Screate_simple(1, &count, nullptr), "shaping values");
  hdf5::check(H5Dwrite(variable.get(), H5T_NATIVE_FLOAT, memory_space.get(), file_space.get(),
                       H5P_DEFAULT, values.data()),
              "writing metric values");
}

}  // namespace

Hdf5Output::Hdf5Output(std::unique_ptr<State> state) : state_(std::move(state)) {}
Hdf5Output::Hdf5Output(Hdf5Output&&) noexcept = default;
Hdf5Output& Hdf5Output::operator=(Hdf5Output&&) noexcept = default;
Hdf5Output::~Hdf5Output() = default;

Hdf5Output Hdf5Output::create(const fs::path& path, const OutputLayout& layout,
                              const Parameters& parameters, const Provenance& provenance) {
  hdf5::check_layout(layout);
  check_directory(path);
  const hdf5::ErrorSilencer silence;

  auto state = std::make_unique<State>();
  state->path = path;
  state->temporary = temporary_beside(path);
  state->runs = layout.runs;
  state->weeks = layout.weeks;
  for (const MetricSpec& spec : layout.metrics)
    state->extents.push_back(level_extent(spec.level, layout.neighbourhoods));
  try {
    const hdf5::PropertyList fcpl = hdf5::ordered_file_creation();
    const hdf5::PropertyList fapl = hdf5::file_access_properties();
    state->file = hdf5::File(H5Fcreate(state->temporary.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()),
                             "creating " + state->temporary.string());
  } catch (const hdf5::Hdf5Error& e) {
    throw IoError(path.string() + ": cannot create results file: " + e.what());
  }
  // From here on the state owns a temporary file: any exception deletes it.
  try {
    const std::string created = hdf5::utc_timestamp_now();
    hdf5::write_root_attributes(state->file.get(), provenance, created);
    state->variables = hdf5::create_layout(state->file.get(), layout);
    {
      hdf5::Group group = hdf5::create_group(state->file.get(), hdf5_schema::kParametersGroup);
      hdf5::write_parameter_attributes(group.get(), parameters);
    }
    hdf5::write_provenance_group(state->file.get(), parameters, provenance, created);
    hdf5::check(H5Fflush(state->file.get(), H5F_SCOPE_GLOBAL), "flushing");
  } catch (const hdf5::Hdf5Error& e) {
    throw state->failure("creating the results file", e.what());
  }
  return Hdf5Output(std::move(state));
}

void Hdf5Output::write_run(int run_index, const RunResult& result) {
  if (!state_ || state_->committed) throw std::logic_error("write_run on a closed results file");
  State& s = *state_;
  if (run_index < 0 || run_index >= s.runs)
    throw std::out_of_range("run " + std::to_string(run_index) + " outside the file's " +
                            std::to_string(s.runs) + " runs");
  if (!result.values.empty()) {
    if (result.values.size() != s.extents.size())
      throw std::invalid_argument("run has " + std::to_string(result.values.size()) +
                                  " metrics, the file " + std::to_string(s.extents.size()));
    for (std::size_t m = 0; m < s.extents.size(); ++m)
      if (result.values[m].size() != std::size_t(s.weeks) * std::size_t(s.extents[m]))
        throw std::invalid_argument("metric " + std::to_string(m) + " has " +
                                    std::to_string(result.values[m].size()) + " values, expected " +
                                    std::to_string(s.weeks) + " weeks x " + std::to_string(s.extents[m]));
  }

  const hdf5::ErrorSilencer silence;
  const auto run = hsize_t(run_index);
  try {
    for (std::size_t m = 0; m < result.values.size(); ++m)
      write_metric_row(s.variables.metrics[m], run, result.values[m]);
    const std::uint64_t seed = result.seed;
    write_row(s.variables.seed, run, H5T_NATIVE_UINT64, &seed);
    const auto status = std::int8_t(result.status);
    write_row(s.variables.status, run, H5T_NATIVE_INT8, &status);
    write_row(s.variables.wall_seconds, run, H5T_NATIVE_DOUBLE, &result.wall_seconds);
    const hdf5::Datatype text = hdf5::variable_text_type();
    const char* message = result.error.c_str();
    write_row(s.variables.error_message, run, text.get(), &message);
    hdf5::check(H5Fflush(s.file.get(), H5F_SCOPE_GLOBAL), "flushing");
  } catch (const hdf5::Hdf5Error& e) {
    throw s.failure("writing run " + std::to_string(run_index), e.what());
  }
}

void Hdf5Output::commit() {
  if (!state_ || state_->committed) throw std::logic_error("commit on a closed results file");
  State& s = *state_;
  {
    const hdf5::ErrorSilencer silence;
    // Flushing first keeps the close itself from failing on a full disk: a
    // failed flush leaves the file to the destructor's abandon path, where a
    // failed close (and HDF5's crash at exit after one) cannot happen.
    if (H5Fflush(s.file.get(), H5F_SCOPE_GLOBAL) < 0)
      throw s.failure("writing the results file", hdf5::innermost_error());
    if (s.close_all() < 0) throw s.failure("closing the results file", hdf5::innermost_error());
  }
  sync_to_disk(s.temporary, s.path);
  std::error_code ec;
  fs::rename(s.temporary, s.path, ec);
  if (ec) throw s.failure("renaming " + s.temporary.string() + " into place", ec.message());
  s.committed = true;
  sync_directory(s.path);
}

const fs::path& Hdf5Output::path() const { return state_->path; }
const fs::path& Hdf5Output::temporary_path() const { return state_->temporary; }

}  // namespace wijksim
