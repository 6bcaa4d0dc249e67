#include "io/sweep_file.h"

#include <stdexcept>
#include <system_error>

#include "core/errors.h"
#include "io/hdf5_attributes.h"
#include "io/hdf5_catalog.h"
#include "io/hdf5_handles.h"
#include "io/hdf5_open.h"
#include "io/hdf5_parameters.h"
#include "io/hdf5_rows.h"
#include "io/hdf5_schema.h"
#include "io/sha256.h"

namespace wijksim {

namespace fs = std::filesystem;
namespace schema = hdf5_schema;

struct SweepFile::State {
  fs::path path;
  SweepIdentity identity;
  int runs = 0;
  int weeks = 0;
  int neighbourhoods = 0;
  std::vector<std::string> metric_names;
  std::vector<int> extents;  // values per week of each metric
  std::vector<RunStatus> statuses;
  bool writable = false;
  // Declared before the variables so that it is destroyed after them.
  hdf5::File file;
  hdf5::RunVariables variables;

  IoError failure(const std::string& doing, const std::string& detail) const {
    return IoError(path.string() + ": " + doing + " failed: " + detail);
  }
};

namespace {

std::string text_or_empty(hid_t object, const char* name) {
  return hdf5::has_attribute(object, name) ? hdf5::read_text_attribute(object, name) : std::string();
}

int dimension_length(hid_t file, const char* name) {
  const hdf5::Dataset scale(H5Dopen2(file, name, H5P_DEFAULT), std::string("opening dimension ") + name);
  const std::vector<hsize_t> shape = hdf5::shape_of(scale.get());
  if (shape.size() != 1) throw hdf5::Hdf5Error(std::string("dimension ") + name + " is not a list");
  return int(shape[0]);
}

// "a, b and c" with at most `limit` names shown.
std::string some_names(const std::vector<std::string>& names, std::size_t limit = 3) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) text += (i ? ", " : "") + names[i];
  if (names.size() > limit) text += " and " + std::to_string(names.size() - limit) + " more";
  return text;
}

}  // namespace

std::string identity_difference(const SweepIdentity& found, const SweepIdentity& wanted, bool compare_shard) {
  if (found.sweep_sha256 != wanted.sweep_sha256)
    return "it holds another sweep (\"" + found.sweep_name + "\"), or the sweep file has changed since it was "
           "started (sweep_sha256 " + found.sweep_sha256.substr(0, 12) + "... here, " +
           wanted.sweep_sha256.substr(0, 12) + "... now)";
  if (found.scenario_sha256 != wanted.scenario_sha256)
    return "the scenario file has changed since the sweep was started (scenario_sha256 " +
           found.scenario_sha256.substr(0, 12) + "... here, " + wanted.scenario_sha256.substr(0, 12) + "... now)";
  if (found.settings != wanted.settings)
    return "it was started with other settings (" + (found.settings.empty() ? "none" : found.settings) +
           "; now " + (wanted.settings.empty() ? "none" : wanted.settings) + ")";
  if (compare_shard && found.shard != wanted.shard)
    return "it holds " + (found.shard.empty() ? "the whole sweep" : "shard " + found.shard) + ", not " +
           (wanted.shard.empty() ? "the whole sweep" : "shard " + wanted.shard);
  // Checked last: other settings change the parameters too, and say why.
  if (found.parameters_sha256 != wanted.parameters_sha256)
    return "its runs were computed with other parameter values for the same scenario (this wijksim's defaults "
           "differ from those of the wijksim that started it); start again with --force";
  return "";
}

SweepIdentity identity_of(const Provenance& provenance, const Parameters& parameters) {
  return {provenance.sweep_name, sha256_hex(provenance.sweep_text), sha256_hex(provenance.scenario_text),
          sha256_hex(hdf5::parameters_json(parameters)), provenance.sweep_settings, provenance.shard};
}

SweepFile::SweepFile(std::unique_ptr<State> state) : state_(std::move(state)) {}
SweepFile::SweepFile(SweepFile&&) noexcept = default;
SweepFile& SweepFile::operator=(SweepFile&&) noexcept = default;
SweepFile::~SweepFile() = default;

SweepFile SweepFile::create(const fs::path& path, OutputLayout layout, const Parameters& parameters,
                            const Provenance& provenance, bool replace) {
  std::error_code ec;
  if (!replace && fs::exists(path, ec))
    throw IoError(path.string() + ": already exists; add --resume to finish that sweep, or --force to "
                  "start again and replace it");
  if (provenance.sweep_text.empty()) throw std::invalid_argument("a sweep file needs the sweep's text");
  layout.storage = Storage::in_place;
  Hdf5Output skeleton = Hdf5Output::create(path, layout, parameters, provenance);
  skeleton.commit();
  return open(path, true);
}

SweepFile SweepFile::resume(const fs::path& path, const OutputLayout& layout, const Parameters& parameters,
                            const Provenance& provenance) {
  SweepFile file = open(path, true);
  const State& s = *file.state_;
  const std::string refused = path.string() + ": cannot resume: ";
  if (const std::string why = identity_difference(s.identity, identity_of(provenance, parameters), true); !why.empty())
    throw IoError(refused + why);
  std::vector<std::string> expected;
  for (const MetricSpec& spec : layout.metrics) expected.emplace_back(spec.name);
  if (s.metric_names != expected)
    throw IoError(refused + "its outcomes (" + some_names(s.metric_names) + ") are not this wijksim's (" +
                  some_names(expected) + "); it was written by another version");
  if (s.runs != layout.runs || s.weeks != layout.weeks || s.neighbourhoods != layout.neighbourhoods)
    throw IoError(refused + "it has " + std::to_string(s.runs) + " runs x " + std::to_string(s.weeks) +
                  " weeks x " + std::to_string(s.neighbourhoods) + " neighbourhoods; the sweep needs " +
                  std::to_string(layout.runs) + " x " + std::to_string(layout.weeks) + " x " +
                  std::to_string(layout.neighbourhoods));
  if (!hdf5::stored_in_place(s.file.get()))
    throw IoError(refused + "it was compressed after it was written (h5repack); runs can be written in place "
                  "only into the uncompressed file a sweep creates");
  return file;
}

