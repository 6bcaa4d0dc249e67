#include "model/bridging_and_jobs.h"

#include "core/rng.h"
#include "model/helpers.h"
#include "model/phases.h"

namespace wijksim {

namespace {

using EventKind = HouseholdEvent::Kind;

// Bridge builders (§7.7, §11 entry 60): coordination between services, and
// dialogue and bridging ties between groups, weighted by placement.
void bridge(World& w, Helper& h) {
  const Parameters& p = w.params;
  const Households& hh = w.households;
  const Neighbourhood& nb = w.neighbourhoods[std::size_t(h.nbh)];
  h.coordination_push = p.bb_coord * h.quality * coordination_weight(h.type, p);
  const double dialogue = dialogue_weight(h.type, p);
  const Draws contacts(w.seed, std::uint32_t(w.week), EntityClass::helper, Stream::bb_dialogue,
                       std::uint32_t(h.id));
  const Draws bridging(w.seed, std::uint32_t(w.week), EntityClass::helper, Stream::bridging, std::uint32_t(h.id));
  std::int32_t previous = kNone;
  for (int s = 0; s < p.bb_contacts; ++s) {
    const std::int32_t target =
        nb.first_household + std::int32_t(contacts.below(std::uint32_t(s), std::uint32_t(nb.household_count)));
    h.events.push_back({target, h.id, EventKind::trust_gain, 0, p.bb_trust * h.empathy * dialogue});
    h.events.push_back({target, h.id, EventKind::engage_gain, 0, p.bb_engage * h.empathy * dialogue});
    if (s % 2 == 0) {
      previous = target;
      continue;
    }
    const bool cross_group = hh.group[std::size_t(previous)] != hh.group[std::size_t(target)];
    if (bridging.bernoulli(std::uint32_t(s / 2), p.bridge_p * dialogue) && cross_group)
      h.tie_requests.push_back({previous, target, h.id});
  }
}

// Social entrepreneurs' job slots (§7.7, §11 entry 20).
void offer_job(World& w, Helper& h) {
  const Parameters& p = w.params;
  const Households& hh = w.households;
  const Draws draws(w.seed, std::uint32_t(w.week), EntityClass::helper, Stream::se_jobs, std::uint32_t(h.id));
  if (!draws.bernoulli(0, p.se_job_rate)) return;
  std::int32_t best = kNone;
  for (std::int32_t c : h.weak_ties) {  // sorted by id: ties go to the lowest
    const auto i = std::size_t(c);
    if (hh.p[i][WORK] < p.p_active || hh.job_until[i] > w.week) continue;
    if (best == kNone || hh.p[i][WORK] > hh.p[std::size_t(best)][WORK]) best = c;
  }
  if (best != kNone) h.events.push_back({best, h.id, EventKind::job, WORK, 0.0});
}

}  // namespace

void bridge_and_offer_jobs(World& w, Helper& h) {
  if (is_bridge_builder(h.type)) bridge(w, h);
  if (h.type == HelperType::social_entrepreneur) offer_job(w, h);
}

}  // namespace wijksim
