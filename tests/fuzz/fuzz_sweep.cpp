// libFuzzer target: any bytes, read as a sweep file beside a small scenario
// file, give either a sweep or one error (InputError or IoError) on one line
// that begins with the file at fault. Anything else is a finding.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/errors.h"
#include "io/sweep_loader.h"

namespace {

namespace fs = std::filesystem;

const fs::path& directory() {
  static const fs::path dir = [] {
    fs::path made = fs::temp_directory_path() / ("wijksim-fuzz-sweep-" + std::to_string(::getpid()));
    fs::create_directories(made);
    std::ofstream(made / "tiny.toml") << "[scale]\nn_neighbourhoods = 2\nhouseholds_per_nbh = 100\n";
    return made;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wijksim;
  const fs::path path = directory() / "sweep.toml";
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                                 std::streamsize(size));
  // An error begins with the file at fault: the sweep file, or the scenario
  // file it names when the fault is inside that one.
  const auto require_named = [](const std::string& message) {
    if (!fs::exists(message.substr(0, message.find(':'))) || message.find('\n') != std::string::npos)
      std::abort();
  };
  try {
    const Sweep sweep = load_sweep(path);
  } catch (const InputError& e) {
    require_named(e.what());
  } catch (const IoError& e) {
    require_named(e.what());
  }
  return 0;
}
