#include "io/hdf5_output.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "core/errors.h"
#include "io/file_sync.h"
#include "io/hdf5_attributes.h"
#include "io/hdf5_handles.h"
#include "io/hdf5_layout.h"
#include "io/hdf5_objects.h"
#include "io/hdf5_parameters.h"
#include "io/hdf5_provenance.h"
#include "io/hdf5_rows.h"
#include "io/sha256.h"
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
    const herr_t variables_closed = hdf5::close_run_variables(variables);
    const herr_t file_closed = file.close();
    return variables_closed < 0 ? variables_closed : file_closed;
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
    if (!provenance.sweep_text.empty())
      hdf5::write_text_attribute(state->file.get(), hdf5_schema::kParametersSha256,
                                 sha256_hex(hdf5::parameters_json(parameters)));
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
  hdf5::check_run_shape(result, s.weeks, s.extents);

  const hdf5::ErrorSilencer silence;
  try {
    hdf5::write_run_row(s.file.get(), s.variables, run_index, result);
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

void Hdf5Output::remove_abandoned_temporaries(const fs::path& path) {
  const fs::path directory = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  const std::string prefix = path.filename().string() + ".partial-";
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(directory, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string digits = name.substr(prefix.size());
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    const auto pid = pid_t(std::stol(digits));
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;  // alive, or not ours to judge
    fs::remove(entry.path(), ec);
  }
}

const fs::path& Hdf5Output::path() const { return state_->path; }
const fs::path& Hdf5Output::temporary_path() const { return state_->temporary; }

}  // namespace wijksim
