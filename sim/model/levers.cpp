// Levers and protocol fit (docs/ODD.md §2, §7).
//   b_eff = b (0.5 + 0.5 min(1, f / contact_ref))   backing needs personal contact
//   F_proto = max(0, 1 - ctx_sensitivity * mean_d |ctx[n,d] - ctx_src[d]|)
// ctx_src is the neighbourhood's own mix (local), the city's mean mix (city),
// or a mix at distance foreign_dist from every neighbourhood (foreign): signs
// alternate by domain as §11 entry 29 says, flipped where the bounds would
// shorten the step. The city's mean mix is the expected context of a
// neighbourhood, E[clamp(N(ctx_mean, ctx_sd), 0, 1)], not the mean of the
// neighbourhoods simulated: a world is a sample of the city, and a world of
// one neighbourhood would otherwise have a protocol written for it alone.
#include "model/levers.h"

#include <algorithm>
#include <cmath>

#include "model/household_view.h"
#include "model/traits.h"

namespace wijksim {

namespace {

// E[clamp(X, 0, 1)] for X ~ N(mean, sd): P(X > 1) + the integral of x over [0, 1].
double clamped_normal_mean(double mean, double sd) {
  if (sd <= 0) return clamp01(mean);
  const double a = (0.0 - mean) / sd, b = (1.0 - mean) / sd;
  const double density_a = std::exp(-0.5 * a * a) / std::sqrt(2.0 * M_PI);
  const double density_b = std::exp(-0.5 * b * b) / std::sqrt(2.0 * M_PI);
  return (1.0 - normal_cdf(b)) + mean * (normal_cdf(b) - normal_cdf(a)) + sd * (density_a - density_b);
}

}  // namespace

void apply_levers(World& world) {
  const Parameters& p = world.params;
  for (Team& t : world.teams) {
    const auto k = std::size_t(t.institution);
    t.room = p.room[k];
    t.backing = p.backing[k];
    t.contact_freq = p.contact_freq[k];
    t.burnout_attention = p.burnout_attention[k];
    t.backing_effective = t.backing * (0.5 + 0.5 * std::min(1.0, t.contact_freq / p.contact_ref));
  }
  Problems city{};
  city.fill(clamped_normal_mean(p.ctx_mean, p.ctx_sd));

  for (Neighbourhood& n : world.neighbourhoods) {
    for (int k = 0; k < kInstitutions; ++k) {
      Problems& src = n.protocol_ctx[std::size_t(k)];
      switch (p.protocol_source[std::size_t(k)]) {
        case ProtocolSource::local: src = n.ctx; break;
        case ProtocolSource::city: src = city; break;
        case ProtocolSource::foreign:
          for (int d = 0; d < kDomains; ++d) {
            // Alternating signs, turned around where [0, 1] would cut the step
            // short, so every neighbourhood sits at the full distance.
            const double c = n.ctx[std::size_t(d)];
            double sign = d % 2 == 0 ? 1.0 : -1.0;
            if (c + sign * p.foreign_dist > 1.0 || c + sign * p.foreign_dist < 0.0) sign = -sign;
            src[std::size_t(d)] = clamp01(c + p.foreign_dist * sign);
          }
          break;
      }
      double distance = 0;
      for (int d = 0; d < kDomains; ++d) distance += std::abs(n.ctx[std::size_t(d)] - src[std::size_t(d)]);
      distance /= kDomains;
      n.protocol_fit[std::size_t(k)] = std::max(0.0, 1.0 - p.ctx_sensitivity * distance);
    }
  }
}

}  // namespace wijksim
