#pragma once
// The informal cases of everyday doers or of social entrepreneurs (§11
// entry 3), one kind per table. Few households have one, so each household
// holds a 4-byte place number into a pool instead of a whole case.
//
// Reading is safe from parallel phases, and so is changing or closing a case
// that exists (a helper's own clients). Opening a case and reclaiming the
// places of closed ones happen in the serial part of phase 3.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/ids.h"

namespace wijksim {

// An everyday doer's or social entrepreneur's informal case.
struct InformalCase {
  double pbar_open = 0.0;
  std::int32_t helper = kNone;
  std::int32_t opened = 0;
  std::int32_t slot = 0;
  std::int8_t key_guess = 0;
  bool key_known = false;
  std::int8_t c_open = 0;

  bool exists() const { return helper != kNone; }
};

class InformalCases {
 public:
  void reset(int households);

  // The household's case; one that does not exist if it has none.
  const InformalCase& of(std::size_t household) const {
    const std::int32_t place = place_of_[household];
    return place == kNone ? kNoCase : pool_[std::size_t(place)].held;
  }
  // The household's case, to change or close; it must have one (open, or
  // closed since the last reclaim). Throws std::logic_error otherwise.
  InformalCase& held(std::size_t household);
  void close(std::size_t household) { held(household) = InformalCase{}; }

  // A new, empty case for the household, replacing any it had. Serial.
  InformalCase& open(std::size_t household);
  // Returns the places of closed cases to the pool. Serial.
  void reclaim();

 private:
  struct Place {
    std::int32_t household = kNone;
    InformalCase held;
  };
  static const InformalCase kNoCase;

  std::vector<std::int32_t> place_of_;  // per household; kNone without a place
  std::vector<Place> pool_;
  std::vector<std::int32_t> free_;
};

}  // namespace wijksim
