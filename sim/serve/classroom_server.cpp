#include "serve/classroom_server.h"

#include <httplib.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <future>
#include <limits>
#include <mutex>
#include <optional>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/errors.h"
#include "engine/key_outcomes.h"
#include "engine/run_result.h"
#include "serve/live_model.h"
#include "serve/serve_assets.h"

namespace wijksim {

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxBodyBytes = 4096;
constexpr std::size_t kRecentWeeks = 520;  // what a page that joins late can catch up on
constexpr double kMaxWeeksPerSecond = 200;
constexpr auto kCommandTimeout = std::chrono::seconds(60);  // a reset runs a burn-in

// A whole class: cpp-httplib gives each connection a worker for as long as it
// stays open, so there are workers for every student's page (each polls over
// one kept-alive connection) with room to spare, and a connection that falls
// silent for a second, or sends a request slower than a few seconds allow,
// gives its worker back. Without these, 64 idle connections held cpp-httplib's
// default 8 workers and every other page's requests timed out.
constexpr std::size_t kWorkers = 128;
constexpr time_t kIdleSeconds = 1;  // a page polls every 80 ms; a hidden tab about once a second
constexpr std::size_t kRequestsPerConnection = 1000;
constexpr time_t kReadSeconds = 3;
constexpr time_t kWriteSeconds = 5;

// What requests read: the latest frames and what does not change between
// resets, all built by the simulation thread.
struct Timeline {
  std::mutex mutex;
  std::deque<std::shared_ptr<const Frame>> recent;  // oldest first; back() is now
  std::vector<Change> changes;                      // since the reset
  json world;
  json levers;  // /api/levers, current values included
  bool running = false;
  double weeks_per_second = 10;
};

struct Command {
  enum class Kind { play, pause, step, speed, reset, levers } kind;
  double weeks_per_second = 0;
  std::optional<std::uint64_t> seed;  // reset: the model's current seed when unset
  std::vector<ParameterAssignment> levers;
  std::promise<std::string> done;  // "" or the reason it was refused
};

class HttpError : public std::runtime_error {
 public:
  HttpError(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

json lever_value(const Parameters& p, const ParameterSpec& spec) {
  if (spec.is_choice()) return std::string(spec.choices[std::size_t(get_value(p, spec, 0))]);
  if (spec.kind == ParameterKind::real_auto) return p.bp_emergence_per_1000_per_year();
  return get_value(p, spec, 0);
}

std::string_view lever_label(std::string_view key) {
  if (key == "bending.room") return "room";
  if (key == "bending.backing") return "backing";
  if (key == "bending.contact_freq") return "manager contact";
  if (key == "bending.burnout_attention") return "attention to exhaustion";
  if (key == "recruitment.recruit_channel") return "recruitment";
  if (key == "institutions.protocol_source") return "protocol source";
  return "new Best Persons";
}

json levers_json(const Parameters& p) {
  json levers = json::array();
  for (const std::string_view key : live_lever_keys()) {
    const ParameterSpec& spec = *find_parameter(key);
    json lever = {{"key", key}, {"label", lever_label(key)}, {"unit", spec.unit}, {"doc", spec.doc},
                  {"value", lever_value(p, spec)}};
    if (spec.is_choice()) {
      lever["kind"] = "choice";
      lever["choices"] = json::array();
      for (const std::string_view choice : spec.choices) lever["choices"].push_back(choice);
    } else {
      lever["kind"] = "real";
      lever["min"] = spec.min;
      lever["max"] = spec.max;
    }
    levers.push_back(std::move(lever));
  }
  return levers;
}

// Short labels for the charted outcomes that are not key outcomes
// (engine/key_outcomes.def), which the guided experiments point to.
std::string_view chart_label(std::string_view name) {
  if (name == "hire_fit_mean") return "fit of new hires";
  if (name == "protocol_effectiveness") return "protocol effectiveness";
  return name;
}

// What an outcome is, for the axis a page draws it on: a share or a count
// is read against zero, a level (a mean, such as trust) around its values.
std::string_view outcome_kind(std::string_view name) {
  if (name.ends_with("_share") || name.ends_with("coverage")) return "share";
  for (const KeyOutcome& key : key_outcomes())
    if (key.metric == name) return key.wording == OutcomeWording::count ? "count" : "level";
  return "level";  // hire_fit_mean and protocol_effectiveness: means of qualities between 0 and 1
}

json outcomes_json() {
  json outcomes = json::array();
  for (const std::string_view name : live_outcome_names()) {
    json outcome = {{"name", name}, {"label", chart_label(name)}, {"kind", outcome_kind(name)}, {"unit", ""},
                    {"scale", 1}};
    for (const KeyOutcome& key : key_outcomes())
      if (key.metric == name) {
        outcome["label"] = key.subject;
        if (key.measure == OutcomeMeasure::share) outcome["unit"] = "%", outcome["scale"] = 100;
        if (key.measure == OutcomeMeasure::per_year) outcome["unit"] = "per week";
      }
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

json world_json(const LiveModel& model) {
  json neighbourhoods = json::array();
  const std::vector<std::int32_t> nbh = model.household_neighbourhoods();
  for (std::size_t h = 0; h < nbh.size();) {
    std::size_t end = h;
    while (end < nbh.size() && nbh[end] == nbh[h]) ++end;
    neighbourhoods.push_back({{"name", neighbourhood_name(nbh[h])}, {"first_household", h}, {"households", end - h}});
    h = end;
  }
  json types = json::array();
  for (const std::string_view type : kHelperTypeNames) types.push_back(type);
  return {{"scenario", model.scenario().name}, {"run", model.run()}, {"seed", model.seed()},
          {"households", nbh.size()}, {"neighbourhoods", neighbourhoods}, {"helper_types", types},
          {"outcomes", outcomes_json()}};
}

json change_json(const Change& c) {
  const std::string label(lever_label(c.key));
  return {{"week", c.week}, {"key", c.key}, {"from", c.from}, {"to", c.to},
          {"text", label + " " + c.from + " \u2192 " + c.to}};
}

// The levers of a request body, checked against the parameter table.
std::vector<ParameterAssignment> parse_levers(const json& body) {
  if (!body.is_object() || body.empty())
    throw HttpError(400, "the body must be a JSON object of lever values, e.g. {\"bending.backing\": 0}");
  std::vector<ParameterAssignment> levers;
  for (const auto& [key, value] : body.items()) {
    bool known = false;
    for (const std::string_view lever : live_lever_keys()) known = known || lever == key;
    if (!known) {
      std::string allowed;
      for (const std::string_view lever : live_lever_keys()) allowed += (allowed.empty() ? "" : ", ") + std::string(lever);
      throw HttpError(400, key + " is not a lever of the classroom; levers are " + allowed);
    }
    const ParameterSpec& spec = *find_parameter(key);
    double number = 0;
    if (spec.is_choice()) {
      if (!value.is_string()) throw HttpError(400, key + " takes one of its choices as text");
      const std::string text = value.get<std::string>();
      std::string choices;
      bool found = false;
      for (std::size_t c = 0; c < spec.choices.size(); ++c) {
        choices += (choices.empty() ? "" : ", ") + std::string(spec.choices[c]);
        if (spec.choices[c] == text) number = double(c), found = true;
      }
      if (!found) throw HttpError(400, key + " = \"" + text + "\" is not one of its choices: " + choices);
    } else {
      if (!value.is_number()) throw HttpError(400, key + " takes a number");
      number = value.get<double>();
      if (const auto problem = check_value(spec, number)) throw HttpError(400, *problem);
    }
    levers.push_back({&spec, -1, number});
  }
  return levers;
}

// The body as JSON. A number too large for a double (1e999) is refused
// naming the key it was given for, which nlohmann's error does not say.
json parse_body(const httplib::Request& request) {
  std::string last_key;
  const json::parser_callback_t remember_keys = [&last_key](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::key) last_key = parsed.get<std::string>();
    return true;
  };
  try {
    return json::parse(request.body, remember_keys);
  } catch (const json::parse_error& e) {
    throw HttpError(400, std::string("the body is not JSON: ") + e.what());
  } catch (const json::out_of_range&) {
    const ParameterSpec* spec = last_key.empty() ? nullptr : find_parameter(last_key);
    if (spec != nullptr && !spec->is_choice())
      if (const auto problem = check_value(*spec, HUGE_VAL)) throw HttpError(400, *problem);
    throw HttpError(400, (last_key.empty() ? std::string("a value") : last_key) +
                             ": the number is too large for any value here");
  } catch (const json::exception& e) {
    throw HttpError(400, std::string("the body is not JSON: ") + e.what());
  }
}

// With the charset named, cpp-httplib leaves the body uncompressed: it
// compresses only a bare "application/json", and Brotli at its default
// quality took up to 0.8 s for a 200 KB snapshot, more than a page that
// polls ten times a second can wait.
constexpr const char* kJson = "application/json; charset=utf-8";

void reply(httplib::Response& response, int status, const json& body) {
  response.status = status;
  response.set_content(body.dump(), kJson);
}

// Wraps a request handler so that what goes wrong in it becomes a JSON
// error answer rather than cpp-httplib's bare 500.
template <class Handler>
httplib::Server::Handler guarded(Handler handler) {
  return [handler](const httplib::Request& request, httplib::Response& response) {
    try {
      handler(request, response);
    } catch (const HttpError& e) {
      reply(response, e.status(), {{"error", e.what()}});
    } catch (const json::exception& e) {
      // A body that parsed but holds what a handler cannot take: the
      // request's fault, never the server's.
      reply(response, 400, {{"error", std::string("the body could not be read: ") + e.what()}});
    }
  };
}

// The week of /api/state?since=N; without it, every week kept, those before
// the class (week 0 and earlier) included.
int since_week(const httplib::Request& request) {
  if (!request.has_param("since")) return std::numeric_limits<int>::min();
  const std::string text = request.get_param_value("since");
  try {
    std::size_t used = 0;
    const int since = std::stoi(text, &used);
    if (used != text.size()) throw std::invalid_argument(text);
    return since;
  } catch (const std::exception&) {
    throw HttpError(400, "since = \"" + text + "\" is not a whole number of weeks");
  }
}

// The command a /api/control body asks for, checked.
std::shared_ptr<Command> control_command(const json& body) {
  if (!body.is_object() || !body.contains("action") || !body["action"].is_string())
    throw HttpError(400, "the body must be {\"action\": \"play\" | \"pause\" | \"step\" | \"speed\" | \"reset\"}");
  const std::string action = body["action"].get<std::string>();
  auto command = std::make_shared<Command>();
  if (action == "play") {
    command->kind = Command::Kind::play;
  } else if (action == "pause") {
    command->kind = Command::Kind::pause;
  } else if (action == "step") {
    command->kind = Command::Kind::step;
  } else if (action == "speed") {
    command->kind = Command::Kind::speed;
    const json value = body.value("weeks_per_second", json());
    if (!value.is_number() || value.get<double>() < 0 || value.get<double>() > kMaxWeeksPerSecond ||
        (value.get<double>() > 0 && value.get<double>() < 1))
      throw HttpError(400, "weeks_per_second must be a number in [1, 200], or 0 for as fast as possible");
    command->weeks_per_second = value.get<double>();
  } else if (action == "reset") {
    command->kind = Command::Kind::reset;
    if (body.contains("seed")) {
      if (!body["seed"].is_number_unsigned())
        throw HttpError(400, "seed must be a whole number >= 0");
      command->seed = body["seed"].get<std::uint64_t>();
    }
  } else {
    throw HttpError(400, "action \"" + action + "\" is not one of play, pause, step, speed, reset");
  }
  return command;
}

}  // namespace

struct ClassroomServer::State {
  State(Scenario scenario, ServeOptions opts) : model(std::move(scenario)), options(std::move(opts)) {}

  LiveModel model;  // the simulation thread's alone, once serving
  ServeOptions options;
  // Unless told otherwise, the model runs on every core but one: the browser
  // showing it, on the same machine in a classroom, and the requests need the
  // last one, or a model running flat out starves the page of updates.
  tbb::task_arena arena{options.threads > 0 ? options.threads
                                            : std::max(1, int(std::thread::hardware_concurrency()) - 1)};
  Timeline timeline;
  httplib::Server http;
  int port = 0;

  std::mutex commands_mutex;
  std::condition_variable commands_ready;
  std::deque<std::shared_ptr<Command>> commands;
  std::atomic<bool> stopping = false;
  std::thread simulation;

  // ---- the simulation thread -------------------------------------------------

  void publish(std::shared_ptr<const Frame> frame, bool running, double speed) {
    const std::lock_guard lock(timeline.mutex);
    for (const Change& c : frame->changes) timeline.changes.push_back(c);
    timeline.recent.push_back(std::move(frame));
    while (timeline.recent.size() > kRecentWeeks) timeline.recent.pop_front();
    timeline.running = running;
    timeline.weeks_per_second = speed;
  }

  // A new model starts its timeline with the weeks before the class, so a
  // page opens with charts that already show a stretch of history.
  void publish_reset(bool running, double speed) {
    json world = world_json(model);
    json levers = levers_json(model.parameters());
    const std::lock_guard lock(timeline.mutex);
    timeline.recent.assign(model.before_class().begin(), model.before_class().end());
    timeline.changes.clear();
    timeline.world = std::move(world);
    timeline.levers = std::move(levers);
    timeline.running = running;
    timeline.weeks_per_second = speed;
  }

  void publish_levers() {
    json levers = levers_json(model.parameters());
    const std::lock_guard lock(timeline.mutex);
    timeline.levers = std::move(levers);
  }

  void run_simulation() {
    bool running = false;
    double speed = options.weeks_per_second;
    Clock::time_point next_week = Clock::now();
    for (;;) {
      std::shared_ptr<Command> command;
      {
        std::unique_lock lock(commands_mutex);
        const auto ready = [&] { return stopping || !commands.empty(); };
        if (!running)
          commands_ready.wait(lock, ready);
        else if (speed > 0)
          commands_ready.wait_until(lock, next_week, ready);
        if (stopping) return;
        if (!commands.empty()) {
          command = commands.front();
          commands.pop_front();
        }
      }
      if (command) {
        std::string refusal;
        try {
          switch (command->kind) {
            case Command::Kind::play: running = true, next_week = Clock::now(); break;
            case Command::Kind::pause: running = false; break;
            case Command::Kind::step:
              running = false;
              publish(arena.execute([&] { return model.step(); }), running, speed);
              break;
            case Command::Kind::speed: speed = command->weeks_per_second; break;
            case Command::Kind::reset:
              running = false;
              arena.execute([&] { model.reset(command->seed.value_or(model.seed())); });
              publish_reset(running, speed);
              break;
            case Command::Kind::levers:
              model.set_levers(command->levers);
              publish_levers();
              break;
          }
        } catch (const std::exception& e) {
          refusal = e.what();
        }
        {
          const std::lock_guard lock(timeline.mutex);
          timeline.running = running;
          timeline.weeks_per_second = speed;
        }
        command->done.set_value(refusal);
        continue;
      }
      if (running && (speed <= 0 || Clock::now() >= next_week)) {
        publish(arena.execute([&] { return model.step(); }), running, speed);
        if (speed > 0) next_week += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / speed));
        // After a stall (a slow week), pace from now rather than racing to catch up.
        if (next_week < Clock::now()) next_week = Clock::now();
      }
    }
  }

