#include "io/hdf5_handles.h"

namespace wijksim::hdf5 {

namespace {
// Walking downward visits the API call first and the deepest cause last; the
// deepest is the one that tells a user what is wrong with the file.
herr_t keep_last_description(unsigned, const H5E_error2_t* error, void* out) {
  if (error->desc != nullptr && error->desc[0] != '\0')
    *static_cast<std::string*>(out) = error->desc;
  return 0;
}
// HDF5's I/O failures read "file write failed: time = <ctime with newline>,
// filename = ..., errno = 28, error message = 'No space left on device', ..."
// or "unable to lock file, errno = 11, error message = '...'": a user needs
// the first words and the system's message, on one line.
std::string tidy(std::string description) {
  const std::string marker = "error message = '";
  const auto message = description.find(marker);
  const auto words_end = description.find_first_of(":,");
  if (message != std::string::npos && words_end < message) {
    const auto start = message + marker.size();
    const auto end = description.find('\'', start);
    description = description.substr(0, words_end) + ": " + description.substr(start, end - start);
  }
  for (char& c : description)
    if (c == '\n' || c == '\r') c = ' ';
  return description;
}

}  // namespace

std::string innermost_error() {
  std::string description;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keep_last_description, &description);
  return tidy(std::move(description));
}

ErrorSilencer::ErrorSilencer() {
  H5Eget_auto2(H5E_DEFAULT, &previous_func_, &previous_data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

ErrorSilencer::~ErrorSilencer() { H5Eset_auto2(H5E_DEFAULT, previous_func_, previous_data_); }

PropertyList file_access_properties(bool lock) {
  PropertyList fapl(H5Pcreate(H5P_FILE_ACCESS), "creating file access properties");
  // Named rather than left to the default: the writer relies on this driver's
  // handle being a POSIX file descriptor (see Hdf5Output's abandon path).
  check(H5Pset_fapl_sec2(fapl.get()), "choosing the POSIX file driver");
  // The 1.8 format is the newest that every netCDF-4, h5py and R build in use
  // reads, and unlike the 1.10 superblock it carries no "open for writing" flag
  // that a killed writer would leave set (which then needs `h5clear -s`).
  check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_V18),
        "choosing the file format version");
  // Closing the file must really close it, so that its last write errors reach
  // us before the file is renamed into place; an object still open is a bug.
  check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_SEMI), "setting the file close behaviour");
  // Cluster file systems often have no flock; HDF5 would then refuse to open.
  check(H5Pset_file_locking(fapl.get(), lock, true), "setting file locking");
  return fapl;
}

}  // namespace wijksim::hdf5
