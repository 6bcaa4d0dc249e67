#pragma once
// Philox4x32-10 of several counters at once. Every counter gets exactly the
// block r123::Philox4x32 gives it (tests/core/test_philox_batch.cpp checks
// this), so batching changes no number: it only lets the processor work on
// eight households' draws side by side, with AVX2 where the processor has it
// (chosen when the program starts) and plain instructions elsewhere.
#include <Random123/philox.h>

#include <array>
#include <cstdint>

namespace wijksim {

inline constexpr int kPhiloxBatch = 8;

// Counter word w of lane i is word[w][i]; the blocks replace the counters.
struct PhiloxBatch {
  alignas(32) std::array<std::array<std::uint32_t, kPhiloxBatch>, 4> word{};
};

void philox4x32_10(PhiloxBatch& batch, r123::Philox4x32::key_type key);

}  // namespace wijksim
