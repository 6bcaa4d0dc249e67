#include "io/hdf5_catalog.h"

#include <hdf5_hl.h>

#include "io/hdf5_schema.h"

namespace wijksim::hdf5 {

namespace schema = hdf5_schema;

namespace {

herr_t keep_scale_name(hid_t, unsigned, hid_t scale, void* out) {
  const ssize_t length = H5DSget_scale_name(scale, nullptr, 0);
  if (length <= 0) return 1;
  std::string name(std::size_t(length) + 1, '\0');
  H5DSget_scale_name(scale, name.data(), name.size());
  name.resize(std::size_t(length));
  *static_cast<std::string*>(out) = name;
  return 1;  // the first scale attached to a dimension names it
}

herr_t keep_link_name(hid_t, const char* name, const H5L_info_t*, void* out) {
  static_cast<std::vector<std::string>*>(out)->emplace_back(name);
  return 0;
}

}  // namespace

std::vector<hsize_t> shape_of(hid_t dataset) {
  Dataspace space(H5Dget_space(dataset), "reading a variable's shape");
  const int rank = check(H5Sget_simple_extent_ndims(space.get()), "reading a variable's rank");
  std::vector<hsize_t> extents(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space.get(), extents.data(), nullptr), "reading a variable's shape");
  return extents;
}

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

bool is_metric(hid_t dataset, const std::vector<std::string>& dims) {
  const Datatype type(H5Dget_type(dataset), "reading a variable's type");
  return H5Tget_class(type.get()) == H5T_FLOAT && dims.size() >= 2 && dims[0] == schema::kRun &&
         dims[1] == schema::kWeek;
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

std::vector<std::string> metric_names(hid_t file) {
  std::vector<std::string> names;
  for (const std::string& name : dataset_names(file)) {
    const Dataset dataset(H5Dopen2(file, name.c_str(), H5P_DEFAULT), "opening variable " + name);
    if (is_metric(dataset.get(), dimensions_of(dataset.get()))) names.push_back(name);
  }
  return names;
}

}  // namespace wijksim::hdf5
