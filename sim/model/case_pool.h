#pragma once
// Cases that only some households have, kept in a pool: each household holds
// a 4-byte place number instead of a whole case. Used for institutional
// cases (one household in ten or eleven holds one in a run's first year,
// queued or open) and for the informal cases of everyday doers and social
// entrepreneurs (§11 entry 3), one table each.
//
// Reading is safe from parallel phases, and so is changing or closing a case
// that exists (a helper's own clients). Opening a case and reclaiming the
// places of closed ones happen in serial parts of the week. A closed case
// keeps its place, reading as one that does not exist, until the next
// reclaim; which place a case has never changes a number.
//
// The places are kept in fixed chunks rather than one array: when cases are
// common (in a long run, queued and open cases together reach nearly half
// the households) an array that doubles would hold up to twice the places in
// use, and three times during the copy; chunks hold at most one chunk more.
//
// `Case` is default-constructible, and a default case is one that does not
// exist (`exists()` is false).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "model/ids.h"

namespace wijksim {

template <typename Case>
class CasePool {
 public:
  void reset(int households) {
    place_of_.assign(std::size_t(households), kNone);
    chunks_.clear();
    places_ = 0;
    free_.clear();
  }

  // The household's case; one that does not exist if it has none.
  const Case& of(std::size_t household) const {
    const std::int32_t place = place_of_[household];
    return place == kNone ? kNoCase : at(place).held;
  }

  // The household's case, to change or close; it must have one (open, or
  // closed since the last reclaim). Throws std::logic_error otherwise.
  Case& held(std::size_t household) {
    const std::int32_t place = place_of_[household];
    if (place == kNone) throw std::logic_error("household " + std::to_string(household) + " holds no case here");
    return at(place).held;
  }

  void close(std::size_t household) { held(household) = Case{}; }

  // A new, empty case for the household, replacing any it had. Serial.
  Case& open(std::size_t household) {
    std::int32_t& place = place_of_[household];
    if (place == kNone) {
      if (!free_.empty()) {
        place = free_.back();
        free_.pop_back();
      } else {
        if (places_ == chunks_.size() * kChunk) chunks_.push_back(std::make_unique<Place[]>(kChunk));
        place = std::int32_t(places_++);
      }
      at(place).household = std::int32_t(household);
    }
    Case& c = at(place).held;
    c = Case{};
    return c;
  }

  // Returns the places of closed cases to the pool. Serial.
  void reclaim() {
    for (std::size_t place = 0; place < places_; ++place) {
      Place& p = at(std::int32_t(place));
      if (p.household == kNone || p.held.exists()) continue;
      place_of_[std::size_t(p.household)] = kNone;
      p.household = kNone;
      free_.push_back(std::int32_t(place));
    }
  }

 private:
  struct Place {
    std::int32_t household = kNone;
    Case held;
  };
  static inline const Case kNoCase{};
  static constexpr std::size_t kChunkBits = 10;
  static constexpr std::size_t kChunk = std::size_t(1) << kChunkBits;  // places

  const Place& at(std::int32_t place) const {
    const auto p = std::size_t(place);
    return chunks_[p >> kChunkBits][p & (kChunk - 1)];
  }
  Place& at(std::int32_t place) { return const_cast<Place&>(std::as_const(*this).at(place)); }

  std::vector<std::int32_t> place_of_;  // per household; kNone without a place
  std::vector<std::unique_ptr<Place[]>> chunks_;
  std::size_t places_ = 0;              // places ever handed out
  std::vector<std::int32_t> free_;
};

}  // namespace wijksim
