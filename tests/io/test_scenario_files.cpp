// The ready scenarios in scenarios/: every file loads, and each one sets
// what its header says it sets.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "core/errors.h"
#include "io/scenario_loader.h"

namespace wijksim {
namespace {

std::filesystem::path scenarios_dir() { return std::filesystem::path(WIJKSIM_SOURCE_DIR) / "scenarios"; }

Scenario ready(const std::string& file) { return load_scenario(scenarios_dir() / file); }

TEST(ScenarioFiles, EveryFileInScenariosLoads) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(scenarios_dir()))
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  EXPECT_GE(files.size(), 9u);
  for (const auto& path : files) {
    SCOPED_TRACE(path.string());
    try {
      const Scenario s = load_scenario(path);
      EXPECT_FALSE(s.name.empty());
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
    }
  }
}

TEST(ScenarioFiles, EachReadyScenarioNamesItselfAndUsesSeedOne) {
  for (const char* file : {"baseline.toml", "no_backing.toml", "full_room_and_backing.toml",
                           "scouts.toml", "protocol_only.toml", "improvise_only.toml",
                           "copied_protocol.toml", "classroom.toml", "policy_from_year_3.toml"}) {
    SCOPED_TRACE(file);
    const Scenario s = ready(file);
    EXPECT_EQ(s.name + ".toml", file);
    EXPECT_FALSE(s.description.empty());
    EXPECT_EQ(s.seed, std::optional<std::uint64_t>(1));
  }
}

std::string all_values(const Parameters& p) {
  std::string s;
  for (const ParameterSpec& spec : parameter_table())
    s += spec.qualified_name() + "=" + format_value(p, spec) + "\n";
  return s;
}

TEST(ScenarioFiles, BaselineIsTheDefaults) {
  const Scenario s = ready("baseline.toml");
  EXPECT_EQ(all_values(s.parameters), all_values(Parameters::defaults()));
  EXPECT_TRUE(s.changes.empty());
}

TEST(ScenarioFiles, LeverScenariosSetTheirLevers) {
  EXPECT_EQ(ready("no_backing.toml").parameters.backing, (PerInstitution{0, 0, 0, 0, 0}));
  const Parameters full = ready("full_room_and_backing.toml").parameters;
  EXPECT_EQ(full.room, (PerInstitution{1, 1, 1, 1, 1}));
  EXPECT_EQ(full.backing, (PerInstitution{1, 1, 1, 1, 1}));
  EXPECT_EQ(ready("scouts.toml").parameters.recruit_channel, RecruitChannel::scouts);
  for (ProtocolSource source : ready("copied_protocol.toml").parameters.protocol_source)
    EXPECT_EQ(source, ProtocolSource::foreign);
}

// docs/ODD.md: the two SF3 arms differ in mode_policy alone.
TEST(ScenarioFiles, ProtocolAndImprovisationArmsFollowEntry14) {
  const Parameters protocol = ready("protocol_only.toml").parameters;
  EXPECT_EQ(protocol.mode_policy, ModePolicy::force_protocol);
  EXPECT_EQ(protocol.room, (PerInstitution{0, 0, 0, 0, 0}));
  EXPECT_EQ(protocol.init_bp_share_staff, 0.0);
  EXPECT_EQ(protocol.bp_resident_density, 0.0);
  EXPECT_EQ(protocol.bp_emergence, std::optional<double>(0.0));
  EXPECT_EQ(protocol.bb_in_per_1000, 0.0);
  EXPECT_EQ(protocol.staff_pool, StaffPool::standard_only);

  Parameters improvise = ready("improvise_only.toml").parameters;
  EXPECT_EQ(improvise.mode_policy, ModePolicy::force_improvise);
  // The improvisation arm is staffed by frontline-worker Best Persons (§11 entry 28).
  EXPECT_EQ(improvise.staff_pool, StaffPool::best_persons_only);
  improvise.mode_policy = ModePolicy::force_protocol;
  improvise.staff_pool = StaffPool::standard_only;
  EXPECT_EQ(all_values(improvise), all_values(protocol));
}

TEST(ScenarioFiles, ClassroomIsASmallWorld) {
  const Parameters p = ready("classroom.toml").parameters;
  EXPECT_EQ(p.n_neighbourhoods, 4);
  EXPECT_EQ(p.households_per_nbh, 500);
}

TEST(ScenarioFiles, PolicyFromYear3ChangesBackingAndRoomAtWeek157) {
  const Scenario s = ready("policy_from_year_3.toml");
  EXPECT_EQ(all_values(s.parameters), all_values(Parameters::defaults()));
  ASSERT_EQ(s.changes.size(), 1u);
  EXPECT_EQ(s.changes[0].week, 157);
  Parameters after = s.parameters;
  for (const ParameterAssignment& a : s.changes[0].assignments) apply(after, a);
  EXPECT_EQ(after.backing, (PerInstitution{1, 1, 1, 1, 1}));
  EXPECT_EQ(after.room, (PerInstitution{0.6, 0.6, 0.6, 0.6, 0.6}));
}

}  // namespace
}  // namespace wijksim