  // Hands a command to the simulation thread and waits until it is done.
  void execute(std::shared_ptr<Command> command) {
    std::future<std::string> done = command->done.get_future();
    {
      const std::lock_guard lock(commands_mutex);
      commands.push_back(command);
    }
    commands_ready.notify_one();
    if (done.wait_for(kCommandTimeout) != std::future_status::ready)
      throw HttpError(503, "the model did not answer in time");
    if (const std::string refusal = done.get(); !refusal.empty()) throw HttpError(400, refusal);
  }

  // ---- requests ----------------------------------------------------------------

  json control_reply() {
    const std::lock_guard lock(timeline.mutex);
    const Frame& now = *timeline.recent.back();
    return {{"run", now.run}, {"week", now.week}, {"running", timeline.running}};
  }

  json state_json(int since) {
    std::vector<std::shared_ptr<const Frame>> frames;
    std::vector<Change> changes;
    json levers;
    bool running = false;
    double speed = 0;
    {
      const std::lock_guard lock(timeline.mutex);
      for (const auto& frame : timeline.recent)
        if (frame->week > since) frames.push_back(frame);
      if (frames.empty()) frames.push_back(timeline.recent.back());
      changes = timeline.changes;
      levers = timeline.levers;
      running = timeline.running;
      speed = timeline.weeks_per_second;
    }
    const Frame& now = *frames.back();
    json lever_values = json::object();
    for (const json& lever : levers) lever_values[lever["key"].get<std::string>()] = lever["value"];
    json helpers = json::array();
    for (const HelperMark& h : now.helpers)
      helpers.push_back({{"id", h.id}, {"type", h.type}, {"nbh", h.nbh}, {"best_person", h.best_person},
                         {"exhaustion", h.exhaustion}, {"on_leave", h.on_leave}, {"caseload", h.caseload}});
    json history = json::array(), events = json::array();
    const auto names = live_outcome_names();
    for (const auto& frame : frames) {
      if (frame->week <= since || frame->outcomes.empty()) continue;
      json week = {{"week", frame->week}};
      for (std::size_t o = 0; o < names.size() && o < frame->outcomes.size(); ++o)
        week[std::string(names[o])] = std::isfinite(frame->outcomes[o]) ? json(frame->outcomes[o]) : json(nullptr);
      history.push_back(std::move(week));
      for (const Event& e : frame->events) events.push_back({{"week", e.week}, {"text", e.text}});
    }
    json change_list = json::array();
    for (const Change& c : changes) change_list.push_back(change_json(c));
    return {{"run", now.run},      {"week", now.week},         {"running", running},
            {"weeks_per_second", speed}, {"levers", lever_values}, {"households", now.household_load},
            {"helpers", helpers},  {"history", history},       {"changes", change_list},
            {"events", events}};
  }

