#include "io/hdf5_input.h"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/errors.h"
#include "engine/run_result.h"
#include "io/hdf5_attributes.h"
#include "io/hdf5_handles.h"
#include "io/hdf5_schema.h"
#include "io/hdf5_strings.h"

namespace wijksim {

namespace fs = std::filesystem;
namespace schema = hdf5_schema;
using hdf5::check;

namespace {

// Opens `path` read-only, after checking that it is a wijksim results file in
// a format this build reads.
hdf5::File open_results(const fs::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  if (!fs::exists(path, ec)) throw IoError(name + ": no such file");
  if (fs::is_directory(path, ec)) throw IoError(name + ": is a directory, not a results file");
  if (::access(path.c_str(), R_OK) != 0) throw IoError(name + ": cannot open: " + std::strerror(errno));

  hdf5::File file;
  try {
    const hdf5::PropertyList fapl = hdf5::file_access_properties();
    const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get());
    if (id < 0) {
      const std::string detail = hdf5::innermost_error();
      if (detail.find("unable to lock") != std::string::npos)
        throw IoError(name + ": is being written by another program (" + detail + ")");
      throw IoError(name + ": not an HDF5 file or damaged" + (detail.empty() ? "" : " (" + detail + ")"));
    }
    file = hdf5::File(id);
    if (!hdf5::has_attribute(file.get(), schema::kFormatAttribute))
      throw IoError(name + ": not a wijksim results file (no wijksim_format attribute)");
    const std::string format = hdf5::read_text_attribute(file.get(), schema::kFormatAttribute);
    if (format != schema::kFormatVersion)
      throw IoError(name + ": wijksim_format \"" + format + "\" is not supported (this wijksim reads format " +
                    std::string(schema::kFormatVersion) + ")");
  } catch (const hdf5::Hdf5Error& e) {
    throw IoError(name + ": not an HDF5 file or damaged (" + e.what() + ")");
  }
  return file;
}

hdf5::Dataset open_dataset(hid_t file, const char* name) {
  return hdf5::Dataset(H5Dopen2(file, name, H5P_DEFAULT), std::string("opening variable ") + name);
}

std::vector<hsize_t> shape_of(hid_t dataset) {
  hdf5::Dataspace space(H5Dget_space(dataset), "reading a variable's shape");
  const int rank = check(H5Sget_simple_extent_ndims(space.get()), "reading a variable's rank");
  std::vector<hsize_t> extents(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space.get(), extents.data(), nullptr), "reading a variable's shape");
  return extents;
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

herr_t keep_scale_name(hid_t, unsigned, hid_t scale, void* out) {
  const ssize_t length = H5DSget_scale_name(scale, nullptr, 0);
  if (length <= 0) return 1;
  std::string name(std::size_t(length) + 1, '\0');
  H5DSget_scale_name(scale, name.data(), name.size());
  name.resize(std::size_t(length));
  *static_cast<std::string*>(out) = name;
  return 1;  // the first scale attached to a dimension names it
}

// The dimension names of a variable, from its attached dimension scales;
// "" for a dimension without one.
std::vector<std::string> dimensions_of(hid_t dataset) {
  std::vector<std::string> names;
  const std::size_t rank = shape_of(dataset).size();
  for (unsigned dim = 0; dim < rank; ++dim) {
    std::string name;
    if (H5DSget_num_scales(dataset, dim) > 0)
      H5DSiterate_scales(dataset, dim, nullptr, keep_scale_name, &name);
    names.push_back(name);
  }
  return names;
}

// A metric is a float variable over (run, week, ...): that is what sets it
// apart from coordinates and per-run bookkeeping, whatever its name.
bool is_metric(hid_t dataset, const std::vector<std::string>& dims) {
  const hdf5::Datatype type(H5Dget_type(dataset), "reading a variable's type");
  return H5Tget_class(type.get()) == H5T_FLOAT && dims.size() >= 2 && dims[0] == schema::kRun &&
         dims[1] == schema::kWeek;
}

herr_t keep_link_name(hid_t, const char* name, const H5L_info_t*, void* out) {
  static_cast<std::vector<std::string>*>(out)->emplace_back(name);
  return 0;
}

std::vector<std::string> dataset_names(hid_t group) {
  std::vector<std::string> links;
  hsize_t position = 0;
  if (H5Literate(group, H5_INDEX_CRT_ORDER, H5_ITER_INC, &position, keep_link_name, &links) < 0 ||
      links.empty()) {
    // The group did not track creation order: fall back to name order.
    links.clear();
    position = 0;
    check(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &position, keep_link_name, &links),
          "listing variables");
  }
  std::vector<std::string> datasets;
  for (const std::string& link : links) {
    H5O_info_t info{};
    if (H5Oget_info_by_name2(group, link.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) >= 0 &&
        info.type == H5O_TYPE_DATASET)
      datasets.push_back(link);
  }
  return datasets;
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

}  // namespace

FileSummary read_summary(const fs::path& path) {
  const hdf5::ErrorSilencer silence;
  const hdf5::File file = open_results(path);
  const hid_t root = file.get();
  FileSummary summary;
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
    const hdf5::Dataset messages = open_dataset(root, schema::kErrorMessage);
    const std::vector<std::string> errors = hdf5::read_dataset_strings(messages.get());
    for (std::size_t run = 0; run < statuses.size(); ++run) {
      switch (RunStatus(statuses[run])) {
        case RunStatus::pending: ++summary.pending; break;
        case RunStatus::done: ++summary.done; break;
        case RunStatus::failed:
          ++summary.failed;
          summary.failures.emplace_back(int(run), run < errors.size() ? errors[run] : std::string());
          break;
      }
    }

    for (const std::string& name : dataset_names(root)) {
      const hdf5::Dataset dataset = open_dataset(root, name.c_str());
      std::vector<std::string> dims = dimensions_of(dataset.get());
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
  const hdf5::File file = open_results(path);
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
