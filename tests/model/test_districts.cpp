// Districts and whole people from rates (docs/ODD.md §2): the city's
// households cut into districts of consecutive households, staff and Best
// Persons given per 1,000 households and shared out by largest remainder,
// teams per district, and what a neighbourhood feels of its districts.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/pipeline.h"
#include "model/apportion.h"
#include "model/districts.h"
#include "support/small_world.h"
#include "support/tiny_world.h"

namespace wijksim {
namespace {

struct Cut {
  int households, district_households;
};

// The district holding a household, by walking the districts' ranges.
int district_by_scan(int household, int districts, int households) {
  for (int d = 0; d < districts; ++d)
    if (household < district_first_household(d + 1, districts, households)) return d;
  return -1;
}

TEST(Districts, CountIsTheRoundedRatioAndAtLeastOne) {
  EXPECT_EQ(district_count(100, 2500), 1);    // far below half a district
  EXPECT_EQ(district_count(1249, 2500), 1);
  EXPECT_EQ(district_count(1250, 2500), 1);   // 0.5 rounds up, and one is the least anyway
  EXPECT_EQ(district_count(2500, 2500), 1);
  EXPECT_EQ(district_count(3749, 2500), 1);
  EXPECT_EQ(district_count(3750, 2500), 2);   // 1.5 rounds up
  EXPECT_EQ(district_count(5000, 2500), 2);
  EXPECT_EQ(district_count(50000, 2500), 20);
  EXPECT_EQ(district_count(20000, 2500), 8);
  EXPECT_EQ(district_count(12345, 1000), 12);
  EXPECT_EQ(district_count(8000000, 2500), 3200);
  for (const Cut c : {Cut{10, 500}, Cut{777, 500}, Cut{4321, 999}, Cut{9999, 1234}, Cut{250000, 20000}}) {
    const int expected = std::max(1, int(std::floor(double(c.households) / c.district_households + 0.5)));
    EXPECT_EQ(district_count(c.households, c.district_households), expected)
        << c.households << " / " << c.district_households;
  }
}

TEST(Districts, RangesCoverEveryHouseholdOnceInConsecutiveNearlyEqualDistricts) {
  for (const Cut c : {Cut{100, 2500}, Cut{2500, 2500}, Cut{3750, 2500}, Cut{5000, 2500}, Cut{50000, 2500},
                      Cut{12345, 1000}, Cut{4321, 999}, Cut{7, 500}}) {
    SCOPED_TRACE(::testing::Message() << c.households << " households, districts of " << c.district_households);
    const int m = district_count(c.households, c.district_households);
    EXPECT_EQ(district_first_household(0, m, c.households), 0);
    EXPECT_EQ(district_first_household(m, m, c.households), c.households);
    int smallest = c.households, largest = 0;
    for (int d = 0; d < m; ++d) {
      const int size = district_first_household(d + 1, m, c.households) - district_first_household(d, m, c.households);
      smallest = std::min(smallest, size);
      largest = std::max(largest, size);
    }
    EXPECT_GE(smallest, 1);
    EXPECT_LE(largest - smallest, 1);
    // Each household in exactly one district: the one a scan of the ranges finds.
    std::vector<int> seen(std::size_t(m), 0);
    for (int h = 0; h < c.households; ++h) {
      const int d = district_of(h, m, c.households);
      ASSERT_EQ(d, district_by_scan(h, m, c.households)) << "household " << h;
      ASSERT_GE(h, district_first_household(d, m, c.households));
      ASSERT_LT(h, district_first_household(d + 1, m, c.households));
      ++seen[std::size_t(d)];
      if (h > 0) {
        const int previous = district_of(h - 1, m, c.households);
        ASSERT_TRUE(d == previous || d == previous + 1) << "household " << h;
      }
    }
    for (int d = 0; d < m; ++d)
      EXPECT_EQ(seen[std::size_t(d)],
                district_first_household(d + 1, m, c.households) - district_first_household(d, m, c.households));
  }
}

// Twenty neighbourhoods of 2,500 in districts of 2,500: each district is one
// neighbourhood. Five of 1,000 in districts of 2,500: two districts, the
// boundary in the middle of the third neighbourhood.
TEST(Districts, BoundariesFallAtOrInsideNeighbourhoods) {
  const int city = district_count(20 * 2500, 2500);
  ASSERT_EQ(city, 20);
  for (int d = 0; d <= city; ++d) EXPECT_EQ(district_first_household(d, city, 20 * 2500), d * 2500);

  const int small = district_count(5 * 1000, 2500);
  ASSERT_EQ(small, 2);
  EXPECT_EQ(district_first_household(1, small, 5000), 2500);
  EXPECT_EQ(district_of(2499, small, 5000), 0);
  EXPECT_EQ(district_of(2500, small, 5000), 1);
  EXPECT_EQ(district_of(2000, small, 5000), 0);  // the third neighbourhood starts in the first district
  EXPECT_EQ(district_of(2999, small, 5000), 1);  // and ends in the second
}

TEST(LargestRemainder, AHandMadeCase) {
  // Floors 1, 2, 0, 3 leave one person for the largest remainder, 0.5.
  EXPECT_EQ(largest_remainder(std::vector<double>{1.2, 2.5, 0.3, 3.0}), (std::vector<int>{1, 3, 0, 3}));
  // A whole quota keeps its count; 0.6 beats 0.4.
  EXPECT_EQ(largest_remainder(std::vector<double>{2.0, 0.6, 0.4}), (std::vector<int>{2, 1, 0}));
  EXPECT_EQ(largest_remainder(std::vector<double>{0.0, 0.0}), (std::vector<int>{0, 0}));
  EXPECT_TRUE(largest_remainder(std::vector<double>{}).empty());
}

TEST(LargestRemainder, EqualRemaindersGoToTheLowerIndex) {
  EXPECT_EQ(largest_remainder(std::vector<double>{0.5, 0.5}), (std::vector<int>{1, 0}));
  EXPECT_EQ(largest_remainder(std::vector<double>{0.5, 0.5, 0.5}), (std::vector<int>{1, 1, 0}));  // 1.5 -> 2
  EXPECT_EQ(largest_remainder(std::vector<double>{0.4, 0.4, 0.4, 0.4, 0.4}), (std::vector<int>{1, 1, 0, 0, 0}));
  EXPECT_EQ(largest_remainder(std::vector<double>{1.25, 0.5, 2.25, 0.5, 0.5}),
            (std::vector<int>{1, 1, 2, 1, 0}));  // 5.0: two of the three halves, the first two
}

TEST(LargestRemainder, TotalIsTheRoundedSumAndEachCountIsItsQuotaRoundedUpOrDown) {
  std::uint64_t state = 12345;
  auto next_uniform = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return double(state >> 11) * 0x1.0p-53;
  };
  for (int trial = 0; trial < 200; ++trial) {
    const int places = 1 + trial % 37;
    std::vector<double> quotas;
    double sum = 0;
    for (int i = 0; i < places; ++i) {
      quotas.push_back(next_uniform() * (trial % 3 == 0 ? 0.9 : 12.0));
      sum += quotas.back();
    }
    const std::vector<int> counts = largest_remainder(quotas);
    ASSERT_EQ(counts.size(), quotas.size());
    long long total = 0;
    for (std::size_t i = 0; i < quotas.size(); ++i) {
      total += counts[i];
      EXPECT_TRUE(counts[i] == int(std::floor(quotas[i])) || counts[i] == int(std::ceil(quotas[i])))
          << "trial " << trial << " place " << i << ": " << counts[i] << " for " << quotas[i];
    }
    EXPECT_EQ(total, std::llround(sum)) << "trial " << trial;
  }
}

// A world's count of helpers of some kind, by district or by neighbourhood.
template <typename Select, typename Key>
std::vector<int> count_helpers(const World& w, std::size_t places, Select select, Key key) {
  std::vector<int> counts(places, 0);
  for (const Helper& h : w.helpers)
    if (select(h)) ++counts[std::size_t(key(h))];
  return counts;
}

std::vector<double> district_quotas(const World& w, double per_1000) {
  std::vector<double> quotas;
  for (const District& d : w.districts) quotas.push_back(per_1000 * d.household_count / 1000.0);
  return quotas;
}

void expect_apportioned(const std::vector<int>& counts, const std::vector<double>& quotas) {
  ASSERT_EQ(counts.size(), quotas.size());
  EXPECT_EQ(counts, largest_remainder(quotas));
  double sum = 0;
  int total = 0;
  for (std::size_t i = 0; i < quotas.size(); ++i) {
    sum += quotas[i];
    total += counts[i];
    EXPECT_LE(std::abs(counts[i] - quotas[i]), 1.0) << "place " << i;
  }
  EXPECT_EQ(total, std::llround(sum));
}

// Three neighbourhoods of 1,700 in five districts of 1,020: quotas that are
// not whole, different rates per institution.
TEST(BuildWorldDistricts, CaseworkersAndInsideBridgeBuildersAreTheDistrictsShareOfTheRate) {
  Parameters p = testing::small_parameters(3, 1700);
  p.district_households = 1000;
  p.caseworkers_per_1000 = {3.2, 1.1, 0.7, 2.9, 4.9};
  p.bb_in_per_1000 = 0.4;
  const World w = build_world(p, 301);
  ASSERT_EQ(w.districts.size(), 5u);
  ASSERT_EQ(w.teams.size(), std::size_t(5 * kInstitutions));
  for (int k = 0; k < kInstitutions; ++k) {
    SCOPED_TRACE(kInstitutionNames[std::size_t(k)]);
    std::vector<int> members;
    for (std::size_t d = 0; d < w.districts.size(); ++d) members.push_back(int(w.team(int(d), k).members.size()));
    const std::vector<double> quotas = district_quotas(w, p.caseworkers_per_1000[std::size_t(k)]);
    expect_apportioned(members, quotas);
    int city = 0;
    for (int m : members) city += m;
    EXPECT_EQ(city, std::llround(p.caseworkers_per_1000[std::size_t(k)] * 5100 / 1000));
  }
  const std::vector<int> bridge_builders =
      count_helpers(w, w.districts.size(), [](const Helper& h) { return h.type == HelperType::bridge_builder_inside; },
                    [](const Helper& h) { return h.district; });
  expect_apportioned(bridge_builders, district_quotas(w, p.bb_in_per_1000));
  EXPECT_EQ(int(w.bb_in_positions.size()), std::llround(0.4 * 5.1));
  // The posts are listed in district order.
  for (std::size_t s = 1; s < w.bb_in_positions.size(); ++s)
    EXPECT_LE(w.helpers[std::size_t(w.bb_in_positions[s - 1])].district,
              w.helpers[std::size_t(w.bb_in_positions[s])].district);
}

// Four neighbourhoods of 500 at one informal Best Person per 1,000 households:
// two in all (quotas of one half each, the ties to the first neighbourhoods),
// not one per neighbourhood.
TEST(BuildWorldDistricts, InformalBestPersonsAreTheNeighbourhoodsShareOfTheDensity) {
  Parameters p = testing::small_parameters(4, 500);
  p.bp_resident_density = 1.0;
  p.bp_emergence = 0.0;
  const World w = build_world(p, 302);
  std::vector<int> per_nbh;
  for (const Neighbourhood& nb : w.neighbourhoods) per_nbh.push_back(int(nb.informal_helpers.size()));
  EXPECT_EQ(per_nbh, (std::vector<int>{1, 1, 0, 0}));
  EXPECT_EQ(count_helpers(w, w.neighbourhoods.size(), [](const Helper& h) { return is_informal(h.type); },
                          [](const Helper& h) { return h.nbh; }),
            per_nbh);

  // Uneven quotas: three neighbourhoods of 1,700 at 2.3 per 1,000 (3.91 each, 11.73 in all).
  Parameters q = testing::small_parameters(3, 1700);
  q.bp_resident_density = 2.3;
  const World v = build_world(q, 303);
  std::vector<int> counts;
  std::vector<double> quotas;
  for (const Neighbourhood& nb : v.neighbourhoods) {
    counts.push_back(int(nb.informal_helpers.size()));
    quotas.push_back(2.3 * nb.household_count / 1000.0);
  }
  expect_apportioned(counts, quotas);
}

TEST(BuildWorldDistricts, SmallNeighbourhoodsShareADistrictAndLargeOnesAreSplit) {
  Parameters small = testing::small_parameters(4, 500);
  small.district_households = 2500;
  const World w = build_world(small, 304);
  ASSERT_EQ(w.districts.size(), 1u);
  EXPECT_EQ(w.districts[0].first_household, 0);
  EXPECT_EQ(w.districts[0].household_count, 2000);
  ASSERT_EQ(w.teams.size(), std::size_t(kInstitutions));

  Parameters large = testing::small_parameters(4, 5000);
  large.district_households = 2500;
  const World v = build_world(large, 305);
  ASSERT_EQ(v.districts.size(), 8u);
  ASSERT_EQ(v.teams.size(), std::size_t(8 * kInstitutions));
  for (std::size_t d = 0; d < v.districts.size(); ++d) {
    EXPECT_EQ(v.districts[d].first_household, int(d) * 2500);
    EXPECT_EQ(v.districts[d].household_count, 2500);
    EXPECT_EQ(v.districts[d].coord, large.coord_init);
    for (int k = 0; k < kInstitutions; ++k) {
      EXPECT_EQ(v.team(int(d), k).district, int(d));
      EXPECT_EQ(v.team(int(d), k).institution, k);
    }
  }
}

// Five neighbourhoods of 1,000 in two districts that split the third, with
// every kind of helper.
Parameters crossing_parameters() {
  Parameters p = testing::small_parameters(5, 1000);
  p.district_households = 2500;
  p.bb_in_per_1000 = 1.0;
  p.bp_resident_density = 3.0;
  p.init_bp_share_staff = 0.3;
  return p;
}

bool overlaps(const Neighbourhood& nb, const District& d) {
  return nb.first_household < d.first_household + d.household_count &&
         d.first_household < nb.first_household + nb.household_count;
}

void expect_helpers_in_their_districts(const World& w) {
  for (const Helper& h : w.helpers) {
    SCOPED_TRACE(::testing::Message() << "helper " << h.id);
    if (is_informal(h.type)) {
      ASSERT_NE(h.host, kNone);
      EXPECT_EQ(h.district, district_of(w, h.host));
      EXPECT_EQ(h.nbh, w.households.nbh[std::size_t(h.host)]);
    } else {
      ASSERT_NE(h.team, kNone);
      EXPECT_EQ(h.district, w.teams[std::size_t(h.team)].district);
      // Based in a neighbourhood the district serves.
      EXPECT_TRUE(overlaps(w.neighbourhoods[std::size_t(h.nbh)], w.districts[std::size_t(h.district)]));
    }
  }
}

TEST(BuildWorldDistricts, EveryHelperWorksInItsTeamsOrItsHostsDistrict) {
  World w = build_world(crossing_parameters(), 306);
  ASSERT_EQ(w.districts.size(), 2u);
  int informal_in[2] = {0, 0};
  for (const Helper& h : w.helpers)
    if (is_informal(h.type)) ++informal_in[h.district];
  ASSERT_GT(informal_in[0], 0);
  ASSERT_GT(informal_in[1], 0);
  expect_helpers_in_their_districts(w);
  for (int t = 0; t < 26; ++t) step(w);
  expect_helpers_in_their_districts(w);
}

TEST(BuildWorldDistricts, EveryQueuedHouseholdWaitsAtItsOwnDistrictsTeam) {
  Parameters p = crossing_parameters();
  p.caseworkers_per_1000.fill(0.4);  // one caseworker per team and district,
  p.cap_sw = p.cap_fw = 2;           // with little room: queues form
  World w = build_world(p, 307);
  int queued[2] = {0, 0};
  bool split_neighbourhood_in[2] = {false, false};
  for (int t = 0; t < 12; ++t) {
    step(w);
    for (const Team& team : w.teams)
      for (std::int32_t h : team.queue) {
        ASSERT_EQ(team.district, district_of(w, h)) << "household " << h << " in week " << w.week;
        ASSERT_EQ(team.institution, w.households.cases.of(std::size_t(h)).institution);
        ++queued[team.district];
        if (w.households.nbh[std::size_t(h)] == 2) split_neighbourhood_in[team.district] = true;
      }
  }
  // Both districts had queues, each with households of the neighbourhood they split.
  EXPECT_GT(queued[0], 0);
  EXPECT_GT(queued[1], 0);
  EXPECT_TRUE(split_neighbourhood_in[0]);
  EXPECT_TRUE(split_neighbourhood_in[1]);
}

// A hand-made city of 5,000 households in five neighbourhoods of 1,000 and
// three districts starting at 0, 1,666 and 3,333.
World hand_made_city() {
  World w;
  w.households.count = 5000;
  const int m = 3;
  for (int d = 0; d < m; ++d) {
    District district;
    district.first_household = district_first_household(d, m, 5000);
    district.household_count = district_first_household(d + 1, m, 5000) - district.first_household;
    w.districts.push_back(district);
  }
  for (int n = 0; n < 5; ++n) {
    Neighbourhood nb;
    nb.first_household = n * 1000;
    nb.household_count = 1000;
    w.neighbourhoods.push_back(nb);
  }
  return w;
}

TEST(Districts, ANeighbourhoodFeelsTheHouseholdWeightedMeanOfItsDistricts) {
  World w = hand_made_city();
  ASSERT_EQ(w.districts[1].first_household, 1666);
  ASSERT_EQ(w.districts[2].first_household, 3333);
  w.districts[0].coord = 0.1;
  w.districts[1].coord = 0.4;
  w.districts[2].coord = 0.9;
  auto coord = [](const District& d) { return d.coord; };
  EXPECT_EQ(neighbourhood_mean(w, w.neighbourhoods[0], coord), 0.1);  // inside the first district
  EXPECT_NEAR(neighbourhood_mean(w, w.neighbourhoods[1], coord), (666 * 0.1 + 334 * 0.4) / 1000, 1e-15);
  EXPECT_EQ(neighbourhood_mean(w, w.neighbourhoods[2], coord), 0.4);
  EXPECT_NEAR(neighbourhood_mean(w, w.neighbourhoods[3], coord), (333 * 0.4 + 667 * 0.9) / 1000, 1e-15);
  EXPECT_EQ(neighbourhood_mean(w, w.neighbourhoods[4], coord), 0.9);

  // One neighbourhood over all three districts.
  Neighbourhood whole;
  whole.first_household = 0;
  whole.household_count = 5000;
  EXPECT_NEAR(neighbourhood_mean(w, whole, coord), (1666 * 0.1 + 1667 * 0.4 + 1667 * 0.9) / 5000, 1e-15);
}

}  // namespace
}  // namespace wijksim
