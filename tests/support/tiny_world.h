#pragma once
// Tiny hand-built worlds for the per-submodel tests (tests/model/).
//
// tiny_parameters() gives one neighbourhood of a few households on a plain
// ring, served by one district, one standard worker per team, no Best
// Persons, and every chance event switched off (no shocks, no help seeking,
// no bending, no incidents, no quitting, no noise). A test turns on exactly
// what it examines, usually with a probability of exactly 0 or 1, builds the
// world with build_world, sets the state it needs by hand and calls one phase.
// The expected numbers are
// computed in the test from the equations of docs/ODD.md, not from the code.
#include <array>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "core/parameters.h"
#include "model/case_ops.h"
#include "model/helpers.h"
#include "model/levers.h"
#include "model/phases.h"
#include "model/state.h"
#include "model/traits.h"
#include "model/world_builder.h"

namespace wijksim::testing {

// A logit intercept that makes a logistic probability exactly 1 (or 0 when negated):
// 1 / (1 + exp(-1000)) is 1.0 in double precision.
inline constexpr double kCertain = 1000.0;

// The rate per 1,000 households that gives a district of `households`
// households exactly `per_team` caseworkers per team. The quota must come out
// whole in double precision, so that the count does not hang on how the
// builder rounds quotas.
inline double caseworkers_per_1000(int households, int per_team) {
  const double rate = 1000.0 * per_team / households;
  if (rate * households / 1000.0 != double(per_team))
    throw std::logic_error("no exact caseworker rate for this many households per team; choose another size");
  return rate;
}

inline Parameters tiny_parameters(int households = 10, int workers_per_team = 1) {
  Parameters p = Parameters::defaults();
  p.n_neighbourhoods = 1;
  p.households_per_nbh = households;
  p.burnin_weeks = 0;
  p.horizon_weeks = 10;
  p.mean_degree = 2;
  p.k_max = 15;
  p.rewire_p = 0;
  p.cross_nbh_ties = 0;
  // One district, whatever the size: every team serves the whole neighbourhood.
  p.district_households = 20000;
  p.caseworkers_per_1000.fill(caseworkers_per_1000(households, workers_per_team));
  // No Best Persons unless a test adds them.
  p.init_bp_share_staff = 0;
  p.staff_pool = StaffPool::standard_only;
  p.bp_resident_density = 0;
  p.bp_emergence = 0.0;
  p.bb_in_per_1000 = 0;
  // Nothing happens by chance.
  p.shock_rate = 0;
  p.seek_0 = -kCertain;
  p.refer_base = 0;
  p.refer_coord = 0;
  p.bb_in_refer = 0;
  p.bend_0 = -kCertain;
  p.inc_rate = 0;
  p.quit_base = 0;
  p.quit_exh = 0;
  p.informal_exit = 0;
  p.exh_noise = 0;
  p.se_job_rate = 0;
  p.bb_contacts = 0;
  p.contact_freq.fill(0.0);
  p.burnout_attention.fill(0.0);
  p.find_ads = 0;
  p.find_scouts = 0;
  p.exh_init_min = 0.2;
  p.exh_init_max = 0.2;
  return p;
}

inline Problems problems(double debt, double work, double health, double safety, double youth = 0.0) {
  return {debt, work, health, safety, youth};
}

// Sets a household's problems, keeping the mean load that phase 2 caches in
// step with them (p only changes in phase 2, so the cache is part of the state).
inline void set_problems(World& w, int household, const Problems& p, bool has_children = false) {
  Households& hh = w.households;
  const auto i = std::size_t(household);
  hh.has_children[i] = has_children;
  hh.p[i] = p;
  if (!has_children) hh.p[i][YOUTH] = 0;
  double sum = 0;
  const int domains = has_children ? kDomains : kDomains - 1;
  for (int d = 0; d < domains; ++d) sum += hh.p[i][std::size_t(d)];
  hh.pbar_after_dynamics[i] = sum / domains;
  hh.pbar_after_dynamics_prev[i] = sum / domains;
}

// Every household without problems, children or help_delta: a blank street.
inline void clear_households(World& w, double trust = 0.5, double engage = 0.4) {
  for (int h = 0; h < w.households.count; ++h) {
    set_problems(w, h, Problems{}, false);
    w.households.trust[std::size_t(h)] = trust;
    w.households.engage[std::size_t(h)] = engage;
  }
}

struct TraitValues {
  double empathy = 0.5, drive = 0.5, noncon = 0.5, commit = 0.5, resilience = 0.5;
  Problems competence{0.5, 0.5, 0.5, 0.5, 0.5};
};

// Overwrites a helper's traits (and what follows from them) with given values.
inline void set_traits(World& w, int helper, const TraitValues& t) {
  Helper& h = w.helpers[std::size_t(helper)];
  h.empathy = t.empathy;
  h.drive = t.drive;
  h.noncon = t.noncon;
  h.commit = t.commit;
  h.resilience = t.resilience;
  h.competence = t.competence;
  h.bp_score = std::min(t.empathy, t.drive);
  h.is_bp = h.bp_score >= w.params.bp_threshold;
}

// The id of the s-th caseworker of a team (teams' positions are filled in order at build time).
inline int worker(const World& w, int district, int institution, int s = 0) {
  return w.team(district, institution).members[std::size_t(s)];
}

// Gives a household a case at `institution`, opened with `helper` this week.
inline void give_case(World& w, int household, int institution, int helper) {
  create_case(w, household, institution, w.week, false);
  open_case(w, household, helper);
}

// An informal Best Person of the given type, sponsored or not, living in neighbourhood 0.
inline int add_informal(World& w, HelperType type, bool sponsored, std::uint32_t salt = 0) {
  Parameters& p = w.params;
  const double ed = p.share_ed, se = p.share_se, bb = p.share_bb_out;
  p.share_ed = type == HelperType::everyday_doer ? 1.0 : 0.0;
  p.share_se = type == HelperType::social_entrepreneur ? 1.0 : 0.0;
  p.share_bb_out = type == HelperType::bridge_builder_outside ? 1.0 : 0.0;
  const Draws draws(w.seed, 0, EntityClass::neighbourhood, Stream::init_informal, 100000 + salt);
  const std::int32_t id = add_informal_best_person(w, 0, sponsored, draws, 1);
  p.share_ed = ed;
  p.share_se = se;
  p.share_bb_out = bb;
  return id;
}

inline Tally tally_of(const World& w) { return w.tally.combine(); }

inline bool queued_in(const World& w, int household, int district, int institution) {
  for (std::int32_t h : w.team(district, institution).queue)
    if (h == household) return true;
  return false;
}

// Mean and standard error of a sample.
struct Moments {
  double mean = 0, sd = 0, se = 0;
  std::size_t n = 0;
};

inline Moments moments(const std::vector<double>& xs) {
  Moments m;
  m.n = xs.size();
  if (m.n < 2) return m;
  for (double x : xs) m.mean += x;
  m.mean /= double(m.n);
  double ss = 0;
  for (double x : xs) ss += (x - m.mean) * (x - m.mean);
  m.sd = std::sqrt(ss / double(m.n - 1));
  m.se = m.sd / std::sqrt(double(m.n));
  return m;
}

// Statistical checks use k standard errors at fixed seeds.
inline constexpr double kSigmas = 4.0;

}  // namespace wijksim::testing
