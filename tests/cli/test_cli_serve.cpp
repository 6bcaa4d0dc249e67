// `wijksim serve` from the command line: it says where it listens (this
// machine only, unless told otherwise), stops cleanly on SIGTERM or Ctrl-C,
// and refuses bad flags before building anything.
#include <gtest/gtest.h>

#include <string>

#include "cli_runner.h"

namespace wijksim::testing {
namespace {

TEST(CliServe, ListensOnThisMachineOnlyAndStopsOnASignal) {
  ScratchDir dir;
  dir.write("small.toml", kTinyScenario);
  // Waits for the address line, fetches the page through it, then stops the server.
  const CliResult r = run_wijksim(
      "serve small.toml --port 0 2>err & pid=$!; "
      "for i in $(seq 100); do grep -q 'serving' err && break; sleep 0.1; done; "
      "address=$(grep -o 'http://[^ ]*' err); "
      "curl -s \"${address}api/world\" >world.json; "
      "kill -TERM $pid; wait $pid; status=$?; cat err >&2; exit $status",
      dir);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("wijksim: serving small at http://127.0.0.1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("wijksim: stopped"), std::string::npos) << r.err;
  EXPECT_NE(slurp(dir / "world.json").find("\"scenario\":\"small\""), std::string::npos) << slurp(dir / "world.json");
}

TEST(CliServe, BadFlagsAndMissingScenariosAreUsageErrors) {
  ScratchDir dir;
  dir.write("small.toml", kTinyScenario);
  const CliResult port = run_wijksim("serve small.toml --port 70000", dir);
  EXPECT_EQ(port.status, 2);
  EXPECT_NE(port.err.find("--port 70000: outside the allowed range [0, 65535]"), std::string::npos) << port.err;
  const CliResult missing = run_wijksim("serve nowhere.toml --port 0", dir);
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("nowhere.toml: no such scenario file"), std::string::npos) << missing.err;
  const CliResult host = run_wijksim("serve small.toml --port 0 --host 203.0.113.7", dir);
  EXPECT_EQ(host.status, 1);
  EXPECT_NE(host.err.find("cannot listen on 203.0.113.7:0"), std::string::npos) << host.err;
}

}  // namespace
}  // namespace wijksim::testing
