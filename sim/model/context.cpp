// Phase 1, context (docs/ODD.md §3, §7).
// Neighbourhood and district aggregates from last week's state, read by every
// later phase:
//   ce_n  = mean_h g_h min(1, k_h / mean_degree)        collective efficacy
//   bbq_d = 1 - exp(-(sum_i q_i w_dialogue,i / (H_d / 1000)) / bb_q_ref)
//                                                      bridge builders' mediation
//   bb_in_d = sum_i q_i over inside bridge builders / (H_d / 1000)   (referrals)
//   q_i   = q_base (0.6 + 0.4 eps)(0.6 + 0.4 delta)(1 - exh_penalty E), halved
//           while an informal Best Person has lost its facilities
// with sums over the bridge builders working in district d of H_d households:
// per 1,000 households, so that mediation does not grow with a district's
// size. Each helper's allies: other active members of its team, plus, for a
// Best Person, the other active Best Persons of its district.
#include "model/phases.h"

#include <cmath>

#include <tbb/parallel_for.h>

#include "model/helpers.h"

namespace wijksim {

double helper_quality(const Helper& h, const Parameters& p, int week) {
  double q = p.q_base * (0.6 + 0.4 * h.empathy) * (0.6 + 0.4 * h.drive) *
             (1.0 - p.exh_penalty * h.exhaustion);
  if (week < h.facility_lost_until) q *= 0.5;
  return q;
}

double dialogue_weight(HelperType t, const Parameters& p) {
  return t == HelperType::bridge_builder_inside ? p.bb_in_dialogue_weight : p.bb_out_dialogue_weight;
}

double coordination_weight(HelperType t, const Parameters& p) {
  return t == HelperType::bridge_builder_inside ? p.bb_in_coord_weight : p.bb_out_coord_weight;
}

void update_context(World& w) {
  const Parameters& p = w.params;
  const Households& hh = w.households;

  tbb::parallel_for(std::size_t(0), w.neighbourhoods.size(), [&](std::size_t n) {
    Neighbourhood& nb = w.neighbourhoods[n];
    double ce = 0, trust = 0;
    for (int h = nb.first_household; h < nb.first_household + nb.household_count; ++h) {
      const auto i = std::size_t(h);
      ce += hh.engage[i] * std::min(1.0, double(hh.ties.degree(h)) / p.mean_degree);
      trust += hh.trust[i];
    }
    nb.ce = ce / nb.household_count;
    nb.trust_mean = trust / nb.household_count;
  });

  std::vector<int> active_bp_in_district(w.districts.size(), 0);
  std::vector<double> bridge_sum(w.districts.size(), 0.0);
  std::vector<double> bb_in_sum(w.districts.size(), 0.0);
  for (Helper& h : w.helpers) {
    h.incidents_this_week = h.sanctions_this_week = 0;
    if (h.status != HelperStatus::active) continue;
    h.quality = helper_quality(h, p, w.week);
    const auto d = std::size_t(h.district);
    if (h.is_bp) ++active_bp_in_district[d];
    if (is_bridge_builder(h.type)) bridge_sum[d] += h.quality * dialogue_weight(h.type, p);
    if (h.type == HelperType::bridge_builder_inside) bb_in_sum[d] += h.quality;
  }
  for (std::size_t d = 0; d < w.districts.size(); ++d) {
    District& district = w.districts[d];
    const double thousands = district.household_count / 1000.0;
    district.bridge_quality = 1.0 - std::exp(-(bridge_sum[d] / thousands) / p.bb_q_ref);
    district.bb_in_density = bb_in_sum[d] / thousands;
  }

  std::vector<int> active_in_team(w.teams.size(), 0);
  for (const Helper& h : w.helpers)
    if (h.status == HelperStatus::active && h.team != kNone && !is_informal(h.type))
      ++active_in_team[std::size_t(h.team)];
  for (Helper& h : w.helpers) {
    if (h.status != HelperStatus::active) continue;
    int allies = 0;
    if (h.team != kNone && !is_informal(h.type)) allies += active_in_team[std::size_t(h.team)] - 1;
    if (h.is_bp) allies += active_bp_in_district[std::size_t(h.district)] - 1;
    h.allies = allies;
  }
}

}  // namespace wijksim
