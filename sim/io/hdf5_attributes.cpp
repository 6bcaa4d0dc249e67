#include "io/hdf5_attributes.h"

#include <charconv>
#include <cmath>

#include "io/hdf5_handles.h"
#include "io/hdf5_strings.h"

namespace wijksim::hdf5 {

namespace {

Dataspace scalar_space() { return Dataspace(H5Screate(H5S_SCALAR), "creating a scalar shape"); }

Dataspace list_space(std::size_t count) {
  const hsize_t extent = count;
  return Dataspace(H5Screate_simple(1, &extent, nullptr), "creating a list shape");
}

void write_attribute(hid_t object, const char* name, hid_t stored_type, hid_t space,
                     hid_t memory_type, const void* data) {
  const std::string doing = std::string("writing attribute ") + name;
  Attribute attribute(H5Acreate2(object, name, stored_type, space, H5P_DEFAULT, H5P_DEFAULT), doing);
  check(H5Awrite(attribute.get(), memory_type, data), doing);
}

}  // namespace

void write_text_attribute(hid_t object, const char* name, std::string_view text) {
  Datatype type = fixed_text_type(text.size());
  // The type is at least one byte long; an empty text is one NUL of padding.
  std::string padded(text);
  padded.resize(H5Tget_size(type.get()), '\0');
  write_attribute(object, name, type.get(), scalar_space().get(), type.get(), padded.data());
}

void write_strings_attribute(hid_t object, const char* name, std::span<const std::string_view> texts) {
  std::vector<std::string> owned(texts.begin(), texts.end());
  std::vector<const char*> pointers;
  for (const std::string& text : owned) pointers.push_back(text.c_str());
  Datatype type = variable_text_type();
  write_attribute(object, name, type.get(), list_space(pointers.size()).get(), type.get(),
                  pointers.data());
}

void write_double_attribute(hid_t object, const char* name, double value) {
  write_attribute(object, name, H5T_IEEE_F64LE, scalar_space().get(), H5T_NATIVE_DOUBLE, &value);
}

void write_doubles_attribute(hid_t object, const char* name, std::span<const double> values) {
  write_attribute(object, name, H5T_IEEE_F64LE, list_space(values.size()).get(), H5T_NATIVE_DOUBLE,
                  values.data());
}

void write_float_attribute(hid_t object, const char* name, float value) {
  write_attribute(object, name, H5T_IEEE_F32LE, scalar_space().get(), H5T_NATIVE_FLOAT, &value);
}

void write_int_attribute(hid_t object, const char* name, std::int32_t value) {
  write_attribute(object, name, H5T_STD_I32LE, scalar_space().get(), H5T_NATIVE_INT32, &value);
}

void write_int8s_attribute(hid_t object, const char* name, std::span<const std::int8_t> values) {
  write_attribute(object, name, H5T_STD_I8LE, list_space(values.size()).get(), H5T_NATIVE_INT8,
                  values.data());
}

bool has_attribute(hid_t object, const char* name) {
  return check(H5Aexists(object, name), std::string("looking for attribute ") + name) > 0;
}

std::string read_text_attribute(hid_t object, const char* name) {
  const std::string doing = std::string("reading attribute ") + name;
  Attribute attribute(H5Aopen(object, name, H5P_DEFAULT), doing);
  std::vector<std::string> texts = read_attribute_strings(attribute.get());
  if (texts.size() != 1) throw Hdf5Error(doing + ": expected one text, found " + std::to_string(texts.size()));
  return texts.front();
}

std::string shortest_text(double value) {
  if (std::isnan(value)) return "nan";
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

namespace {

std::string render_attribute(hid_t attribute) {
  Datatype type(H5Aget_type(attribute), "reading an attribute's type");
  std::vector<std::string> items;
  const H5T_class_t type_class = H5Tget_class(type.get());
  if (type_class == H5T_STRING) {
    items = read_attribute_strings(attribute);
  } else if (type_class == H5T_INTEGER || type_class == H5T_FLOAT) {
    Dataspace space(H5Aget_space(attribute), "reading an attribute's shape");
    const hssize_t count = check(H5Sget_simple_extent_npoints(space.get()), "counting values");
    std::vector<double> values(static_cast<std::size_t>(count));
    check(H5Aread(attribute, H5T_NATIVE_DOUBLE, values.data()), "reading numbers");
    for (double v : values) items.push_back(shortest_text(v));
  } else {
    return "(unreadable type)";
  }
  Dataspace space(H5Aget_space(attribute), "reading an attribute's shape");
  if (H5Sget_simple_extent_type(space.get()) == H5S_SCALAR && items.size() == 1) return items.front();
  std::string text = "[";
  for (std::size_t i = 0; i < items.size(); ++i) text += (i ? ", " : "") + items[i];
  return text + "]";
}

struct AttributeVisit {
  std::vector<std::pair<std::string, std::string>>* out;
  std::string error;
};

herr_t visit_attribute(hid_t object, const char* name, const H5A_info_t*, void* data) {
  auto* visit = static_cast<AttributeVisit*>(data);
  // Exceptions must not cross HDF5's C frames: carry the message out instead.
  try {
    Attribute attribute(H5Aopen(object, name, H5P_DEFAULT), std::string("opening attribute ") + name);
    visit->out->emplace_back(name, render_attribute(attribute.get()));
    return 0;
  } catch (const Hdf5Error& e) {
    visit->error = std::string("attribute ") + name + ": " + e.what();
    return -1;
  }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> read_attributes_as_text(hid_t object) {
  std::vector<std::pair<std::string, std::string>> attributes;
  AttributeVisit visit{&attributes, {}};
  hsize_t position = 0;
  const herr_t by_creation =
      H5Aiterate2(object, H5_INDEX_CRT_ORDER, H5_ITER_INC, &position, visit_attribute, &visit);
  if (!visit.error.empty()) throw Hdf5Error(visit.error);
  if (by_creation >= 0 && !attributes.empty()) return attributes;
  // The object did not track creation order: name order is the best there is.
  attributes.clear();
  position = 0;
  check(H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &position, visit_attribute, &visit),
        visit.error.empty() ? "listing attributes" : visit.error);
  return attributes;
}

}  // namespace wijksim::hdf5
