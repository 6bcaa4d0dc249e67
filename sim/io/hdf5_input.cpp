#include "io/hdf5_input.h"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/errors.h"
#include "engine/run_result.h"
#include "io/hdf5_attributes.h"
#include "io/hdf5_handles.h"
#include "io/hdf5_catalog.h"
#include "io/hdf5_open.h"
#include "io/hdf5_rows.h"
#include "io/hdf5_schema.h"
#include "io/hdf5_strings.h"

namespace wijksim {

namespace fs = std::filesystem;
namespace schema = hdf5_schema;
using hdf5::check;
using hdf5::dataset_names;
using hdf5::dimensions_of;
using hdf5::is_metric;
using hdf5::shape_of;

namespace {

hdf5::Dataset open_dataset(hid_t file, const char* name) {
  return hdf5::Dataset(H5Dopen2(file, name, H5P_DEFAULT), std::string("opening variable ") + name);
}

int length_of(hid_t file, const char* dimension) {
  const hdf5::Dataset coordinate = open_dataset(file, dimension);
  const std::vector<hsize_t> shape = shape_of(coordinate.get());
  if (shape.size() != 1) throw hdf5::Hdf5Error(std::string("coordinate ") + dimension + " is not a list");
  return int(shape[0]);
}

template <typename T> std::vector<T> read_all(hid_t file, const char* name, hid_t memory_type) {
  const hdf5::Dataset dataset = open_dataset(file, name);
  hsize_t count = 1;
  for (hsize_t extent : shape_of(dataset.get())) count *= extent;
  std::vector<T> values(count);
  check(H5Dread(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
        std::string("reading variable ") + name);
  return values;
}

std::string optional_text(hid_t object, const char* name) {
  return hdf5::has_attribute(object, name) ? hdf5::read_text_attribute(object, name) : std::string();
}

// Opens `name` if it is a metric variable, else returns an invalid handle.
hdf5::Dataset open_metric(hid_t file, std::string_view name) {
  const std::string link(name);
  if (link.empty() || link.find('/') != std::string::npos || link == ".") return {};
  if (H5Lexists(file, link.c_str(), H5P_DEFAULT) <= 0) return {};
  H5O_info_t info{};
  if (H5Oget_info_by_name2(file, link.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0 ||
      info.type != H5O_TYPE_DATASET)
    return {};
  hdf5::Dataset dataset = open_dataset(file, link.c_str());
  if (!is_metric(dataset.get(), dimensions_of(dataset.get()))) return {};
  return dataset;
}

VariedParameter varied_parameter(hid_t dataset, std::string key) {
  hsize_t count = 1;
  for (hsize_t extent : shape_of(dataset)) count *= extent;
  std::vector<double> values(count);
  check(H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
        "reading the values of " + key);
  VariedParameter varied{std::move(key), 0, 0.0, 0.0, values};
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  varied.distinct = values.size();
  if (!values.empty()) {
    varied.min = values.front();
    varied.max = values.back();
  }
  return varied;
}

}  // namespace

FileSummary read_summary(const fs::path& path) {
  const hdf5::ErrorSilencer silence;
  FileSummary summary;
  const hdf5::File file = hdf5::open_results(path, false);
  const hid_t root = file.get();
  try {
    summary.format = hdf5::read_text_attribute(root, schema::kFormatAttribute);
    summary.source = optional_text(root, "source");
    summary.git_commit = optional_text(root, "git_commit");
    summary.created = optional_text(root, "created");
    summary.scenario_name = optional_text(root, "scenario_name");
    summary.scenario_sha256 = optional_text(root, "scenario_sha256");
    summary.runs = length_of(root, schema::kRun);
    summary.weeks = length_of(root, schema::kWeek);
    summary.neighbourhoods = length_of(root, schema::kNeighbourhood);

    summary.seeds = read_all<std::uint64_t>(root, schema::kSeed, H5T_NATIVE_UINT64);
    const auto statuses = read_all<std::int8_t>(root, schema::kStatus, H5T_NATIVE_INT8);
    summary.statuses.assign(statuses.begin(), statuses.end());
    summary.cells = H5Lexists(root, schema::kCell, H5P_DEFAULT) > 0
                        ? read_all<int>(root, schema::kCell, H5T_NATIVE_INT)
                        : std::vector<int>(statuses.size(), 0);
    if (summary.seeds.size() != statuses.size() || summary.cells.size() != statuses.size())
      throw hdf5::Hdf5Error("seed, status and cell do not have one value per run each");
    const hdf5::Dataset messages = open_dataset(root, schema::kErrorMessage);
    for (std::size_t run = 0; run < statuses.size(); ++run) {
      switch (RunStatus(statuses[run])) {
        case RunStatus::pending: ++summary.pending; break;
        case RunStatus::done: ++summary.done; break;
        case RunStatus::failed:
          ++summary.failed;
          summary.failures.emplace_back(int(run), hdf5::read_run_message(messages, hsize_t(run)));
          break;
      }
    }

    summary.sweep_name = optional_text(root, schema::kSweepName);
    summary.sweep_sha256 = optional_text(root, schema::kSweepSha256);
    summary.sweep_settings = optional_text(root, schema::kSweepSettings);
    summary.shard = optional_text(root, schema::kShard);
    for (const std::string& name : dataset_names(root)) {
      const hdf5::Dataset dataset = open_dataset(root, name.c_str());
      std::vector<std::string> dims = dimensions_of(dataset.get());
      if (dims.size() == 1 && dims[0] == schema::kRun && hdf5::has_attribute(dataset.get(), "parameter")) {
        summary.varied.push_back(varied_parameter(dataset.get(), hdf5::read_text_attribute(dataset.get(), "parameter")));
        continue;
      }
      if (!is_metric(dataset.get(), dims)) continue;
      summary.metrics.push_back({name, optional_text(dataset.get(), "units"),
                                 optional_text(dataset.get(), "long_name"), std::move(dims)});
    }

    if (H5Lexists(root, schema::kParametersGroup, H5P_DEFAULT) > 0) {
      const hdf5::Group group(H5Gopen2(root, schema::kParametersGroup, H5P_DEFAULT), "opening parameters");
      summary.parameters = hdf5::read_attributes_as_text(group.get());
    }
  } catch (const hdf5::Hdf5Error& e) {
    throw IoError(path.string() + ": damaged results file: " + e.what());
  }
  return summary;
}

MetricArray read_metric(const fs::path& path, std::string_view name) {
  const hdf5::ErrorSilencer silence;
  const hdf5::File file = hdf5::open_results(path, false);
  MetricArray array;
  try {
    const hdf5::Dataset dataset = open_metric(file.get(), name);
    if (!dataset.valid())
      throw IoError(path.string() + ": no metric named \"" + std::string(name) +
                    "\" (`wijksim info " + path.string() + "` lists them)");
    std::size_t count = 1;
    for (hsize_t extent : shape_of(dataset.get())) {
      array.shape.push_back(std::size_t(extent));
      count *= std::size_t(extent);
    }
    array.values.resize(count);
    check(H5Dread(dataset.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, array.values.data()),
          "reading metric " + std::string(name));
  } catch (const hdf5::Hdf5Error& e) {
    throw IoError(path.string() + ": damaged results file: " + e.what());
  }
  return array;
}

}  // namespace wijksim
