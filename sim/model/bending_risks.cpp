// The risks of working outside the lines, in phase 5 (docs/ODD.md §7).
//
// Incidents: while a case is improvised with mu > 0 (mu recomputed every week
// from current p and effort), an incident with probability inc_rate mu.
// Informal Best Persons with clients are always outside the lines with
// mu_out = mu_out_k nu; bridge builders carry a standing exposure (inside:
// mu_bbin_k nu). Given an incident, a sanction with probability
//   sanc_in (1 - b_eff)               if mu <= r
//   sanc_out (1 - backing_out b_eff)  if mu > r
// with the levers of the helper's manager (r = b_eff = 0 without a sponsor).
// A sanction adds exhaustion and sanction memory; a worker's case falls back to
// protocol (or closes if the rules exclude it) and the worker may be dismissed;
// an informal Best Person loses facilities; the household may be harmed.
#include <algorithm>

#include "core/rng.h"
#include "model/bending_risks.h"
#include "model/help_effect.h"
#include "model/helpers.h"
#include "model/rule_bending.h"

namespace wijksim {

namespace {

using EventKind = HouseholdEvent::Kind;

double sanction_probability(double magnitude, const Team* manager, const Parameters& p) {
  if (manager == nullptr) return p.sanc_out;
  const double b = manager->backing_effective;
  return magnitude <= manager->room ? p.sanc_in * (1.0 - b) : p.sanc_out * (1.0 - p.backing_out * b);
}

void add_exhaustion(Helper& h, double amount) { h.exhaustion = std::min(1.0, h.exhaustion + amount); }

void harm(Helper& h, int household, int domain, const Parameters& p, Tally& tally) {
  h.events.push_back({household, h.id, EventKind::problem_change, std::int8_t(domain), p.harm_dp});
  h.events.push_back({household, h.id, EventKind::trust_loss, 0, p.harm_trust});
  tally.add(Count::harms);
}

// One incident draw and its consequences. Returns whether a sanction fell.
bool run_risk(World& w, Helper& h, double magnitude, const Draws& draws, Tally& tally) {
  const Parameters& p = w.params;
  if (!draws.bernoulli(0, p.inc_rate * magnitude)) return false;
  tally.add(Count::bend_incidents);
  ++h.incidents_this_week;
  if (!draws.bernoulli(1, sanction_probability(magnitude, managing_team(h, w), p))) {
    add_exhaustion(h, p.exh_incident);
    tally.add(Count::backed_incidents);
    return false;
  }
  tally.add(Count::sanctions);
  ++h.sanctions_this_week;
  add_exhaustion(h, p.exh_sanction);
  h.sanction_memory += 1;
  if (is_informal(h.type)) h.facility_lost_until = w.week + p.facility_loss_weeks;
  if (!is_informal(h.type) && !h.dismissed && draws.bernoulli(2, p.dismiss_p)) {
    h.dismissed = true;
    tally.add(Count::dismissals);
    tally.type_dismissals[std::size_t(h.type)] += 1;
  }
  return true;
}

void caseworker_risks(World& w, Helper& h, Tally& tally) {
  const Parameters& p = w.params;
  Households& hh = w.households;
  const Team& team = w.teams[std::size_t(h.team)];
  int moral = 0, risky = 0;
  for (const CaseSlot& slot : h.slots) {
    const auto i = std::size_t(slot.household);
    InstitutionalCase& c = hh.cases.held(i);
    if (c.mode == Mode::protocol) {
      moral += c.gain_normalised > 0.5;
      continue;
    }
    const CaseView cv = case_view(w, slot.household, c.institution);
    c.bend_magnitude = bend_magnitude(cv, slot.effort, c.authorised_exception, p);
    if (c.bend_magnitude > team.room) ++risky;
    if (c.bend_magnitude <= 0) continue;
    const Draws draws(w.seed, std::uint32_t(w.week), EntityClass::household, Stream::incidents,
                      std::uint32_t(slot.household));
    if (!run_risk(w, h, c.bend_magnitude, draws, tally)) continue;
    if (c.authorised_exception || !excluded_by_rules(cv, c.institution, p))
      c.mode = Mode::protocol;
    else
      h.refusal_closures.push_back(slot.household);
    if (draws.bernoulli(3, p.harm_p)) harm(h, slot.household, c.institution, p, tally);
  }
  const double cases = std::max<double>(1.0, double(h.slots.size()));
  h.moral = moral / cases;
  h.risk = risky / cases;
}

void outside_risks(World& w, Helper& h, Tally& tally) {
  const Parameters& p = w.params;
  const bool with_clients = !h.caseload.empty();
  if (holds_informal_cases(h.type) && !with_clients) return;  // exposure only while helping someone
  const double magnitude =
      (h.type == HelperType::bridge_builder_inside ? p.mu_bbin_k : p.mu_out_k) * h.noncon;
  const Team* manager = managing_team(h, w);
  const double room = manager ? manager->room : 0.0;
  h.exposure = magnitude;
  const double weight = h.type == HelperType::bridge_builder_inside ? 1.0 : p.informal_risk_w;
  h.risk = magnitude > room ? weight : 0.0;
  const Draws draws(w.seed, std::uint32_t(w.week), EntityClass::helper, Stream::incidents, std::uint32_t(h.id));
  if (!run_risk(w, h, magnitude, draws, tally)) return;
  if (holds_informal_cases(h.type) && draws.bernoulli(3, p.harm_p)) {
    const std::int32_t client = h.caseload[draws.below(4, std::uint32_t(h.caseload.size()))];
    const auto i = std::size_t(client);
    const InformalCase& c = informal_cases(w.households, h.type).held(i);
    harm(h, client, c.key_guess, p, tally);
  }
}

}  // namespace

void run_bending_risks(World& w, Helper& h) {
  Tally& tally = w.tally.local();
  if (is_caseworker(h.type))
    caseworker_risks(w, h, tally);
  else
    outside_risks(w, h, tally);
}

}  // namespace wijksim
