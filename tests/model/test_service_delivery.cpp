// Phase 5, service delivery (docs/ODD.md §7):
// dose, effectiveness, the protocol and improvised allocations, multipliers,
// blocking B[d] by an unaddressed key problem, the mode policy, reviews, and
// help summed over helpers into next week's help_delta.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "model/help_effect.h"
#include "model/household_view.h"
#include "support/tiny_world.h"

namespace wijksim {
namespace {

using testing::problems;
using testing::set_problems;

// §7.3 written out: dose, effectiveness and the effect on one domain.
double dose(const Parameters& p, double hours, double commit, int cases) {
  return std::min(1.0, hours * (1 + commit * p.overwork_max) * p.direct_share / (std::max(1, cases) * p.dose_hours));
}
double quality(const Parameters& p, double empathy, double drive, double exhaustion) {
  return p.q_base * (0.6 + 0.4 * empathy) * (0.6 + 0.4 * drive) * (1 - p.exh_penalty * exhaustion);
}
double effect(const Parameters& p, double e, double x, double q, double m, double b, double pd) {
  return p.help_eta * e * x * q * m * b * pd;
}

struct ServiceWorld {
  World w;
  int sw = 0;  // the social-services worker
};

// A world whose social-services worker has known traits and household 0 as a case.
ServiceWorld service_world(const Problems& p0, const Problems& lev0, ModePolicy policy, double empathy = 0.8) {
  Parameters p = testing::tiny_parameters(10);
  p.mode_policy = policy;
  p.rule_strictness.fill(0.25);
  p.protocol_source.fill(ProtocolSource::local);
  ServiceWorld s{build_world(p, 17), 0};
  World& w = s.w;
  testing::clear_households(w);
  s.sw = testing::worker(w, 0, DEBT);
  testing::TraitValues t;
  t.empathy = empathy;
  t.drive = 0.7;
  t.commit = 0.5;
  t.competence = {0.2, 0.4, 0.6, 0.8, 0.5};
  testing::set_traits(w, s.sw, t);
  w.helpers[std::size_t(s.sw)].exhaustion = 0.2;
  w.districts[0].coord = 0.2;
  set_problems(w, 0, p0);
  w.households.lev[0] = lev0;
  testing::give_case(w, 0, DEBT, s.sw);
  return s;
}

void run_phase_5(World& w) {
  w.tally.clear();
  update_context(w);
  deliver_services(w);
}

TEST(SubmodelServiceDelivery, ProtocolPutsAllEffortOnTheMandateDomain) {
  ServiceWorld s = service_world(problems(0.7, 0.6, 0.3, 0.2), {2, 1, 1, 1, 1}, ModePolicy::force_protocol);
  World& w = s.w;
  Parameters& p = w.params;
  p.direct_share = 0.1;
  p.dose_hours = 4.0;
  set_problems(w, 1, problems(0.5, 0.0, 0.0, 0.0));
  w.households.lev[1] = {1, 1, 1, 1, 1};
  testing::give_case(w, 1, DEBT, s.sw);  // two cases: e = 32 (1 + 0.5 * 0.5) 0.1 / (2 * 4) = 0.5
  run_phase_5(w);

  const Helper& h = w.helpers[std::size_t(s.sw)];
  ASSERT_EQ(h.slots.size(), 2u);
  EXPECT_EQ(w.households.cases.of(0).mode, Mode::protocol);
  EXPECT_EQ(h.slots[0].effort, problems(1, 0, 0, 0));
  const double e = dose(p, p.hours_sw, 0.5, 2);
  EXPECT_NEAR(e, 0.5, 1e-15);
  const double q = quality(p, 0.8, 0.7, 0.2);
  EXPECT_NEAR(h.quality, q, 1e-15);
  // Local protocol: F_proto = 1. Two active domains of four: M = 1 - 0.6 (1 - 0.2) (1/3).
  const double m0 = 1.0 - p.conflict_penalty * (1 - 0.2) * (1.0 / 3);
  EXPECT_NEAR(h.slots[0].help[DEBT], -effect(p, e, 1, q, m0, 1, 0.7), 1e-15);
  for (int d : {WORK, HEALTH, SAFETY, YOUTH}) EXPECT_EQ(h.slots[0].help[std::size_t(d)], 0.0);
  EXPECT_NEAR(h.slots[1].help[DEBT], -effect(p, e, 1, q, 1.0, 1, 0.5), 1e-15);

  // Phase 6 turns the slots into next week's help_delta.
  update_social(w);
  EXPECT_NEAR(w.households.help_delta[0][DEBT], -effect(p, e, 1, q, m0, 1, 0.7), 1e-15);
  EXPECT_EQ(w.households.help_delta[0][WORK], 0.0);
  // The realised M*B of protocol case-weeks (SF4's measure).
  const Tally t = testing::tally_of(w);
  EXPECT_EQ(t.count(Count::protocol_slot_weeks), 2);
  EXPECT_NEAR(t.sum(Sum::protocol_realised_effect), m0 + 1.0, 1e-8);
}

TEST(SubmodelServiceDelivery, AForeignProtocolLosesCtxSensitivityTimesItsDistance) {
  ServiceWorld s = service_world(problems(0.7, 0.0, 0.0, 0.0), {1, 1, 1, 1, 1}, ModePolicy::force_protocol);
  World& w = s.w;
  w.params.protocol_source[DEBT] = ProtocolSource::foreign;
  w.params.foreign_dist = 0.25;
  w.params.ctx_sensitivity = 2.0;
  apply_levers(w);
  EXPECT_NEAR(w.neighbourhoods[0].protocol_fit[DEBT], 1 - 2.0 * 0.25, 1e-12);
  EXPECT_EQ(w.neighbourhoods[0].protocol_fit[WORK], 1.0);  // still local
  run_phase_5(w);
  const Parameters& p = w.params;
  const double expected = effect(p, dose(p, p.hours_sw, 0.5, 1), 1, quality(p, 0.8, 0.7, 0.2), 0.5, 1, 0.7);
  EXPECT_NEAR(w.helpers[std::size_t(s.sw)].slots[0].help[DEBT], -expected, 1e-12);
}

// A city protocol is written for the expected neighbourhood,
// E[clamp(N(ctx_mean, ctx_sd), 0, 1)] in every domain, not for the mean of the
// neighbourhoods simulated: even a world of one neighbourhood is a sample.
TEST(SubmodelServiceDelivery, ACityProtocolFitsTheExpectedNeighbourhoodNotTheSimulatedOnes) {
  Parameters p = testing::tiny_parameters(10);
  p.protocol_source.fill(ProtocolSource::city);
  const World w = build_world(p, 19);
  // The expectation by the trapezoidal rule over +-12 standard deviations.
  const int steps = 200000;
  const double lo = p.ctx_mean - 12 * p.ctx_sd, width = 24 * p.ctx_sd / steps;
  double expected_ctx = 0;
  for (int i = 0; i <= steps; ++i) {
    const double x = lo + i * width;
    const double density = std::exp(-0.5 * std::pow((x - p.ctx_mean) / p.ctx_sd, 2)) / (p.ctx_sd * std::sqrt(2 * M_PI));
    expected_ctx += (i == 0 || i == steps ? 0.5 : 1.0) * std::clamp(x, 0.0, 1.0) * density * width;
  }
  const Neighbourhood& nb = w.neighbourhoods[0];
  double distance = 0;
  for (int d = 0; d < kDomains; ++d) distance += std::abs(nb.ctx[std::size_t(d)] - expected_ctx);
  const double fit = std::max(0.0, 1 - p.ctx_sensitivity * distance / kDomains);
  ASSERT_LT(fit, 1.0);
  for (int k = 0; k < kInstitutions; ++k) EXPECT_NEAR(nb.protocol_fit[std::size_t(k)], fit, 1e-9);
}

// The protocol's penalty for uncoordinated other problems uses the
// coordination of the district serving the household.
TEST(SubmodelServiceDelivery, TheProtocolMultiplierUsesTheCoordinationOfTheHouseholdsDistrict) {
  Parameters p = testing::tiny_parameters(2000);
  p.district_households = 1000;
  p.protocol_source.fill(ProtocolSource::local);
  World w = build_world(p, 18);
  ASSERT_EQ(w.districts.size(), 2u);
  w.districts[0].coord = 0.2;
  w.districts[1].coord = 0.9;
  for (int h : {500, 1500}) set_problems(w, h, problems(0.7, 0.6, 0.55, 0.2));  // three active: share 2/3
  const Helper& h = w.helpers[std::size_t(testing::worker(w, 0, DEBT))];
  const double fit = w.neighbourhoods[0].protocol_fit[DEBT];
  ASSERT_EQ(fit, 1.0);
  EXPECT_NEAR(multiplier(Mode::protocol, h, case_view(w, 500, DEBT), w),
              fit * (1 - p.conflict_penalty * (1 - 0.2) * 2.0 / 3), 1e-15);
  EXPECT_NEAR(multiplier(Mode::protocol, h, case_view(w, 1500, DEBT), w),
              fit * (1 - p.conflict_penalty * (1 - 0.9) * 2.0 / 3), 1e-15);
}

// Improvisation spreads effort over the active problems, weighted up on the
// key the helper believes in; an empathic helper (epsilon = 1) knows the true key.
TEST(SubmodelServiceDelivery, ImprovisationAllocatesByProblemAndKeyGuess) {
  const Problems p0 = problems(0.7, 0.6, 0.55, 0.2);
  const Problems lev = {1, 1, 3, 1, 1};  // key: HEALTH (0.55 * 3 > 0.7)
  for (double empathy : {1.0, 0.0}) {
    SCOPED_TRACE(empathy);
    ServiceWorld s = service_world(p0, lev, ModePolicy::force_improvise, empathy);
    World& w = s.w;
    const Parameters& p = w.params;
    run_phase_5(w);
    const InstitutionalCase& c = w.households.cases.of(0);
    ASSERT_EQ(c.mode, Mode::improvise);
    const int guess = empathy == 1.0 ? HEALTH : DEBT;  // else the salient domain
    EXPECT_EQ(c.key_guess, guess);
    EXPECT_EQ(c.key_known, empathy == 1.0);

    // The scope: the three active problems (SAFETY at 0.2 is left alone).
    Problems x{};
    double total = 0;
    for (int d = 0; d < 3; ++d) {
      x[std::size_t(d)] = p0[std::size_t(d)] * (1 + p.key_weight * (d == guess));
      total += x[std::size_t(d)];
    }
    for (double& v : x) v /= total;
    const Helper& h = w.helpers[std::size_t(s.sw)];
    for (int d = 0; d < 5; ++d) EXPECT_NEAR(h.slots[0].effort[std::size_t(d)], x[std::size_t(d)], 1e-15);

    // fit = sum comp p / sum p; three active domains of four.
    const double fit = (0.2 * 0.7 + 0.4 * 0.6 + 0.6 * 0.55 + 0.8 * 0.2) / (0.7 + 0.6 + 0.55 + 0.2);
    const double m = fit * (1 - p.impro_conflict * (2.0 / 3));
    // The true key (HEALTH, active) is addressed when x[HEALTH] >= block_share:
    // 1.1/2.4 with the right guess; 0.55/2.55 = 0.22 with the wrong one, which blocks.
    const bool addressed = x[HEALTH] >= p.block_share;
    EXPECT_EQ(addressed, empathy == 1.0);
    const double e = dose(p, p.hours_sw, 0.5, 1), q = quality(p, empathy, 0.7, 0.2);
    for (int d = 0; d < 4; ++d) {
      const double b = (d == HEALTH || addressed) ? 1.0 : 1 - p.block_strength * 0.55;
      EXPECT_NEAR(h.slots[0].help[std::size_t(d)], -effect(p, e, x[std::size_t(d)], q, m, b, p0[std::size_t(d)]), 1e-15);
    }
  }
}

// The scope of an improvised case (docs/ODD.md §7): the active problems and
// the key guess, kept once taken on; problems outside it get no effort.
TEST(SubmodelServiceDelivery, ImprovisationWorksOnTheProblemsItTookOnAndTheKey) {
  const Problems p0 = problems(0.7, 0.2, 0.45, 0.3);  // one active problem, DEBT
  const Problems lev = {1, 1, 3, 1, 1};                // key: HEALTH (0.45 * 3 > 0.7), not active
  ServiceWorld s = service_world(p0, lev, ModePolicy::force_improvise, 1.0);
  World& w = s.w;
  const double key_weight = w.params.key_weight;
  run_phase_5(w);
  const InstitutionalCase& c = w.households.cases.of(0);
  ASSERT_EQ(c.key_guess, HEALTH);
  EXPECT_EQ(c.scope, domain_bit(DEBT) | domain_bit(HEALTH));
  const Helper& h = w.helpers[std::size_t(s.sw)];
  const double total = 0.7 + 0.45 * (1 + key_weight);
  EXPECT_NEAR(h.slots[0].effort[DEBT], 0.7 / total, 1e-15);
  EXPECT_NEAR(h.slots[0].effort[HEALTH], 0.45 * (1 + key_weight) / total, 1e-15);
  EXPECT_EQ(h.slots[0].effort[WORK], 0.0);
  EXPECT_EQ(h.slots[0].effort[SAFETY], 0.0);

  // DEBT falls below p_active but stays taken on; WORK becomes active and is taken on.
  set_problems(w, 0, problems(0.4, 0.55, 0.45, 0.3));
  w.week += 1;
  run_phase_5(w);
  EXPECT_EQ(c.scope, domain_bit(DEBT) | domain_bit(WORK) | domain_bit(HEALTH));
  const double now = 0.4 + 0.55 + 0.45 * (1 + key_weight);
  EXPECT_NEAR(h.slots[0].effort[DEBT], 0.4 / now, 1e-15);
  EXPECT_NEAR(h.slots[0].effort[WORK], 0.55 / now, 1e-15);
  EXPECT_EQ(h.slots[0].effort[SAFETY], 0.0);
}

// The protocol's help on DEBT for the household used in the blocking tests.
// M = F_proto (1 - conflict_penalty (1 - coord) (c_h - 1) / (D_h - 1)), F_proto = 1, coord = 0.2.
double protocol_debt_help(const World& w, double key_block, int active) {
  const Parameters& p = w.params;
  const double m = 1.0 - p.conflict_penalty * (1 - 0.2) * ((active - 1) / 3.0);
  return -effect(p, dose(p, p.hours_sw, 0.5, 1), 1, quality(p, 0.8, 0.7, 0.2), m, key_block, 0.7);
}

TEST(SubmodelServiceDelivery, AnActiveUnaddressedKeyBlocksHelpElsewhere) {
  // Key HEALTH (0.6 * 2 > 0.7), active, and the protocol puts nothing on it:
  // B[DEBT] = 1 - block_strength p[HEALTH].
  ServiceWorld s = service_world(problems(0.7, 0.1, 0.6, 0.55), {1, 1, 2, 1, 1}, ModePolicy::force_protocol);
  run_phase_5(s.w);
  EXPECT_NEAR(s.w.helpers[std::size_t(s.sw)].slots[0].help[DEBT],
              protocol_debt_help(s.w, 1 - s.w.params.block_strength * 0.6, 3), 1e-15);
  // A key below p_active does not block.
  ServiceWorld t = service_world(problems(0.7, 0.1, 0.45, 0.55), {1, 1, 3, 1, 1}, ModePolicy::force_protocol);
  run_phase_5(t.w);
  EXPECT_NEAR(t.w.helpers[std::size_t(t.sw)].slots[0].help[DEBT], protocol_debt_help(t.w, 1.0, 2), 1e-15);
  // The key domain itself is never blocked.
  ServiceWorld u = service_world(problems(0.7, 0.1, 0.6, 0.55), {3, 1, 2, 1, 1}, ModePolicy::force_protocol);
  run_phase_5(u.w);
  EXPECT_NEAR(u.w.helpers[std::size_t(u.sw)].slots[0].help[DEBT], protocol_debt_help(u.w, 1.0, 3), 1e-15);
}

TEST(SubmodelServiceDelivery, AnotherHelperOnTheKeyLiftsTheBlockAndHelpAddsUp) {
  ServiceWorld s = service_world(problems(0.7, 0.1, 0.6, 0.55), {1, 1, 2, 1, 1}, ModePolicy::force_protocol);
  World& w = s.w;
  const Parameters& p = w.params;
  // An everyday doer who knows the key (epsilon = 1) puts most effort on HEALTH.
  const int doer = testing::add_informal(w, HelperType::everyday_doer, false);
  ASSERT_NE(w.helpers[std::size_t(doer)].host, 0);
  testing::TraitValues t;
  t.empathy = 1.0;
  t.drive = 0.9;
  t.commit = 0.3;
  t.competence = {0.5, 0.6, 0.7, 0.8, 0.9};
  testing::set_traits(w, doer, t);
  w.helpers[std::size_t(doer)].exhaustion = 0.1;
  open_informal_case(w, 0, w.helpers[std::size_t(doer)]);
  run_phase_5(w);

  // Pass 1 saw the doer's effort: the worker's help is no longer blocked.
  const double worker_help = protocol_debt_help(w, 1.0, 3);
  EXPECT_NEAR(w.helpers[std::size_t(s.sw)].slots[0].help[DEBT], worker_help, 1e-15);

  // The doer's own help: x ~ p (1 + key_weight [d = HEALTH]) u_ed; the household
  // has SAFETY 0.55, so three active domains.
  const Problems p0 = problems(0.7, 0.1, 0.6, 0.55);
  Problems x{};
  double total = 0;
  for (int d = 0; d < 4; ++d) {
    x[std::size_t(d)] = p0[std::size_t(d)] * (1 + p.key_weight * (d == HEALTH)) * p.u_ed[std::size_t(d)];
    total += x[std::size_t(d)];
  }
  const double fit = (0.5 * 0.7 + 0.6 * 0.1 + 0.7 * 0.6 + 0.8 * 0.55) / (0.7 + 0.1 + 0.6 + 0.55);
  const double m = fit * (1 - p.impro_conflict * (2.0 / 3));
  const double e = dose(p, p.hours_ed, 0.3, 1), q = quality(p, 1.0, 0.9, 0.1);
  const Helper& ed = w.helpers[std::size_t(doer)];
  Problems doer_help{};
  for (int d = 0; d < 4; ++d) {
    doer_help[std::size_t(d)] = -effect(p, e, x[std::size_t(d)] / total, q, m, 1.0, p0[std::size_t(d)]);
    EXPECT_NEAR(ed.slots[0].help[std::size_t(d)], doer_help[std::size_t(d)], 1e-15);
  }
  // Phase 6 adds both helpers' help.
  update_social(w);
  EXPECT_NEAR(w.households.help_delta[0][DEBT], worker_help + doer_help[DEBT], 1e-15);
  for (int d : {WORK, HEALTH, SAFETY})
    EXPECT_NEAR(w.households.help_delta[0][std::size_t(d)], doer_help[std::size_t(d)], 1e-15);
}

TEST(SubmodelServiceDelivery, ModePolicyOverridesTheBendingDecision) {
  const Problems eligible = problems(0.7, 0.6, 0.3, 0.2);
  const struct {
    ModePolicy policy;
    double bend_0;
    Mode expected;
  } cases[] = {{ModePolicy::force_protocol, testing::kCertain, Mode::protocol},
               {ModePolicy::force_improvise, -testing::kCertain, Mode::improvise},
               {ModePolicy::choice, testing::kCertain, Mode::improvise},
               {ModePolicy::choice, -testing::kCertain, Mode::protocol}};
  for (const auto& c : cases) {
    ServiceWorld s = service_world(eligible, {1, 1, 1, 1, 1}, c.policy);
    s.w.params.bend_0 = c.bend_0;
    run_phase_5(s.w);
    ASSERT_TRUE(s.w.households.cases.of(0).exists());
    EXPECT_EQ(s.w.households.cases.of(0).mode, c.expected);
  }
}

TEST(SubmodelServiceDelivery, ChoosingProtocolForAnExcludedHouseholdClosesTheCaseAsARefusal) {
  ServiceWorld s = service_world(problems(0.7, 0.8, 0.3, 0.2), {1, 1, 1, 1, 1}, ModePolicy::choice);
  World& w = s.w;  // WORK 0.8 > 1 - 0.25: excluded at social services
  w.households.trust[0] = 0.5;
  run_phase_5(w);
  EXPECT_FALSE(w.households.cases.of(0).exists());
  EXPECT_TRUE(w.helpers[std::size_t(s.sw)].caseload.empty());
  EXPECT_NEAR(w.households.trust[0], 0.5 * (1 - w.params.trust_refusal), 1e-15);
  EXPECT_EQ(w.households.bounces[0], 1);
  const Tally t = testing::tally_of(w);
  EXPECT_EQ(t.count(Count::refusal_closures), 1);
  EXPECT_EQ(t.count(Count::refusals), 1);
}

TEST(SubmodelServiceDelivery, ModesAreRedecidedOnlyAtReviews) {
  ServiceWorld s = service_world(problems(0.7, 0.6, 0.3, 0.2), {1, 1, 1, 1, 1}, ModePolicy::choice);
  World& w = s.w;
  w.params.review_weeks = 13;
  w.params.bend_0 = testing::kCertain;
  run_phase_5(w);  // week 0: the case opens improvised
  ASSERT_EQ(w.households.cases.of(0).mode, Mode::improvise);
  w.params.bend_0 = -testing::kCertain;
  for (int week = 1; week < 13; ++week) {
    w.week = week;
    run_phase_5(w);
    ASSERT_EQ(w.households.cases.of(0).mode, Mode::improvise) << "week " << week;
  }
  w.week = 13;
  run_phase_5(w);
  EXPECT_EQ(w.households.cases.of(0).mode, Mode::protocol);
}

TEST(SubmodelServiceDelivery, EffectivenessFallsWithExhaustionAndHalvesWithoutFacilities) {
  Parameters p = testing::tiny_parameters(10);
  World w = build_world(p, 1);
  const int doer = testing::add_informal(w, HelperType::everyday_doer, false);
  Helper& h = w.helpers[std::size_t(doer)];
  h.empathy = 0.95;
  h.drive = 0.92;
  h.exhaustion = 0.4;
  w.week = 10;
  const double full = quality(p, 0.95, 0.92, 0.4);
  EXPECT_NEAR(helper_quality(h, p, 10), full, 1e-15);
  h.facility_lost_until = 11;
  EXPECT_NEAR(helper_quality(h, p, 10), 0.5 * full, 1e-15);
  EXPECT_NEAR(helper_quality(h, p, 11), full, 1e-15);
  update_context(w);
  EXPECT_NEAR(h.quality, 0.5 * full, 1e-15);
}

}  // namespace
}  // namespace wijksim
