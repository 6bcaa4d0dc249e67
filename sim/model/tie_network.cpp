// Tie network (docs/ODD.md §5): a Watts-Strogatz small world inside
// each neighbourhood, on a ring ordered by (group, id) so that streets are
// segregated, then a share of ties rewired across neighbourhoods. The lists
// are then packed (model/tie_lists.h) with room for a few bridging ties each.
#include "model/tie_network.h"

#include "core/rng.h"

namespace wijksim {

namespace {

// Spare places per list while the network is built (rewiring brings ties to
// some households), and afterwards (bridging ties during a run). Lists that
// outgrow them move; the numbers only set memory against moves.
constexpr int kBuildRoom = 4;
constexpr int kRunRoom = 1;

}  // namespace

bool tied(const Households& hh, int a, int b) { return hh.ties.contains(a, b); }

bool add_tie(Households& hh, int a, int b, bool bridge) {
  if (a == b || tied(hh, a, b) || hh.ties.full(a) || hh.ties.full(b)) return false;
  hh.ties.append(a, b, bridge);
  hh.ties.append(b, a, bridge);
  return true;
}

// Each list keeps its order: later reads (support, two-hop sampling) see a stable list.
void remove_tie(Households& hh, int a, int b) {
  hh.ties.erase(a, b);
  hh.ties.erase(b, a);
}

void build_tie_network(World& world) {
  Households& hh = world.households;
  const Parameters& p = world.params;
  const int k = p.mean_degree;
  // Room for the lattice and the ties rewiring brings; packed at the end.
  hh.ties.reset(hh.count, p.k_max, k + kBuildRoom);

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
      if (target == h || tied(hh, h, target) || hh.ties.full(target)) continue;
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
  // Copy each list: rewiring edits the list being walked.
  std::vector<std::int32_t> own;
  for (int h = 0; world.neighbourhoods.size() >= 2 && h < hh.count; ++h) {
    const Draws draws(world.seed, 0, EntityClass::household, Stream::init_cross_ties, std::uint32_t(h));
    own.assign(hh.ties_of(h).begin(), hh.ties_of(h).end());
    for (std::size_t i = 0; i < own.size(); ++i) {
      if (own[i] < h) continue;  // each tie once, from its lower end
      const std::uint32_t draw = std::uint32_t(i) * kDrawsPerTie;
      if (!draws.bernoulli(draw, p.cross_nbh_ties)) continue;
      rewire(h, own[i], draws, draw, 0, hh.count, true);
    }
  }
  hh.ties.pack(kRunRoom);
}

}  // namespace wijksim