SweepFile SweepFile::open(const fs::path& path, bool writable) {
  const hdf5::ErrorSilencer silence;
  auto state = std::make_unique<State>();
  state->path = path;
  state->writable = writable;
  state->file = hdf5::open_results(path, writable);
  const hid_t root = state->file.get();
  try {
    if (!hdf5::has_attribute(root, schema::kSweepSha256))
      throw IoError(path.string() + ": not a sweep results file (it has no " + schema::kSweepSha256 +
                    "; files of `wijksim run` are not resumed or merged)");
    state->identity = {text_or_empty(root, schema::kSweepName), text_or_empty(root, schema::kSweepSha256),
                       text_or_empty(root, schema::kScenarioSha256), text_or_empty(root, schema::kParametersSha256),
                       text_or_empty(root, schema::kSweepSettings),
                       text_or_empty(root, schema::kShard)};
    state->runs = dimension_length(root, schema::kRun);
    state->weeks = dimension_length(root, schema::kWeek);
    state->neighbourhoods = dimension_length(root, schema::kNeighbourhood);
    state->metric_names = hdf5::metric_names(root);
    std::vector<std::string_view> names(state->metric_names.begin(), state->metric_names.end());
    state->variables = hdf5::open_run_variables(root, names);
    for (const hdf5::Dataset& metric : state->variables.metrics) {
      const std::vector<hsize_t> shape = hdf5::shape_of(metric.get());
      if (shape.size() < 2 || shape[0] != hsize_t(state->runs) || shape[1] != hsize_t(state->weeks))
        throw hdf5::Hdf5Error("a metric's shape does not match the run and week dimensions");
      state->extents.push_back(shape.size() == 3 ? int(shape[2]) : 1);
    }
    state->statuses = hdf5::read_statuses(state->variables);
    if (state->statuses.size() != std::size_t(state->runs))
      throw hdf5::Hdf5Error("the status variable does not match the run dimension");
  } catch (const hdf5::Hdf5Error& e) {
    throw IoError(path.string() + ": damaged sweep results file: " + e.what());
  }
  return SweepFile(std::move(state));
}


const fs::path& SweepFile::path() const { return state_->path; }
const SweepIdentity& SweepFile::identity() const { return state_->identity; }
int SweepFile::runs() const { return state_->runs; }
int SweepFile::weeks() const { return state_->weeks; }
int SweepFile::neighbourhoods() const { return state_->neighbourhoods; }
const std::vector<std::string>& SweepFile::metric_names() const { return state_->metric_names; }
const std::vector<RunStatus>& SweepFile::statuses() const { return state_->statuses; }

void SweepFile::write_run(int index, const RunResult& result) {
  State& s = *state_;
  if (!s.writable || !s.file.valid()) throw std::logic_error("write_run on a sweep file not open for writing");
  if (index < 0 || index >= s.runs)
    throw std::out_of_range("run " + std::to_string(index) + " outside the file's " + std::to_string(s.runs) +
                            " runs");
  hdf5::check_run_shape(result, s.weeks, s.extents);
  const hdf5::ErrorSilencer silence;
  try {
    hdf5::write_run_row(s.file.get(), s.variables, index, result);
  } catch (const hdf5::Hdf5Error& e) {
    throw s.failure("writing run " + std::to_string(index), e.what());
  }
  s.statuses[std::size_t(index)] = result.status;
}

RunResult SweepFile::read_run(int index) const {
  const State& s = *state_;
  if (index < 0 || index >= s.runs)
    throw std::out_of_range("run " + std::to_string(index) + " outside the file's " + std::to_string(s.runs) +
                            " runs");
  const hdf5::ErrorSilencer silence;
  try {
    return hdf5::read_run_row(s.variables, index, s.weeks, s.neighbourhoods);
  } catch (const hdf5::Hdf5Error& e) {
    throw IoError(s.path.string() + ": reading run " + std::to_string(index) + " failed: " + e.what());
  }
}

void SweepFile::relabel(const std::string& shard, const std::string& history_line) {
  State& s = *state_;
  const hdf5::ErrorSilencer silence;
  try {
    const hid_t root = s.file.get();
    H5Adelete(root, schema::kShard);
    hdf5::write_text_attribute(root, schema::kShard, shard);
    const std::string history = text_or_empty(root, "history");
    H5Adelete(root, "history");
    hdf5::write_text_attribute(root, "history", history + (history.empty() ? "" : "\n") + history_line);
    hdf5::check(H5Fflush(root, H5F_SCOPE_GLOBAL), "flushing");
  } catch (const hdf5::Hdf5Error& e) {
    throw s.failure("relabelling the merged file", e.what());
  }
  s.identity.shard = shard;
}

void SweepFile::close() {
  State& s = *state_;
  const hdf5::ErrorSilencer silence;
  const herr_t variables_closed = hdf5::close_run_variables(s.variables);
  const herr_t file_closed = s.file.close();
  if (variables_closed < 0 || file_closed < 0) throw s.failure("closing", hdf5::innermost_error());
}

}  // namespace wijksim
