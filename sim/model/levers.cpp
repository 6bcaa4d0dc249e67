// Levers and protocol fit (MODEL.md §2.3, §7.3, §7.4; §11 entries 29, 55).
//   b_eff = b (0.5 + 0.5 min(1, f / contact_ref))   backing needs personal contact
//   F_proto = max(0, 1 - ctx_sensitivity * mean_d |ctx[n,d] - ctx_src[d]|)
// ctx_src is the neighbourhood's own mix (local), the city mean (city), or a
// mix at distance foreign_dist from every neighbourhood (foreign): signs
// alternate by domain as §11 entry 29 says, flipped where the bounds would
// shorten the step.
#include "model/levers.h"

#include <algorithm>
#include <cmath>

#include "model/household_view.h"

namespace wijksim {

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
  for (const Neighbourhood& n : world.neighbourhoods)
    for (int d = 0; d < kDomains; ++d) city[std::size_t(d)] += n.ctx[std::size_t(d)];
  for (double& c : city) c /= double(world.neighbourhoods.size());

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
