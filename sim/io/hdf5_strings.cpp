#include "io/hdf5_strings.h"

#include <algorithm>
#include <functional>

namespace wijksim::hdf5 {

Datatype fixed_text_type(std::size_t length) {
  Datatype type(H5Tcopy(H5T_C_S1), "creating a string type");
  check(H5Tset_size(type.get(), std::max<std::size_t>(length, 1)), "sizing a string type");
  check(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), "setting string padding");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "setting string encoding");
  return type;
}

Datatype variable_text_type() {
  Datatype type(H5Tcopy(H5T_C_S1), "creating a string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "sizing a string type");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "setting string encoding");
  return type;
}

namespace {

using Reader = std::function<herr_t(hid_t memory_type, void* buffer)>;

std::vector<std::string> read_strings(hid_t stored_type, hid_t space, const Reader& read) {
  if (H5Tget_class(stored_type) != H5T_STRING) throw Hdf5Error("expected text, found another type");
  const hssize_t count = check(H5Sget_simple_extent_npoints(space), "counting strings");
  std::vector<std::string> texts;
  texts.reserve(std::size_t(count));
  if (check(H5Tis_variable_str(stored_type), "inspecting a string type") > 0) {
    Datatype memory = variable_text_type();
    // HDF5 converts between strings only within one character set.
    check(H5Tset_cset(memory.get(), H5Tget_cset(stored_type)), "matching string encoding");
    std::vector<char*> pointers(std::size_t(count), nullptr);
    check(read(memory.get(), pointers.data()), "reading strings");
    for (const char* p : pointers) texts.emplace_back(p != nullptr ? p : "");
    H5Dvlen_reclaim(memory.get(), space, H5P_DEFAULT, pointers.data());
  } else {
    const std::size_t size = H5Tget_size(stored_type);
    if (size == 0) throw Hdf5Error("string type without a size");
    Datatype memory = fixed_text_type(size);
    check(H5Tset_cset(memory.get(), H5Tget_cset(stored_type)), "matching string encoding");
    std::vector<char> bytes(size * std::size_t(count), '\0');
    check(read(memory.get(), bytes.data()), "reading strings");
    for (hssize_t i = 0; i < count; ++i) {
      const char* begin = bytes.data() + std::size_t(i) * size;
      // Padding may be NULs or spaces depending on the writer; both trail the text.
      std::string text(begin, std::find(begin, begin + size, '\0'));
      if (H5Tget_strpad(stored_type) == H5T_STR_SPACEPAD)
        text.erase(text.find_last_not_of(' ') + 1);
      texts.push_back(std::move(text));
    }
  }
  return texts;
}

}  // namespace

std::vector<std::string> read_attribute_strings(hid_t attribute) {
  Datatype stored(H5Aget_type(attribute), "reading an attribute's type");
  Dataspace space(H5Aget_space(attribute), "reading an attribute's shape");
  return read_strings(stored.get(), space.get(), [&](hid_t memory, void* buffer) {
    return H5Aread(attribute, memory, buffer);
  });
}

std::vector<std::string> read_dataset_strings(hid_t dataset) {
  Datatype stored(H5Dget_type(dataset), "reading a variable's type");
  Dataspace space(H5Dget_space(dataset), "reading a variable's shape");
  return read_strings(stored.get(), space.get(), [&](hid_t memory, void* buffer) {
    return H5Dread(dataset, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
  });
}

}  // namespace wijksim::hdf5
