#include "model/case_ops.h"

#include <algorithm>

#include "model/districts.h"
#include "model/helpers.h"
#include "model/household_view.h"

namespace wijksim {

void create_case(World& w, int household, int institution, int arrival_week, bool authorised_exception) {
  InstitutionalCase& c = w.households.cases.open(std::size_t(household));
  c.institution = std::int8_t(institution);
  c.arrival_week = arrival_week;
  c.authorised_exception = authorised_exception;
}

void enqueue(World& w, int household, int institution, int arrival_week, bool authorised_exception) {
  create_case(w, household, institution, arrival_week, authorised_exception);
  w.team(district_of(w, household), institution).queue.push_back(household);
}

void open_case(World& w, int household, int helper) {
  Households& hh = w.households;
  const auto i = std::size_t(household);
  InstitutionalCase& c = hh.cases.held(i);
  c.helper = helper;
  c.needs_decision = true;
  c.key_known = false;
  if (c.opened == kNone) {
    c.opened = w.week;
    c.pbar_open = mean_load(hh.p[i], hh.has_children[i]);
    c.c_open = std::int8_t(complexity(hh.p[i], hh.has_children[i], w.params.p_active));
    hh.bounces[i] = 0;
    w.tally.local().add(Count::cases_opened);
  }
  w.helpers[std::size_t(helper)].caseload.push_back(household);
}

void close_case(World& w, int household, bool as_refusal) {
  Households& hh = w.households;
  const auto i = std::size_t(household);
  InstitutionalCase& c = hh.cases.held(i);
  Tally& tally = w.tally.local();
  if (as_refusal) {
    tally.add(Count::refusal_closures);
  } else {
    const int cls = complexity_class(c.c_open);
    if (cls >= 0) {
      tally.closed[std::size_t(cls)] += 1;
      tally.closed_dp[std::size_t(cls)] += Tally::fixed(c.pbar_open - mean_load(hh.p[i], hh.has_children[i]));
    }
  }
  c = InstitutionalCase{};
}

void discover_key(const Households& hh, int household, double empathy, double uniform_draw,
                  std::int8_t& key_guess, bool& key_known) {
  const auto i = std::size_t(household);
  if (uniform_draw < empathy) {
    key_guess = std::int8_t(key_domain(hh.p[i], hh.lev[i], hh.has_children[i]));
    key_known = true;
  } else if (!key_known) {
    key_guess = std::int8_t(salient_domain(hh.p[i], hh.has_children[i]));
  }
}

void hand_over_all(World& w, Helper& h) {
  Households& hh = w.households;
  const Parameters& p = w.params;
  Tally& tally = w.tally.local();
  for (std::int32_t household : h.caseload) {
    const auto i = std::size_t(household);
    hh.trust[i] -= p.trust_handover * hh.trust[i];
    tally.add(Count::handovers);
    if (is_caseworker(h.type)) {
      InstitutionalCase& c = hh.cases.held(i);
      // Back to the front of the queue: the opening week sorts before any newcomer.
      c.helper = kNone;
      c.mode = Mode::protocol;
      c.key_known = false;
      c.needs_decision = false;
      c.arrival_week = c.opened;
      w.teams[std::size_t(h.team)].queue.push_back(household);
    } else {
      informal_cases(hh, h.type).close(i);
    }
  }
  h.caseload.clear();
}

void open_informal_case(World& w, int household, Helper& h) {
  Households& hh = w.households;
  const auto i = std::size_t(household);
  InformalCase& c = informal_cases(hh, h.type).open(i);
  c.helper = h.id;
  c.opened = w.week;
  c.pbar_open = mean_load(hh.p[i], hh.has_children[i]);
  c.c_open = std::int8_t(complexity(hh.p[i], hh.has_children[i], w.params.p_active));
  c.key_guess = std::int8_t(salient_domain(hh.p[i], hh.has_children[i]));
  h.caseload.push_back(household);
}

void close_informal_case(World& w, int household, Helper& h) {
  Households& hh = w.households;
  const auto i = std::size_t(household);
  informal_cases(hh, h.type).close(i);
  h.caseload.erase(std::find(h.caseload.begin(), h.caseload.end(), household));
}

}  // namespace wijksim
