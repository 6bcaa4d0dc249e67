#pragma once
// Versions of the libraries the io layer is built on, for `wijksim --version`
// and provenance. Kept here so that nothing outside io/ includes HDF5.
#include <string>

namespace wijksim {

// The HDF5 library linked at run time, e.g. "1.10.8".
std::string hdf5_version();

// The toml++ headers compiled in, e.g. "3.3.0".
std::string tomlplusplus_version();

}  // namespace wijksim
