// The batched Philox gives, lane by lane, the blocks of Random123's
// Philox4x32-10, for counters and keys that use every bit.
#include <gtest/gtest.h>

#include "core/philox_batch.h"
#include "core/rng.h"

namespace wijksim {
namespace {

TEST(PhiloxBatch, EveryLaneIsRandom123sBlock) {
  std::uint64_t state = 0x243F6A8885A308D3ull;
  auto next = [&] { return std::uint32_t((state = derive_run_seed(state, 1)) >> 16); };
  for (int trial = 0; trial < 200; ++trial) {
    const r123::Philox4x32::key_type key{{next(), next()}};
    PhiloxBatch batch;
    std::array<r123::Philox4x32::ctr_type, kPhiloxBatch> counters{};
    for (std::size_t i = 0; i < kPhiloxBatch; ++i)
      for (std::size_t w = 0; w < 4; ++w) batch.word[w][i] = counters[i][w] = next();
    philox4x32_10(batch, key);
    for (std::size_t i = 0; i < kPhiloxBatch; ++i) {
      const auto expected = r123::Philox4x32()(counters[i], key);
      for (std::size_t w = 0; w < 4; ++w) ASSERT_EQ(batch.word[w][i], expected[w]) << "trial " << trial << " lane " << i;
    }
  }
}

TEST(PhiloxBatch, AHouseholdsFourUniformsAreThoseOfItsDraws) {
  const std::uint64_t seed = 0x0123456789ABCDEFull;
  const Draws first(seed, 17, EntityClass::household, Stream::problem_shocks, 40);
  PhiloxBatch batch;
  for (std::size_t i = 0; i < kPhiloxBatch; ++i) {
    const Draws draws(seed, 17, EntityClass::household, Stream::problem_shocks, std::uint32_t(40 + i));
    const auto counter = draws.counter(0);
    for (std::size_t w = 0; w < 4; ++w) batch.word[w][i] = counter[w];
  }
  philox4x32_10(batch, first.key());
  for (std::size_t i = 0; i < kPhiloxBatch; ++i) {
    const Draws draws(seed, 17, EntityClass::household, Stream::problem_shocks, std::uint32_t(40 + i));
    const auto expected = draws.uniform4(0);
    for (std::size_t w = 0; w < 4; ++w) EXPECT_EQ(batch.word[w][i] * 0x1.0p-32, expected[w]);
  }
}

}  // namespace
}  // namespace wijksim
