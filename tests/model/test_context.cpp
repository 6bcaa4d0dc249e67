// Phase 1, context (docs/ODD.md §3, §7): collective
// efficacy, bridge builders' mediation, mean trust and each helper's allies.
#include <gtest/gtest.h>

#include "model/tie_network.h"
#include "support/tiny_world.h"

namespace wijksim {
namespace {

TEST(SubmodelContext, CollectiveEfficacyWeighsEngagementByDegree) {
  Parameters p = testing::tiny_parameters(10);
  p.mean_degree = 2;
  World w = build_world(p, 111);
  for (int h = 0; h < 10; ++h) {
    w.households.engage[std::size_t(h)] = 0.05 * (h + 1);
    w.households.trust[std::size_t(h)] = 0.1 * h;
  }
  remove_tie(w.households, 0, 1);  // households 0 and 1 keep one tie each
  add_tie(w.households, 2, 5, false);
  add_tie(w.households, 2, 7, false);  // household 2 has four
  update_context(w);
  double ce = 0, trust = 0;
  for (int h = 0; h < 10; ++h) {
    const double degree = w.households.ties.degree(h);
    ce += 0.05 * (h + 1) * std::min(1.0, degree / 2);
    trust += 0.1 * h;
  }
  EXPECT_EQ(w.households.ties.degree(0), 1);
  EXPECT_EQ(w.households.ties.degree(2), 4);
  EXPECT_NEAR(w.neighbourhoods[0].ce, ce / 10, 1e-15);
  EXPECT_NEAR(w.neighbourhoods[0].trust_mean, trust / 10, 1e-15);
}

// Sums of quality count per 1,000 households of the district, so that
// mediation and referrals do not grow with the district's size.
TEST(SubmodelContext, MediationSaturatesExponentiallyInBridgeBuilderQualityPerThousandHouseholds) {
  Parameters p = testing::tiny_parameters(2000);
  p.bb_in_per_1000 = 0.5;  // one post in the 2,000 households
  p.bb_q_ref = 0.8;
  World w = build_world(p, 112);
  ASSERT_EQ(w.districts.size(), 1u);
  ASSERT_EQ(w.bb_in_positions.size(), 1u);
  const double thousands = 2.0;
  update_context(w);
  const double q_alone = helper_quality(w.helpers[std::size_t(w.bb_in_positions[0])], p, 0);
  EXPECT_NEAR(w.districts[0].bridge_quality,
              1 - std::exp(-(q_alone * p.bb_in_dialogue_weight / thousands) / p.bb_q_ref), 1e-15);
  const int out = testing::add_informal(w, HelperType::bridge_builder_outside, false);
  update_context(w);
  const double q_in = helper_quality(w.helpers[std::size_t(w.bb_in_positions[0])], p, 0);
  const double q_out = helper_quality(w.helpers[std::size_t(out)], p, 0);
  EXPECT_NEAR(w.districts[0].bridge_quality,
              1 - std::exp(-((q_in * p.bb_in_dialogue_weight + q_out * p.bb_out_dialogue_weight) / thousands) /
                           p.bb_q_ref),
              1e-15);
  EXPECT_NEAR(w.districts[0].bb_in_density, q_in / thousands, 1e-15);
  // Bridge builders on leave do not count.
  w.helpers[std::size_t(out)].status = HelperStatus::leave;
  update_context(w);
  EXPECT_NEAR(w.districts[0].bridge_quality,
              1 - std::exp(-(q_in * p.bb_in_dialogue_weight / thousands) / p.bb_q_ref), 1e-15);
}

// A bridge builder counts in the district it works in, not in the others.
TEST(SubmodelContext, BridgeBuildersCountOnlyInTheirOwnDistrict) {
  Parameters p = testing::tiny_parameters(2000);
  p.district_households = 1000;  // two districts of 1,000
  p.bb_in_per_1000 = 1.0;         // one post each
  World w = build_world(p, 114);
  ASSERT_EQ(w.districts.size(), 2u);
  ASSERT_EQ(w.bb_in_positions.size(), 2u);
  Helper& second = w.helpers[std::size_t(w.bb_in_positions[1])];
  ASSERT_EQ(second.district, 1);
  second.status = HelperStatus::leave;
  update_context(w);
  const double q_first = helper_quality(w.helpers[std::size_t(w.bb_in_positions[0])], p, 0);
  EXPECT_NEAR(w.districts[0].bb_in_density, q_first, 1e-15);
  EXPECT_NEAR(w.districts[0].bridge_quality, 1 - std::exp(-q_first * p.bb_in_dialogue_weight / p.bb_q_ref), 1e-15);
  EXPECT_EQ(w.districts[1].bb_in_density, 0.0);
  EXPECT_EQ(w.districts[1].bridge_quality, 0.0);
}

// Allies (§11 entry 12): other active members of the helper's team (the
// inside bridge builder belongs to social services' team), plus, for a Best
// Person, the other active Best Persons of the district.
TEST(SubmodelContext, AlliesAreActiveTeamMatesPlusOtherActiveBestPersons) {
  Parameters p = testing::tiny_parameters(10, 3);
  p.bb_in_per_1000 = 100;  // one post for the ten households
  World w = build_world(p, 113);
  testing::TraitValues star;
  star.empathy = 0.97;
  star.drive = 0.95;
  testing::TraitValues plain;
  for (const Helper& h : w.helpers)
    if (h.type == HelperType::standard_worker) testing::set_traits(w, h.id, plain);
  const int a = testing::worker(w, 0, DEBT, 0), b = testing::worker(w, 0, DEBT, 1), c = testing::worker(w, 0, DEBT, 2);
  const int other = testing::worker(w, 0, HEALTH, 0);
  testing::set_traits(w, a, star);
  w.helpers[std::size_t(b)].status = HelperStatus::leave;
  const int bb_in = w.bb_in_positions[0];
  ASSERT_TRUE(w.helpers[std::size_t(bb_in)].is_bp);
  const int doer = testing::add_informal(w, HelperType::everyday_doer, false);
  const int gone = testing::add_informal(w, HelperType::social_entrepreneur, false, 1);
  w.helpers[std::size_t(gone)].status = HelperStatus::exited;
  update_context(w);
  // Active Best Persons: a, the inside bridge builder, the doer.
  EXPECT_EQ(w.helpers[std::size_t(a)].allies, 2 + 2);   // c and bb_in; bb_in and the doer
  EXPECT_EQ(w.helpers[std::size_t(c)].allies, 2);       // a and bb_in
  EXPECT_EQ(w.helpers[std::size_t(other)].allies, 2);   // its two team mates
  EXPECT_EQ(w.helpers[std::size_t(bb_in)].allies, 2 + 2);  // a and c; a and the doer
  EXPECT_EQ(w.helpers[std::size_t(doer)].allies, 2);    // a and bb_in
}

// Best Persons find allies among the Best Persons of their own district only.
TEST(SubmodelContext, BestPersonsOfAnotherDistrictAreNoAllies) {
  Parameters p = testing::tiny_parameters(2000);
  p.district_households = 1000;
  p.bb_in_per_1000 = 1.0;  // one post each
  World w = build_world(p, 115);
  ASSERT_EQ(w.districts.size(), 2u);
  const Helper& first = w.helpers[std::size_t(w.bb_in_positions[0])];
  const Helper& second = w.helpers[std::size_t(w.bb_in_positions[1])];
  ASSERT_TRUE(first.is_bp && second.is_bp);
  ASSERT_EQ(first.district, 0);
  ASSERT_EQ(second.district, 1);
  // The city's single caseworker per institution works in the first district.
  ASSERT_EQ(w.team(0, kSocialServices).members.size(), 1u);
  ASSERT_TRUE(w.team(1, kSocialServices).members.empty());
  update_context(w);
  EXPECT_EQ(first.allies, 1);  // its team mate; the other bridge builder works elsewhere
  EXPECT_EQ(second.allies, 0);
}

}  // namespace
}  // namespace wijksim
