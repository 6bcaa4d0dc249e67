#pragma once
// Counter-based random numbers (docs/ODD.md §3).
//
// Every draw is a pure function of (run seed, week, entity class, stream,
// entity id, draw index): no generator state is carried between draws, so the
// thread count, the order of updates and the branch a previous draw took can
// never change a number. A draw site builds a `Draws` object on the spot and
// asks for draw index i; each index gives an engine of its own (Philox4x32-10
// with the sub-block in the high half of the last counter word) that Boost.Random
// distributions consume. Every stream is declared in the enum below, once, so
// adding a mechanism never shifts another mechanism's numbers.
#include <Random123/philox.h>

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/beta_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <array>
#include <cstdint>
#include <limits>

namespace wijksim {

enum class EntityClass : std::uint32_t {
  world = 1,
  neighbourhood = 2,
  household = 3,
  helper = 4,
  team = 5,
  vacancy = 6,
};

// One stream per mechanism. Never renumber: append.
enum class Stream : std::uint32_t {
  init_neighbourhood = 1,
  init_household = 2,
  init_ties = 3,
  init_helper_traits = 4,
  init_informal = 5,
  init_cross_ties = 6,
  init_vacancy = 7,
  problem_shocks = 10,
  help_seeking = 11,
  intake = 12,
  referral = 13,
  exception = 14,
  outreach = 15,
  ed_intake = 16,
  intake_bending = 17,
  key_discovery = 20,
  mode_choice = 21,
  incidents = 22,
  sanctions = 23,
  harm = 24,
  dismissal = 25,
  se_jobs = 26,
  bb_dialogue = 27,
  bridging = 28,
  tie_decay = 29,
  manager_contact = 30,
  relief = 31,
  exhaustion_noise = 32,
  burnout_exit = 33,
  leave_length = 34,
  quit = 35,
  candidates = 40,
  informal_emergence = 41,
  informal_finding = 42,
  informal_exit = 43,
  host_choice = 44,
  sweep_design = 50,  // a sweep's Latin hypercube strata permutations, keyed by its base seed
};

// A 53-bit uniform in [0, 1) from two 32-bit words, independent of any library.
inline double u01_from_words(std::uint32_t hi, std::uint32_t lo) {
  const std::uint64_t bits = (std::uint64_t(hi) << 21) ^ std::uint64_t(lo >> 11);
  return double(bits & ((std::uint64_t(1) << 53) - 1)) * 0x1.0p-53;
}

// A UniformRandomBitGenerator over one counter: yields 4 words per Philox block,
// stepping the block number in the high 16 bits of the last counter word.
class CounterEngine {
 public:
  using result_type = std::uint32_t;
  using Philox = r123::Philox4x32;

  CounterEngine(Philox::key_type key, Philox::ctr_type counter) : key_(key), counter_(counter) {}

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    if (used_ == 4) refill();
    return block_[used_++];
  }

 private:
  void refill() {
    Philox::ctr_type c = counter_;
    c[3] |= std::uint32_t(block_index_++) << 16;
    block_ = Philox()(c, key_);
    used_ = 0;
  }

  Philox::key_type key_;
  Philox::ctr_type counter_;
  Philox::ctr_type block_{};
  std::uint32_t block_index_ = 0;
  int used_ = 4;
};

// The draws of one entity, in one week, for one stream.
class Draws {
 public:
  Draws(std::uint64_t run_seed, std::uint32_t week, EntityClass entity_class, Stream stream,
        std::uint32_t entity_id)
      : key_{{std::uint32_t(run_seed), std::uint32_t(run_seed >> 32)}},
        counter_{{week, (std::uint32_t(entity_class) << 24) | std::uint32_t(stream), entity_id, 0}} {}

  // Draw indices are below 2^16; the high half of the word numbers blocks.
  CounterEngine engine(std::uint32_t draw_index) const {
    auto c = counter_;
    c[3] = draw_index & 0xFFFFu;
    return CounterEngine(key_, c);
  }

  // The key and the counter of draw index i, for drawing many entities' blocks
  // at once (core/philox_batch.h).
  r123::Philox4x32::key_type key() const { return key_; }
  r123::Philox4x32::ctr_type counter(std::uint32_t draw_index) const {
    auto c = counter_;
    c[3] = draw_index & 0xFFFFu;
    return c;
  }

  // The common draws, each a fixed function of its index.
  double uniform(std::uint32_t draw_index) const {
    auto c = counter_;
    c[3] = draw_index & 0xFFFFu;
    const auto block = r123::Philox4x32()(c, key_);
    return u01_from_words(block[0], block[1]);
  }
  // Four uniforms of 32-bit resolution from one Philox block: for the hot
  // per-household draws, where 2^-32 is far finer than any probability used.
  std::array<double, 4> uniform4(std::uint32_t draw_index) const {
    auto c = counter_;
    c[3] = draw_index & 0xFFFFu;
    const auto block = r123::Philox4x32()(c, key_);
    return {block[0] * 0x1.0p-32, block[1] * 0x1.0p-32, block[2] * 0x1.0p-32, block[3] * 0x1.0p-32};
  }
  double uniform(std::uint32_t draw_index, double lo, double hi) const {
    return lo + (hi - lo) * uniform(draw_index);
  }
  bool bernoulli(std::uint32_t draw_index, double p) const { return uniform(draw_index) < p; }
  double normal(std::uint32_t draw_index, double mean = 0.0, double sd = 1.0) const {
    auto e = engine(draw_index);
    return boost::random::normal_distribution<double>(mean, sd)(e);
  }
  double beta(std::uint32_t draw_index, double a, double b) const {
    auto e = engine(draw_index);
    return boost::random::beta_distribution<double>(a, b)(e);
  }
  // Uniform integer in [0, n).
  std::uint32_t below(std::uint32_t draw_index, std::uint32_t n) const {
    auto e = engine(draw_index);
    return boost::random::uniform_int_distribution<std::uint32_t>(0, n - 1)(e);
  }

 private:
  r123::Philox4x32::key_type key_;
  r123::Philox4x32::ctr_type counter_;
};

// The run seed derived from a base seed and replicate index (splitmix64), the
// same in every cell of a sweep so that replicates share random numbers.
inline std::uint64_t derive_run_seed(std::uint64_t base_seed, std::uint64_t replicate) {
  std::uint64_t z = base_seed + 0x9E3779B97F4A7C15ull * (replicate + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace wijksim