  void route() {
    keep_connections_for_a_class();
    serve_page_files();
    serve_reads();
    serve_lever_changes();
    serve_controls();
    answer_errors_in_json();
  }

  void keep_connections_for_a_class() {
    http.new_task_queue = [] { return new httplib::ThreadPool(kWorkers); };
    http.set_keep_alive_timeout(kIdleSeconds);
    http.set_keep_alive_max_count(kRequestsPerConnection);
    http.set_read_timeout(kReadSeconds, 0);
    http.set_write_timeout(kWriteSeconds, 0);
    http.set_payload_max_length(kMaxBodyBytes);
  }

  void serve_page_files() {
    for (const Asset& asset : serve_assets())
      http.Get(std::string(asset.path), [asset](const httplib::Request&, httplib::Response& response) {
        response.set_content(std::string(asset.body), std::string(asset.content_type) + "; charset=utf-8");
      });
  }

  void serve_reads() {
    http.Get("/api/world", guarded([this](const httplib::Request&, httplib::Response& response) {
      const std::lock_guard lock(timeline.mutex);
      reply(response, 200, timeline.world);
    }));
    http.Get("/api/levers", guarded([this](const httplib::Request&, httplib::Response& response) {
      const std::lock_guard lock(timeline.mutex);
      reply(response, 200, timeline.levers);
    }));
    http.Get("/api/state", guarded([this](const httplib::Request& request, httplib::Response& response) {
      reply(response, 200, state_json(since_week(request)));
    }));
  }

