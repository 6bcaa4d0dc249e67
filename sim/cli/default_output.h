#pragma once
// Where `wijksim run` and `wijksim sweep` write when no -o is given.
#include <filesystem>
#include <string_view>

namespace wijksim::cli {

// results/<stem><suffix>.h5, creating results/ (IoError if it cannot). The
// stem is `name` (free text: a scenario's or sweep's name) with every
// character but letters, digits, '-' and '_' turned into '_', so the file
// name reads the same on every system and is never a hidden dot file;
// `if_empty` when the name is empty.
std::filesystem::path default_output(std::string_view name, std::string_view if_empty,
                                     std::string_view suffix = {});

}  // namespace wijksim::cli
