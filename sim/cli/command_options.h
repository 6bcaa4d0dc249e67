#pragma once
// What `wijksim` accepts: the global options and every subcommand with its
// options, help and examples, bound to the flags the commands take.
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/sweep_setup.h"

namespace wijksim::cli {

// Every subcommand's flags, bound to the parser; the names of formats and
// modes stay text until the parser has checked them.
struct Flags {
  GlobalFlags global;
  std::string progress = "auto";
  RunFlags run;
  SweepFlags sweep;
  MergeFlags merge;
  std::string validate_path;
  std::string info_path;
  CompareFlags compare;
  std::string compare_format = "table";
  ServeFlags serve;
  std::string params_format = "table";
};

// Which subcommand was given: the one whose parsed() is true.
struct Subcommands {
  CLI::App* run;
  CLI::App* sweep;
  CLI::App* merge;
  CLI::App* validate;
  CLI::App* info;
  CLI::App* compare;
  CLI::App* serve;
  CLI::App* params;
};

void add_global_options(CLI::App& app, GlobalFlags& global, std::string& progress);
// In the order `wijksim --help` lists them.
Subcommands add_subcommands(CLI::App& app, Flags& flags);

// The names the parser has checked, as what they name.
ProgressMode progress_mode(const std::string& name);
CompareFormat compare_format(const std::string& name);
ParameterFormat parameter_format(const std::string& name);

}  // namespace wijksim::cli
