// Phase 2, problem dynamics (docs/ODD.md §7).
// For each applicable domain d, from the problem vector before this phase
// (a Jacobi update) and ties' state from last week:
//   spill   = mean of the other applicable domains' problems
//   support = mean over ties of (1 - p-bar_j) g_j
//   rate[d] = shock_rate (0.25 + 2.5 vuln)(0.5 + ctx[n,d])(1 + dis_shock (disadv_n - 0.5))
//   rate[SAFETY] *= (1 - ce_safety (ce_n - ce_ref))(1 - bb_mediation bbq_n)
// where bbq_n is the district's mediation bbq_d (phase 1), averaged over the
// neighbourhood's households where it spans several districts.
//   p[d] <- clamp(p[d] + spill_rate spill (1 - p[d]) - recovery_rate (1 - 0.5 vuln) p[d]
//                 - support_effect support p[d] + shock + help_delta[d] + ext_delta[d])
// Whether domain d is shocked is word d of draws 0-1 (four words a block);
// its size is draw 2 + d, read only when it is needed. Every draw has a fixed
// index whatever happens, so common random numbers stay aligned. Every SAFETY
// shock is a safety incident.
#include <tbb/parallel_for.h>

#include "core/philox_batch.h"
#include "core/rng.h"
#include "model/districts.h"
#include "model/household_view.h"
#include "model/phases.h"

