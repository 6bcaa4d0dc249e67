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

void require_replaceable_output(const std::filesystem::path& path, bool force) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError(path.string() + ": is a directory; name a results file, such as " +
                     (path / "results.h5").string());
  if (!force && std::filesystem::exists(path, ec))
    throw IoError(path.string() + ": already exists; add --force to replace it");
}

}  // namespace wijksim::cli
