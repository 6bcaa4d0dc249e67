// --set key=value: the same keys and values as a scenario file, one at a time.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/errors.h"
#include "io/scenario_assignment.h"
#include "io/scenario_loader.h"

namespace wijksim {
namespace {

std::string error_of(std::string_view setting) {
  try {
    parse_assignment(setting);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

ParameterAssignment single(std::string_view setting) {
  const std::vector<ParameterAssignment> all = parse_assignment(setting);
  EXPECT_EQ(all.size(), 1u) << setting;
  return all.empty() ? ParameterAssignment{} : all.front();
}

TEST(ScenarioAssignment, QualifiedAndBareNamesSetEveryInstitution) {
  for (const char* setting : {"bending.room=0.5", "room=0.5", "  room = 0.5  "}) {
    const ParameterAssignment a = single(setting);
    ASSERT_NE(a.spec, nullptr) << setting;
    EXPECT_EQ(a.spec->qualified_name(), "bending.room") << setting;
    EXPECT_EQ(a.index, -1) << setting;
    EXPECT_DOUBLE_EQ(a.value, 0.5) << setting;
  }
}

TEST(ScenarioAssignment, SingleValuedParametersUseIndexZero) {
  const ParameterAssignment a = single("problems.spill_rate=0.02");
  EXPECT_EQ(a.spec->name, "spill_rate");
  EXPECT_EQ(a.index, 0);
  EXPECT_DOUBLE_EQ(a.value, 0.02);
  EXPECT_DOUBLE_EQ(single("cap_sw=20.0").value, 20.0);
}

TEST(ScenarioAssignment, ChoicesAndAutoNeedNoQuotes) {
  EXPECT_DOUBLE_EQ(single("recruit_channel=scouts").value, 1.0);
  EXPECT_DOUBLE_EQ(single("recruit_channel=\"scouts\"").value, 1.0);
  EXPECT_DOUBLE_EQ(single("mode_policy=force_protocol").value, 1.0);
  EXPECT_TRUE(std::isnan(single("bp_emergence=auto").value));
  EXPECT_DOUBLE_EQ(single("bp_emergence=0.4").value, 0.4);
  const ParameterAssignment source = single("protocol_source=foreign");
  EXPECT_EQ(source.index, -1);
  EXPECT_DOUBLE_EQ(source.value, 2.0);
}

TEST(ScenarioAssignment, ArrayGivesOneAssignmentPerInstitution) {
  const std::vector<ParameterAssignment> all = parse_assignment("room=[0,0,0,1,0]");
  ASSERT_EQ(all.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(all[std::size_t(i)].index, i);
    EXPECT_DOUBLE_EQ(all[std::size_t(i)].value, i == 3 ? 1.0 : 0.0);
  }
  EXPECT_EQ(parse_assignment("protocol_source=[\"local\",\"city\",\"foreign\",\"city\",\"city\"]").size(), 5u);
}

TEST(ScenarioAssignment, SelectorAfterTheNamePicksOneInstitutionOrDomain) {
  for (const char* setting : {"room.police=0.8", "bending.room.police=0.8", "room={police=0.8}"}) {
    const ParameterAssignment a = single(setting);
    EXPECT_EQ(a.spec->name, "room") << setting;
    EXPECT_EQ(a.index, 3) << setting;
    EXPECT_DOUBLE_EQ(a.value, 0.8) << setting;
  }
  const ParameterAssignment weight = single("u_ed.health=0.6");
  EXPECT_EQ(weight.spec->name, "u_ed");
  EXPECT_EQ(weight.index, 2);
  EXPECT_DOUBLE_EQ(single("protocol_source.employment=local").value, 0.0);
}

TEST(ScenarioAssignment, UnknownKeysSuggestTheNearest) {
  EXPECT_EQ(error_of("rooom=0.5"), "--set rooom=0.5: unknown key 'rooom'; did you mean 'room'?");
  EXPECT_EQ(error_of("bending.rooom=0.5"),
            "--set bending.rooom=0.5: unknown key 'bending.rooom'; did you mean 'bending.room'?");
  EXPECT_EQ(error_of("problems.room=0.5"),
            "--set problems.room=0.5: 'problems.room' is not in [problems]; it belongs in [bending] as "
            "'bending.room'");
  EXPECT_EQ(error_of("bendin.room=0.5"),
            "--set bendin.room=0.5: unknown key 'bendin.room'; did you mean 'bending.room'?");
  EXPECT_EQ(error_of("foo=1"), "--set foo=1: unknown key 'foo'; `wijksim params` lists every parameter");
  EXPECT_EQ(error_of("bending=1"),
            "--set bending=1: 'bending' is a table, not a parameter; write bending.name=value "
            "(`wijksim params` lists them)");
  EXPECT_EQ(error_of("a.b.c.d=1"),
            "--set a.b.c.d=1: 'a.b.c.d' is not a parameter key; write name, group.name, "
            "name.institution or group.name.institution (e.g. bending.room.police)");
}

TEST(ScenarioAssignment, UnknownSelectorsListTheNames) {
  EXPECT_EQ(error_of("room.polce=0.5"),
            "--set room.polce=0.5: bending.room has no institution 'polce'; did you mean 'police'? "
            "(institutions: social_services, employment, health_care, police, youth_care)");
  EXPECT_EQ(error_of("spill_rate.police=0.01"),
            "--set spill_rate.police=0.01: problems.spill_rate takes a single value; it has no "
            "institution or domain 'police'");
  EXPECT_EQ(error_of("u_se.helth=0.5"),
            "--set u_se.helth=0.5: institutions.u_se has no domain 'helth'; did you mean 'health'? "
            "(domains: debt, work, health, safety, youth)");
}

TEST(ScenarioAssignment, BadValuesNameTheKey) {
  EXPECT_EQ(error_of("room"), "--set room: expected key=value, e.g. bending.room=0.5");
  EXPECT_EQ(error_of("=0.5"), "--set =0.5: the key before '=' is missing");
  EXPECT_EQ(error_of("room="), "--set room=: bending.room has no value after '='");
  EXPECT_EQ(error_of("room=1.5"), "--set room=1.5: bending.room = 1.5 is outside the allowed range [0, 1]");
  EXPECT_EQ(error_of("room.police=1.5"),
            "--set room.police=1.5: bending.room.police = 1.5 is outside the allowed range [0, 1]");
  EXPECT_EQ(error_of("room=abc"),
            "--set room=abc: bending.room must be a number (or an array of 5 numbers, or a table by "
            "institution), not a string");
  EXPECT_EQ(error_of("room.police=[1]"), "--set room.police=[1]: bending.room.police must be a number, not an array");
  EXPECT_EQ(error_of("recruit_channel=scout"),
            "--set recruit_channel=scout: recruitment.recruit_channel = \"scout\" is not a choice; it "
            "must be one of \"ads\", \"scouts\"; did you mean \"scouts\"?");
  EXPECT_EQ(error_of("u_ed=0.5"),
            "--set u_ed=0.5: institutions.u_ed must be an array of 5 numbers (debt, work, health, "
            "safety, youth) or a table by domain, not a number");
  EXPECT_EQ(error_of("room=[0,0,0]"),
            "--set room=[0,0,0]: bending.room has 3 values; it takes 5, one per institution "
            "(social_services, employment, health_care, police, youth_care)");
  EXPECT_EQ(error_of("cap_sw=20.5"), "--set cap_sw=20.5: institutions.cap_sw = 20.5 must be a whole number");
}

TEST(ScenarioAssignment, MalformedArraysReportTheTomlProblem) {
  const std::string unclosed = error_of("room=[0,0");
  EXPECT_EQ(unclosed.rfind("--set room=[0,0: cannot read the value '[0,0': ", 0), 0u) << unclosed;
  const std::string unquoted = error_of("protocol_source=[local,city,city,city,city]");
  EXPECT_NE(unquoted.find("need quotes"), std::string::npos) << unquoted;
  const std::string smuggled = error_of("room=0.5\nbacking=1");
  EXPECT_EQ(smuggled, "--set room=0.5\\nbacking=1: the value must be a single value, array or inline table");
}

TEST(ScenarioAssignment, ApplySettingsChangesTheStartAndRechecksTheScenario) {
  Scenario s = parse_scenario("[[changes]]\nweek = 300\nbending.room = 0.9\n", "x.toml");
  const std::vector<std::string> settings = {"room=0.1", "room.police=0.2", "recruit_channel=scouts"};
  apply_settings(s, settings);
  EXPECT_EQ(s.parameters.room, (PerInstitution{0.1, 0.1, 0.1, 0.2, 0.1}));
  EXPECT_EQ(s.parameters.recruit_channel, RecruitChannel::scouts);
  ASSERT_EQ(s.changes.size(), 1u);  // the change still comes at its week

  Scenario broken = s;
  const std::vector<std::string> bad = {"bending.room=0.5", "shock_min=0.4"};
  try {
    apply_settings(broken, bad);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "x.toml with --set shock_min=0.4: problems.shock_min = 0.4 must not exceed "
                 "problems.shock_max = 0.3");
  }

  Scenario shortened = s;
  const std::vector<std::string> shorter = {"horizon_weeks=200"};
  try {
    apply_settings(shortened, shorter);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "x.toml with --set horizon_weeks=200: the change at week 300 lies outside the "
                 "recorded weeks [1, 200] (scale.horizon_weeks)");
  }
}

}  // namespace
}  // namespace wijksim
