#include "io/hdf5_layout.h"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <cstdio>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/domains.h"
#include "io/hdf5_attributes.h"
#include "io/hdf5_objects.h"
#include "io/hdf5_schema.h"
#include "io/hdf5_strings.h"

namespace wijksim::hdf5 {

namespace schema = hdf5_schema;

namespace {

constexpr float kFloatFill = std::numeric_limits<float>::quiet_NaN();
constexpr double kDoubleFill = std::numeric_limits<double>::quiet_NaN();
constexpr unsigned kDeflateLevel = 4;

// Letters, digits and underscores, starting with a letter: a name every
// netCDF, Python and R reader accepts as is (netCDF reserves a leading "_").
bool is_plain_name(std::string_view name) {
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (name.empty() || !letter(name.front())) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return letter(c) || digit(c) || c == '_'; });
}

using Scales = std::map<std::string, Dataset, std::less<>>;

// Contiguous storage allocated (and filled) when the variable is created:
// writing into it later is a plain write at a fixed offset, with no chunk
// index or free-space record for HDF5 to update (see Storage::in_place).
void allocate_at_creation(hid_t dcpl, const std::string& name) {
  check(H5Pset_layout(dcpl, H5D_CONTIGUOUS), "laying out " + name);
  check(H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY), "allocating " + name);
  check(H5Pset_fill_time(dcpl, H5D_FILL_TIME_ALLOC), "filling " + name);
}

// netCDF numbers dimensions by this attribute when present; we number them in
// the order they are created, the order ncdump and xarray then list them.
void make_scale(const Dataset& dataset, const char* name, int dimension_id, const char* long_name) {
  check(H5DSset_scale(dataset.get(), name), std::string("making ") + name + " a dimension");
  write_int_attribute(dataset.get(), "_Netcdf4Dimid", dimension_id);
  write_text_attribute(dataset.get(), "long_name", long_name);
}

