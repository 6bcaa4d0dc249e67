#include <gtest/gtest.h>

#include <tbb/global_control.h>

#include <cstdint>
#include <vector>

#include "model/ordered_gather.h"

namespace wijksim {
namespace {

// What a serial scan of [0, count) would find: every household whose number
// is a multiple of 7 or ends in 3, the second once more for ties.
std::vector<std::int32_t> serial_scan(int count) {
  std::vector<std::int32_t> out;
  for (int h = 0; h < count; ++h) {
    if (h % 7 == 0) out.push_back(h);
    if (h % 10 == 3) out.push_back(-h);
  }
  return out;
}

void scan(int begin, int end, std::vector<std::int32_t>& found) {
  for (int h = begin; h < end; ++h) {
    if (h % 7 == 0) found.push_back(h);
    if (h % 10 == 3) found.push_back(-h);
  }
}

TEST(OrderedGather, FindsWhatASerialScanFindsInItsOrderOnAnyThreadCount) {
  for (const int threads : {1, 2}) {
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    OrderedGather<std::int32_t> gather;
    // Within one block, at a block's edge, across many blocks, then fewer
    // blocks than the time before (the kept blocks beyond must not leak in).
    for (const int count : {0, 1, 2047, 2048, 2049, 50'000, 4'100, 10}) {
      EXPECT_EQ(gather(count, scan), serial_scan(count)) << count << " households, " << threads << " threads";
    }
  }
}

TEST(OrderedGather, ASecondWeekOfTheSameSizeAllocatesNothingNew) {
  OrderedGather<std::int32_t> gather;
  const std::vector<std::int32_t>& first = gather(50'000, scan);
  const std::int32_t* const storage = first.data();
  const std::vector<std::int32_t>& second = gather(50'000, scan);
  EXPECT_EQ(second.data(), storage) << "the joined list keeps its capacity";
}

}  // namespace
}  // namespace wijksim
