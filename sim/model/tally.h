#pragma once
// Weekly event counts, gathered from parallel phases.
//
// Every entry is an integer, so adding thread-local tallies together gives the
// same result in any order: real-valued sums are kept in fixed point (2^-32
// resolution, far below anything a metric reports). That is what makes the
// counts bit-identical for any thread count without serialising the phases.
#include <array>
#include <cmath>
#include <cstdint>

#include <tbb/enumerable_thread_specific.h>

#include "model/helper_type.h"

namespace wijksim {

enum class Count : int {
  refusals,
  referrals,
  exceptions_granted,
  handovers,
  assignments,
  bends_within_room,
  bends_out_of_bounds,
  bend_incidents,
  sanctions,
  backed_incidents,
  harms,
  dismissals,
  job_slots,
  hires,
  hires_best_person,
  informal_emerged,
  cases_opened,
  refusal_closures,
  protocol_slot_weeks,
  bp_improvise_slot_weeks,
  kCount
};

enum class Sum : int {
  queue_wait_weeks,
  hire_bp_score,
  hire_fit,
  hire_time_to_fill,
  protocol_realised_effect,    // M*B of protocol slots (SF4)
  bp_improvise_realised_effect,
  kSum
};

inline constexpr int kClasses = 3;

struct Tally {
  std::array<std::int64_t, int(Count::kCount)> counts{};
  std::array<std::int64_t, int(Sum::kSum)> sums{};
  // By helper type.
  std::array<std::int64_t, kHelperTypes> burnouts{}, exits{}, type_dismissals{};
  std::int64_t bp_burnouts = 0, bp_exits = 0;  // helpers who are Best Persons, any type
  // Closed cases by complexity class at opening (1, 2, >= 3).
  std::array<std::int64_t, kClasses> closed{}, closed_dp{};

  static std::int64_t fixed(double x) { return std::llround(std::ldexp(x, 32)); }
  static double real(std::int64_t v) { return std::ldexp(double(v), -32); }

  void add(Count c, std::int64_t n = 1) { counts[std::size_t(c)] += n; }
  void add(Sum s, double x) { sums[std::size_t(s)] += fixed(x); }
  std::int64_t count(Count c) const { return counts[std::size_t(c)]; }
  double sum(Sum s) const { return real(sums[std::size_t(s)]); }

  Tally& operator+=(const Tally& o) {
    for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += o.counts[i];
    for (std::size_t i = 0; i < sums.size(); ++i) sums[i] += o.sums[i];
    for (std::size_t i = 0; i < kHelperTypes; ++i) {
      burnouts[i] += o.burnouts[i];
      exits[i] += o.exits[i];
      type_dismissals[i] += o.type_dismissals[i];
    }
    bp_burnouts += o.bp_burnouts;
    bp_exits += o.bp_exits;
    for (std::size_t i = 0; i < kClasses; ++i) {
      closed[i] += o.closed[i];
      closed_dp[i] += o.closed_dp[i];
    }
    return *this;
  }
};

// One Tally per thread; combine() folds them in any order to the same result.
class WeeklyTally {
 public:
  Tally& local() { return per_thread_.local(); }
  Tally combine() const {
    Tally total;
    for (const Tally& t : per_thread_) total += t;
    return total;
  }
  void clear() { per_thread_.clear(); }

 private:
  tbb::enumerable_thread_specific<Tally> per_thread_;
};

}  // namespace wijksim
