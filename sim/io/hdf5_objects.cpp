#include "io/hdf5_objects.h"

#include <string>
#include <vector>

#include "io/hdf5_strings.h"

namespace wijksim::hdf5 {

namespace {
constexpr unsigned kTrackedAndIndexed = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;

void order_links_and_attributes(hid_t group_properties) {
  check(H5Pset_link_creation_order(group_properties, kTrackedAndIndexed), "ordering links");
  check(H5Pset_attr_creation_order(group_properties, kTrackedAndIndexed), "ordering attributes");
}
}  // namespace

PropertyList ordered_file_creation() {
  PropertyList fcpl(H5Pcreate(H5P_FILE_CREATE), "creating file creation properties");
  order_links_and_attributes(fcpl.get());
  return fcpl;
}

Group create_group(hid_t parent, const char* name) {
  PropertyList gcpl(H5Pcreate(H5P_GROUP_CREATE), "creating group creation properties");
  order_links_and_attributes(gcpl.get());
  return Group(H5Gcreate2(parent, name, H5P_DEFAULT, gcpl.get(), H5P_DEFAULT),
               std::string("creating group ") + name);
}

PropertyList ordered_dataset_creation() {
  PropertyList dcpl(H5Pcreate(H5P_DATASET_CREATE), "creating dataset creation properties");
  check(H5Pset_attr_creation_order(dcpl.get(), kTrackedAndIndexed), "ordering attributes");
  return dcpl;
}

Dataspace simple_space(std::initializer_list<hsize_t> extents) {
  const std::vector<hsize_t> dims(extents);
  return Dataspace(H5Screate_simple(int(dims.size()), dims.data(), nullptr), "creating a shape");
}

Dataset create_dataset(hid_t parent, const char* name, hid_t stored_type, hid_t space,
                       hid_t creation_properties, hid_t access_properties) {
  return Dataset(H5Dcreate2(parent, name, stored_type, space, H5P_DEFAULT, creation_properties,
                            access_properties),
                 std::string("creating variable ") + name);
}

void write_text_dataset(hid_t parent, const char* name, std::string_view text) {
  Datatype type = variable_text_type();
  Dataspace scalar(H5Screate(H5S_SCALAR), "creating a scalar shape");
  PropertyList dcpl = ordered_dataset_creation();
  Dataset dataset = create_dataset(parent, name, type.get(), scalar.get(), dcpl.get());
  const std::string owned(text);
  const char* pointer = owned.c_str();
  check(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &pointer),
        std::string("writing variable ") + name);
}

}  // namespace wijksim::hdf5
