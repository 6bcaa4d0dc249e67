// The tie network (docs/ODD.md §5): a ring lattice ordered by
// (group, id), rewired within and across neighbourhoods without duplicates,
// self-ties or degrees above k_max; and the edits bridging makes later.
#include <gtest/gtest.h>

#include <algorithm>

#include "model/tie_network.h"
#include "support/small_world.h"
#include "support/tiny_world.h"

namespace wijksim {
namespace {

void expect_simple_symmetric(const Households& hh) {
  for (int h = 0; h < hh.count; ++h) {
    const auto ties = hh.ties_of(h);
    ASSERT_LE(int(ties.size()), hh.ties.k_max());
    std::vector<std::int32_t> sorted(ties.begin(), ties.end());
    std::sort(sorted.begin(), sorted.end());
    ASSERT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << h;
    for (std::int32_t j : ties) {
      ASSERT_NE(j, h);
      ASSERT_TRUE(tied(hh, j, h)) << h << "-" << j;
    }
  }
}

TEST(SubmodelTieNetwork, WithoutRewiringTheLatticeTiesRingNeighbours) {
  Parameters p = testing::tiny_parameters(20);
  p.mean_degree = 4;
  World w = build_world(p, 121);
  expect_simple_symmetric(w.households);
  for (int h = 0; h < 20; ++h) {
    EXPECT_EQ(w.households.ties.degree(h), 4);
    for (int step : {1, 2}) {
      EXPECT_TRUE(tied(w.households, h, (h + step) % 20));
      EXPECT_TRUE(tied(w.households, h, (h + 20 - step) % 20));
    }
  }
  // Groups are contiguous along the ring (segregated streets).
  for (int h = 1; h < 20; ++h) EXPECT_LE(w.households.group[std::size_t(h - 1)], w.households.group[std::size_t(h)]);
  // An odd degree: one extra forward tie at even positions, mean degree 3.
  p.mean_degree = 3;
  World odd = build_world(p, 121);
  expect_simple_symmetric(odd.households);
  int total = 0;
  for (int h = 0; h < 20; ++h) total += odd.households.ties.degree(h);
  EXPECT_EQ(total, 3 * 20);
}

TEST(SubmodelTieNetwork, RewiringKeepsTheNetworkSimpleAndTheDegreeSum) {
  Parameters p = testing::small_parameters(4, 500);
  p.mean_degree = 6;
  p.k_max = 15;
  p.rewire_p = 0.3;
  p.cross_nbh_ties = 0.2;
  World w = build_world(p, 122);
  expect_simple_symmetric(w.households);
  std::int64_t degree = 0, cross = 0;
  for (int h = 0; h < w.households.count; ++h)
    for (std::int32_t j : w.households.ties_of(h)) {
      ++degree;
      cross += w.households.nbh[std::size_t(j)] != w.households.nbh[std::size_t(h)];
    }
  EXPECT_EQ(degree, 6 * 2000);  // a rewired tie moves, it is not lost
  // Each tie gets one chance of cross_nbh_ties to move to another neighbourhood.
  const double ties = double(degree) / 2, share = double(cross) / 2 / ties;
  EXPECT_NEAR(share, 0.2, testing::kSigmas * std::sqrt(0.2 * 0.8 / ties));
  p.cross_nbh_ties = 0;
  World local = build_world(p, 122);
  for (int h = 0; h < local.households.count; ++h)
    for (std::int32_t j : local.households.ties_of(h))
      ASSERT_EQ(local.households.nbh[std::size_t(j)], local.households.nbh[std::size_t(h)]);
}

TEST(SubmodelTieNetwork, AddTieRefusesSelfDuplicatesAndFullLists) {
  Parameters p = testing::tiny_parameters(40);
  World w = build_world(p, 123);
  Households& hh = w.households;
  EXPECT_FALSE(add_tie(hh, 3, 3, true));
  EXPECT_FALSE(add_tie(hh, 3, 4, true));  // ring neighbours already
  int added = 0;
  for (int j = 10; j < 40 && hh.ties.degree(3) < hh.ties.k_max(); ++j) added += add_tie(hh, 3, j, true);
  EXPECT_EQ(hh.ties.degree(3), p.k_max);
  EXPECT_EQ(added, p.k_max - 2);
  ASSERT_FALSE(tied(hh, 3, 30));
  EXPECT_FALSE(add_tie(hh, 3, 30, true));  // this end is full
  EXPECT_FALSE(add_tie(hh, 6, 3, true));  // the other end is full
  expect_simple_symmetric(hh);
  remove_tie(hh, 3, 10);
  EXPECT_FALSE(tied(hh, 3, 10));
  EXPECT_FALSE(tied(hh, 10, 3));
  EXPECT_EQ(hh.ties.degree(3), p.k_max - 1);
  expect_simple_symmetric(hh);
}

}  // namespace
}  // namespace wijksim
