// Traits of workers and Best Persons (docs/ODD.md §2, §5): the exact
// conditional Best-Person draw (every draw at or above the
// threshold, empathy and drive uniform on [theta, 1]), the open pool, and who
// the world builder makes a Best Person.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/small_world.h"
#include "support/tiny_world.h"

namespace wijksim {
namespace {

std::vector<Traits> draws_of(bool best_person, double threshold, int count, std::uint64_t seed) {
  std::vector<Traits> out;
  for (int i = 0; i < count; ++i) {
    const Draws draws(seed, 0, EntityClass::helper, Stream::init_helper_traits, std::uint32_t(i));
    out.push_back(draw_traits(draws, 1, best_person, threshold));
  }
  return out;
}

TEST(SubmodelTraits, ConditionalBestPersonDrawsAreAllAtLeastTheThresholdWithUniformEmpathy) {
  for (double theta : {0.9, 0.8}) {
    SCOPED_TRACE(theta);
    const std::vector<Traits> ts = draws_of(true, theta, 5000, 131);
    std::vector<double> empathy, drive, low_half;
    int below = 0;
    for (const Traits& t : ts) {
      below += t.bp_score() < theta;
      empathy.push_back(t.empathy());
      drive.push_back(t.drive());
      low_half.push_back(t.empathy() < (1 + theta) / 2);
    }
    EXPECT_EQ(below, 0);  // the share at or above the threshold is 1
    // Uniform on [theta, 1]: mean (1 + theta)/2, sd (1 - theta)/sqrt(12), half below the middle.
    const double sd = (1 - theta) / std::sqrt(12.0), se = sd / std::sqrt(5000.0);
    const testing::Moments e = testing::moments(empathy), d = testing::moments(drive), h = testing::moments(low_half);
    EXPECT_NEAR(e.mean, (1 + theta) / 2, testing::kSigmas * se);
    EXPECT_NEAR(d.mean, (1 + theta) / 2, testing::kSigmas * se);
    EXPECT_NEAR(e.sd, sd, 0.05 * sd);
    EXPECT_NEAR(h.mean, 0.5, testing::kSigmas * 0.5 / std::sqrt(5000.0));
    EXPECT_GE(*std::min_element(empathy.begin(), empathy.end()), theta);
    EXPECT_LE(*std::max_element(empathy.begin(), empathy.end()), 1.0);
  }
}

TEST(SubmodelTraits, PoolDrawsAreBestPersonsAtRateOneMinusThetaSquared) {
  const double theta = 0.8;
  const std::vector<Traits> ts = draws_of(false, theta, 20000, 132);
  std::vector<double> bp, empathy;
  for (const Traits& t : ts) {
    bp.push_back(t.bp_score() >= theta);
    empathy.push_back(t.empathy());
  }
  const double rate = (1 - theta) * (1 - theta);  // empathy and drive independent
  EXPECT_NEAR(testing::moments(bp).mean, rate, testing::kSigmas * std::sqrt(rate * (1 - rate) / 20000));
  EXPECT_NEAR(testing::moments(empathy).mean, 0.5, testing::kSigmas * std::sqrt(1.0 / 12 / 20000));
}

// Positions for others than Best Persons (staff_pool = standard_only, the
// no-Best-Persons arm of §11 entry 14): (empathy,
// drive) uniform on the unit square without the [theta, 1]^2 corner, of area
// a = theta (2 - theta): P(empathy >= theta) = (1 - theta)/(2 - theta) and
// E[empathy] = (theta^2/2 + theta (1 - theta^2)/2) / a.
TEST(SubmodelTraits, StandardOnlyDrawsAreNeverBestPersonsAndUniformBelowTheCorner) {
  const double theta = 0.8, area = theta * (2 - theta);
  constexpr int kCount = 20000;
  std::vector<double> high, empathy, drive_when_high;
  int best = 0;
  for (int i = 0; i < kCount; ++i) {
    const Draws draws(134, 0, EntityClass::helper, Stream::init_helper_traits, std::uint32_t(i));
    const Traits t = draw_traits(draws, 1, TraitPool::others, theta);
    best += t.bp_score() >= theta;
    high.push_back(t.empathy() >= theta);
    empathy.push_back(t.empathy());
    if (t.empathy() >= theta) drive_when_high.push_back(t.drive());
  }
  EXPECT_EQ(best, 0);
  const double p_high = (1 - theta) / (2 - theta);
  EXPECT_NEAR(testing::moments(high).mean, p_high, testing::kSigmas * std::sqrt(p_high * (1 - p_high) / kCount));
  const double mean = (theta * theta / 2 + theta * (1 - theta * theta) / 2) / area;
  const double second = (theta * theta * theta / 3 + theta * (1 - theta * theta * theta) / 3) / area;
  EXPECT_NEAR(testing::moments(empathy).mean, mean,
              testing::kSigmas * std::sqrt((second - mean * mean) / kCount));
  // Given empathy >= theta, drive is uniform on [0, theta).
  const testing::Moments d = testing::moments(drive_when_high);
  EXPECT_NEAR(d.mean, theta / 2, testing::kSigmas * theta / std::sqrt(12.0 * double(d.n)));
  // The other traits are those of the open pool with the same draws.
  const Draws draws(134, 0, EntityClass::helper, Stream::init_helper_traits, 7);
  const Traits pool = draw_traits(draws, 1, TraitPool::everyone, theta);
  const Traits standard = draw_traits(draws, 1, TraitPool::others, theta);
  EXPECT_EQ(pool.z_nc, standard.z_nc);
  EXPECT_EQ(pool.competence, standard.competence);
}

TEST(SubmodelTraits, TheWorldBuilderMakesBestPersonsWhereTheSpecificationSays) {
  Parameters p = testing::small_parameters(2, 1250);  // one district of 2,500 households
  p.caseworkers_per_1000.fill(2.4);                   // 6 per team
  p.init_bp_share_staff = 1.0;
  p.staff_pool = StaffPool::pool;
  p.bb_in_per_1000 = 1.6;       // 4 posts
  p.bp_resident_density = 2.0;  // quotas of 2.5 each: 5 in all, the tie to the first neighbourhood
  World w = build_world(p, 133);
  ASSERT_EQ(w.districts.size(), 1u);
  int workers = 0, bridge_inside = 0, informal = 0;
  for (const Helper& h : w.helpers) {
    EXPECT_TRUE(h.is_bp);
    EXPECT_GE(h.bp_score, p.bp_threshold);
    if (is_caseworker(h.type)) {
      ++workers;
      EXPECT_EQ(h.type, HelperType::frontline_worker);
    }
    bridge_inside += h.type == HelperType::bridge_builder_inside;
    informal += is_informal(h.type);
    EXPECT_GE(h.exhaustion, p.exh_init_min);
    EXPECT_LE(h.exhaustion, p.exh_init_max);
  }
  EXPECT_EQ(workers, kInstitutions * 6);
  EXPECT_EQ(bridge_inside, 4);
  EXPECT_EQ(informal, 5);
  EXPECT_EQ(w.neighbourhoods[0].informal_helpers.size(), 3u);
  EXPECT_EQ(w.neighbourhoods[1].informal_helpers.size(), 2u);
}

}  // namespace
}  // namespace wijksim
