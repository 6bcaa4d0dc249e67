// How a city's posts are shared among its districts and how much a team can
// carry (docs/ODD.md §2): staff that follow need, and team capacity that is
// the quota's rather than the rounded head count's.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/pipeline.h"
#include "model/apportion.h"
#include "model/helpers.h"
#include "model/world_builder.h"
#include "support/small_world.h"

namespace wijksim {
namespace {

// Recomputed here from the shock rate's neighbourhood factors in the
// institution's domain (problem dynamics), so that a change to either side
// shows.
double shock_factor(const Parameters& p, const Neighbourhood& nb, int domain) {
  return (0.5 + nb.ctx[std::size_t(domain)]) * (1.0 + p.dis_shock * (nb.disadv - 0.5));
}

std::vector<int> team_sizes(const World& w, int institution) {
  std::vector<int> sizes;
  for (std::size_t d = 0; d < w.districts.size(); ++d) sizes.push_back(int(w.team(int(d), institution).members.size()));
  return sizes;
}

// Six neighbourhoods of 2,000, a district each: with staff following need,
// each district's quota is the city's posts times its share of the city's
// expected need, and the total stays the rate's.
TEST(Staffing, PostsFollowExpectedNeedAndTheCityTotalStays) {
  Parameters p = testing::small_parameters(6, 2000);
  p.district_households = 2000;
  p.disadv_min = 0.0;
  p.disadv_max = 1.0;
  p.dis_shock = 1.0;
  p.staff_follows = StaffFollows::need;
  p.bb_in_per_1000 = 0.4;
  const World w = build_world(p, 411);
  ASSERT_EQ(w.districts.size(), 6u);
  for (int k = 0; k < kInstitutions; ++k) {
    SCOPED_TRACE(kInstitutionNames[std::size_t(k)]);
    double city_need = 0;
    for (const Neighbourhood& nb : w.neighbourhoods) city_need += shock_factor(p, nb, k);
    std::vector<double> quotas;
    for (const Neighbourhood& nb : w.neighbourhoods)
      quotas.push_back(p.caseworkers_per_1000[std::size_t(k)] * 12.0 * shock_factor(p, nb, k) / city_need);
    EXPECT_EQ(team_sizes(w, k), largest_remainder(quotas));
    int city = 0;
    for (int size : team_sizes(w, k)) city += size;
    EXPECT_EQ(city, std::llround(p.caseworkers_per_1000[std::size_t(k)] * 12.0));
  }
  // The neighbourhoods differ enough that need moves posts: the neediest
  // district's social services get more than the least needy's.
  std::size_t neediest = 0, least = 0;
  for (std::size_t n = 1; n < w.neighbourhoods.size(); ++n) {
    if (shock_factor(p, w.neighbourhoods[n], 0) > shock_factor(p, w.neighbourhoods[neediest], 0)) neediest = n;
    if (shock_factor(p, w.neighbourhoods[n], 0) < shock_factor(p, w.neighbourhoods[least], 0)) least = n;
  }
  EXPECT_GT(team_sizes(w, 0)[neediest], team_sizes(w, 0)[least]);

  // Following households, the same world gives every district the same share.
  p.staff_follows = StaffFollows::households;
  const World v = build_world(p, 411);
  for (int k = 0; k < kInstitutions; ++k)
    EXPECT_EQ(team_sizes(v, k), largest_remainder(std::vector<double>(6, p.caseworkers_per_1000[std::size_t(k)] * 2.0)));
}

// Four neighbourhoods of 500 in one district: quotas of 7.2, 6.2, 6.1, 6.4
// and 2.3 posts become 7, 6, 6, 6 and 2 people. With team_capacity = quota
// their caps are scaled so that the team carries its quota's caseload.
TEST(Staffing, QuotaCapacityScalesCapsToTheTeamsQuota) {
  Parameters p = testing::small_parameters(4, 500);
  p.staff_pool = StaffPool::standard_only;
  p.team_capacity = TeamCapacity::quota;
  const World w = build_world(p, 412);
  ASSERT_EQ(w.districts.size(), 1u);
  for (int k = 0; k < kInstitutions; ++k) {
    SCOPED_TRACE(kInstitutionNames[std::size_t(k)]);
    const Team& team = w.team(0, k);
    const double quota = p.caseworkers_per_1000[std::size_t(k)] * 2.0;
    const int people = int(team.members.size());
    ASSERT_EQ(people, std::llround(quota));
    EXPECT_DOUBLE_EQ(team.cap_scale, quota / people);
    int caps = 0;
    for (std::int32_t id : team.members) {
      const int cap = base_cap(w.helpers[std::size_t(id)], p);
      EXPECT_TRUE(cap == int(std::floor(p.cap_sw * team.cap_scale)) || cap == int(std::ceil(p.cap_sw * team.cap_scale)))
          << "cap " << cap;
      caps += cap;
    }
    // Rounding points spread over the team keep its caps within one case of
    // the quota's capacity.
    EXPECT_NEAR(caps, p.cap_sw * quota, 1.0);
  }

  p.team_capacity = TeamCapacity::head_count;
  const World v = build_world(p, 412);
  for (const Helper& h : v.helpers) {
    if (is_caseworker(h.type)) {
      EXPECT_EQ(base_cap(h, p), p.cap_sw);
    }
  }
}

// With quota capacity a team's head count is its own quota rounded, so a
// district has the same teams in a city of 16 districts as in one of 4:
// 2.875 youth workers' quota is 3 people everywhere (largest remainder gives
// the 16 districts' 46 posts as fourteen 3s and two 2s), and 7.75
// employment caseworkers are 8.
TEST(Staffing, QuotaCapacityGivesEqualDistrictsEqualTeamsAtAnyCitySize) {
  for (const int households : {2500, 10000}) {
    SCOPED_TRACE(::testing::Message() << "4 neighbourhoods of " << households);
    Parameters p = testing::small_parameters(4, households);
    p.team_capacity = TeamCapacity::quota;
    const World w = build_world(p, 413);
    for (int k = 0; k < kInstitutions; ++k) {
      const double quota = p.caseworkers_per_1000[std::size_t(k)] * 2.5;
      const int people = std::max(1, int(std::lround(quota)));
      EXPECT_EQ(team_sizes(w, k), std::vector<int>(w.districts.size(), people)) << kInstitutionNames[std::size_t(k)];
    }
  }
  // A quota below half a person still gets one, carrying that quota.
  Parameters p = testing::small_parameters(1, 500);
  p.team_capacity = TeamCapacity::quota;
  p.caseworkers_per_1000 = {3.6, 3.1, 3.05, 3.2, 0.6};
  const World w = build_world(p, 414);
  EXPECT_EQ(team_sizes(w, kInstitutions - 1), std::vector<int>{1});
  EXPECT_DOUBLE_EQ(w.team(0, kInstitutions - 1).cap_scale, 0.3);
}

}  // namespace
}  // namespace wijksim
