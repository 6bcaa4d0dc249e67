#pragma once
// Reading results files back: the summary `wijksim info` prints, and whole
// metric arrays for `wijksim compare`. Every failure is an IoError naming the
// file, whether it is missing, not HDF5, damaged, or HDF5 but not ours.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wijksim {

struct MetricInfo {
  std::string name;
  std::string units;
  std::string long_name;
  std::vector<std::string> dims;  // e.g. {"run", "week", "neighbourhood"}
};

// A parameter a sweep varies, from its param_* run variable.
struct VariedParameter {
  std::string key;  // "bending.room"
  std::size_t distinct = 0;
  double min = 0.0;
  double max = 0.0;
  std::vector<double> values;  // one per run, in run order
};

struct FileSummary {
  std::string format;  // the wijksim_format attribute
  std::string source;  // "wijksim 0.1.0"
  std::string git_commit;
  std::string created;
  std::string scenario_name;
  std::string scenario_sha256;
  int runs = 0;
  int weeks = 0;
  int neighbourhoods = 0;
  int done = 0;
  int failed = 0;
  int pending = 0;
  std::vector<std::uint64_t> seeds;  // one per run; 0 for a run never written
  std::vector<int> statuses;         // one per run: RunStatus as stored
  std::vector<int> cells;            // sweeps: the design cell of each run; otherwise all 0
  std::vector<std::pair<int, std::string>> failures;  // run index and its error message
  std::vector<MetricInfo> metrics;  // in file order
  std::vector<std::pair<std::string, std::string>> parameters;  // name, value as text
  // Sweeps only (sweep_name empty otherwise).
  std::string sweep_name;
  std::string sweep_sha256;
  std::string sweep_settings;
  std::string shard;
  std::vector<VariedParameter> varied;
};

// IoError: missing file; "<path>: not an HDF5 file or damaged (...)";
// "<path>: not a wijksim results file (no wijksim_format attribute)";
// a wijksim_format this build does not read.
FileSummary read_summary(const std::filesystem::path& path);

// A metric's values, row-major over `shape` (run, week[, level]).
struct MetricArray {
  std::vector<std::size_t> shape;
  std::vector<float> values;
};

// IoError as read_summary, and naming the file and metric if there is no
// metric variable of that name.
MetricArray read_metric(const std::filesystem::path& path, std::string_view name);

// What `wijksim info` prints: provenance, run counts, metrics, parameters.
std::string format_summary(const FileSummary& summary);

}  // namespace wijksim
