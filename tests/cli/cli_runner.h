#pragma once
// Runs the built wijksim binary the way a user would, in a scratch directory,
// and captures its exit status, stdout and stderr.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace wijksim::testing {

struct CliResult {
  int status = -1;  // exit status, or -1 if the process did not exit normally
  std::string out;
  std::string err;
  int err_lines() const { return int(std::count(err.begin(), err.end(), '\n')); }
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A fresh directory, removed with everything in it when the test ends.
class ScratchDir {
 public:
  ScratchDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("wijksim-cli-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  std::filesystem::path write(const std::string& name, const std::string& text) const {
    const std::filesystem::path file = path_ / name;
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

  // Every file below the directory, relative names, sorted.
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path_))
      if (!entry.is_directory()) names.push_back(entry.path().lexically_relative(path_).string());
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::filesystem::path path_;
};

// `wijksim <args>` run from `dir` (args are passed through the shell as written).
inline CliResult run_wijksim(const std::string& args, const ScratchDir& dir) {
  const std::filesystem::path out = dir / ".stdout";
  const std::filesystem::path err = dir / ".stderr";
  const std::string command = "cd '" + dir.path().string() + "' && { '" WIJKSIM_BINARY "' " + args +
                              "; } >'" + out.string() + "' 2>'" + err.string() + "' </dev/null";
  const int raw = std::system(command.c_str());
  CliResult result;
  if (raw != -1 && WIFEXITED(raw)) result.status = WEXITSTATUS(raw);
  result.out = slurp(out);
  result.err = slurp(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return result;
}

// `wijksim <args>` with files limited to `kib` KiB, the way a full disk
// limits them: writes beyond fail (EFBIG) rather than stopping the process.
inline CliResult run_wijksim_on_small_disk(long kib, const std::string& args, const ScratchDir& dir) {
  return run_wijksim("--version >/dev/null; trap '' XFSZ; ulimit -f " + std::to_string(kib) + "; '" WIJKSIM_BINARY
                         "' " + args,
                     dir);
}

// A world small enough to run in a blink.
inline constexpr const char* kTinyScenario =
    "[scale]\n"
    "n_neighbourhoods = 1\n"
    "households_per_nbh = 50\n"
    "burnin_weeks = 0\n"
    "horizon_weeks = 4\n";

}  // namespace wijksim::testing