// An integer coordinate first, first+1, ...: run and neighbourhood indices, weeks.
Dataset index_scale(hid_t file, const char* name, int first, int count, int dimension_id,
                    const char* long_name) {
  std::vector<std::int32_t> values(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) values[std::size_t(i)] = first + i;
  Dataspace space = simple_space({hsize_t(count)});
  PropertyList dcpl = ordered_dataset_creation();
  Dataset dataset = create_dataset(file, name, H5T_STD_I32LE, space.get(), dcpl.get());
  check(H5Dwrite(dataset.get(), H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
        std::string("writing coordinate ") + name);
  make_scale(dataset, name, dimension_id, long_name);
  return dataset;
}

// A coordinate of names, so that analysis selects by name
// (ds.sel(domain="debt")) rather than by a position to look up.
Dataset label_scale(hid_t file, const char* name, std::span<const std::string_view> labels,
                    int dimension_id, const char* long_name) {
  std::vector<std::string> owned(labels.begin(), labels.end());
  std::vector<const char*> pointers;
  for (const std::string& label : owned) pointers.push_back(label.c_str());
  Datatype type = variable_text_type();
  Dataspace space = simple_space({hsize_t(pointers.size())});
  PropertyList dcpl = ordered_dataset_creation();
  Dataset dataset = create_dataset(file, name, type.get(), space.get(), dcpl.get());
  check(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
        std::string("writing coordinate ") + name);
  make_scale(dataset, name, dimension_id, long_name);
  return dataset;
}

Scales create_dimensions(hid_t file, const OutputLayout& layout) {
  Scales scales;
  int id = 0;
  scales.emplace(schema::kRun, index_scale(file, schema::kRun, 0, layout.runs, id++, "run index"));
  scales.emplace(schema::kWeek,
                 index_scale(file, schema::kWeek, 1, layout.weeks, id++, "week after burn-in"));
  write_text_attribute(scales.at(schema::kWeek).get(), "units", "week");
  scales.emplace(schema::kNeighbourhood, index_scale(file, schema::kNeighbourhood, 0,
                                                     layout.neighbourhoods, id++, "neighbourhood index"));
  scales.emplace(schema::kHelperType,
                 label_scale(file, schema::kHelperType, kHelperTypeNames, id++, "helper type"));
  scales.emplace(schema::kDomain, label_scale(file, schema::kDomain, kDomainNames, id++, "problem domain"));
  scales.emplace(schema::kComplexity,
                 label_scale(file, schema::kComplexity, kComplexityNames, id++, "complexity class"));
  return scales;
}

void attach(const Dataset& variable, const Scales& scales, std::initializer_list<const char*> dims) {
  unsigned index = 0;
  for (const char* dim : dims)
    check(H5DSattach_scale(variable.get(), scales.at(dim).get(), index++),
          std::string("attaching dimension ") + dim);
}

Dataset create_metric(hid_t file, const MetricSpec& spec, const OutputLayout& layout,
                      const Scales& scales) {
  const std::string name(spec.name);
  const char* level = schema::dimension_of(spec.level);
  const auto runs = hsize_t(layout.runs);
  const auto weeks = hsize_t(layout.weeks);
  const auto extent = hsize_t(level_extent(spec.level, layout.neighbourhoods));

  Dataspace space = level ? simple_space({runs, weeks, extent}) : simple_space({runs, weeks});
  PropertyList dcpl = ordered_dataset_creation();
  if (layout.storage == Storage::compact) {
    // One run per chunk: a run's row is written whole, once, and read whole.
    const hsize_t chunk[] = {1, weeks, extent};
    check(H5Pset_chunk(dcpl.get(), level ? 3 : 2, chunk), "chunking " + name);
    check(H5Pset_shuffle(dcpl.get()), "adding the shuffle filter to " + name);
    check(H5Pset_deflate(dcpl.get(), kDeflateLevel), "adding compression to " + name);
  } else {
    allocate_at_creation(dcpl.get(), name);
  }
  check(H5Pset_fill_value(dcpl.get(), H5T_NATIVE_FLOAT, &kFloatFill), "setting the fill of " + name);
  // Whole chunks go straight to disk, so a chunk cache would only hold memory.
  PropertyList dapl(H5Pcreate(H5P_DATASET_ACCESS), "creating dataset access properties");
  check(H5Pset_chunk_cache(dapl.get(), 0, 0, H5D_CHUNK_CACHE_W0_DEFAULT), "sizing the chunk cache");

  Dataset dataset = create_dataset(file, name.c_str(), H5T_IEEE_F32LE, space.get(), dcpl.get(), dapl.get());
  write_text_attribute(dataset.get(), "long_name", spec.long_name);
  write_text_attribute(dataset.get(), "units", spec.units);
  // netCDF requires _FillValue to have the variable's own type: NaN as float32.
  write_float_attribute(dataset.get(), "_FillValue", kFloatFill);
  if (level)
    attach(dataset, scales, {schema::kRun, schema::kWeek, level});
  else
    attach(dataset, scales, {schema::kRun, schema::kWeek});
  return dataset;
}

Dataset create_run_variable(hid_t file, const char* name, hid_t stored_type, hid_t fill_type,
                            const void* fill, const char* long_name, const Scales& scales,
                            hsize_t runs) {
  Dataspace space = simple_space({runs});
  PropertyList dcpl = ordered_dataset_creation();
  if (H5Tis_variable_str(stored_type) <= 0) allocate_at_creation(dcpl.get(), name);
  if (fill != nullptr)
    check(H5Pset_fill_value(dcpl.get(), fill_type, fill), std::string("setting the fill of ") + name);
  Dataset dataset = create_dataset(file, name, stored_type, space.get(), dcpl.get());
  write_text_attribute(dataset.get(), "long_name", long_name);
  attach(dataset, scales, {schema::kRun});
  return dataset;
}

void create_run_coordinate(hid_t file, const RunCoordinate& coordinate, const Scales& scales, hsize_t runs) {
  if (coordinate.values.size() != runs)
    throw std::invalid_argument("run variable " + coordinate.name + " has " +
                                std::to_string(coordinate.values.size()) + " values for " +
                                std::to_string(runs) + " runs");
  const char* name = coordinate.name.c_str();
  const std::int32_t no_integer = -1;
  Dataset dataset = coordinate.integer
                        ? create_run_variable(file, name, H5T_STD_I32LE, H5T_NATIVE_INT32, &no_integer,
                                              coordinate.long_name.c_str(), scales, runs)
                        : create_run_variable(file, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &kDoubleFill,
                                              coordinate.long_name.c_str(), scales, runs);
  if (!coordinate.units.empty()) write_text_attribute(dataset.get(), "units", coordinate.units);
  if (!coordinate.parameter.empty()) write_text_attribute(dataset.get(), "parameter", coordinate.parameter);
  if (!coordinate.labels.empty()) {
    // CF flags: a choice is stored as its index; these name the indices.
    std::vector<double> indices;
    std::string meanings;
    for (std::size_t i = 0; i < coordinate.labels.size(); ++i) {
      indices.push_back(double(i));
      if (i > 0) meanings.push_back(' ');  // appended: GCC 12 warns falsely (-Wrestrict) on " " + string
      meanings.append(coordinate.labels[i]);
    }
    write_doubles_attribute(dataset.get(), "flag_values", indices);
    write_text_attribute(dataset.get(), "flag_meanings", meanings);
  }
  if (coordinate.integer) {
    std::vector<std::int32_t> values;
    for (const double value : coordinate.values) values.push_back(std::int32_t(value));
    check(H5Dwrite(dataset.get(), H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "writing run variable " + coordinate.name);
  } else {
    check(H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, coordinate.values.data()),
          "writing run variable " + coordinate.name);
  }
}

// The dimension of message bytes, in netCDF's form for a dimension that has
// no coordinate variable, so that netCDF readers list no extra variable.
Dataset message_dimension(hid_t file, int dimension_id) {
  const auto length = hsize_t(schema::kFixedMessageBytes);
  Dataspace space = simple_space({length});
  PropertyList dcpl = ordered_dataset_creation();
  Dataset dataset = create_dataset(file, schema::kMessageChar, H5T_IEEE_F32LE, space.get(), dcpl.get());
  char name[96];
  std::snprintf(name, sizeof name, "This is a netCDF dimension but not a netCDF variable.%10d", int(length));
  check(H5DSset_scale(dataset.get(), name), "making message_char a dimension");
  write_int_attribute(dataset.get(), "_Netcdf4Dimid", dimension_id);
  return dataset;
}

Dataset create_message_chars(hid_t file, const Scales& scales, hsize_t runs) {
  const Dataset chars = message_dimension(file, int(scales.size()));
  Dataspace space = simple_space({runs, hsize_t(schema::kFixedMessageBytes)});
  PropertyList dcpl = ordered_dataset_creation();
  allocate_at_creation(dcpl.get(), schema::kErrorMessage);
  Datatype type(H5Tcopy(H5T_C_S1), "creating the char type");
  check(H5Tset_size(type.get(), 1), "sizing the char type");
  Dataset dataset = create_dataset(file, schema::kErrorMessage, type.get(), space.get(), dcpl.get());
  write_text_attribute(dataset.get(), "long_name", "why the run failed");
  // xarray then decodes the rows to text rather than leaving bytes.
  write_text_attribute(dataset.get(), "_Encoding", "utf-8");
  attach(dataset, scales, {schema::kRun});
  check(H5DSattach_scale(dataset.get(), chars.get(), 1), "attaching dimension message_char");
  return dataset;
}

}  // namespace

