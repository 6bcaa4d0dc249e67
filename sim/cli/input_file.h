#pragma once
// Files named on the command line. A missing input is a usage error
// (status 2), told apart from a file that exists but cannot be read (status 1).
// A results file is the user's work: it is replaced only when asked, and an
// output that cannot be written is refused before anything is simulated.
#include <filesystem>
#include <string_view>

#include "engine/scenario.h"

namespace wijksim::cli {

// InputError "<path>: no such <what>" unless `path` exists.
void require_input_file(const std::filesystem::path& path, std::string_view what);

// On stderr: a scenario file that sets nothing (blank, or only comments)
// runs every parameter at its default, which is seldom what was meant.
void warn_if_scenario_sets_nothing(const Scenario& scenario);

// InputError if `path` is a directory; IoError "<path>: already exists; add
// --force to replace it" if it exists and `force` is not set.
void require_replaceable_output(const std::filesystem::path& path, bool force);

}  // namespace wijksim::cli
