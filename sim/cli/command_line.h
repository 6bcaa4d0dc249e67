#pragma once
// The command line as typed, stored with results so a run can be repeated.
#include <string>

namespace wijksim::cli {

// argv joined by spaces, each argument quoted for a POSIX shell where needed.
std::string shell_command_line(int argc, const char* const* argv);

}  // namespace wijksim::cli