  void serve_lever_changes() {
    http.Post("/api/levers", guarded([this](const httplib::Request& request, httplib::Response& response) {
      auto command = std::make_shared<Command>();
      command->kind = Command::Kind::levers;
      command->levers = parse_levers(parse_body(request));
      execute(command);
      json applied = json::array();
      for (const ParameterAssignment& a : command->levers) applied.push_back(a.spec->qualified_name());
      json answer = control_reply();
      reply(response, 200, {{"week", answer["week"]}, {"applied", applied}});
    }));
  }

  void serve_controls() {
    http.Post("/api/control", guarded([this](const httplib::Request& request, httplib::Response& response) {
      execute(control_command(parse_body(request)));
      reply(response, 200, control_reply());
    }));
  }

  void answer_errors_in_json() {
    http.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
      if (!response.body.empty()) return;
      const std::string message = response.status == 413 ? "the request body is larger than " +
                                                               std::to_string(kMaxBodyBytes) + " bytes"
                                  : response.status == 404 ? "no such page: " + request.method + " " + request.path
                                                           : "request refused";
      response.set_content(json{{"error", message}}.dump(), kJson);
    });
  }
};

ClassroomServer::ClassroomServer(Scenario scenario, ServeOptions options)
    : state_(std::make_unique<State>(std::move(scenario), std::move(options))) {}

