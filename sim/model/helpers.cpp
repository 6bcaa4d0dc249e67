#include "model/helpers.h"

#include <cmath>

namespace wijksim {

bool is_caseworker(HelperType t) {
  return t == HelperType::standard_worker || t == HelperType::frontline_worker;
}
bool is_informal(HelperType t) {
  return t == HelperType::everyday_doer || t == HelperType::social_entrepreneur ||
         t == HelperType::bridge_builder_outside;
}
bool is_bridge_builder(HelperType t) {
  return t == HelperType::bridge_builder_inside || t == HelperType::bridge_builder_outside;
}
bool holds_informal_cases(HelperType t) {
  return t == HelperType::everyday_doer || t == HelperType::social_entrepreneur;
}

double contract_hours(HelperType t, const Parameters& p) {
  switch (t) {
    case HelperType::standard_worker: return p.hours_sw;
    case HelperType::frontline_worker: return p.hours_fw;
    case HelperType::bridge_builder_inside: return p.hours_bb_in;
    case HelperType::bridge_builder_outside: return p.hours_bb_out;
    case HelperType::everyday_doer: return p.hours_ed;
    case HelperType::social_entrepreneur: return p.hours_se;
  }
  return 0;
}

int base_cap(const Helper& h, const Parameters& p) {
  // Sponsorship gives informal Best Persons capacity (§11 entry 27a).
  const double bonus = h.sponsored ? 1.0 + p.sponsor_cap_bonus : 1.0;
  switch (h.type) {
    case HelperType::standard_worker: return int(std::floor(p.cap_sw * h.cap_scale + h.cap_rounding));
    case HelperType::frontline_worker: return int(std::floor(p.cap_fw * h.cap_scale + h.cap_rounding));
    case HelperType::everyday_doer: return int(std::floor(p.cap_ed * bonus));
    case HelperType::social_entrepreneur: return int(std::floor(p.cap_se * bonus));
    default: return 0;
  }
}

int effective_cap(const Helper& h, const Parameters& p, int week) {
  int cap = base_cap(h, p);
  if (week < h.relief_until) cap = std::min(cap, int(std::floor(p.relief_cap_frac * cap)));
  if (week < h.return_until) cap = std::min(cap, int(std::floor(p.return_cap_frac * cap)));
  return cap;
}

std::int32_t freest_worker(const World& w, const Team& t) {
  std::int32_t best = kNone;
  int best_free = 0;
  for (std::int32_t id : t.members) {
    const Helper& h = w.helpers[std::size_t(id)];
    if (h.status != HelperStatus::active) continue;
    const int free = effective_cap(h, w.params, w.week) - int(h.caseload.size());
    if (free > best_free || (free == best_free && free > 0 && id < best)) {
      best = id;
      best_free = free;
    }
  }
  return best;
}

const Team* managing_team(const Helper& h, const World& w) {
  if (is_caseworker(h.type)) return &w.teams[std::size_t(h.team)];
  if (h.type == HelperType::bridge_builder_inside || h.sponsored)
    return &w.team(h.district, kSocialServices);
  return nullptr;
}

std::int32_t add_helper(World& w, HelperType type, int nbh, int district, int team, bool sponsored,
                        const Traits& traits, const Draws& draws, std::uint32_t draw) {
  const Parameters& p = w.params;
  Helper h;
  h.id = std::int32_t(w.helpers.size());
  h.type = type;
  h.nbh = nbh;
  h.district = district;
  h.team = team;
  h.sponsored = sponsored;
  if (is_caseworker(type)) {
    // Successive members of a team round at points spread evenly over [0, 1)
    // (the golden-ratio sequence), so that its scaled caps add up to its
    // quota's; at cap_scale 1 every cap is the parameter's.
    h.cap_scale = w.teams[std::size_t(team)].cap_scale;
    const double golden = 0.6180339887498949;
    h.cap_rounding = std::fmod(double(h.id) * golden, 1.0);
  }
  assign_traits(h, traits, p.bp_threshold, w.neighbourhoods[std::size_t(nbh)].ctx);
  h.exhaustion = draws.uniform(draw, p.exh_init_min, p.exh_init_max);
  h.active_since = w.week;
  const Team* manager = managing_team(h, w);
  h.contact_ema = manager ? manager->contact_freq : 0.0;
  h.caseload.reserve(std::size_t(std::max(base_cap(h, p), 1)) * 2);
  w.helpers.push_back(std::move(h));
  return w.helpers.back().id;
}

}  // namespace wijksim
