#pragma once
// Input files named on the command line: a missing one is a usage error
// (status 2), told apart from a file that exists but cannot be read (status 1).
#include <filesystem>
#include <string_view>

namespace wijksim::cli {

// InputError "<path>: no such <what>" unless `path` exists.
void require_input_file(const std::filesystem::path& path, std::string_view what);

}  // namespace wijksim::cli
