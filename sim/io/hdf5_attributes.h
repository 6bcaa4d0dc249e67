#pragma once
// Writing and reading HDF5 attributes in the forms netCDF-4 understands:
// a single string as fixed-length text (netCDF's `char`, what CF expects of
// units and long_name), a list of strings as variable-length strings
// (netCDF's `string`), numbers as scalars or one-dimensional arrays.
// Internal to io/; failures throw hdf5::Hdf5Error.
#include <hdf5.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wijksim::hdf5 {

void write_text_attribute(hid_t object, const char* name, std::string_view text);
void write_strings_attribute(hid_t object, const char* name, std::span<const std::string_view> texts);
void write_double_attribute(hid_t object, const char* name, double value);
void write_doubles_attribute(hid_t object, const char* name, std::span<const double> values);
void write_float_attribute(hid_t object, const char* name, float value);
void write_int_attribute(hid_t object, const char* name, std::int32_t value);
void write_int8s_attribute(hid_t object, const char* name, std::span<const std::int8_t> values);

bool has_attribute(hid_t object, const char* name);

// The text of a string attribute (fixed or variable length, scalar or one element).
std::string read_text_attribute(hid_t object, const char* name);

// Every attribute of `object` in creation order (name order for files that
// did not track it), rendered as text: numbers in shortest round-trip form,
// lists as "[a, b, c]".
std::vector<std::pair<std::string, std::string>> read_attributes_as_text(hid_t object);

// Shortest text that reads back as the same double ("0.3", "1e-05", "20").
std::string shortest_text(double value);

}  // namespace wijksim::hdf5
