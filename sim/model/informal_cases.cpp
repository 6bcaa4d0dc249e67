#include "model/informal_cases.h"

#include <stdexcept>
#include <string>

namespace wijksim {

const InformalCase InformalCases::kNoCase{};

void InformalCases::reset(int households) {
  place_of_.assign(std::size_t(households), kNone);
  pool_.clear();
  free_.clear();
}

InformalCase& InformalCases::held(std::size_t household) {
  const std::int32_t place = place_of_[household];
  if (place == kNone)
    throw std::logic_error("household " + std::to_string(household) + " holds no informal case");
  return pool_[std::size_t(place)].held;
}

InformalCase& InformalCases::open(std::size_t household) {
  std::int32_t& place = place_of_[household];
  if (place == kNone) {
    if (!free_.empty()) {
      place = free_.back();
      free_.pop_back();
    } else {
      place = std::int32_t(pool_.size());
      pool_.emplace_back();
    }
    pool_[std::size_t(place)].household = std::int32_t(household);
  }
  InformalCase& c = pool_[std::size_t(place)].held;
  c = InformalCase{};
  return c;
}

void InformalCases::reclaim() {
  for (std::size_t place = 0; place < pool_.size(); ++place) {
    Place& p = pool_[place];
    if (p.household == kNone || p.held.exists()) continue;
    place_of_[std::size_t(p.household)] = kNone;
    p.household = kNone;
    free_.push_back(std::int32_t(place));
  }
}

}  // namespace wijksim
