#include "model/tie_lists.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace wijksim {

namespace {

constexpr std::size_t kMaxPlaces = std::numeric_limits<std::uint32_t>::max();

void require_addressable(std::size_t places) {
  if (places > kMaxPlaces / 2)
    throw std::length_error("tie lists: " + std::to_string(places) +
                            " places exceed the 2^31 a world can address; use fewer households or a smaller scale.k_max");
}

}  // namespace

void TieLists::reset(int households, int k_max, int room) {
  if (k_max < 1 || k_max > std::numeric_limits<std::uint8_t>::max())
    throw std::invalid_argument("tie lists: k_max = " + std::to_string(k_max) + " is outside [1, 255]");
  k_max_ = k_max;
  const auto n = std::size_t(households);
  const auto cap = std::size_t(std::clamp(room, 0, k_max));
  require_addressable(n * cap);
  count_.assign(n, 0);
  capacity_.assign(n, std::uint8_t(cap));
  start_.resize(n);
  for (std::size_t h = 0; h < n; ++h) start_[h] = std::uint32_t(h * cap);
  in_order_ids_.assign(n * cap, 0);
  in_order_bridges_.assign(n * cap, 0);
  in_order_places_ = n * cap;
  overflow_ids_ = std::vector<std::int32_t>();  // frees; "= {}" would keep the capacity
  overflow_bridges_ = std::vector<std::uint8_t>();
  overflow_live_ = 0;
}

bool TieLists::contains(int h, std::int32_t other) const {
  const auto list = of(h);
  return std::find(list.begin(), list.end(), other) != list.end();
}

void TieLists::append(int h, std::int32_t other, bool bridge) {
  const auto i = std::size_t(h);
  if (count_[i] >= capacity_[i]) move_to_overflow(h);
  ids(h)[count_[i]] = other;
  bridges(h)[count_[i]] = bridge;
  ++count_[i];
}

void TieLists::erase(int h, std::int32_t other) {
  const auto i = std::size_t(h);
  std::int32_t* list = ids(h);
  std::uint8_t* bridge = bridges(h);
  const int n = count_[i];
  const int at = int(std::find(list, list + n, other) - list);
  if (at == n) return;
  std::copy(list + at + 1, list + n, list + at);
  std::copy(bridge + at + 1, bridge + n, bridge + at);
  --count_[i];
}

// A list that outgrows its room moves with half as much again (at least four
// places more, at most k_max). Its old place stays unused: lists outgrow
// their room rarely, and the in-order store never reallocates.
void TieLists::move_to_overflow(int h) {
  const auto i = std::size_t(h);
  const int old_capacity = capacity_[i];
  const int new_capacity = std::min(k_max_, std::max(old_capacity + 4, old_capacity * 3 / 2));
  if (overflow_ids_.size() + std::size_t(new_capacity) > overflow_ids_.capacity() &&
      overflow_ids_.size() - overflow_live_ > overflow_live_)
    compact_overflow();
  const std::size_t at = overflow_ids_.size();
  require_addressable(in_order_places_ + at + std::size_t(new_capacity));
  const bool from_overflow = overflowed(h);
  const std::size_t from = start_[i] - (from_overflow ? in_order_places_ : 0);
  overflow_ids_.resize(at + std::size_t(new_capacity), 0);
  overflow_bridges_.resize(at + std::size_t(new_capacity), 0);
  // Offsets, not pointers: growing the overflow store may have moved the list.
  const std::int32_t* old_ids = (from_overflow ? overflow_ids_.data() : in_order_ids_.data()) + from;
  const std::uint8_t* old_bridges = (from_overflow ? overflow_bridges_.data() : in_order_bridges_.data()) + from;
  std::copy(old_ids, old_ids + count_[i], overflow_ids_.begin() + std::ptrdiff_t(at));
  std::copy(old_bridges, old_bridges + count_[i], overflow_bridges_.begin() + std::ptrdiff_t(at));
  if (from_overflow) overflow_live_ -= std::size_t(old_capacity);
  start_[i] = std::uint32_t(in_order_places_ + at);
  capacity_[i] = std::uint8_t(new_capacity);
  overflow_live_ += std::size_t(new_capacity);
}

void TieLists::compact_overflow() {
  std::vector<std::int32_t> ids_out;
  std::vector<std::uint8_t> bridges_out;
  ids_out.reserve(2 * overflow_live_ + 64);
  bridges_out.reserve(2 * overflow_live_ + 64);
  for (int h = 0; h < households(); ++h) {
    if (!overflowed(h)) continue;
    const auto i = std::size_t(h);
    const std::size_t at = ids_out.size();
    ids_out.insert(ids_out.end(), ids(h), ids(h) + capacity_[i]);
    bridges_out.insert(bridges_out.end(), bridges(h), bridges(h) + capacity_[i]);
    start_[i] = std::uint32_t(in_order_places_ + at);
  }
  overflow_ids_ = std::move(ids_out);
  overflow_bridges_ = std::move(bridges_out);
}

void TieLists::pack(int room) {
  const auto n = std::size_t(households());
  std::size_t places = 0;
  std::vector<std::uint8_t> capacity(n);
  for (std::size_t i = 0; i < n; ++i) {
    capacity[i] = std::uint8_t(std::min(k_max_, count_[i] + std::max(room, 0)));
    places += capacity[i];
  }
  require_addressable(places);
  std::vector<std::int32_t> ids_out(places, 0);
  std::vector<std::uint8_t> bridges_out(places, 0);
  std::size_t at = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const int h = int(i);
    std::copy(ids(h), ids(h) + count_[i], ids_out.begin() + std::ptrdiff_t(at));
    std::copy(bridges(h), bridges(h) + count_[i], bridges_out.begin() + std::ptrdiff_t(at));
    start_[i] = std::uint32_t(at);
    at += capacity[i];
  }
  capacity_ = std::move(capacity);
  in_order_ids_ = std::move(ids_out);
  in_order_bridges_ = std::move(bridges_out);
  in_order_places_ = places;
  overflow_ids_ = std::vector<std::int32_t>();  // frees; "= {}" would keep the capacity
  overflow_bridges_ = std::vector<std::uint8_t>();
  overflow_live_ = 0;
}

std::size_t TieLists::bytes() const {
  return start_.capacity() * sizeof(std::uint32_t) + count_.capacity() + capacity_.capacity() +
         (in_order_ids_.capacity() + overflow_ids_.capacity()) * sizeof(std::int32_t) +
         in_order_bridges_.capacity() + overflow_bridges_.capacity();
}

}  // namespace wijksim
