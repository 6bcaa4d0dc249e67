// Scenario files that are right: defaults, every kind of value, the three
// forms of a per-institution value, and timed changes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/errors.h"
#include "io/scenario_loader.h"

namespace wijksim {
namespace {

Scenario parse(std::string_view text) { return parse_scenario(text, "scenarios/test.toml"); }

// Every value of every parameter, as text, so two parameter sets compare in one line.
std::string all_values(const Parameters& p) {
  std::string s;
  for (const ParameterSpec& spec : parameter_table())
    s += spec.qualified_name() + "=" + format_value(p, spec) + "\n";
  return s;
}

TEST(ScenarioLoader, EmptyFileGivesDefaultsAndTheFileStemAsName) {
  const Scenario s = parse("");
  EXPECT_EQ(s.name, "test");
  EXPECT_EQ(s.description, "");
  EXPECT_FALSE(s.seed.has_value());
  EXPECT_EQ(s.source_path, "scenarios/test.toml");
  EXPECT_TRUE(s.changes.empty());
  EXPECT_EQ(all_values(s.parameters), all_values(Parameters::defaults()));
}

TEST(ScenarioLoader, KeepsTheTextForProvenance) {
  const std::string text = "# a comment\nseed = 3\n";
  EXPECT_EQ(parse(text).source_text, text);
}

TEST(ScenarioLoader, ReadsNameDescriptionAndSeed) {
  const Scenario s = parse(R"(name = "my world"
description = "for a test"
seed = 12345678901234
)");
  EXPECT_EQ(s.name, "my world");
  EXPECT_EQ(s.description, "for a test");
  ASSERT_TRUE(s.seed.has_value());
  EXPECT_EQ(*s.seed, 12345678901234u);
  EXPECT_EQ(parse("seed = 0").seed, std::optional<std::uint64_t>(0));
}

TEST(ScenarioLoader, LeftOutKeysKeepTheirDefaults) {
  const Scenario s = parse("[problems]\nspill_rate = 0.02\n");
  Parameters expected = Parameters::defaults();
  expected.spill_rate = 0.02;
  EXPECT_EQ(all_values(s.parameters), all_values(expected));
}

TEST(ScenarioLoader, ReadsEveryKindOfValue) {
  const Scenario s = parse(R"(
[problems]
spill_rate = 0.02          # real
shock_max = 1              # real written as an integer

[institutions]
cap_sw = 25                # integer
cap_fw = 12.0              # integer written with a decimal point
mode_policy = "force_improvise"
u_ed = [0.1, 0.2, 0.3, 0.4, 0.5]
u_se = { health = 0.9 }

[best_persons]
bp_emergence = 0.7
staff_pool = "best_persons_only"

[recruitment]
recruit_channel = "scouts"
)");
  const Parameters& p = s.parameters;
  EXPECT_DOUBLE_EQ(p.spill_rate, 0.02);
  EXPECT_DOUBLE_EQ(p.shock_max, 1.0);
  EXPECT_EQ(p.cap_sw, 25);
  EXPECT_EQ(p.cap_fw, 12);
  EXPECT_EQ(p.mode_policy, ModePolicy::force_improvise);
  EXPECT_EQ(p.u_ed, (PerDomain{0.1, 0.2, 0.3, 0.4, 0.5}));
  EXPECT_EQ(p.u_se, (PerDomain{0.6, 0.9, 0.9, 0.3, 0.4}));
  ASSERT_TRUE(p.bp_emergence.has_value());
  EXPECT_DOUBLE_EQ(*p.bp_emergence, 0.7);
  EXPECT_EQ(p.staff_pool, StaffPool::best_persons_only);
  EXPECT_EQ(p.recruit_channel, RecruitChannel::scouts);
}

TEST(ScenarioLoader, AutoLeavesTheEmergenceRateDerived) {
  const Scenario s = parse("[best_persons]\nbp_emergence = \"auto\"\n");
  EXPECT_FALSE(s.parameters.bp_emergence.has_value());
}

TEST(ScenarioLoader, PerInstitutionValueAsScalarArrayOrTable) {
  const Scenario s = parse(R"(
[bending]
room = 0.8
backing = [0.0, 0.25, 0.5, 0.75, 1.0]
contact_freq = { police = 0.9, social_services = 0.1 }

[bending.burnout_attention]
youth_care = 0.2

[institutions]
protocol_source = ["local", "city", "foreign", "city", "local"]
rule_strictness = { employment = 0.7 }

[problems]
need_min = 0.5
)");
  const Parameters& p = s.parameters;
  EXPECT_EQ(p.room, (PerInstitution{0.8, 0.8, 0.8, 0.8, 0.8}));
  EXPECT_EQ(p.backing, (PerInstitution{0.0, 0.25, 0.5, 0.75, 1.0}));
  EXPECT_EQ(p.contact_freq, (PerInstitution{0.1, 0.25, 0.25, 0.9, 0.25}));
  EXPECT_EQ(p.burnout_attention, (PerInstitution{0.5, 0.5, 0.5, 0.5, 0.2}));
  using PS = ProtocolSource;
  EXPECT_EQ(p.protocol_source, (ChoicePerInstitution<PS>{PS::local, PS::city, PS::foreign, PS::city, PS::local}));
  EXPECT_EQ(p.need_min, (PerInstitution{0.5, 0.5, 0.5, 0.5, 0.5}));
  EXPECT_EQ(p.rule_strictness, (PerInstitution{0.4, 0.7, 0.4, 0.4, 0.4}));
}

TEST(ScenarioLoader, ChoicePerInstitutionAsScalarOrTable) {
  using PS = ProtocolSource;
  EXPECT_EQ(parse("[institutions]\nprotocol_source = \"foreign\"").parameters.protocol_source,
            (ChoicePerInstitution<PS>{PS::foreign, PS::foreign, PS::foreign, PS::foreign, PS::foreign}));
  EXPECT_EQ(parse("[institutions]\nprotocol_source = { police = \"local\" }").parameters.protocol_source,
            (ChoicePerInstitution<PS>{PS::city, PS::city, PS::city, PS::local, PS::city}));
}

TEST(ScenarioLoader, DottedKeysAtTheTopLevelNameTheirTable) {
  EXPECT_DOUBLE_EQ(parse("bending.backing = 0.9").parameters.backing[2], 0.9);
}

TEST(ScenarioLoader, ChangesAreParsedSortedByWeekAndMergedInFileOrder) {
  const Scenario s = parse(R"(
[bending]
room = 0.2

[[changes]]
week = 300
problems.spill_rate = 0.01

[[changes]]
week = 100
bending.backing = 1.0
bending.room = { police = 0.9 }

[[changes]]
week = 100
[changes.recruitment]
recruit_channel = "scouts"
)");
  // The starting parameters are not touched by changes.
  EXPECT_DOUBLE_EQ(s.parameters.room[3], 0.2);
  EXPECT_DOUBLE_EQ(s.parameters.backing[0], 0.5);

  ASSERT_EQ(s.changes.size(), 2u);
  EXPECT_EQ(s.changes[0].week, 100);
  EXPECT_EQ(s.changes[1].week, 300);

  const auto& first = s.changes[0].assignments;
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[0].spec->name, "backing");
  EXPECT_EQ(first[0].index, -1);
  EXPECT_DOUBLE_EQ(first[0].value, 1.0);
  EXPECT_EQ(first[1].spec->name, "room");
  EXPECT_EQ(first[1].index, 3);
  EXPECT_DOUBLE_EQ(first[1].value, 0.9);
  EXPECT_EQ(first[2].spec->name, "recruit_channel");
  EXPECT_DOUBLE_EQ(first[2].value, 1.0);

