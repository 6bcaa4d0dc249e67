// Tie network (MODEL.md §5.3, §11 entry 45): a Watts-Strogatz small world inside
// each neighbourhood, on a ring ordered by (group, id) so that streets are
// segregated, then a share of ties rewired across neighbourhoods. Every
// household reserves room for k_max ties so bridging ties can be added later.
#include "model/tie_network.h"

#include "core/rng.h"

namespace wijksim {

namespace {

std::int32_t* ties_begin(Households& hh, int h) {
  return hh.ties.data() + std::size_t(h) * std::size_t(hh.k_max);
}

}  // namespace

bool tied(const Households& hh, int a, int b) {
  for (std::int32_t t : hh.ties_of(a))
    if (t == b) return true;
  return false;
}

bool add_tie(Households& hh, int a, int b, bool bridge) {
  if (a == b || tied(hh, a, b)) return false;
  auto& ca = hh.tie_count[std::size_t(a)];
  auto& cb = hh.tie_count[std::size_t(b)];
  if (ca >= hh.k_max || cb >= hh.k_max) return false;
  const std::size_t stride = std::size_t(hh.k_max);
  hh.ties[std::size_t(a) * stride + std::size_t(ca)] = b;
  hh.tie_is_bridge[std::size_t(a) * stride + std::size_t(ca)] = bridge;
  ++ca;
  hh.ties[std::size_t(b) * stride + std::size_t(cb)] = a;
  hh.tie_is_bridge[std::size_t(b) * stride + std::size_t(cb)] = bridge;
  ++cb;
  return true;
}

namespace {

void remove_one_side(Households& hh, int a, int b) {
  std::int32_t* list = ties_begin(hh, a);
  auto& count = hh.tie_count[std::size_t(a)];
  const std::size_t base = std::size_t(a) * std::size_t(hh.k_max);
  for (int i = 0; i < count; ++i) {
    if (list[i] == b) {
      // Keep the remaining order: later reads (support, two-hop sampling) see a stable list.
      for (int j = i; j + 1 < count; ++j) {
        list[j] = list[j + 1];
        hh.tie_is_bridge[base + std::size_t(j)] = hh.tie_is_bridge[base + std::size_t(j) + 1];
      }
      --count;
      return;
    }
  }
}

}  // namespace

void remove_tie(Households& hh, int a, int b) {
  remove_one_side(hh, a, b);
  remove_one_side(hh, b, a);
}

void build_tie_network(World& world) {
  Households& hh = world.households;
  const Parameters& p = world.params;
  const int k = p.mean_degree;
  hh.k_max = p.k_max;
  hh.tie_count.assign(std::size_t(hh.count), 0);
  hh.ties.assign(std::size_t(hh.count) * std::size_t(hh.k_max), kNone);
  hh.tie_is_bridge.assign(hh.ties.size(), 0);

  // Ring lattice: ids are already in (group, id) order inside a neighbourhood.
  for (const Neighbourhood& n : world.neighbourhoods) {
    const int size = n.household_count;
    for (int pos = 0; pos < size; ++pos) {
      const int h = n.first_household + pos;
      for (int j = 1; j <= k / 2; ++j) add_tie(hh, h, n.first_household + (pos + j) % size, false);
      if (k % 2 == 1 && pos % 2 == 0)
        add_tie(hh, h, n.first_household + (pos + k / 2 + 1) % size, false);
    }
  }

  // Rewiring: each forward lattice tie of a household, in order, is redrawn
  // with the given probability to a non-neighbour with room for another tie.
  auto rewire = [&](int h, int old_target, const Draws& draws, std::uint32_t draw, int lo, int span,
                    bool other_neighbourhoods) {
    for (std::uint32_t attempt = 0; attempt < 16; ++attempt) {
      int target = lo + int(draws.below(draw + 1 + attempt, std::uint32_t(span)));
      if (other_neighbourhoods && hh.nbh[std::size_t(target)] == hh.nbh[std::size_t(h)]) continue;
      if (target == h || tied(hh, h, target) || hh.tie_count[std::size_t(target)] >= hh.k_max) continue;
      remove_tie(hh, h, old_target);
      add_tie(hh, h, target, false);
      return;
    }
  };
  constexpr std::uint32_t kDrawsPerTie = 17;
  for (const Neighbourhood& n : world.neighbourhoods) {
    for (int pos = 0; pos < n.household_count; ++pos) {
      const int h = n.first_household + pos;
      const Draws draws(world.seed, 0, EntityClass::household, Stream::init_ties, std::uint32_t(h));
      for (int j = 1; j <= (k + 1) / 2; ++j) {
        const int old_target = n.first_household + (pos + j) % n.household_count;
        const std::uint32_t draw = std::uint32_t(j - 1) * kDrawsPerTie;
        if (!tied(hh, h, old_target) || !draws.bernoulli(draw, p.rewire_p)) continue;
        rewire(h, old_target, draws, draw, n.first_household, n.household_count, false);
      }
    }
  }
  if (world.neighbourhoods.size() < 2) return;
  for (int h = 0; h < hh.count; ++h) {
    const Draws draws(world.seed, 0, EntityClass::household, Stream::init_cross_ties, std::uint32_t(h));
    // Copy: rewiring edits the list being walked.
    std::vector<std::int32_t> own(hh.ties_of(h).begin(), hh.ties_of(h).end());
    for (std::size_t i = 0; i < own.size(); ++i) {
      if (own[i] < h) continue;  // each tie once, from its lower end
      const std::uint32_t draw = std::uint32_t(i) * kDrawsPerTie;
      if (!draws.bernoulli(draw, p.cross_nbh_ties)) continue;
      rewire(h, own[i], draws, draw, 0, hh.count, true);
    }
  }
}

}  // namespace wijksim
