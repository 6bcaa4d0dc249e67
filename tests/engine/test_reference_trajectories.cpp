// The numbers themselves, pinned. Determinism tests compare runs of one build
// with each other; these compare a build with the model as it was when the
// digests were taken. Work on speed or memory must leave every number as it
// is; a change that is meant to change the model's numbers updates the
// digests here, and says so in its commit and in docs/ODD.md.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <string>

#include "engine/run.h"
#include "io/scenario_loader.h"

namespace wijksim {
namespace {

// FNV-1a over the bits of every recorded value, metric by metric.
std::uint64_t digest(const RunResult& result) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (const std::vector<float>& series : result.values)
    for (float value : series) {
      const std::uint32_t bits = std::bit_cast<std::uint32_t>(value);
      for (int byte = 0; byte < 4; ++byte) {
        hash ^= (bits >> (8 * byte)) & 0xFFu;
        hash *= 0x100000001b3ull;
      }
    }
  return hash;
}

std::uint64_t digest_of(const std::string& scenario_file, std::uint64_t seed) {
  Scenario scenario = load_scenario(std::string(WIJKSIM_SOURCE_DIR "/scenarios/") + scenario_file);
  scenario.parameters.n_neighbourhoods = 2;
  scenario.parameters.households_per_nbh = 500;
  scenario.parameters.burnin_weeks = 104;
  scenario.parameters.horizon_weeks = 52;
  return digest(run_simulation(scenario, seed));
}

TEST(ReferenceTrajectories, TheBaselineRunsAsBefore) {
  const std::uint64_t d = digest_of("baseline.toml", 11);
  EXPECT_EQ(d, 0x4fb306e1d15b58f9ull) << "digest now " << std::hex << d;
}

TEST(ReferenceTrajectories, FullRoomAndBackingRunsAsBefore) {
  const std::uint64_t d = digest_of("full_room_and_backing.toml", 12);
  EXPECT_EQ(d, 0xcc272b3a8c920f7aull) << "digest now " << std::hex << d;
}

}  // namespace
}  // namespace wijksim
