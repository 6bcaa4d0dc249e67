// `wijksim serve`: the classroom's live view (docs/serve-api.md). Loads and
// checks the scenario, then serves until Ctrl-C (or SIGTERM), which is the
// normal way to stop it.
#include <oneapi/tbb/global_control.h>

#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "cli/input_file.h"
#include "cli/interrupt.h"
#include "cli/ready_scenarios.h"
#include "core/errors.h"
#include "io/scenario_loader.h"
#include "serve/classroom_server.h"

namespace wijksim::cli {

int serve_command(const ServeFlags& flags, const GlobalFlags& global) {
  const InterruptWatch interrupts;
  if (flags.port < 0 || flags.port > 65535)
    throw InputError("--port " + std::to_string(flags.port) + ": outside the allowed range [0, 65535]");
  const std::filesystem::path path = flags.scenario.empty() ? ready_scenario("classroom.toml") : std::filesystem::path(flags.scenario);
  require_input_file(path, "scenario file");
  Scenario scenario = load_scenario(path);
  if (!global.quiet) warn_if_scenario_sets_nothing(scenario);

  // The server runs the model in an arena of options.threads; TBB fills an
  // arena beyond the core count only when allowed to.
  std::optional<tbb::global_control> threads;
  if (global.threads > 0)
    threads.emplace(tbb::global_control::max_allowed_parallelism, std::size_t(global.threads));

  ServeOptions options;
  options.host = flags.host;
  options.port = flags.port;
  options.seed = flags.seed.value_or(scenario.seed.value_or(1));
  options.threads = global.threads;
  options.stop_requested = [&] { return interrupts.received() != 0; };
  const std::string name = scenario.name;
  options.on_listening = [&](const std::string& address) {
    std::cerr << "wijksim: serving " << name << " at " << address << " (Ctrl-C to stop)" << std::endl;
  };
  if (!global.quiet) std::cerr << "wijksim: building " << name << " and running its burn-in..." << std::endl;
  ClassroomServer server(std::move(scenario), options);
  server.serve();
  if (!global.quiet) std::cerr << "wijksim: stopped" << std::endl;
  return 0;
}

}  // namespace wijksim::cli
