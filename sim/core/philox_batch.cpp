#include "core/philox_batch.h"

namespace wijksim {

// The rounds of Random123's philox.h (Salmon et al. 2011), written lane by
// lane so that the compiler vectorises them: each round multiplies words 0
// and 2 by the Philox constants and mixes the halves of the products with
// words 1 and 3 and the round key; the key is bumped by the Weyl constants.
__attribute__((target_clones("avx2", "default")))
void philox4x32_10(PhiloxBatch& batch, r123::Philox4x32::key_type key) {
  constexpr std::uint32_t kMultiplier0 = 0xD2511F53u, kMultiplier1 = 0xCD9E8D57u;
  constexpr std::uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u;
  std::uint32_t key0 = key[0], key1 = key[1];
  auto& [w0, w1, w2, w3] = batch.word;
  for (int round = 0; round < 10; ++round) {
    for (int i = 0; i < kPhiloxBatch; ++i) {
      const std::uint64_t product0 = std::uint64_t(kMultiplier0) * w0[std::size_t(i)];
      const std::uint64_t product1 = std::uint64_t(kMultiplier1) * w2[std::size_t(i)];
      const auto lane = std::size_t(i);
      w0[lane] = std::uint32_t(product1 >> 32) ^ w1[lane] ^ key0;
      w1[lane] = std::uint32_t(product1);
      w2[lane] = std::uint32_t(product0 >> 32) ^ w3[lane] ^ key1;
      w3[lane] = std::uint32_t(product0);
    }
    key0 += kWeyl0;
    key1 += kWeyl1;
  }
}

}  // namespace wijksim
