// `wijksim serve`'s HTTP interface (docs/serve-api.md), on an ephemeral port
// of this machine: snapshots, lever changes valid and invalid, controls, and
// that what a class watches is the model itself: the same trajectory as
// `wijksim run`, history before the class that is the burn-in's last weeks,
// a slider move equal to a timed change in a scenario file, and a reset with
// a seed that replays it.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "engine/metrics.h"
#include "engine/run.h"
#include "engine/scenario.h"
#include "serve/classroom_server.h"
#include "serve/live_model.h"

namespace wijksim {
namespace {

using json = nlohmann::json;

Scenario tiny_scenario() {
  Scenario scenario;
  scenario.name = "tiny";
  scenario.parameters.n_neighbourhoods = 2;
  scenario.parameters.households_per_nbh = 120;
  scenario.parameters.burnin_weeks = 15;
  scenario.parameters.horizon_weeks = 30;
  return scenario;
}

// A server on a free port, served from a thread for the test's lifetime.
class LiveServer {
 public:
  explicit LiveServer(Scenario scenario, std::uint64_t seed = 3) {
    ServeOptions options;
    options.port = 0;
    options.seed = seed;
    options.on_listening = [this](const std::string&) { listening_ = true; };
    server_ = std::make_unique<ClassroomServer>(std::move(scenario), options);
    thread_ = std::thread([this] { server_->serve(); });
    for (int i = 0; i < 3000 && !listening_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  ~LiveServer() {
    server_->stop();
    thread_.join();
  }

  json get(const std::string& path, int expected = 200) {
    const auto result = client_->Get(path.c_str());
    EXPECT_TRUE(result) << path;
    if (!result) return {};
    EXPECT_EQ(result->status, expected) << path << ": " << result->body;
    return json::parse(result->body);
  }
  json post(const std::string& path, const std::string& body, int expected = 200) {
    const auto result = client_->Post(path.c_str(), body, "application/json");
    EXPECT_TRUE(result) << path;
    if (!result) return {};
    EXPECT_EQ(result->status, expected) << path << " " << body << ": " << result->body;
    return json::parse(result->body);
  }
  int port() const { return server_->port(); }
  json steps(int weeks) {
    for (int w = 0; w < weeks; ++w) post("/api/control", R"({"action": "step"})");
    return get("/api/state?since=0");
  }

 private:
  std::atomic<bool> listening_ = false;
  std::unique_ptr<ClassroomServer> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

// The recorded values of `metric` in a run result, week by week.
std::vector<float> recorded(const RunResult& result, std::string_view metric) {
  const auto metrics = metric_table();
  for (std::size_t m = 0; m < metrics.size(); ++m)
    if (metrics[m].name == metric) return result.values[m];
  return {};
}

std::vector<float> live(const json& state, const std::string& metric) {
  std::vector<float> values;
  for (const json& week : state["history"]) values.push_back(week[metric].get<float>());
  return values;
}

// The weeks of a state's history, in order.
std::vector<int> weeks(const json& state) {
  std::vector<int> numbers;
  for (const json& week : state["history"]) numbers.push_back(week["week"].get<int>());
  return numbers;
}

// Weeks first..last, in order.
std::vector<int> week_range(int first, int last) {
  std::vector<int> numbers;
  for (int week = first; week <= last; ++week) numbers.push_back(week);
  return numbers;
}

// The history rows of weeks up to and including week 0: those before the class.
json before_class(const json& state) {
  json rows = json::array();
  for (const json& week : state["history"])
    if (week["week"].get<int>() <= 0) rows.push_back(week);
  return rows;
}

TEST(ClassroomServer, SnapshotDescribesTheWorldAtTheEndOfItsBurnIn) {
  LiveServer server(tiny_scenario());
  const json world = server.get("/api/world");
  EXPECT_EQ(world["households"], 240);
  ASSERT_EQ(world["neighbourhoods"].size(), 2u);
  EXPECT_EQ(world["neighbourhoods"][1]["name"], "Oost");
  EXPECT_EQ(world["neighbourhoods"][1]["first_household"], 120);
  EXPECT_EQ(world["helper_types"].size(), 6u);
  const json state = server.get("/api/state");
  EXPECT_EQ(state["week"], 0);
  EXPECT_EQ(state["running"], false);
  EXPECT_EQ(state["households"].size(), 240u);
  EXPECT_GT(state["helpers"].size(), 0u);
  // A burn-in shorter than a year is shown whole: weeks -14 to 0.
  EXPECT_EQ(weeks(state), week_range(-14, 0));
  EXPECT_TRUE(state["events"].empty());  // the ticker starts with the class
  EXPECT_TRUE(server.get("/api/state?since=0")["history"].empty());
  EXPECT_EQ(state["levers"]["bending.room"], 0.3);
  const json levers = server.get("/api/levers");
  EXPECT_EQ(levers.size(), live_lever_keys().size());
}

TEST(ClassroomServer, OutcomesSayWhetherTheyAreSharesCountsOrLevels) {
  LiveServer server(tiny_scenario());
  const std::map<std::string, std::string> expected = {
      {"multi_problem_share", "share"}, {"trust_mean", "level"},      {"collective_efficacy", "level"},
      {"incidents", "count"},           {"sanctions", "count"},       {"burnout_new", "count"},
      {"exhaustion_mean", "level"},     {"best_persons_active", "count"}, {"vacancies_open", "count"},
      {"hire_fit_mean", "level"},       {"protocol_effectiveness", "level"}};
  const json outcomes = server.get("/api/world")["outcomes"];
  ASSERT_EQ(outcomes.size(), expected.size());
  for (const json& outcome : outcomes)
    EXPECT_EQ(outcome["kind"], expected.at(outcome["name"].get<std::string>())) << outcome["name"];
}

// The page opens on the last year of the burn-in, and those weeks are the
// model's own: a run whose burn-in ends 52 weeks earlier records them as its
// first year, and then the weeks the class watches.
TEST(ClassroomServer, HistoryBeforeTheClassIsTheLastYearOfTheBurnIn) {
  Scenario scenario = tiny_scenario();
  scenario.parameters.burnin_weeks = 60;
  Scenario earlier = scenario;
  earlier.parameters.burnin_weeks = 60 - kWeeksBeforeClass;
  earlier.parameters.horizon_weeks = kWeeksBeforeClass + 12;
  const RunResult run = run_simulation(earlier, 3);
  LiveServer server(scenario, 3);
  const json opened = server.get("/api/state");
  EXPECT_EQ(weeks(opened), week_range(1 - kWeeksBeforeClass, 0));
  server.steps(12);
  const json state = server.get("/api/state");
  EXPECT_EQ(weeks(state), week_range(1 - kWeeksBeforeClass, 12));
  for (const std::string metric : {"multi_problem_share", "trust_mean", "exhaustion_mean", "vacancies_open"})
    EXPECT_EQ(live(state, metric), recorded(run, metric)) << metric;
}

TEST(ClassroomServer, WeeksAreThoseOfWijksimRun) {
  const Scenario scenario = tiny_scenario();
  const RunResult run = run_simulation(scenario, 3);
  LiveServer server(scenario, 3);
  const json state = server.steps(12);
  EXPECT_EQ(state["week"], 12);
  for (const std::string metric : {"multi_problem_share", "trust_mean", "exhaustion_mean", "vacancies_open"}) {
    std::vector<float> expected = recorded(run, metric);
    expected.resize(12);
    EXPECT_EQ(live(state, metric), expected) << metric;
  }
}

TEST(ClassroomServer, ASliderMoveIsATimedChangeFromTheNextWeek) {
  Scenario timed = tiny_scenario();
  timed.changes.push_back({6, {{find_parameter("bending.backing"), -1, 0.0}}});
  const RunResult run = run_simulation(timed, 3);
  LiveServer server(tiny_scenario(), 3);
  server.steps(5);
  const json applied = server.post("/api/levers", R"({"bending.backing": 0})");
  EXPECT_EQ(applied["week"], 5);
  const json state = server.steps(7);
  std::vector<float> expected = recorded(run, "sanctions");
  expected.resize(12);
  EXPECT_EQ(live(state, "sanctions"), expected);
  std::vector<float> trust = recorded(run, "trust_mean");
  trust.resize(12);
  EXPECT_EQ(live(state, "trust_mean"), trust);
  ASSERT_EQ(state["changes"].size(), 1u);
  EXPECT_EQ(state["changes"][0]["week"], 6);
  EXPECT_EQ(state["changes"][0]["text"], "backing 0.5 \u2192 0");
  EXPECT_EQ(state["levers"]["bending.backing"], 0.0);
}

TEST(ClassroomServer, InvalidLeversAreRefusedAndLeaveTheModelAlone) {
  LiveServer server(tiny_scenario());
  server.steps(2);
  const json out_of_range = server.post("/api/levers", R"({"bending.room": 0.2, "bending.backing": 1.5})", 400);
  EXPECT_EQ(out_of_range["error"], "bending.backing = 1.5 is outside the allowed range [0, 1]");
  EXPECT_EQ(server.post("/api/levers", R"({"recruitment.recruit_channel": "spies"})", 400)["error"],
            "recruitment.recruit_channel = \"spies\" is not one of its choices: ads, scouts");
  EXPECT_NE(server.post("/api/levers", R"({"scale.n_neighbourhoods": 3})", 400)["error"].get<std::string>().find(
                "is not a lever of the classroom"),
            std::string::npos);
  EXPECT_NE(server.post("/api/levers", "not json", 400)["error"].get<std::string>().find("not JSON"),
            std::string::npos);
  server.post("/api/levers", R"({"bending.room": "wide"})", 400);
  // Numbers beyond a double: refused naming the key, never a server error.
  EXPECT_EQ(server.post("/api/levers", R"({"bending.room": 0.5, "bending.backing": 1e999999999999999})", 400)["error"],
            "bending.backing = inf is not a finite number; the allowed range is [0, 1]");
  EXPECT_NE(server.post("/api/control", R"({"action": "speed", "weeks_per_second": -1e400})", 400)["error"]
                .get<std::string>()
                .find("weeks_per_second"),
            std::string::npos);
  server.post("/api/control", R"({"action": "reset", "seed": 1e30})", 400);
  server.post("/api/control", R"({"action": "fly"})", 400);
  server.post("/api/control", R"({"action": "speed", "weeks_per_second": 1000})", 400);
  server.post("/api/control", R"({"action": "reset", "seed": -4})", 400);
  server.get("/api/state?since=abc", 400);
  const json state = server.get("/api/state");
  EXPECT_EQ(state["week"], 2);
  EXPECT_EQ(state["levers"]["bending.room"], 0.3);  // not half-applied
  EXPECT_TRUE(state["changes"].empty());
}

TEST(ClassroomServer, ResetWithASeedReplaysTheTrajectory) {
  LiveServer server(tiny_scenario(), 3);
  const json opened = server.get("/api/state");
  server.post("/api/levers", R"({"bending.room": 0.9})");
  const json first = server.steps(10);
  const json reset = server.post("/api/control", R"({"action": "reset", "seed": 3})");
  EXPECT_EQ(reset["run"], 2);
  EXPECT_EQ(reset["week"], 0);
  const json reopened = server.get("/api/state");
  EXPECT_EQ(reopened["levers"]["bending.room"], 0.3);  // the scenario's again
  EXPECT_EQ(reopened["history"], opened["history"]);   // the same weeks before the class
  EXPECT_TRUE(reopened["changes"].empty());
  server.post("/api/levers", R"({"bending.room": 0.9})");
  const json again = server.steps(10);
  EXPECT_EQ(again["history"], first["history"]);
  EXPECT_EQ(again["households"], first["households"]);
  server.post("/api/control", R"({"action": "reset", "seed": 4})");
  const json other_opened = server.get("/api/state");
  EXPECT_EQ(weeks(other_opened), weeks(opened));
  EXPECT_NE(other_opened["history"], opened["history"]);
  const json other = server.steps(10);
  EXPECT_NE(other["history"], first["history"]);
}

TEST(ClassroomServer, ALeverChangeLeavesTheWeeksBeforeTheClassAlone) {
  LiveServer server(tiny_scenario(), 3);
  const json opened = server.get("/api/state");
  const json applied = server.post("/api/levers", R"({"bending.backing": 0})");
  EXPECT_EQ(applied["week"], 0);
  server.steps(8);
  const json state = server.get("/api/state");
  EXPECT_EQ(before_class(state), opened["history"]);
  ASSERT_EQ(state["changes"].size(), 1u);
  EXPECT_EQ(state["changes"][0]["week"], 1);  // the first week the class watches
}

TEST(ClassroomServer, PlayRunsWeeksAndSinceReturnsOnlyNewOnes) {
  LiveServer server(tiny_scenario());
  server.post("/api/control", R"({"action": "speed", "weeks_per_second": 0})");
  server.post("/api/control", R"({"action": "play"})");
  json state;
  for (int i = 0; i < 500; ++i) {
    state = server.get("/api/state");
    if (state["week"].get<int>() >= 20) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(state["running"], true);
  EXPECT_GE(state["week"].get<int>(), 20);
  server.post("/api/control", R"({"action": "pause"})");
  const int week = server.get("/api/state")["week"];
  const json later = server.get("/api/state?since=" + std::to_string(week - 3));
  ASSERT_EQ(later["history"].size(), 3u);
  EXPECT_EQ(later["history"][2]["week"], week);
  EXPECT_EQ(server.get("/api/state")["week"], week);  // paused stays paused
}

TEST(ClassroomServer, SeveralTabsWatchTheSameModel) {
  LiveServer server(tiny_scenario());
  server.post("/api/control", R"({"action": "speed", "weeks_per_second": 0})");
  server.post("/api/control", R"({"action": "play"})");
  // Four pages polling at once while the model runs flat out.
  std::vector<std::thread> tabs;
  std::atomic<int> answered = 0, failed = 0;
  for (int tab = 0; tab < 4; ++tab)
    tabs.emplace_back([&] {
      httplib::Client client("127.0.0.1", server.port());
      int since = 0;
      for (int poll = 0; poll < 20; ++poll) {
        const auto result = client.Get(("/api/state?since=" + std::to_string(since)).c_str());
        if (!result || result->status != 200) {
          ++failed;
          continue;
        }
        const json state = json::parse(result->body);
        const int week = state["week"];
        // Every week after `since` comes with it, the newest last.
        if (week > since && (state["history"].empty() || state["history"].back()["week"] != week)) ++failed;
        since = week;
        ++answered;
      }
    });
  for (std::thread& tab : tabs) tab.join();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(answered, 80);
  server.post("/api/control", R"({"action": "pause"})");
  const json a = server.get("/api/state"), b = server.get("/api/state");
  EXPECT_EQ(a["week"], b["week"]);
  EXPECT_EQ(a["households"], b["households"]);
}

// A connection to the server that sends `opening` (perhaps nothing, perhaps
// half a request) and then stays silent until destroyed.
class SilentConnection {
 public:
  SilentConnection(int port, const std::string& opening) : socket_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(std::uint16_t(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = socket_ >= 0 && ::connect(socket_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                 (opening.empty() || ::send(socket_, opening.data(), opening.size(), 0) == ssize_t(opening.size()));
  }
  SilentConnection(const SilentConnection&) = delete;
  SilentConnection& operator=(const SilentConnection&) = delete;
  ~SilentConnection() {
    if (socket_ >= 0) ::close(socket_);
  }
  bool connected() const { return connected_; }

 private:
  int socket_;
  bool connected_ = false;
};

// A teacher's `wijksim serve --host 0.0.0.0` and a room of students: 50 pages
// poll as the page does (every 80 ms, one request at a time, over a kept-alive
// connection) while 64 connections sit idle or stall half-way through a
// request. With cpp-httplib's defaults the idle ones held every worker and
// the pages' requests timed out.
TEST(ClassroomServer, AWholeClassIsServedBesideIdleConnections) {
  LiveServer server(tiny_scenario());
  server.post("/api/control", R"({"action": "speed", "weeks_per_second": 50})");
  server.post("/api/control", R"({"action": "play"})");
  std::vector<std::unique_ptr<SilentConnection>> idle;
  for (int i = 0; i < 64; ++i) {
    idle.push_back(std::make_unique<SilentConnection>(server.port(), i % 2 ? "" : "GET /api/state HTTP/1.1\r\n"));
    ASSERT_TRUE(idle.back()->connected());
  }
  std::atomic<int> answered = 0, failed = 0;
  std::vector<std::thread> pages;
  for (int page = 0; page < 50; ++page)
    pages.emplace_back([&] {
      httplib::Client client("127.0.0.1", server.port());
      client.set_keep_alive(true);
      client.set_connection_timeout(5, 0);
      client.set_read_timeout(5, 0);
      int since = 0;
      for (int poll = 0; poll < 15; ++poll) {
        const auto result = client.Get(("/api/state?since=" + std::to_string(since)).c_str());
        if (result && result->status == 200) {
          since = json::parse(result->body)["week"];
          ++answered;
        } else {
          ++failed;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(80));
      }
    });
  for (std::thread& page : pages) page.join();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(answered, 50 * 15);
  server.post("/api/control", R"({"action": "pause"})");
}

TEST(ClassroomServer, OnlyItsPagesAndApiAreServedAndBodiesAreLimited) {
  LiveServer server(tiny_scenario());
  const json missing = server.get("/etc/passwd", 404);
  EXPECT_EQ(missing["error"], "no such page: GET /etc/passwd");
  server.get("/../CMakeLists.txt", 404);
  server.post("/api/levers", "{\"bending.room\": " + std::string(5000, ' ') + "0.5}", 413);
  EXPECT_EQ(server.get("/api/state")["levers"]["bending.room"], 0.3);
}

}  // namespace
}  // namespace wijksim
