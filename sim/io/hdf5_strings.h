#pragma once
// HDF5 string types and reading strings back, whichever of the two HDF5
// string kinds a file used. Internal to io/; failures throw hdf5::Hdf5Error.
#include <hdf5.h>

#include <cstddef>
#include <string>
#include <vector>

#include "io/hdf5_handles.h"

namespace wijksim::hdf5 {

// Fixed-length UTF-8 text of `length` bytes (at least 1: HDF5 has no empty type).
Datatype fixed_text_type(std::size_t length);

// Variable-length UTF-8 text, read and written as `const char*`.
Datatype variable_text_type();

// Every string held by a string attribute or dataset, in storage order.
std::vector<std::string> read_attribute_strings(hid_t attribute);
std::vector<std::string> read_dataset_strings(hid_t dataset);

}  // namespace wijksim::hdf5
