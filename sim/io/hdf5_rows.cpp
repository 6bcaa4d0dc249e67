#include "io/hdf5_rows.h"

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include "io/hdf5_schema.h"
#include "io/hdf5_strings.h"

namespace wijksim::hdf5 {

namespace schema = hdf5_schema;

namespace {

// The selection of row `run` in `variable`, and its element count.
std::pair<Dataspace, hsize_t> select_row(const Dataset& variable, hsize_t run) {
  Dataspace file_space(H5Dget_space(variable.get()), "selecting a run");
  const int rank = check(H5Sget_simple_extent_ndims(file_space.get()), "reading a rank");
  std::vector<hsize_t> extent(std::size_t(rank > 0 ? rank : 1), 1);
  check(H5Sget_simple_extent_dims(file_space.get(), extent.data(), nullptr), "reading a shape");
  if (run >= extent[0]) throw Hdf5Error("run " + std::to_string(run) + " is outside the file");
  std::vector<hsize_t> start(extent.size(), 0);
  start[0] = run;
  extent[0] = 1;
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, extent.data(), nullptr),
        "selecting a run");
  hsize_t count = 1;
  for (const hsize_t e : extent) count *= e;
  return {std::move(file_space), count};
}

void write_values(const Dataset& variable, hsize_t run, hid_t memory_type, const void* values,
                  std::size_t value_count) {
  auto [file_space, count] = select_row(variable, run);
  if (count != value_count) throw Hdf5Error("a run's row holds " + std::to_string(count) + " values, not " +
                                            std::to_string(value_count));
  Dataspace memory_space(H5Screate_simple(1, &count, nullptr), "shaping values");
  check(H5Dwrite(variable.get(), memory_type, memory_space.get(), file_space.get(), H5P_DEFAULT, values),
        "writing a run");
}

void read_values(const Dataset& variable, hsize_t run, hid_t memory_type, void* values, hsize_t count) {
  auto [file_space, selected] = select_row(variable, run);
  if (selected != count) throw Hdf5Error("a run's row holds an unexpected number of values");
  Dataspace memory_space(H5Screate_simple(1, &count, nullptr), "shaping values");
  check(H5Dread(variable.get(), memory_type, memory_space.get(), file_space.get(), H5P_DEFAULT, values),
        "reading a run");
}

// At most `bytes` bytes of `text`, not cutting a UTF-8 character in two.
std::string cut_to(const std::string& text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  std::size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

void write_message(const Dataset& variable, hsize_t run, const std::string& message) {
  const Datatype stored(H5Dget_type(variable.get()), "reading the message type");
  if (check(H5Tis_variable_str(stored.get()), "inspecting the message type") > 0) {
    const Datatype text = variable_text_type();
    const char* pointer = message.c_str();
    write_values(variable, run, text.get(), &pointer, 1);
    return;
  }
  // netCDF's char: one byte per element along the row.
  auto [file_space, bytes] = select_row(variable, run);
  std::vector<char> buffer(bytes, '\0');
  const std::string cut = cut_to(message, bytes);
  std::memcpy(buffer.data(), cut.data(), cut.size());
  write_values(variable, run, stored.get(), buffer.data(), bytes);
}

}  // namespace

std::string read_run_message(const Dataset& variable, hsize_t run) {
  auto [file_space, count] = select_row(variable, run);
  Dataspace memory_space(H5Screate_simple(1, &count, nullptr), "shaping values");
  const Datatype stored(H5Dget_type(variable.get()), "reading the message type");
  if (check(H5Tis_variable_str(stored.get()), "inspecting the message type") > 0) {
    const Datatype text = variable_text_type();
    char* pointer = nullptr;
    check(H5Dread(variable.get(), text.get(), memory_space.get(), file_space.get(), H5P_DEFAULT, &pointer),
          "reading a message");
    std::string message = pointer != nullptr ? pointer : "";
    H5Dvlen_reclaim(text.get(), memory_space.get(), H5P_DEFAULT, &pointer);
    return message;
  }
  std::vector<char> buffer(count + 1, '\0');
  check(H5Dread(variable.get(), stored.get(), memory_space.get(), file_space.get(), H5P_DEFAULT, buffer.data()),
        "reading a message");
  return std::string(buffer.data());
}