ClassroomServer::~ClassroomServer() { stop(); }

int ClassroomServer::port() const { return state_->port; }

void ClassroomServer::stop() {
  {
    const std::lock_guard lock(state_->commands_mutex);
    state_->stopping = true;
  }
  state_->commands_ready.notify_all();
}

void ClassroomServer::serve() {
  State& s = *state_;
  s.arena.execute([&] { s.model.reset(s.options.seed); });
  s.publish_reset(false, s.options.weeks_per_second);
  s.route();
  s.port = s.options.port == 0 ? s.http.bind_to_any_port(s.options.host)
                               : (s.http.bind_to_port(s.options.host, s.options.port) ? s.options.port : -1);
  if (s.port < 0)
    throw IoError("cannot listen on " + s.options.host + ":" + std::to_string(s.options.port) +
                  " (in use, or not an address of this machine)");
  s.simulation = std::thread([&s] { s.run_simulation(); });
  // cpp-httplib's stop() does nothing before the server runs, so a stop
  // asked for early must wait until it runs: the watcher stops it only then.
  std::atomic<bool> listen_returned = false;
  std::thread watcher([&s, &listen_returned] {
    bool announced = false;
    while (!listen_returned) {
      if (s.http.is_running()) {
        if (!announced && s.options.on_listening)
          s.options.on_listening("http://" + s.options.host + ":" + std::to_string(s.port) + "/");
        announced = true;
        if (s.stopping || (s.options.stop_requested && s.options.stop_requested())) {
          s.http.stop();
          return;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(announced ? 50 : 2));
    }
  });
  s.http.listen_after_bind();
  listen_returned = true;
  stop();
  watcher.join();
  s.simulation.join();
}

}  // namespace wijksim
