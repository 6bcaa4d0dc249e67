#include "cli/version.h"

#include <boost/version.hpp>
#include <oneapi/tbb/version.h>

#include <CLI/Version.hpp>

#include "build_info.h"
#include "io/library_versions.h"

namespace wijksim::cli {

namespace {
// BOOST_LIB_VERSION spells 1.74 as "1_74".
std::string boost_version() {
  std::string v = BOOST_LIB_VERSION;
  for (char& c : v)
    if (c == '_') c = '.';
  return v;
}
}  // namespace

std::string version_text() {
  std::string text = std::string("wijksim ") + build::version + "\n";
  text += std::string("git commit ") + build::git_commit + "\n";
  text += std::string("built with ") + build::compiler + " (" + build::build_type + ")\n";
  text += "libraries: Boost " + boost_version() + ", oneTBB " + TBB_runtime_version() +
          ", HDF5 " + hdf5_version() + ", toml++ " + tomlplusplus_version() + ", CLI11 " +
          CLI11_VERSION;
  return text;
}

}  // namespace wijksim::cli