  ASSERT_EQ(s.changes[1].assignments.size(), 1u);
  EXPECT_EQ(s.changes[1].assignments[0].spec->name, "spill_rate");
}

TEST(ScenarioLoader, LaterChangeOfTheSameWeekWins) {
  const Scenario s = parse(R"(
[[changes]]
week = 10
bending.room = 0.1
[[changes]]
week = 10
bending.room = 0.7
)");
  ASSERT_EQ(s.changes.size(), 1u);
  Parameters p = s.parameters;
  for (const ParameterAssignment& a : s.changes[0].assignments) apply(p, a);
  EXPECT_DOUBLE_EQ(p.room[0], 0.7);
}

TEST(ScenarioLoader, ChangesMayFallOnTheFirstAndLastRecordedWeek) {
  const Scenario s = parse(R"(
[scale]
horizon_weeks = 52
[[changes]]
week = 1
bending.room = 0.1
[[changes]]
week = 52
bending.room = 0.2
)");
  ASSERT_EQ(s.changes.size(), 2u);
  EXPECT_EQ(s.changes.front().week, 1);
  EXPECT_EQ(s.changes.back().week, 52);
}

TEST(ScenarioLoader, LoadsFromAFileAndNamesItByItsStem) {
  const auto path = std::filesystem::temp_directory_path() / "wijksim_test_scenario_stem.toml";
  {
    std::ofstream out(path);
    out << "[bending]\nroom = 0.6\n";
  }
  const Scenario s = load_scenario(path);
  std::filesystem::remove(path);
  EXPECT_EQ(s.name, "wijksim_test_scenario_stem");
  EXPECT_EQ(s.source_path, path.string());
  EXPECT_DOUBLE_EQ(s.parameters.room[1], 0.6);
}

TEST(ScenarioLoader, MissingFileIsAnErrorNamingThePath) {
  try {
    load_scenario("/nonexistent/dir/nothing_here.toml");
    FAIL() << "no error";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/nothing_here.toml"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace wijksim
