#include "io/library_versions.h"

#include <hdf5.h>

#include <toml++/toml.h>

namespace wijksim {

std::string hdf5_version() {
  unsigned major = 0, minor = 0, release = 0;
  if (H5get_libversion(&major, &minor, &release) < 0) return H5_VERS_INFO;
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
}

std::string tomlplusplus_version() {
  return std::to_string(TOML_LIB_MAJOR) + "." + std::to_string(TOML_LIB_MINOR) + "." +
         std::to_string(TOML_LIB_PATCH);
}

}  // namespace wijksim
