#pragma once
// `wijksim serve`: one live model and the page that shows it (docs/serve-api.md).
//
// A simulation thread owns the model and runs weeks at the speed asked for;
// HTTP requests never touch the model. Each simulated week publishes an
// immutable Frame to a Timeline that requests read under a short lock, so a
// slow page cannot stall the model and a fast model cannot starve a page.
// Lever changes and controls go to the simulation thread as commands and
// take effect between weeks, which keeps every trajectory reproducible.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "engine/scenario.h"

namespace wijksim {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  std::uint64_t seed = 1;
  double weeks_per_second = 10;
  // Threads the model runs on (-j); 0: every core but one.
  int threads = 0;
  // Called once the server listens, with its address ("http://127.0.0.1:8080/").
  std::function<void(const std::string& address)> on_listening;
  // Asked a few times a second; once it says true, the server stops.
  std::function<bool()> stop_requested;
};

class ClassroomServer {
 public:
  ClassroomServer(Scenario scenario, ServeOptions options);
  ~ClassroomServer();
  ClassroomServer(const ClassroomServer&) = delete;
  ClassroomServer& operator=(const ClassroomServer&) = delete;

  // Builds the model (burn-in included), binds and serves until stop() or
  // options.stop_requested, then returns once its threads have ended.
  // Throws IoError when it cannot bind.
  void serve();
  // From any thread, at any time: makes serve() return soon. A caller that
  // runs serve() on a thread of its own joins that thread afterwards.
  void stop();
  // The port bound, once serve() listens (for --port 0).
  int port() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace wijksim
