#pragma once
// The subcommands of `wijksim`, one function each. cli/command_options binds
// the flags to these structs and main.cpp calls the command given; each
// command returns the process exit status or throws InputError (status 2) or
// IoError (status 1).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/progress.h"
#include "io/parameter_docs.h"

namespace wijksim::cli {

// Flags accepted before or after any subcommand.
struct GlobalFlags {
  int threads = 0;  // 0: let TBB use every core
  bool quiet = false;
  ProgressMode progress = ProgressMode::automatic;
};

struct RunFlags {
  std::string scenario;
  std::string output;  // "" -> results/<scenario name>.h5
  std::optional<std::uint64_t> seed;
  // Several runs whose seeds derive from the seed as a sweep's replicates do
  // from its base seed, so that they pair with runs of other scenarios.
  std::optional<int> replicates;
  std::optional<int> weeks;
  std::vector<std::string> assignments;  // --set key=value, in order
  bool force = false;                    // replace an existing results file
  std::string command_line;              // as typed, for the results' provenance
};

enum class CompareFormat { table, csv, json };

struct CompareFlags {
  std::string a;
  std::string b;
  std::optional<int> window;  // the last N recorded weeks; every week when unset
  CompareFormat format = CompareFormat::table;
};

struct ServeFlags {
  std::string scenario;  // empty: the ready scenario classroom.toml
  std::string host = "127.0.0.1";
  int port = 8080;
  std::optional<std::uint64_t> seed;
};

struct MergeFlags {
  std::string output;
  std::vector<std::string> shards;
  bool force = false;
  std::string command_line;
};

struct SweepFlags;  // cli/sweep_setup.h

int params_command(ParameterFormat format);
int sweep_command(const SweepFlags& flags, const GlobalFlags& global);
int merge_command(const MergeFlags& flags, const GlobalFlags& global);
int run_command(const RunFlags& flags, const GlobalFlags& global);
int validate_command(const std::string& path);
int info_command(const std::string& path);
int compare_command(const CompareFlags& flags);
int serve_command(const ServeFlags& flags, const GlobalFlags& global);

}  // namespace wijksim::cli
