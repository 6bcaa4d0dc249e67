#pragma once
// Creating groups and datasets the way netCDF-4 expects to find them: links
// and attributes in creation order, so variables, dimensions and attributes
// list in the order we wrote them (netCDF numbers them by that order).
// Internal to io/; failures throw hdf5::Hdf5Error.
#include <hdf5.h>

#include <initializer_list>
#include <string_view>

#include "io/hdf5_handles.h"

namespace wijksim::hdf5 {

// File creation properties that make the root group track creation order.
PropertyList ordered_file_creation();

Group create_group(hid_t parent, const char* name);

// Dataset creation properties with attribute creation order tracked; callers
// add chunking, filters and fill values.
PropertyList ordered_dataset_creation();

Dataspace simple_space(std::initializer_list<hsize_t> extents);

Dataset create_dataset(hid_t parent, const char* name, hid_t stored_type, hid_t space,
                       hid_t creation_properties, hid_t access_properties = H5P_DEFAULT);

// A scalar variable-length string dataset: for texts too long for an attribute.
void write_text_dataset(hid_t parent, const char* name, std::string_view text);

}  // namespace wijksim::hdf5
