// wijksim: the command line. Parses flags, hands them to one command, and
// turns whatever goes wrong into one line on stderr and an exit status:
// 0 ok, 1 runtime error (files, failed runs), 2 usage or input error.
#include <exception>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/command_line.h"
#include "cli/command_options.h"
#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/mpi_sweep.h"
#include "cli/usage_help.h"
#include "cli/version.h"
#include "core/errors.h"
#include "io/hdf5_process.h"

namespace {

namespace cli = wijksim::cli;

constexpr int kExitRuntime = 1;
constexpr int kExitUsage = 2;

int report(const std::string& message, int status) {
  std::cerr << "wijksim: error: " << message << "\n";
  return status;
}

int run_subcommand(const cli::Subcommands& given, cli::Flags& flags) {
  if (given.run->parsed()) return cli::run_command(flags.run, flags.global);
#ifdef WIJKSIM_WITH_MPI
  if (given.sweep->parsed()) return cli::mpi_sweep_command(flags.sweep, flags.global);
#else
  if (given.sweep->parsed()) return cli::sweep_command(flags.sweep, flags.global);
#endif
  if (given.merge->parsed()) return cli::merge_command(flags.merge, flags.global);
  if (given.validate->parsed()) return cli::validate_command(flags.validate_path);
  if (given.info->parsed()) return cli::info_command(flags.info_path);
  if (given.serve->parsed()) return cli::serve_command(flags.serve, flags.global);
  if (given.compare->parsed()) {
    flags.compare.format = cli::compare_format(flags.compare_format);
    return cli::compare_command(flags.compare);
  }
  if (given.params->parsed()) return cli::params_command(cli::parameter_format(flags.params_format));
  return report("no command given (see wijksim --help)", kExitUsage);
}

// Whatever goes wrong becomes one line on stderr and the exit status it calls for.
int run_reporting_errors(const cli::Subcommands& given, cli::Flags& flags) {
  try {
    return run_subcommand(given, flags);
  } catch (const cli::Interrupted& e) {
    // The shell's convention for a command stopped by a signal.
    return report(std::string(e.what()) + "; no results written", 128 + e.signal_number());
  } catch (const wijksim::InputError& e) {
    return report(e.what(), kExitUsage);
  } catch (const wijksim::IoError& e) {
    return report(e.what(), kExitRuntime);
  } catch (const std::exception& e) {
    return report(e.what(), kExitRuntime);
  }
}

}  // namespace

int main(int argc, char** argv) {
  wijksim::skip_hdf5_cleanup_at_exit();
  CLI::App app{"wijksim: an agent-based simulator of neighbourhood interventions.", "wijksim"};
  // Global flags may come before or after the subcommand.
  app.fallthrough();
  app.require_subcommand(1);
  app.set_version_flag("--version", cli::version_text(), "Print version, git commit, compiler and library versions");

  cli::Flags flags;
  flags.run.command_line = cli::shell_command_line(argc, argv);
  flags.sweep.command_line = flags.run.command_line;
  flags.merge.command_line = flags.run.command_line;
  cli::add_global_options(app, flags.global, flags.progress);
  const cli::Subcommands given = cli::add_subcommands(app, flags);

  cli::plain_value_names(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
    const std::string hint = cli::misspelling_hint(app, argc, argv);
    return report(hint.empty() ? std::string(e.what()) + " (see wijksim --help)" : hint, kExitUsage);
  }
  flags.global.progress = cli::progress_mode(flags.progress);
  return run_reporting_errors(given, flags);
}
