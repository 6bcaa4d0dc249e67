#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "core/parameters.h"

namespace wijksim {
namespace {

TEST(ParameterTable, NamesAreUniqueAndDefaultsLieInTheirRanges) {
  std::set<std::string_view> names;
  for (const ParameterSpec& spec : parameter_table()) {
    EXPECT_TRUE(names.insert(spec.name).second) << spec.name << " defined twice";
    EXPECT_FALSE(spec.doc.empty()) << spec.name;
    for (int i = 0; i < spec.width(); ++i)
      EXPECT_FALSE(check_value(spec, spec.default_values[std::size_t(i)]).has_value())
          << spec.name << ": " << *check_value(spec, spec.default_values[std::size_t(i)]);
  }
  EXPECT_GT(names.size(), 150u);
}

TEST(ParameterTable, DefaultsSatisfyEveryRelation) {
  EXPECT_TRUE(check_relations(Parameters::defaults()).empty());
}

TEST(ParameterTable, SetAndGetRoundTripForEveryKind) {
  Parameters p = Parameters::defaults();
  const ParameterSpec* room = find_parameter("bending.room");
  ASSERT_NE(room, nullptr);
  set_value(p, *room, 3, 0.9);
  EXPECT_DOUBLE_EQ(p.room[3], 0.9);
  EXPECT_DOUBLE_EQ(p.room[0], 0.3);
  EXPECT_EQ(format_value(p, *room), "[0.3, 0.3, 0.3, 0.9, 0.3]");

  const ParameterSpec* channel = find_parameter("recruit_channel");
  ASSERT_NE(channel, nullptr);
  set_value(p, *channel, 0, 1);
  EXPECT_EQ(p.recruit_channel, RecruitChannel::scouts);
  EXPECT_EQ(format_value(p, *channel), "scouts");

  const ParameterSpec* cap = find_parameter("cap_sw");
  set_value(p, *cap, 0, 25);
  EXPECT_EQ(p.cap_sw, 25);
  EXPECT_DOUBLE_EQ(get_value(p, *cap), 25.0);
}

TEST(ParameterTable, QualifiedLookupChecksTheGroup) {
  EXPECT_NE(find_parameter("problems.spill_rate"), nullptr);
  EXPECT_EQ(find_parameter("bending.spill_rate"), nullptr);
  EXPECT_EQ(find_parameter("spill_rat"), nullptr);
  EXPECT_EQ(nearest_parameter_names("spill_rat").front(), "spill_rate");
  EXPECT_EQ(nearest_parameter_names("bending.rooom").front(), "bending.room");
}

TEST(ParameterTable, RangeCheckNamesKeyValueAndRange) {
  const ParameterSpec& spill = *find_parameter("spill_rate");
  const auto problem = check_value(spill, 0.5);
  ASSERT_TRUE(problem.has_value());
  EXPECT_NE(problem->find("problems.spill_rate"), std::string::npos);
  EXPECT_NE(problem->find("0.5"), std::string::npos);
  EXPECT_NE(problem->find("[0, 0.1]"), std::string::npos);
  EXPECT_TRUE(check_value(*find_parameter("cap_sw"), 20.5).has_value());
}

TEST(ParameterTable, EmergenceDefaultKeepsInformalDensitySteady) {
  Parameters p = Parameters::defaults();
  EXPECT_FALSE(p.bp_emergence.has_value());
  EXPECT_NEAR(p.bp_emergence_per_1000_per_year(), 1.0 * 52 * (0.0015 + 0.004), 1e-12);
  p.bp_emergence = 0.5;
  EXPECT_DOUBLE_EQ(p.bp_emergence_per_1000_per_year(), 0.5);
}

TEST(ParameterTable, ScoutSignalWeightsAreCheckedTogether) {
  Parameters p = Parameters::defaults();
  p.scout_signal = 0.9;
  p.scout_fit_signal = 0.6;
  const auto problems = check_relations(p);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("scout_fit_signal"), std::string::npos);
}

}  // namespace
}  // namespace wijksim
