// Phase 5, service delivery (docs/ODD.md §7).
//
// Pass 1, per helper: decisions that are due (a new or handed-over case, or a
// review every review_weeks: recheck the rules, discover the key, choose the
// mode) and the effort allocation x of every case.
// Pass 2, per helper: with key_addressed_h known from every helper's pass-1
// effort (no lag, no circularity), the help of each case:
//   help_delta[d] -= help_eta e x[d] q M B[d] p[d]
// written to the helper's own slot; phase 6 adds the slots up per household.
// Then incidents, sanctions and harm (bending_risks.cpp), and what bridge
// builders and social entrepreneurs do besides their cases (bridging_and_jobs.cpp).
// Work on other agents is queued as events and applied serially afterwards.
#include <algorithm>
#include <tbb/parallel_for.h>

#include "core/rng.h"
#include "model/bending_risks.h"
#include "model/bridging_and_jobs.h"
#include "model/case_ops.h"
#include "model/help_effect.h"
#include "model/helpers.h"
#include "model/household_view.h"
#include "model/phases.h"
#include "model/rule_bending.h"

namespace wijksim {

namespace {

bool review_due(int week, int opened, int review_weeks) {
  return week > opened && (week - opened) % review_weeks == 0;
}

// Pass 1 for a caseworker's case: decide if due, then allocate effort.
void plan_institutional_case(World& w, Helper& h, int household, CaseSlot& slot) {
  const Parameters& p = w.params;
  Households& hh = w.households;
  InstitutionalCase& c = hh.cases.held(std::size_t(household));
  c.scope = case_scope(w, household, c.institution);
  CaseView cv = case_view(w, household, c.institution, c.scope);
  const bool first = c.needs_decision;
  if (first || review_due(w.week, c.opened, p.review_weeks)) {
    // A new outreach case faces the full rules; afterwards only the exclusion
    // rule is rechecked, since the end of need is the p_close closure's job.
    const bool allowed = c.authorised_exception ||
                         (first && c.from_outreach ? eligible(cv, c.institution, p)
                                                   : !excluded_by_rules(cv, c.institution, p));
    const Draws draws(w.seed, std::uint32_t(w.week), EntityClass::household, Stream::key_discovery,
                      std::uint32_t(household));
    discover_key(hh, household, h.empathy, draws.uniform(0), c.key_guess, c.key_known);
    c.scope |= domain_bit(c.key_guess);
    cv.scope = c.scope;
    const Team& team = w.teams[std::size_t(h.team)];
    const BendAssessment a = assess_bend(w, h, cv, c.key_guess, allowed, c.authorised_exception,
                                         int(h.caseload.size()));
    const Draws mode_draws(w.seed, std::uint32_t(w.week), EntityClass::household, Stream::mode_choice,
                           std::uint32_t(household));
    const double probability = bend_probability(h, team, a.gain_normalised, a.magnitude, p);
    c.mode = decide_mode(p.mode_policy, probability, mode_draws.uniform(0));
    c.gain_normalised = a.gain_normalised;
    c.needs_decision = false;
    if (c.mode == Mode::improvise && a.magnitude > 0)
      w.tally.local().add(a.magnitude <= team.room ? Count::bends_within_room : Count::bends_out_of_bounds);
    if (c.mode == Mode::protocol && !allowed) {
      h.refusal_closures.push_back(household);
      slot.effort = Problems{};  // closes at the end of the phase, unserved
      return;
    }
  }
  slot.effort = allocation(c.mode, h, cv, c.key_guess, p);
}

// Pass 1 for an informal client: key discovery at opening and reviews.
void plan_informal_case(World& w, Helper& h, int household, CaseSlot& slot) {
  Households& hh = w.households;
  InformalCase& c = informal_cases(hh, h.type).held(std::size_t(household));
  if ((w.week - c.opened) % w.params.review_weeks == 0) {
    const Draws draws(w.seed, std::uint32_t(w.week), EntityClass::household, Stream::key_discovery,
                      std::uint32_t(household));
    const std::uint32_t draw = h.type == HelperType::everyday_doer ? 1 : 2;
    discover_key(hh, household, h.empathy, draws.uniform(draw), c.key_guess, c.key_known);
  }
  slot.effort = allocation(Mode::improvise, h, case_view(w, household, kNone), c.key_guess, w.params);
}

// Effort of every helper of household h on domain d, from pass 1.
bool key_addressed(const World& w, int household, int key) {
  const Households& hh = w.households;
  const auto i = std::size_t(household);
  const double share = w.params.block_share;
  auto addresses = [&](std::int32_t helper, std::int32_t slot) {
    const Helper& h = w.helpers[std::size_t(helper)];
    return h.status == HelperStatus::active && h.slots[std::size_t(slot)].effort[std::size_t(key)] >= share;
  };
  const InstitutionalCase& c = hh.cases.of(i);
  if (c.exists() && c.helper != kNone && addresses(c.helper, c.slot)) return true;
  if (hh.ed_case.of(i).exists() && addresses(hh.ed_case.of(i).helper, hh.ed_case.of(i).slot)) return true;
  if (hh.se_case.of(i).exists() && addresses(hh.se_case.of(i).helper, hh.se_case.of(i).slot)) return true;
  return false;
}

template <typename T>
void free_vector(std::vector<T>& v) {
  std::vector<T>().swap(v);  // "v = {}" would keep the capacity
}

// An exited helper never works again: its weekly buffers, whose capacity
// would otherwise stay with it for the rest of the run, are freed.
void release_buffers(Helper& h) {
  free_vector(h.caseload);
  free_vector(h.slots);
  free_vector(h.events);
  free_vector(h.tie_requests);
  free_vector(h.refusal_closures);
  h.coordination_push = 0;
  h.moral = h.risk = h.exposure = 0;
}

// Pass 2: the help itself.
void deliver(World& w, Helper& h) {
  const Parameters& p = w.params;
  const Households& hh = w.households;
  const bool informal = holds_informal_cases(h.type);
  const double dose = dose_per_case(h, p, int(h.caseload.size()));
  Tally& tally = w.tally.local();
  double own_help = 0;
  for (CaseSlot& slot : h.slots) {
    const auto i = std::size_t(slot.household);
    const InstitutionalCase& c = hh.cases.of(i);
    const Mode mode = informal ? Mode::improvise : c.mode;
    // Pass 1 brought an institutional case's scope up to date, and problems
    // have not moved since.
    const CaseView cv = informal ? case_view(w, slot.household, kNone)
                                 : case_view(w, slot.household, c.institution, c.scope);
    const int key = key_domain(hh.p[i], hh.lev[i], hh.has_children[i]);
    const Problems block = blocking(cv, key, key_addressed(w, slot.household, key), p);
    const double mult = multiplier(mode, h, cv, w);
    const Problems reduction = help_reduction(slot.effort, dose, h.quality, mult, block, cv, p);
    double total = 0, weighted = 0, effort_p = 0;
    for (int d = 0; d < kDomains; ++d) {
      const auto di = std::size_t(d);
      slot.help[di] = -reduction[di];
      total += reduction[di];
      weighted += slot.effort[di] * mult * block[di] * cv.p[di];
      effort_p += slot.effort[di] * cv.p[di];
    }
    own_help += total / applicable_domains(cv.has_children);
    // Realised effectiveness M * B of the effort (SF4, §11 entry 29).
    if (effort_p > 0) {
      if (mode == Mode::protocol) {
        tally.add(Count::protocol_slot_weeks);
        tally.add(Sum::protocol_realised_effect, weighted / effort_p);
      } else if (h.is_bp) {
        tally.add(Count::bp_improvise_slot_weeks);
        tally.add(Sum::bp_improvise_realised_effect, weighted / effort_p);
      }
    }
  }
  h.has_help_this_week = !h.slots.empty();
  h.own_help_mean = h.slots.empty() ? 0.0 : own_help / double(h.slots.size());
}

void apply_refusal_closures(World& w) {
  const Parameters& p = w.params;
  Households& hh = w.households;
  for (Helper& h : w.helpers) {
    for (std::int32_t household : h.refusal_closures) {
      const auto i = std::size_t(household);
      if (!hh.cases.of(i).from_outreach) {
        hh.trust[i] -= p.trust_refusal * hh.trust[i];
        hh.bounces[i] += 1;
        w.tally.local().add(Count::refusals);
      }
      close_case(w, household, true);
      h.caseload.erase(std::find(h.caseload.begin(), h.caseload.end(), household));
    }
    h.refusal_closures.clear();
  }
}

}  // namespace

void deliver_services(World& w) {
  Households& hh = w.households;
  tbb::parallel_for(std::size_t(0), w.helpers.size(), [&](std::size_t id) {
    Helper& h = w.helpers[id];
    if (h.status == HelperStatus::exited) {
      release_buffers(h);
      return;
    }
    h.slots.clear();
    h.events.clear();
    h.tie_requests.clear();
    h.coordination_push = 0;
    h.moral = h.risk = h.exposure = 0;
    if (h.status != HelperStatus::active) return;
    h.slots.resize(h.caseload.size());
    for (std::size_t s = 0; s < h.caseload.size(); ++s) {
      const std::int32_t household = h.caseload[s];
      h.slots[s].household = household;
      if (is_caseworker(h.type)) {
        hh.cases.held(std::size_t(household)).slot = std::int32_t(s);
        plan_institutional_case(w, h, household, h.slots[s]);
      } else {
        InformalCase& c = informal_cases(hh, h.type).held(std::size_t(household));
        c.slot = std::int32_t(s);
        plan_informal_case(w, h, household, h.slots[s]);
      }
    }
  });
  tbb::parallel_for(std::size_t(0), w.helpers.size(), [&](std::size_t id) {
    Helper& h = w.helpers[id];
    if (h.status != HelperStatus::active) return;
    deliver(w, h);
    run_bending_risks(w, h);
    bridge_and_offer_jobs(w, h);
  });
  apply_refusal_closures(w);
}

}  // namespace wijksim