void check_layout(const OutputLayout& layout) {
  if (layout.runs < 1 || layout.weeks < 1 || layout.neighbourhoods < 1)
    throw std::invalid_argument("results file needs at least one run, week and neighbourhood, got " +
                                std::to_string(layout.runs) + ", " + std::to_string(layout.weeks) +
                                " and " + std::to_string(layout.neighbourhoods));
  std::set<std::string_view> names(std::begin(schema::kReservedNames), std::end(schema::kReservedNames));
  for (const MetricSpec& spec : layout.metrics) {
    if (!is_plain_name(spec.name))
      throw std::invalid_argument("metric name \"" + std::string(spec.name) +
                                  "\" must be letters, digits and underscores, starting with a letter");
    if (!names.insert(spec.name).second)
      throw std::invalid_argument("metric name \"" + std::string(spec.name) +
                                  "\" is used twice or clashes with a variable of the file");
  }
  for (const RunCoordinate& coordinate : layout.run_coordinates)
    if (!is_plain_name(coordinate.name) || !names.insert(coordinate.name).second)
      throw std::invalid_argument("run variable name \"" + coordinate.name +
                                  "\" is not a plain name or clashes with another variable");
}

RunVariables create_layout(hid_t file, const OutputLayout& layout) {
  const Scales scales = create_dimensions(file, layout);
  RunVariables variables;
  for (const MetricSpec& spec : layout.metrics)
    variables.metrics.push_back(create_metric(file, spec, layout, scales));

  const auto runs = hsize_t(layout.runs);
  const std::uint64_t no_seed = 0;
  variables.seed = create_run_variable(file, schema::kSeed, H5T_STD_U64LE, H5T_NATIVE_UINT64, &no_seed,
                                       "random seed", scales, runs);

  const std::int8_t pending = std::int8_t(RunStatus::pending);
  variables.status = create_run_variable(file, schema::kStatus, H5T_STD_I8LE, H5T_NATIVE_INT8, &pending,
                                         "run status", scales, runs);
  const std::int8_t flag_values[] = {std::int8_t(RunStatus::pending), std::int8_t(RunStatus::done),
                                     std::int8_t(RunStatus::failed)};
  write_int8s_attribute(variables.status.get(), "flag_values", flag_values);
  write_text_attribute(variables.status.get(), "flag_meanings", "pending done failed");

  variables.wall_seconds = create_run_variable(file, schema::kWallSeconds, H5T_IEEE_F64LE,
                                               H5T_NATIVE_DOUBLE, &kDoubleFill,
                                               "wall-clock time of the run", scales, runs);
  write_text_attribute(variables.wall_seconds.get(), "units", "s");
  write_double_attribute(variables.wall_seconds.get(), "_FillValue", kDoubleFill);

  if (layout.storage == Storage::compact) {
    // Unwritten messages read as "" rather than as a null string, which some
    // readers show as "NIL" or None.
    Datatype text = variable_text_type();
    const char* empty = "";
    variables.error_message = create_run_variable(file, schema::kErrorMessage, text.get(), text.get(),
                                                  &empty, "why the run failed", scales, runs);
  } else {
    // Variable-length strings live in a heap HDF5 updates as they are
    // written; netCDF chars (one byte each, along a dimension of their own)
    // sit in the allocated space like numbers. Their zero fill reads as "".
    variables.error_message = create_message_chars(file, scales, runs);
  }
  for (const RunCoordinate& coordinate : layout.run_coordinates)
    create_run_coordinate(file, coordinate, scales, runs);
  return variables;
}

}  // namespace wijksim::hdf5