namespace wijksim {

namespace {

constexpr Problems kNoChange{};

// The parts of the shock rate that are the same for every household of a
// neighbourhood this week, computed once (the same products, in the same
// order, as the equation above).
struct NeighbourhoodShocks {
  double disadvantage = 0;                 // 1 + dis_shock (disadv_n - 0.5)
  std::array<double, kDomains> context{};  // 0.5 + ctx[n,d]
  double safety = 0;                       // (1 - ce_safety (ce_n - ce_ref))(1 - bb_mediation bbq_n)
};

std::vector<NeighbourhoodShocks> neighbourhood_shocks(const World& w) {
  const Parameters& p = w.params;
  std::vector<NeighbourhoodShocks> out(w.neighbourhoods.size());
  for (std::size_t n = 0; n < out.size(); ++n) {
    const Neighbourhood& nb = w.neighbourhoods[n];
    out[n].disadvantage = 1.0 + p.dis_shock * (nb.disadv - 0.5);
    for (std::size_t d = 0; d < kDomains; ++d) out[n].context[d] = 0.5 + nb.ctx[d];
    const double mediation = neighbourhood_mean(w, nb, [](const District& d) { return d.bridge_quality; });
    out[n].safety = (1.0 - p.ce_safety * (nb.ce - p.ce_ref)) * (1.0 - p.bb_mediation * mediation);
  }
  return out;
}

// The rates of phase 2, copied out of the parameters so that the compiler
// knows the stores to the households leave them alone.
struct DynamicsRates {
  double shock_rate, shock_min, shock_max, spill_rate, recovery_rate, support_effect;
  explicit DynamicsRates(const Parameters& p)
      : shock_rate(p.shock_rate), shock_min(p.shock_min), shock_max(p.shock_max), spill_rate(p.spill_rate),
        recovery_rate(p.recovery_rate), support_effect(p.support_effect) {}
};

// The draws of one household's shocks this week.
struct ShockDraws {
  std::uint64_t seed;
  std::uint32_t week;
  Draws of(int h) const { return Draws(seed, week, EntityClass::household, Stream::problem_shocks, std::uint32_t(h)); }
};

// Draw 0 of the kPhiloxBatch households from `first` on, at once.
void draw_hit_blocks(PhiloxBatch& hit_blocks, const ShockDraws& draws, int first) {
  for (std::size_t k = 0; k < kPhiloxBatch; ++k) {
    const auto counter = draws.of(first + int(k)).counter(0);
    for (std::size_t word = 0; word < 4; ++word) hit_blocks.word[word][k] = counter[word];
  }
  philox4x32_10(hit_blocks, draws.of(first).key());
}

// The uniform each domain's hit is decided by: draws.uniform4(0), from the
// batch, and YOUTH's from a block of its own, made only with children (its
// draw only matters then).
std::array<double, kDomains> hit_uniforms(const PhiloxBatch& hit_blocks, std::size_t lane, const Draws& draws,
                                          bool children) {
  return {hit_blocks.word[0][lane] * 0x1.0p-32, hit_blocks.word[1][lane] * 0x1.0p-32,
          hit_blocks.word[2][lane] * 0x1.0p-32, hit_blocks.word[3][lane] * 0x1.0p-32,
          children ? draws.uniform4(1)[0] : 1.0};
}

// support: the mean over a household's ties of (1 - p-bar_j) g_j; 0 without ties.
double tie_support(const Households& hh, int h) {
  double support = 0;
  const auto ties = hh.ties_of(h);
  for (std::int32_t j : ties) {
    const auto ji = std::size_t(j);
    // p has not changed since last week's phase 2, whose mean load is kept.
    support += (1.0 - hh.pbar_after_dynamics[ji]) * hh.engage[ji];
  }
  if (!ties.empty()) support /= double(ties.size());
  return support;
}

// Without children YOUTH is 0, so summing all five domains adds 0.
double sum_of_domains(const Problems& p) {
  double total = 0;
  for (std::size_t d = 0; d < kDomains; ++d) total += p[d];
  return total;
}

struct Shocks {
  Problems size{};
  std::uint8_t safety = 0;  // every SAFETY shock is a safety incident
};

// Which applicable domains are hit, then the size of each hit.
Shocks draw_shocks(const Draws& draws, const std::array<double, kDomains>& hit_draws, int domains,
                   double base_rate, const NeighbourhoodShocks& nb, const DynamicsRates& rates) {
  Shocks shocks;
  for (int d = 0; d < domains; ++d) {
    const auto di = std::size_t(d);
    double rate = base_rate * nb.context[di];
    if (d == SAFETY) rate *= nb.safety;
    if (hit_draws[di] >= rate) continue;
    shocks.size[di] = draws.uniform(2 + std::uint32_t(d), rates.shock_min, rates.shock_max);
    if (d == SAFETY) ++shocks.safety;
  }
  return shocks;
}

// The update of p in the equation above, from the problems before this phase.
Problems next_problems(const Problems& now, bool children, double vuln, double support, const Problems& shock,
                       const Problems& help, const Problems& external_change, const DynamicsRates& rates) {
  const double total = sum_of_domains(now);
  const double recovery = rates.recovery_rate * (1.0 - 0.5 * vuln);
  const double support_pull = rates.support_effect * support;
  const double others = applicable_domains(children) - 1;
  Problems next;
  for (std::size_t d = 0; d < kDomains; ++d) {
    const double spill = (total - now[d]) / others;
    next[d] = clamp01(now[d] + rates.spill_rate * spill * (1.0 - now[d]) - recovery * now[d] - support_pull * now[d] +
                      shock[d] + help[d] + external_change[d]);
  }
  if (!children) next[YOUTH] = 0;  // never applies
  return next;
}

void update_household(Households& hh, int h, const Draws& draws, const std::array<double, kDomains>& hit_draws,
                      const Problems& external_change, const NeighbourhoodShocks& nb, const DynamicsRates& rates) {
  const auto i = std::size_t(h);
  const bool children = hh.has_children[i];
  const int domains = applicable_domains(children);
  const double vuln = hh.vuln[i];
  const double support = tie_support(hh, h);
  const double base_rate = rates.shock_rate * (0.25 + 2.5 * vuln) * nb.disadvantage;
  const Shocks shocks = draw_shocks(draws, hit_draws, domains, base_rate, nb, rates);
  const Problems next =
      next_problems(hh.p[i], children, vuln, support, shocks.size, hh.help_delta[i], external_change, rates);
  hh.p[i] = next;
  hh.help_delta[i] = Problems{};
  hh.safety_shocks_this_week[i] = shocks.safety;
  hh.pbar_after_dynamics_prev[i] = sum_of_domains(next) / domains;  // this week's, until the swap
}

}  // namespace

void update_problems(World& w) {
  Households& hh = w.households;
  const std::vector<NeighbourhoodShocks> shocks_by_nbh = neighbourhood_shocks(w);
  const DynamicsRates rates(w.params);
  const ShockDraws draws{w.seed, std::uint32_t(w.week)};
  static_assert(kDomains - 1 > 1, "spill-over divides by the other applicable domains");

  // Each household reads only its own problems, so they are updated in place.
  // Ties read last week's mean load, so this week's is written aside and the
  // two arrays swap at the end.
  tbb::parallel_for(tbb::blocked_range<int>(0, hh.count, 1024), [&](const tbb::blocked_range<int>& r) {
    const auto external = hh.ext_delta.in_range(r.begin(), r.end());
    std::size_t next_external = 0;
    PhiloxBatch hit_blocks;
    for (int h = r.begin(); h != r.end(); ++h) {
      const auto lane = std::size_t((h - r.begin()) % kPhiloxBatch);
      if (lane == 0) draw_hit_blocks(hit_blocks, draws, h);
      const Draws household_draws = draws.of(h);
      const Problems* ext = next_external < external.size() && external[next_external].household == h
                                ? &external[next_external++].delta
                                : nullptr;
      update_household(hh, h, household_draws,
                       hit_uniforms(hit_blocks, lane, household_draws, hh.has_children[std::size_t(h)]),
                       ext ? *ext : kNoChange, shocks_by_nbh[std::size_t(hh.nbh[std::size_t(h)])], rates);
    }
  });
  hh.ext_delta.clear();
  std::swap(hh.pbar_after_dynamics, hh.pbar_after_dynamics_prev);
}

}  // namespace wijksim
