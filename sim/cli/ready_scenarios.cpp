#include "cli/ready_scenarios.h"

#include <string>
#include <system_error>
#include <vector>

#include "core/errors.h"

namespace wijksim::cli {

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> scenario_directories() {
  std::vector<fs::path> directories{"scenarios"};
  std::error_code ec;
  const fs::path binary = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) directories.push_back(binary.parent_path().parent_path() / "share" / "wijksim" / "scenarios");
  return directories;
}

}  // namespace

fs::path ready_scenario(std::string_view relative) {
  std::string looked;
  for (const fs::path& directory : scenario_directories()) {
    const fs::path candidate = directory / relative;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate;
    looked += (looked.empty() ? "" : ", ") + candidate.string();
  }
  throw InputError("no scenario named and " + std::string(relative) + " is not in the ready scenarios (looked at " +
                   looked + "); name a scenario file");
}

}  // namespace wijksim::cli
