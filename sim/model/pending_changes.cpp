#include "model/pending_changes.h"

#include <algorithm>

namespace wijksim {

namespace {

bool before(const PendingChanges::Entry& e, std::int32_t household) { return e.household < household; }

}  // namespace

void PendingChanges::add(std::int32_t household, int domain, double value) {
  auto at = entries_.end();
  if (entries_.empty() || entries_.back().household < household)
    at = entries_.insert(entries_.end(), Entry{household, {}});
  else if (entries_.back().household == household)
    at = entries_.end() - 1;
  else {  // out of order: keep the list sorted
    at = std::lower_bound(entries_.begin(), entries_.end(), household, before);
    if (at == entries_.end() || at->household != household) at = entries_.insert(at, Entry{household, {}});
  }
  at->delta[std::size_t(domain)] += value;
}

Problems PendingChanges::of(std::int32_t household) const {
  const auto at = std::lower_bound(entries_.begin(), entries_.end(), household, before);
  return at != entries_.end() && at->household == household ? at->delta : Problems{};
}

std::span<const PendingChanges::Entry> PendingChanges::in_range(std::int32_t first, std::int32_t last) const {
  const auto from = std::lower_bound(entries_.begin(), entries_.end(), first, before);
  const auto to = std::lower_bound(from, entries_.end(), last, before);
  return {from, to};
}

}  // namespace wijksim
