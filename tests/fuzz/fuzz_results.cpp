// libFuzzer target: any bytes, read as a results file by what `wijksim info`,
// `compare` and `merge` call, give either the file's contents or an IoError on
// one line that begins with the file's name. libhdf5 itself is not
// instrumented, so coverage guides through our code only; a crash anywhere,
// libhdf5 included, is a finding, because the reader must vet the file first.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/errors.h"
#include "io/hdf5_input.h"
#include "io/sweep_file.h"

namespace {

namespace fs = std::filesystem;

const fs::path& results_path() {
  static const fs::path path = [] {
    const fs::path dir = fs::temp_directory_path() / ("wijksim-fuzz-results-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir / "results.h5";
  }();
  return path;
}

// Each input gets its own modification time, so that no input is mistaken for
// an earlier one that the reader has already vetted.
void write_input(const fs::path& path, const std::uint8_t* data, std::size_t size) {
  static long long inputs = 0;
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                                 std::streamsize(size));
  ++inputs;
  const timespec times[2] = {{inputs, 0}, {inputs, 0}};
  ::utimensat(AT_FDCWD, path.c_str(), times, 0);
}

void require_named(const std::string& message) {
  if (message.rfind(results_path().string(), 0) != 0 || message.find('\n') != std::string::npos) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wijksim;
  const fs::path& path = results_path();
  write_input(path, data, size);
  try {
    const FileSummary summary = read_summary(path);
    int metrics = 0;
    for (const MetricInfo& metric : summary.metrics) {
      if (++metrics > 3) break;
      const MetricArray array = read_metric(path, metric.name);
      std::size_t count = 1;
      for (const std::size_t extent : array.shape) count *= extent;
      if (count != array.values.size()) std::abort();
    }
    const SweepFile file = SweepFile::open(path, false);
    for (int run = 0; run < file.runs(); ++run)
      if (file.statuses()[std::size_t(run)] == RunStatus::done) static_cast<void>(file.read_run(run));
  } catch (const IoError& e) {
    require_named(e.what());
  }
  return 0;
}
