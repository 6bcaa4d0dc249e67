#include "cli/input_file.h"

#include <string>
#include <system_error>

#include "core/errors.h"

namespace wijksim::cli {

void require_input_file(const std::filesystem::path& path, std::string_view what) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw InputError(path.string() + ": no such " + std::string(what));
}

}  // namespace wijksim::cli
