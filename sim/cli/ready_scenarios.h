#pragma once
// The ready scenarios (scenarios/ in the repository, share/wijksim/scenarios
// once installed), found from any working directory.
#include <filesystem>
#include <string_view>

namespace wijksim::cli {

// `relative` (such as "classroom.toml") under the first of ./scenarios (in
// the repository's root) and <prefix>/share/wijksim/scenarios beside an
// installed <prefix>/bin/wijksim. InputError listing where it looked if
// neither has it. A binary in the build tree has no share/ beside it: run it
// from the repository's root, or install it.
std::filesystem::path ready_scenario(std::string_view relative);

}  // namespace wijksim::cli
