#pragma once
// Whole-file text reading with errors that name the file.
#include <filesystem>
#include <string>

namespace wijksim {

// The file's contents; IoError naming the path if it cannot be read.
std::string read_text_file(const std::filesystem::path& path);

}  // namespace wijksim
