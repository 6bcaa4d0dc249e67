// TieLists against a plain vector-of-vectors: every list, its order and its
// bridge flags survive appends past the room (moves to the overflow store),
// erases, compaction of the overflow store and packing.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "model/tie_lists.h"

namespace wijksim {
namespace {

struct Reference {
  std::vector<std::vector<std::int32_t>> ids;
  std::vector<std::vector<bool>> bridges;
};

void expect_same(const TieLists& lists, const Reference& ref) {
  ASSERT_EQ(lists.households(), int(ref.ids.size()));
  for (int h = 0; h < lists.households(); ++h) {
    const auto list = lists.of(h);
    ASSERT_EQ(std::vector<std::int32_t>(list.begin(), list.end()), ref.ids[std::size_t(h)]) << "household " << h;
    for (int s = 0; s < lists.degree(h); ++s)
      ASSERT_EQ(lists.is_bridge(h, s), ref.bridges[std::size_t(h)][std::size_t(s)]) << h << " slot " << s;
  }
}

TEST(TieLists, AppendsBeyondTheRoomKeepOrderAndFlags) {
  TieLists lists;
  lists.reset(3, 20, 2);
  for (int t = 0; t < 20; ++t) lists.append(1, 100 + t, t % 3 == 0);
  EXPECT_TRUE(lists.full(1));
  EXPECT_FALSE(lists.full(0));
  ASSERT_EQ(lists.degree(1), 20);
  for (int t = 0; t < 20; ++t) {
    EXPECT_EQ(lists.of(1)[std::size_t(t)], 100 + t);
    EXPECT_EQ(lists.is_bridge(1, t), t % 3 == 0);
  }
  EXPECT_EQ(lists.degree(0), 0);
  EXPECT_EQ(lists.degree(2), 0);
  EXPECT_TRUE(lists.contains(1, 119));
  EXPECT_FALSE(lists.contains(0, 119));
}

TEST(TieLists, EraseKeepsTheOrderOfTheRest) {
  TieLists lists;
  lists.reset(1, 10, 4);
  for (int t : {5, 6, 7, 8, 9}) lists.append(0, t, t == 8);
  lists.erase(0, 7);
  lists.erase(0, 42);  // absent: nothing happens
  const auto list = lists.of(0);
  EXPECT_EQ(std::vector<std::int32_t>(list.begin(), list.end()), (std::vector<std::int32_t>{5, 6, 8, 9}));
  EXPECT_FALSE(lists.is_bridge(0, 1));
  EXPECT_TRUE(lists.is_bridge(0, 2));
}

TEST(TieLists, RandomEditsMatchAPlainListThroughMovesCompactionAndPacking) {
  constexpr int kHouseholds = 300, kMax = 30;
  TieLists lists;
  lists.reset(kHouseholds, kMax, 3);
  Reference ref{std::vector<std::vector<std::int32_t>>(kHouseholds), std::vector<std::vector<bool>>(kHouseholds)};
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> household(0, kHouseholds - 1);
  for (int round = 0; round < 6; ++round) {
    for (int edit = 0; edit < 6000; ++edit) {
      // Few households take most edits, so that lists move repeatedly and
      // the overflow store fills with abandoned places and gets compacted.
      const int h = edit % 4 == 0 ? household(rng) : household(rng) % 12;
      auto& ids = ref.ids[std::size_t(h)];
      auto& flags = ref.bridges[std::size_t(h)];
      if (ids.size() < std::size_t(kMax) && rng() % 3 != 0) {
        const auto other = std::int32_t(rng() % 1000);
        const bool bridge = rng() % 2;
        lists.append(h, other, bridge);
        ids.push_back(other);
        flags.push_back(bridge);
      } else if (!ids.empty()) {
        const std::size_t at = rng() % ids.size();
        const std::int32_t other = ids[at];
        lists.erase(h, other);
        const auto first = std::size_t(std::find(ids.begin(), ids.end(), other) - ids.begin());
        ids.erase(ids.begin() + std::ptrdiff_t(first));
        flags.erase(flags.begin() + std::ptrdiff_t(first));
      }
    }
    expect_same(lists, ref);
    if (::testing::Test::HasFatalFailure()) return;
    if (round % 2 == 1) {
      lists.pack(2);
      expect_same(lists, ref);
      // Packed: each list's ties and room, the overflow store gone.
      std::size_t places = 0;
      for (const auto& ids : ref.ids) places += std::min<std::size_t>(kMax, ids.size() + 2);
      EXPECT_EQ(lists.bytes(), places * 5 + std::size_t(kHouseholds) * 6);
    }
  }
}

TEST(TieLists, PackedListsCostTheirTiesAndTheRoom) {
  TieLists lists;
  lists.reset(1000, 30, 30);
  for (int h = 0; h < 1000; ++h)
    for (int t = 0; t < 6; ++t) lists.append(h, (h + t + 1) % 1000, false);
  const std::size_t unpacked = lists.bytes();
  lists.pack(2);
  // 8 places of 5 bytes, a 4-byte start and two counts per household.
  EXPECT_EQ(lists.bytes(), std::size_t(1000 * (8 * 5 + 4 + 2)));
  EXPECT_LT(lists.bytes() * 3, unpacked);
  EXPECT_EQ(lists.of(999)[0], 0);
}

TEST(TieLists, RefusesAKMaxItCannotCount) {
  TieLists lists;
  EXPECT_THROW(lists.reset(10, 256, 4), std::invalid_argument);
  EXPECT_THROW(lists.reset(10, 0, 4), std::invalid_argument);
}

}  // namespace
}  // namespace wijksim
