#include "cli/default_output.h"

#include <string>
#include <system_error>

#include "core/errors.h"

namespace wijksim::cli {

std::filesystem::path default_output(std::string_view name, std::string_view if_empty, std::string_view suffix) {
  std::string stem;
  for (const char c : name) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_';
    stem += safe ? c : '_';
  }
  if (stem.empty()) stem = if_empty;
  const std::filesystem::path directory = "results";
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) throw IoError(directory.string() + ": cannot create directory: " + ec.message());
  return directory / (stem + std::string(suffix) + ".h5");
}

}  // namespace wijksim::cli