namespace {

void flush(hid_t file) { check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flushing"); }

Dataset open_variable(hid_t file, std::string_view name) {
  const std::string link(name);
  if (H5Lexists(file, link.c_str(), H5P_DEFAULT) <= 0) throw Hdf5Error("variable " + link + " is missing");
  return Dataset(H5Dopen2(file, link.c_str(), H5P_DEFAULT), "opening variable " + link);
}

}  // namespace

void check_run_shape(const RunResult& result, int weeks, const std::vector<int>& extents) {
  if (result.values.empty()) return;
  if (result.values.size() != extents.size())
    throw std::invalid_argument("run has " + std::to_string(result.values.size()) + " metrics, the file " +
                                std::to_string(extents.size()));
  for (std::size_t m = 0; m < extents.size(); ++m)
    if (result.values[m].size() != std::size_t(weeks) * std::size_t(extents[m]))
      throw std::invalid_argument("metric " + std::to_string(m) + " has " +
                                  std::to_string(result.values[m].size()) + " values, expected " +
                                  std::to_string(weeks) + " weeks x " + std::to_string(extents[m]));
}

void write_run_row(hid_t file, const RunVariables& variables, int run_index, const RunResult& result) {
  const auto run = hsize_t(run_index);
  for (std::size_t m = 0; m < result.values.size(); ++m)
    write_values(variables.metrics[m], run, H5T_NATIVE_FLOAT, result.values[m].data(), result.values[m].size());
  write_values(variables.seed, run, H5T_NATIVE_UINT64, &result.seed, 1);
  write_values(variables.wall_seconds, run, H5T_NATIVE_DOUBLE, &result.wall_seconds, 1);
  write_message(variables.error_message, run, result.error);
  flush(file);
  const auto status = std::int8_t(result.status);
  write_values(variables.status, run, H5T_NATIVE_INT8, &status, 1);
  flush(file);
}

RunResult read_run_row(const RunVariables& variables, int run_index, int weeks, int neighbourhoods) {
  const auto run = hsize_t(run_index);
  RunResult result;
  result.weeks = weeks;
  result.neighbourhoods = neighbourhoods;
  std::int8_t status = 0;
  read_values(variables.status, run, H5T_NATIVE_INT8, &status, 1);
  result.status = RunStatus(status);
  read_values(variables.seed, run, H5T_NATIVE_UINT64, &result.seed, 1);
  read_values(variables.wall_seconds, run, H5T_NATIVE_DOUBLE, &result.wall_seconds, 1);
  result.error = read_run_message(variables.error_message, run);
  if (result.status != RunStatus::done) return result;
  for (const Dataset& metric : variables.metrics) {
    auto [space, count] = select_row(metric, run);
    std::vector<float> values(count);
    read_values(metric, run, H5T_NATIVE_FLOAT, values.data(), count);
    result.values.push_back(std::move(values));
  }
  return result;
}

std::vector<RunStatus> read_statuses(const RunVariables& variables) {
  Dataspace space(H5Dget_space(variables.status.get()), "reading the run count");
  const hssize_t runs = check(H5Sget_simple_extent_npoints(space.get()), "reading the run count");
  std::vector<std::int8_t> raw(std::size_t(runs), 0);
  check(H5Dread(variables.status.get(), H5T_NATIVE_INT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()),
        "reading run statuses");
  std::vector<RunStatus> statuses;
  for (const std::int8_t value : raw) {
    if (value < 0 || value > std::int8_t(RunStatus::failed))
      throw Hdf5Error("run status " + std::to_string(value) + " is not pending (0), done (1) or failed (2)");
    statuses.push_back(RunStatus(value));
  }
  return statuses;
}

RunVariables open_run_variables(hid_t file, const std::vector<std::string_view>& metric_names) {
  RunVariables variables;
  for (const std::string_view name : metric_names) variables.metrics.push_back(open_variable(file, name));
  variables.seed = open_variable(file, schema::kSeed);
  variables.status = open_variable(file, schema::kStatus);
  variables.wall_seconds = open_variable(file, schema::kWallSeconds);
  variables.error_message = open_variable(file, schema::kErrorMessage);
  return variables;
}

herr_t close_run_variables(RunVariables& variables) {
  herr_t first_failure = 0;
  auto keep = [&](herr_t result) {
    if (result < 0 && first_failure == 0) first_failure = result;
  };
  for (Dataset& metric : variables.metrics) keep(metric.close());
  keep(variables.seed.close());
  keep(variables.status.close());
  keep(variables.wall_seconds.close());
  keep(variables.error_message.close());
  return first_failure;
}

}  // namespace wijksim::hdf5
