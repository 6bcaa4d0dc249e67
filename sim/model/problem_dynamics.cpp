// Phase 2, problem dynamics (MODEL.md §7.1; §11 entries 11, 43, 44).
// For each applicable domain d, from the problem vector before this phase
// (a Jacobi update) and ties' state from last week:
//   spill   = mean of the other applicable domains' problems
//   support = mean over ties of (1 - p-bar_j) g_j
//   rate[d] = shock_rate (0.25 + 2.5 vuln)(0.5 + ctx[n,d])(1 + dis_shock (disadv_n - 0.5))
//   rate[SAFETY] *= (1 - ce_safety (ce_n - ce_ref))(1 - bb_mediation bbq_n)
//   p[d] <- clamp(p[d] + spill_rate spill (1 - p[d]) - recovery_rate (1 - 0.5 vuln) p[d]
//                 - support_effect support p[d] + shock + help_delta[d] + ext_delta[d])
// Whether domain d is shocked is word d of draws 0-1 (four words a block);
// its size is draw 2 + d, read only when it is needed. Every draw has a fixed
// index whatever happens, so common random numbers stay aligned. Every SAFETY shock is a safety incident.
#include <tbb/parallel_for.h>

#include "core/rng.h"
#include "model/household_view.h"
#include "model/phases.h"

namespace wijksim {

void update_problems(World& w) {
  const Parameters& p = w.params;
  Households& hh = w.households;
  tbb::parallel_for(tbb::blocked_range<int>(0, hh.count, 1024), [&](const tbb::blocked_range<int>& r) {
    for (int h = r.begin(); h != r.end(); ++h) {
      const auto i = std::size_t(h);
      const Neighbourhood& nb = w.neighbourhoods[std::size_t(hh.nbh[i])];
      const bool children = hh.has_children[i];
      const int domains = applicable_domains(children);
      const Problems& now = hh.p[i];
      const double vuln = hh.vuln[i];

      double support = 0;
      const auto ties = hh.ties_of(h);
      for (std::int32_t j : ties) {
        const auto ji = std::size_t(j);
        // p has not changed since last week's phase 2, whose mean load is kept.
        support += (1.0 - hh.pbar_after_dynamics[ji]) * hh.engage[ji];
      }
      if (!ties.empty()) support /= double(ties.size());

      double total = 0;
      for (int d = 0; d < domains; ++d) total += now[std::size_t(d)];

      const Draws draws(w.seed, std::uint32_t(w.week), EntityClass::household, Stream::problem_shocks,
                        std::uint32_t(h));
      const double base_rate = p.shock_rate * (0.25 + 2.5 * vuln) * (1.0 + p.dis_shock * (nb.disadv - 0.5));
      const std::array<double, 4> first = draws.uniform4(0);
      const double hit_draws[kDomains] = {first[0], first[1], first[2], first[3], draws.uniform4(1)[0]};
      Problems next{};
      std::uint8_t safety_shocks = 0;
      for (int d = 0; d < kDomains; ++d) {
        const auto di = std::size_t(d);
        double rate = base_rate * (0.5 + nb.ctx[di]);
        if (d == SAFETY)
          rate *= (1.0 - p.ce_safety * (nb.ce - p.ce_ref)) * (1.0 - p.bb_mediation * nb.bridge_quality);
        const bool hit = hit_draws[di] < rate;
        if (d >= domains) continue;  // YOUTH without children: drawn, never applied
        const double spill = domains > 1 ? (total - now[di]) / (domains - 1) : 0.0;
        const double shock = hit ? draws.uniform(2 + std::uint32_t(d), p.shock_min, p.shock_max) : 0.0;
        if (hit && d == SAFETY) ++safety_shocks;
        next[di] = clamp01(now[di] + p.spill_rate * spill * (1.0 - now[di]) -
                           p.recovery_rate * (1.0 - 0.5 * vuln) * now[di] -
                           p.support_effect * support * now[di] + shock + hh.help_delta[i][di] +
                           hh.ext_delta[i][di]);
      }
      hh.p_next[i] = next;
      hh.help_delta[i] = Problems{};
      hh.ext_delta[i] = Problems{};
      hh.safety_shocks_this_week[i] = safety_shocks;
    }
  });
  std::swap(hh.p, hh.p_next);
  tbb::parallel_for(tbb::blocked_range<int>(0, hh.count, 4096), [&](const tbb::blocked_range<int>& r) {
    for (int h = r.begin(); h != r.end(); ++h) {
      const auto i = std::size_t(h);
      hh.pbar_after_dynamics_prev[i] = hh.pbar_after_dynamics[i];
      hh.pbar_after_dynamics[i] = mean_load(hh.p[i], hh.has_children[i]);
    }
  });
}

}  // namespace wijksim
