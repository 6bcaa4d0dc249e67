#pragma once
// The names the results file uses, shared by writer and reader so that the
// two cannot disagree. docs/output-format.md describes what each one holds.
#include <cstddef>
#include <string_view>

#include "engine/run_result.h"

namespace wijksim::hdf5_schema {

// Bumped whenever a reader of the old layout would misread the new one.
inline constexpr std::string_view kFormatVersion = "1";
inline constexpr const char* kFormatAttribute = "wijksim_format";

// Dimensions, each with a coordinate variable of the same name.
inline constexpr const char* kRun = "run";
inline constexpr const char* kWeek = "week";
inline constexpr const char* kNeighbourhood = "neighbourhood";
inline constexpr const char* kHelperType = "helper_type";
inline constexpr const char* kDomain = "domain";
inline constexpr const char* kComplexity = "complexity";

// Per-run bookkeeping variables, all on the run dimension.
inline constexpr const char* kSeed = "seed";
inline constexpr const char* kStatus = "status";
inline constexpr const char* kWallSeconds = "wall_seconds";
inline constexpr const char* kErrorMessage = "error_message";
// In files written in place, error messages are rows of this many netCDF
// chars (bytes) along the dimension kMessageChar; a longer message is cut at
// a character boundary.
inline constexpr std::size_t kFixedMessageBytes = 500;
inline constexpr const char* kMessageChar = "message_char";

// Per-run design variables: a sweep's cell and replicate; files of `wijksim
// run --replicates` have the replicate only.
inline constexpr const char* kCell = "cell";
inline constexpr const char* kReplicate = "replicate";

// Sweep files only: the root attributes that say which sweep a file holds.
inline constexpr const char* kSweepName = "sweep_name";
inline constexpr const char* kSweepSha256 = "sweep_sha256";
inline constexpr const char* kSweepSettings = "sweep_settings";
inline constexpr const char* kShard = "shard";
inline constexpr const char* kScenarioSha256 = "scenario_sha256";
// Of the JSON of the sweep's base parameters, defaults resolved: a build whose
// defaults differ would not compute the same runs.
inline constexpr const char* kParametersSha256 = "parameters_sha256";

inline constexpr const char* kParametersGroup = "parameters";
inline constexpr const char* kProvenanceGroup = "provenance";

// Names a metric may not take because the file already uses them.
inline constexpr std::string_view kReservedNames[] = {
    kRun,  kWeek,   kNeighbourhood, kHelperType,   kDomain,          kComplexity,
    kSeed, kStatus, kWallSeconds,   kErrorMessage, kParametersGroup, kProvenanceGroup, kMessageChar};

// The dimension a metric's per-week values run over, or nullptr for city level.
constexpr const char* dimension_of(MetricLevel level) {
  switch (level) {
    case MetricLevel::city: return nullptr;
    case MetricLevel::neighbourhood: return kNeighbourhood;
    case MetricLevel::helper_type: return kHelperType;
    case MetricLevel::domain: return kDomain;
    case MetricLevel::complexity: return kComplexity;
  }
  return nullptr;
}

}  // namespace wijksim::hdf5_schema
