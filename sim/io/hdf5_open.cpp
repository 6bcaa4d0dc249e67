#include "io/hdf5_open.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/errors.h"
#include "io/hdf5_attributes.h"
#include "io/hdf5_schema.h"
#include "io/hdf5_vetting.h"

namespace wijksim::hdf5 {

namespace fs = std::filesystem;
namespace schema = hdf5_schema;

namespace {

File checked_format(File file, const std::string& name) {
  if (!has_attribute(file.get(), schema::kFormatAttribute))
    throw IoError(name + ": not a wijksim results file (no wijksim_format attribute)");
  const std::string format = read_text_attribute(file.get(), schema::kFormatAttribute);
  if (format != schema::kFormatVersion)
    throw IoError(name + ": wijksim_format \"" + format + "\" is not supported (this wijksim reads format " +
                  std::string(schema::kFormatVersion) + ")");
  return file;
}

herr_t require_contiguous_floats(hid_t group, const char* name, const H5L_info_t*, void* all_contiguous) {
  H5O_info_t info{};
  if (H5Oget_info_by_name2(group, name, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0 || info.type != H5O_TYPE_DATASET)
    return 0;
  const hid_t id = H5Dopen2(group, name, H5P_DEFAULT);
  if (id < 0) return 0;
  const Dataset dataset(id);
  const Datatype type(H5Dget_type(dataset.get()));
  if (!type.valid() || H5Tget_class(type.get()) != H5T_FLOAT) return 0;
  const PropertyList dcpl(H5Dget_create_plist(dataset.get()));
  if (!dcpl.valid() || H5Pget_layout(dcpl.get()) != H5D_CONTIGUOUS) {
    *static_cast<bool*>(all_contiguous) = false;
    return 1;  // one is enough
  }
  return 0;
}

// A sweep file written in place may be read while a sweep writes it: its
// layout never changes after creation, and each run's status is set only
// once its row is on disk.
bool readable_while_written(hid_t file) {
  return has_attribute(file, schema::kSweepSha256) && stored_in_place(file);
}

}  // namespace

File open_results(const fs::path& path, bool writable) {
  const std::string name = path.string();
  std::error_code ec;
  if (!fs::exists(path, ec)) throw IoError(name + ": no such file");
  if (fs::is_directory(path, ec)) throw IoError(name + ": is a directory, not a results file");
  if (::access(path.c_str(), writable ? R_OK | W_OK : R_OK) != 0) throw IoError(name + ": cannot open: " + std::strerror(errno));
  vet_in_child(path);

  File file;
  try {
    if (!writable) {
      // Readers of a sweep file take no lock, so that looking at a sweep in
      // progress can never stop it (or its resumption) from taking its own.
      const PropertyList unlocked = file_access_properties(false);
      const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, unlocked.get());
      if (id >= 0 && readable_while_written(id)) return checked_format(File(id), name);
      if (id >= 0) H5Fclose(id);
      H5Eclear2(H5E_DEFAULT);
    }
    const PropertyList fapl = file_access_properties();
    const hid_t id = H5Fopen(path.c_str(), writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY, fapl.get());
    if (id < 0) {
      const std::string detail = innermost_error();
      if (detail.find("unable to lock") != std::string::npos)
        throw IoError(name + ": is being written by another program (" + detail + ")");
      throw IoError(name + ": not an HDF5 file or damaged" + (detail.empty() ? "" : " (" + detail + ")"));
    }
    file = checked_format(File(id), name);
  } catch (const Hdf5Error& e) {
    throw IoError(name + ": not an HDF5 file or damaged (" + e.what() + ")");
  }
  return file;
}

bool stored_in_place(hid_t file) {
  bool all_contiguous = true;
  hsize_t position = 0;
  if (H5Literate(file, H5_INDEX_NAME, H5_ITER_INC, &position, require_contiguous_floats, &all_contiguous) < 0)
    return false;
  return all_contiguous;
}

}  // namespace wijksim::hdf5
