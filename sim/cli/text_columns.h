#pragma once
// Tables of text for the terminal, as `wijksim run` and `compare` print them.
#include <string>
#include <vector>

namespace wijksim::cli {

// Columns padded to their widest entry; the first left-aligned, numbers right.
// Widths count characters, not bytes, because of the minus sign.
std::string layout_columns(const std::vector<std::vector<std::string>>& rows);

}  // namespace wijksim::cli
