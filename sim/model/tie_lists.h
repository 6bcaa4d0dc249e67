#pragma once
// Every household's list of ties (docs/ODD.md §5), stored one list after
// another in household order (compressed sparse rows), so that the phases
// that read the ties of consecutive households walk memory forwards, and a
// world pays for the ties it has rather than for k_max of them.
//
// Each list has a little spare room for the bridging ties of a run. A list
// that outgrows its room moves to an overflow store with room to spare; the
// in-order store never moves, so its memory never doubles. Every edit keeps
// the order within a list: the model sums over ties in list order, so where
// a list lives never changes a number.
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace wijksim {

class TieLists {
 public:
  // `households` empty lists, each with room for `room` ties before it moves.
  void reset(int households, int k_max, int room);

  int households() const { return int(count_.size()); }
  int k_max() const { return k_max_; }
  int degree(int h) const { return count_[std::size_t(h)]; }
  bool full(int h) const { return degree(h) >= k_max_; }

  std::span<const std::int32_t> of(int h) const { return {ids(h), std::size_t(degree(h))}; }
  // Whether each tie of of(h) is a bridging tie (nonzero), in the same order.
  std::span<const std::uint8_t> bridges_of(int h) const { return {bridges(h), std::size_t(degree(h))}; }
  bool is_bridge(int h, int slot) const { return bridges(h)[slot] != 0; }
  bool contains(int h, std::int32_t other) const;

  // Appends `other` to h's list; h's list must not be full.
  void append(int h, std::int32_t other, bool bridge);
  // Removes `other` from h's list, keeping the order of the rest.
  void erase(int h, std::int32_t other);

  // Lays the lists out again in household order, each with `room` spare
  // places, and frees the overflow store.
  void pack(int room);

  // Bytes held, for the memory accounting of docs/PERFORMANCE.md.
  std::size_t bytes() const;

 private:
  bool overflowed(int h) const { return start_[std::size_t(h)] >= in_order_places_; }
  // Inline: the phases read every household's list every week.
  const std::int32_t* ids(int h) const {
    const std::size_t s = start_[std::size_t(h)];
    return s < in_order_places_ ? in_order_ids_.data() + s : overflow_ids_.data() + (s - in_order_places_);
  }
  std::int32_t* ids(int h) { return const_cast<std::int32_t*>(std::as_const(*this).ids(h)); }
  const std::uint8_t* bridges(int h) const {
    const std::size_t s = start_[std::size_t(h)];
    return s < in_order_places_ ? in_order_bridges_.data() + s : overflow_bridges_.data() + (s - in_order_places_);
  }
  std::uint8_t* bridges(int h) { return const_cast<std::uint8_t*>(std::as_const(*this).bridges(h)); }
  void move_to_overflow(int h);
  void compact_overflow();

  int k_max_ = 0;
  // start_[h] indexes the in-order store, or, from in_order_ids_.size() on,
  // the overflow store.
  std::vector<std::uint32_t> start_;
  std::vector<std::uint8_t> count_, capacity_;
  std::vector<std::int32_t> in_order_ids_, overflow_ids_;
  std::vector<std::uint8_t> in_order_bridges_, overflow_bridges_;
  std::size_t in_order_places_ = 0;  // in_order_ids_.size()
  std::size_t overflow_live_ = 0;  // places of the overflow store still in use
};

}  // namespace wijksim
