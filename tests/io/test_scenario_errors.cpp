// Scenario files that are wrong: each error is one line naming the file,
// line:column, the key, and what would be right. The messages are compared
// whole, because their wording is the interface users see.
#include <gtest/gtest.h>

#include <string>

#include "core/errors.h"
#include "io/scenario_loader.h"

namespace wijksim {
namespace {

std::string error_of(std::string_view text) {
  try {
    parse_scenario(text, "x.toml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ScenarioErrors, MalformedTomlGivesTomlsDescriptionWithItsPosition) {
  const std::string message = error_of("[bending]\nroom = 0.5\nbacking = [0.1,\n");
  // The unclosed array runs into the end of the file, where toml++ stops.
  EXPECT_EQ(message.rfind("x.toml:3:17: ", 0), 0u) << message;
  EXPECT_NE(message.find("array"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;

  const std::string duplicate = error_of("[bending]\nroom = 0.5\nroom = 0.6\n");
  EXPECT_EQ(duplicate.rfind("x.toml:3:", 0), 0u) << duplicate;
  EXPECT_NE(duplicate.find("room"), std::string::npos) << duplicate;
}

TEST(ScenarioErrors, UnknownKeySuggestsTheNearest) {
  EXPECT_EQ(error_of("[bending]\nroom = 0.5\nrooom = 0.5\n"),
            "x.toml:3:1: unknown key 'bending.rooom'; did you mean 'bending.room'?");
  // Misspelt and in the wrong table: the suggestion says where it lives.
  EXPECT_EQ(error_of("[bending]\nspill_rat = 0.01\n"),
            "x.toml:2:1: unknown key 'bending.spill_rat'; did you mean 'problems.spill_rate'?");
  // Nothing close: no silly suggestion.
  EXPECT_EQ(error_of("[bending]\nxyzzy = 1\n"),
            "x.toml:2:1: unknown key 'bending.xyzzy'; `wijksim params` lists every parameter");
}

TEST(ScenarioErrors, KeyInTheWrongTableNamesItsTable) {
  EXPECT_EQ(error_of("[problems]\nroom = 0.5\n"),
            "x.toml:2:1: 'problems.room' is not in [problems]; it belongs in [bending] as 'bending.room'");
  EXPECT_EQ(error_of("room = 0.5\n"),
            "x.toml:1:1: unknown key 'room' at the top level; it belongs in [bending] as 'bending.room'");
}

TEST(ScenarioErrors, UnknownTableSuggestsTheNearest) {
  EXPECT_EQ(error_of("[bendng]\nroom = 0.5\n"),
            "x.toml:1:2: unknown table [bendng]; did you mean [bending]? (parameter tables: scale, "
            "problems, institutions, bending, burnout, best_persons, recruitment, trust)");
  EXPECT_EQ(error_of("seeed = 1\n"), "x.toml:1:1: unknown key 'seeed'; did you mean 'seed'?");
  EXPECT_EQ(error_of("bending = 0.5\n"),
            "x.toml:1:1: 'bending' must be a table of parameters ([bending]), not a number");
}

TEST(ScenarioErrors, OutOfRangeNamesKeyValueAndRange) {
  EXPECT_EQ(error_of("[bending]\nroom = 1.5\n"),
            "x.toml:2:8: bending.room = 1.5 is outside the allowed range [0, 1]");
  EXPECT_EQ(error_of("[bending]\nroom = { police = 1.5 }\n"),
            "x.toml:2:19: bending.room.police = 1.5 is outside the allowed range [0, 1]");
  EXPECT_EQ(error_of("[bending]\nbacking = [0, 0, 0, -1, 0]\n"),
            "x.toml:2:21: bending.backing.police = -1 is outside the allowed range [0, 1]");
  EXPECT_EQ(error_of("[scale]\nn_neighbourhoods = 0\n"),
            "x.toml:2:20: scale.n_neighbourhoods = 0 is outside the allowed range [1, 4000]");
  EXPECT_EQ(error_of("[problems]\nspill_rate = nan\n"),
            "x.toml:2:14: problems.spill_rate = nan is not a finite number");
  EXPECT_EQ(error_of("[best_persons]\nbp_emergence = nan\n"),
            "x.toml:2:16: best_persons.bp_emergence = nan is not a finite number");
}

// Found by the scenario loader's fuzz target: toml++ quoted the line break it
// saw, and the error took two lines.
TEST(ScenarioErrors, ASyntaxErrorStaysOnOneLine) {
  const std::string message = error_of("seed = t\n");
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_EQ(message.rfind("x.toml:1:", 0), 0u) << message;
  EXPECT_NE(message.find("expected 'true'"), std::string::npos) << message;
}

TEST(ScenarioErrors, WrongTypeSaysWhatWasExpected) {
  EXPECT_EQ(error_of("[bending]\nroom = \"high\"\n"),
            "x.toml:2:8: bending.room must be a number (or an array of 5 numbers, or a table by "
            "institution), not a string");
  EXPECT_EQ(error_of("[problems]\nspill_rate = [0.1]\n"),
            "x.toml:2:14: problems.spill_rate must be a number, not an array");
  EXPECT_EQ(error_of("[problems]\nspill_rate = true\n"),
            "x.toml:2:14: problems.spill_rate must be a number, not a boolean");
  EXPECT_EQ(error_of("[bending]\nroom = { police = \"a lot\" }\n"),
            "x.toml:2:19: bending.room.police must be a number, not a string");
  EXPECT_EQ(error_of("[institutions]\nu_ed = 0.5\n"),
            "x.toml:2:8: institutions.u_ed must be an array of 5 numbers (debt, work, health, "
            "safety, youth) or a table by domain, not a number");
  EXPECT_EQ(error_of("[recruitment]\nrecruit_channel = 1\n"),
            "x.toml:2:19: recruitment.recruit_channel must be one of \"ads\", \"scouts\", not an integer");
  EXPECT_EQ(error_of("[institutions]\nprotocol_source = 2\n"),
            "x.toml:2:19: institutions.protocol_source must be one of \"local\", \"city\", \"foreign\" "
            "(or an array of 5 of them, or a table by institution), not an integer");
  EXPECT_EQ(error_of("[best_persons]\nbp_emergence = \"automatic\"\n"),
            "x.toml:2:16: best_persons.bp_emergence = \"automatic\" is neither a number nor \"auto\"");
}

TEST(ScenarioErrors, IntegersMayBeWrittenWithAPointButMustBeWhole) {
  EXPECT_EQ(error_of("[institutions]\ncap_sw = 20.5\n"),
            "x.toml:2:10: institutions.cap_sw = 20.5 must be a whole number");
  EXPECT_EQ(error_of("[institutions]\ncap_sw = \"20\"\n"),
            "x.toml:2:10: institutions.cap_sw must be a whole number, not a string");
}

TEST(ScenarioErrors, ArrayOfTheWrongLengthNamesTheSlots) {
  EXPECT_EQ(error_of("[bending]\nroom = [0.1, 0.2, 0.3, 0.4]\n"),
            "x.toml:2:8: bending.room has 4 values; it takes 5, one per institution "
            "(social_services, employment, health_care, police, youth_care)");
  EXPECT_EQ(error_of("[institutions]\nu_se = [0.1, 0.2]\n"),
            "x.toml:2:8: institutions.u_se has 2 values; it takes 5, one per domain "
            "(debt, work, health, safety, youth)");
}

TEST(ScenarioErrors, UnknownChoiceListsTheChoices) {
  EXPECT_EQ(error_of("[recruitment]\nrecruit_channel = \"scout\"\n"),
            "x.toml:2:19: recruitment.recruit_channel = \"scout\" is not a choice; it must be one of "
            "\"ads\", \"scouts\"; did you mean \"scouts\"?");
  EXPECT_EQ(error_of("[institutions]\nprotocol_source = { police = \"abroad\" }\n"),
            "x.toml:2:30: institutions.protocol_source.police = \"abroad\" is not a choice; it must be "
            "one of \"local\", \"city\", \"foreign\"");
}

TEST(ScenarioErrors, UnknownInstitutionOrDomainListsTheNames) {
  EXPECT_EQ(error_of("[bending]\nroom = { polce = 0.5 }\n"),
            "x.toml:2:10: bending.room has no institution 'polce'; did you mean 'police'? "
            "(institutions: social_services, employment, health_care, police, youth_care)");
  EXPECT_EQ(error_of("[institutions]\nu_ed = { housing = 0.5 }\n"),
            "x.toml:2:10: institutions.u_ed has no domain 'housing' "
            "(domains: debt, work, health, safety, youth)");
}

TEST(ScenarioErrors, TopLevelKeysHaveTheirOwnTypes) {
  EXPECT_EQ(error_of("seed = -1\n"), "x.toml:1:8: seed = -1 must not be negative");
  EXPECT_EQ(error_of("seed = 1.5\n"), "x.toml:1:8: seed must be a whole number such as 1, not a number");
  EXPECT_EQ(error_of("name = 3\n"), "x.toml:1:8: name must be a string, not an integer");
  EXPECT_EQ(error_of("description = [\"a\"]\n"),
            "x.toml:1:15: description must be a string, not an array");
}

TEST(ScenarioErrors, StructuralParametersCannotChange) {
  EXPECT_EQ(error_of("[[changes]]\nweek = 10\nscale.n_neighbourhoods = 5\n"),
            "x.toml:3:7: scale.n_neighbourhoods cannot change in [[changes]]: it is fixed when the "
            "world is built");
  EXPECT_EQ(error_of("[[changes]]\nweek = 10\nscale.district_households = 5000\n"),
            "x.toml:3:7: scale.district_households cannot change in [[changes]]: it is fixed when the "
            "world is built");
  EXPECT_EQ(error_of("[[changes]]\nweek = 10\n[changes.best_persons]\nbb_in_per_1000 = 0.8\n"),
            "x.toml:4:1: best_persons.bb_in_per_1000 cannot change in [[changes]]: it is fixed when the "
            "world is built");
}

TEST(ScenarioErrors, ChangeWeekMustBeGivenAndWithinTheRecordedWeeks) {
  EXPECT_EQ(error_of("[[changes]]\nbending.room = 0.5\n"),
            "x.toml:1:1: a [[changes]] entry needs 'week = N', the recorded week from which it applies, "
            "in [1, 520] (scale.horizon_weeks)");
  EXPECT_EQ(error_of("[[changes]]\nweek = 0\nbending.room = 0.5\n"),
            "x.toml:2:8: [[changes]] week = 0 is outside the recorded weeks [1, 520] (scale.horizon_weeks)");
  EXPECT_EQ(error_of("[scale]\nhorizon_weeks = 100\n[[changes]]\nweek = 101\nbending.room = 0.5\n"),
            "x.toml:4:8: [[changes]] week = 101 is outside the recorded weeks [1, 100] (scale.horizon_weeks)");
  EXPECT_EQ(error_of("[[changes]]\nweek = 10.5\nbending.room = 0.5\n"),
            "x.toml:2:8: [[changes]] week = 10.5 must be a whole number");
  EXPECT_EQ(error_of("[[changes]]\nweek = \"ten\"\nbending.room = 0.5\n"),
            "x.toml:2:8: [[changes]] week must be a whole number, not a string");
}

TEST(ScenarioErrors, ChangeEntriesHoldOnlyWeekAndParameters) {
  EXPECT_EQ(error_of("[changes]\nweek = 10\n"),
            "x.toml:1:2: changes must be a list of [[changes]] entries (note the double brackets), not a table");
  EXPECT_EQ(error_of("[[changes]]\nweek = 10\nbacking = 1.0\n"),
            "x.toml:3:1: unknown key 'backing' in [[changes]]; write it as 'bending.backing = ...'");
  EXPECT_EQ(error_of("[[changes]]\nweek = 10\nseed = 3\n"),
            "x.toml:3:1: 'seed' cannot appear in [[changes]]; a change holds week = N and parameters only");
  EXPECT_EQ(error_of("[[changes]]\nweek = 10\nbending.backng = 1.0\n"),
            "x.toml:3:9: unknown key 'bending.backng'; did you mean 'bending.backing'?");
  EXPECT_EQ(error_of("[[changes]]\nweek = 10\nbending.backing = 2.0\n"),
            "x.toml:3:19: bending.backing = 2 is outside the allowed range [0, 1]");
}

TEST(ScenarioErrors, EmptyChangeExplainsThePlainTableSlip) {
  // [bending] after [[changes]] is a top-level table: the change is empty.
  EXPECT_EQ(error_of("[[changes]]\nweek = 157\n\n[bending]\nbacking = 1.0\n"),
            "x.toml:1:1: the [[changes]] entry for week 157 sets no parameter; write them under it as "
            "dotted keys (bending.backing = 1.0) or in a [changes.bending] table (a plain [bending] "
            "sets starting values)");
}

TEST(ScenarioErrors, RelationsAreCheckedAtTheStartAndPointAtTheKey) {
  EXPECT_EQ(error_of("[problems]\nshock_min = 0.4\n"),
            "x.toml:2:13: problems.shock_min = 0.4 must not exceed problems.shock_max = 0.3");
  // Both keys set: the error points at the later one.
  EXPECT_EQ(error_of("[scale]\nhouseholds_per_nbh = 10\nmean_degree = 12\n"),
            "x.toml:3:15: scale.mean_degree = 12 must be smaller than scale.households_per_nbh = 10");
}

TEST(ScenarioErrors, RelationsAreCheckedAfterEveryChange) {
  EXPECT_EQ(error_of(R"([problems]
shock_max = 0.5

[[changes]]
week = 200
problems.shock_max = 0.05

[[changes]]
week = 100
problems.shock_min = 0.2
)"),
            "x.toml:6:22: after the change at week 200: problems.shock_min = 0.2 must not exceed "
            "problems.shock_max = 0.05");
}

}  // namespace
}  // namespace wijksim
