#include "cli/input_file.h"

#include <iostream>
#include <sstream>
#include <string>
#include <system_error>

#include "core/errors.h"

namespace wijksim::cli {

void require_input_file(const std::filesystem::path& path, std::string_view what) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw InputError(path.string() + ": no such " + std::string(what));
}

void warn_if_scenario_sets_nothing(const Scenario& scenario) {
  std::istringstream lines(scenario.source_text);
  for (std::string line; std::getline(lines, line);) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first != std::string::npos && line[first] != '#') return;
  }
  std::cerr << "wijksim: warning: " << scenario.source_path
            << " sets nothing: every parameter takes its default (`wijksim params` lists them)\n";
}

void require_replaceable_output(const std::filesystem::path& path, bool force) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError(path.string() + ": is a directory; name a results file, such as " +
                     (path / "results.h5").string());
  if (!force && std::filesystem::exists(path, ec))
    throw IoError(path.string() + ": already exists; add --force to replace it");
}

}  // namespace wijksim::cli
