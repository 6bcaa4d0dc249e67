#pragma once
// What `wijksim --version` prints: enough to reproduce the build a result came from.
#include <string>

namespace wijksim::cli {

std::string version_text();

}  // namespace wijksim::cli
