// Rule bending (docs/ODD.md §7): the
// magnitude mu, the expected gain G, the bending logit, and incidents with
// their sanctions and consequences for workers and informal Best Persons.
#include <gtest/gtest.h>

#include "model/household_view.h"
#include "model/rule_bending.h"
#include "support/tiny_world.h"

namespace wijksim {
namespace {

using testing::problems;
using testing::set_problems;

TEST(SubmodelRuleBending, MagnitudeIsTheLargerOfEligibilityAndScopeBending) {
  Parameters p = Parameters::defaults();
  p.rule_strictness.fill(0.5);
  const Problems x = problems(0.8, 0.7, 0.2, 0.1);
  const Problems effort = problems(0.3, 0.3, 0.2, 0.2);
  const CaseView c{x, false, 0, 0, DEBT};
  // mu_elig = (0.7 - (1 - 0.5)) / 0.5 = 0.4; mu_scope = 0.5 (1 - 0.3) = 0.35.
  EXPECT_NEAR(bend_magnitude(c, effort, false, p), 0.4, 1e-12);
  // An authorised exception drops mu_elig; mu_scope remains.
  EXPECT_NEAR(bend_magnitude(c, effort, true, p), 0.35, 1e-12);
  // mu_elig is clamped to 1.
  const Problems y = problems(0.8, 1.0, 0.2, 0.1);
  EXPECT_NEAR(bend_magnitude(CaseView{y, false, 0, 0, DEBT}, problems(1, 0, 0, 0), false, p), 1.0, 1e-12);
  // All effort on the mandate and no exclusion: no bending at all.
  const Problems z = problems(0.8, 0.3, 0.2, 0.1);
  EXPECT_EQ(bend_magnitude(CaseView{z, false, 0, 0, DEBT}, problems(1, 0, 0, 0), false, p), 0.0);
  // sigma = 0: neither part can be positive.
  p.rule_strictness[DEBT] = 0.0;
  EXPECT_EQ(bend_magnitude(c, effort, false, p), 0.0);
}

TEST(SubmodelRuleBending, EffectiveBackingNeedsContact) {
  Parameters p = testing::tiny_parameters(10);
  p.backing.fill(0.5);
  p.contact_ref = 0.25;
  p.contact_freq = {0.1, 0.25, 1.0, 0.0, 0.05};
  World w = build_world(p, 1);
  const double expected[] = {0.5 * (0.5 + 0.5 * 0.4), 0.5, 0.5, 0.25, 0.5 * (0.5 + 0.5 * 0.2)};
  for (int k = 0; k < kInstitutions; ++k)
    EXPECT_NEAR(w.team(0, k).backing_effective, expected[k], 1e-15) << kInstitutionNames[std::size_t(k)];
}

TEST(SubmodelRuleBending, BendingProbabilityFollowsTheLogit) {
  Parameters p = Parameters::defaults();  // bend_0 -12.5, noncon 4, drive 8 (§11 entry 30)
  Helper h;
  h.noncon = 0.6;
  h.drive = 0.7;
  h.sanction_memory = 0.5;
  h.exhaustion = 0.3;
  Team t;
  t.room = 0.3;
  t.backing_effective = 0.35;
  const double logit = -12.5 + 4 * 0.6 + 4 * 0.6 + 8 * 0.7 + 1.5 * 0.3 + 1.5 * 0.35 - 3 * 0.5 - 2 * 0.3 -
                       3 * (0.5 - 0.3);
  EXPECT_NEAR(bend_probability(h, t, 0.6, 0.5, p), 1 / (1 + std::exp(-logit)), 1e-15);
  // Bending within room carries no out-of-bounds penalty.
  const double within = logit + 3 * (0.5 - 0.3);
  EXPECT_NEAR(bend_probability(h, t, 0.6, 0.2, p), 1 / (1 + std::exp(-within)), 1e-15);
  EXPECT_EQ(decide_mode(ModePolicy::choice, 0.3, 0.29), Mode::improvise);
  EXPECT_EQ(decide_mode(ModePolicy::choice, 0.3, 0.3), Mode::protocol);
  EXPECT_EQ(decide_mode(ModePolicy::force_protocol, 1.0, 0.0), Mode::protocol);
  EXPECT_EQ(decide_mode(ModePolicy::force_improvise, 0.0, 0.99), Mode::improvise);
}

// G = (1/D_h) sum_d (|dp_improvise[d]| - |dp_protocol[d]|) for this helper
// alone, with its key guess in place of the hidden key (§11 entries 8, 54).
TEST(SubmodelRuleBending, ExpectedGainComparesTheHelpersOwnImprovisationWithProtocol) {
  Parameters p = testing::tiny_parameters(10);
  p.rule_strictness.fill(0.5);
  p.protocol_source.fill(ProtocolSource::local);  // F_proto = 1
  World w = build_world(p, 4);
  testing::clear_households(w);
  const int id = testing::worker(w, 0, DEBT);
  testing::TraitValues t;
  t.empathy = 0.8;
  t.drive = 0.7;
  t.commit = 0.5;
  t.competence = {0.9, 0.8, 1.0, 0.7, 0.5};
  testing::set_traits(w, id, t);
  Helper& h = w.helpers[std::size_t(id)];
  h.exhaustion = 0.2;
  w.districts[0].coord = 0.2;
  const Problems x = problems(0.7, 0.6, 0.55, 0.2);
  const CaseView c{x, false, 0, 0, DEBT};

  const double e = std::min(1.0, p.hours_sw * (1 + 0.5 * p.overwork_max) * p.direct_share / p.dose_hours);
  const double q = (0.6 + 0.4 * 0.8) * (0.6 + 0.4 * 0.7) * (1 - p.exh_penalty * 0.2);
  // Improvising on the guess HEALTH: x ~ p (1 + [d = HEALTH]); HEALTH addressed, no block.
  const double weights[4] = {0.7, 0.6, 1.1, 0.2};
  const double fit = (0.9 * 0.7 + 0.8 * 0.6 + 1.0 * 0.55 + 0.7 * 0.2) / (0.7 + 0.6 + 0.55 + 0.2);
  const double m_impro = fit * (1 - p.impro_conflict * 2.0 / 3);
  double improve = 0;
  for (int d = 0; d < 4; ++d) improve += p.help_eta * e * (weights[d] / 2.6) * q * m_impro * x[std::size_t(d)];
  // Protocol on DEBT leaves the guessed key (active) unaddressed: B[DEBT] = 1 - 0.7 * 0.55.
  const double m_proto = 1.0 * (1 - p.conflict_penalty * (1 - 0.2) * 2.0 / 3);
  const double protocol = p.help_eta * e * q * m_proto * (1 - p.block_strength * 0.55) * 0.7;
  const double gain = (improve - protocol) / 4;
  ASSERT_GT(gain, 0);

  const BendAssessment a = assess_bend(w, h, c, HEALTH, true, false, 1);
  EXPECT_NEAR(a.gain_normalised, gain / (gain + p.gain_half), 1e-12);
  // Ineligible for protocol: dp_protocol = 0.
  const BendAssessment b = assess_bend(w, h, c, HEALTH, false, false, 1);
  EXPECT_NEAR(b.gain_normalised, (improve / 4) / (improve / 4 + p.gain_half), 1e-12);
  // mu = max((0.6 - 0.5) / 0.5, 0.5 (1 - 0.7 / 2.6)).
  EXPECT_NEAR(a.magnitude, std::max(0.2, 0.5 * (1 - 0.7 / 2.6)), 1e-12);
  // A protocol that beats improvisation gives G_n = 0.
  w.households.lev[0] = {1, 1, 1, 1, 1};
  h.competence = {0.05, 0.05, 0.05, 0.05, 0.05};
  EXPECT_EQ(assess_bend(w, h, c, DEBT, true, false, 1).gain_normalised, 0.0);
}

// A caseworker improvising a case of household 0 that stays inside the rules
// (sigma 0.25: others up to 0.75) but puts effort outside the mandate, on
// WORK, the other active problem: mu = mu_scope = 0.25 (1 - x[DEBT]) =
// 0.25 (1 - 1.4 / 2.0) = 0.075.
struct BendWorld {
  World w;
  int sw = 0;
};

BendWorld bend_world(double strictness, double room, double backing) {
  Parameters p = testing::tiny_parameters(10);
  p.mode_policy = ModePolicy::force_improvise;
  p.rule_strictness.fill(strictness);
  p.room.fill(room);
  p.backing.fill(backing);
  p.contact_freq.fill(1.0);  // b_eff = backing
  p.inc_rate = 10;           // inc_rate mu >= 1: an incident is certain
  p.trust_social = p.trust_drift = p.trust_help = p.emp_trust = 0;
  BendWorld b{build_world(p, 21), 0};
  testing::clear_households(b.w, 0.5);
  b.sw = testing::worker(b.w, 0, DEBT);
  testing::TraitValues t;
  t.empathy = 0.0;  // the key guess is the salient domain, DEBT
  testing::set_traits(b.w, b.sw, t);
  b.w.helpers[std::size_t(b.sw)].exhaustion = 0.2;
  set_problems(b.w, 0, problems(0.7, 0.6, 0.3, 0.2));
  testing::give_case(b.w, 0, DEBT, b.sw);
  return b;
}

TEST(SubmodelRuleBending, ASanctionWithoutBackingBeyondRoomHitsWorkerCaseAndHousehold) {
  BendWorld b = bend_world(0.25, 0.0, 0.0);
  World& w = b.w;
  Parameters& p = w.params;
  p.sanc_out = 1.0;  // P = sanc_out (1 - backing_out b_eff) = 1
  p.dismiss_p = 1.0;
  p.harm_p = 1.0;
  update_context(w);
  deliver_services(w);

  const Helper& h = w.helpers[std::size_t(b.sw)];
  InstitutionalCase& c = w.households.cases.held(0);
  EXPECT_NEAR(c.bend_magnitude, 0.25 * (1 - 1.4 / 2.0), 1e-12);
  EXPECT_EQ(c.mode, Mode::protocol);  // reverted: the household is not excluded
  EXPECT_NEAR(h.exhaustion, 0.2 + p.exh_sanction, 1e-15);
  EXPECT_NEAR(h.sanction_memory, 1.0, 1e-15);
  EXPECT_TRUE(h.dismissed);
  EXPECT_NEAR(h.risk, 1.0, 1e-15);  // its one case improvised beyond room
  Tally t = testing::tally_of(w);
  EXPECT_EQ(t.count(Count::bends_out_of_bounds), 1);
  EXPECT_EQ(t.count(Count::bend_incidents), 1);
  EXPECT_EQ(t.count(Count::sanctions), 1);
  EXPECT_EQ(t.count(Count::backed_incidents), 0);
  EXPECT_EQ(t.count(Count::dismissals), 1);
  EXPECT_EQ(t.count(Count::harms), 1);

  // Harm is applied in phase 6: trust -= harm_trust tau now, p[d_k] += harm_dp next week.
  update_social(w);
  EXPECT_NEAR(w.households.trust[0], 0.5 * (1 - p.harm_trust), 1e-15);
  EXPECT_NEAR(w.households.ext_delta.of(0)[DEBT], p.harm_dp, 1e-15);
  // The dismissal takes effect in phase 7: the worker leaves, the case goes
  // back to the queue with a handover, and the position becomes a vacancy.
  manage_and_burn_out(w);
  EXPECT_EQ(h.status, HelperStatus::exited);
  EXPECT_TRUE(h.caseload.empty());
  EXPECT_TRUE(c.queued());
  EXPECT_TRUE(testing::queued_in(w, 0, 0, DEBT));
  EXPECT_NEAR(w.households.trust[0], 0.5 * (1 - p.harm_trust) * (1 - p.trust_handover), 1e-15);
  EXPECT_TRUE(w.team(0, DEBT).members.empty());
  ASSERT_EQ(w.vacancies.size(), 1u);
  EXPECT_EQ(w.vacancies[0].team, w.team_index(0, DEBT));
}

TEST(SubmodelRuleBending, ASanctionedCaseOfAnExcludedHouseholdClosesAsARefusal) {
  BendWorld b = bend_world(0.5, 0.0, 0.0);  // WORK 0.6 > 1 - 0.5
  b.w.params.sanc_out = 1.0;
  b.w.params.dismiss_p = 0.0;
  update_context(b.w);
  deliver_services(b.w);
  EXPECT_FALSE(b.w.households.cases.of(0).exists());
  EXPECT_TRUE(b.w.helpers[std::size_t(b.sw)].caseload.empty());
  EXPECT_FALSE(b.w.helpers[std::size_t(b.sw)].dismissed);
  EXPECT_EQ(b.w.households.bounces[0], 1);
  EXPECT_EQ(testing::tally_of(b.w).count(Count::refusal_closures), 1);
}

TEST(SubmodelRuleBending, FullBackingWithinRoomTurnsAnIncidentIntoABackedOne) {
  BendWorld b = bend_world(0.25, 1.0, 1.0);  // mu 0.11 <= r = 1; b_eff = 1
  b.w.params.sanc_in = 1.0;                  // P = sanc_in (1 - b_eff) = 0
  b.w.params.harm_p = 1.0;
  update_context(b.w);
  deliver_services(b.w);
  const Helper& h = b.w.helpers[std::size_t(b.sw)];
  EXPECT_EQ(b.w.households.cases.of(0).mode, Mode::improvise);
  EXPECT_NEAR(h.exhaustion, 0.2 + b.w.params.exh_incident, 1e-15);
  EXPECT_EQ(h.sanction_memory, 0.0);
  EXPECT_EQ(h.risk, 0.0);
  const Tally t = testing::tally_of(b.w);
  EXPECT_EQ(t.count(Count::bends_within_room), 1);
  EXPECT_EQ(t.count(Count::bend_incidents), 1);
  EXPECT_EQ(t.count(Count::backed_incidents), 1);
  EXPECT_EQ(t.count(Count::sanctions), 0);
  EXPECT_EQ(t.count(Count::harms), 0);
}

TEST(SubmodelRuleBending, RoomDecidesWhetherSancInOrSancOutAppliesAndBackingOutProtects) {
  for (double room : {1.0, 0.0}) {
    BendWorld b = bend_world(0.25, room, 0.0);
    b.w.params.sanc_in = 1.0;
    b.w.params.sanc_out = 0.0;
    update_context(b.w);
    deliver_services(b.w);
    EXPECT_EQ(testing::tally_of(b.w).count(Count::sanctions), room == 1.0 ? 1 : 0) << "room " << room;
  }
  // Beyond room, backing protects by backing_out: P = sanc_out (1 - backing_out b_eff).
  for (double backing_out : {1.0, 0.0}) {
    BendWorld b = bend_world(0.25, 0.0, 1.0);
    b.w.params.sanc_out = 1.0;
    b.w.params.backing_out = backing_out;
    update_context(b.w);
    deliver_services(b.w);
    const Tally t = testing::tally_of(b.w);
    EXPECT_EQ(t.count(Count::sanctions), backing_out == 1.0 ? 0 : 1) << "backing_out " << backing_out;
    EXPECT_EQ(t.count(Count::backed_incidents), backing_out == 1.0 ? 1 : 0);
  }
  // No incidents at all while the case follows the protocol.
  BendWorld b = bend_world(0.25, 0.0, 0.0);
  b.w.params.mode_policy = ModePolicy::force_protocol;
  b.w.params.sanc_out = 1.0;
  update_context(b.w);
  deliver_services(b.w);
  EXPECT_EQ(testing::tally_of(b.w).count(Count::bend_incidents), 0);
}

// Informal Best Persons work outside the lines with mu_out = mu_out_k nu while
// they have clients; unsponsored ones face sanc_out whatever the levers.
struct InformalWorld {
  World w;
  int doer = 0;
  int client = 0;
};

InformalWorld informal_world(bool sponsored, bool with_client) {
  Parameters p = testing::tiny_parameters(10);
  p.room.fill(1.0);
  p.backing.fill(1.0);
  p.contact_freq.fill(1.0);
  p.inc_rate = 10;
  p.sanc_in = 1.0;
  p.sanc_out = 1.0;
  p.harm_p = 1.0;
  p.trust_social = p.trust_drift = p.trust_help = p.emp_trust = 0;
  InformalWorld s{build_world(p, 8), 0, 0};
  testing::clear_households(s.w, 0.5);
  s.doer = testing::add_informal(s.w, HelperType::everyday_doer, sponsored);
  testing::TraitValues t;
  t.empathy = 0.0;
  t.noncon = 0.6;  // mu_out = 0.5 * 0.6 = 0.3
  testing::set_traits(s.w, s.doer, t);
  s.w.helpers[std::size_t(s.doer)].exhaustion = 0.2;
  s.client = s.w.helpers[std::size_t(s.doer)].host == 0 ? 1 : 0;
  set_problems(s.w, s.client, problems(0.2, 0.7, 0.1, 0.0));  // key guess: WORK
  if (with_client) open_informal_case(s.w, s.client, s.w.helpers[std::size_t(s.doer)]);
  return s;
}

TEST(SubmodelRuleBending, AnUnsponsoredInformalBestPersonIsSanctionedWithSancOut) {
  InformalWorld s = informal_world(false, true);
  World& w = s.w;
  w.week = 5;
  w.helpers[std::size_t(s.doer)].active_since = 5;
  w.households.ed_case.held(std::size_t(s.client)).opened = 5;
  update_context(w);
  deliver_services(w);
  const Helper& h = w.helpers[std::size_t(s.doer)];
  EXPECT_NEAR(h.exposure, w.params.mu_out_k * 0.6, 1e-15);
  EXPECT_NEAR(h.risk, w.params.informal_risk_w, 1e-15);  // beyond r = 0
  EXPECT_EQ(h.facility_lost_until, 5 + w.params.facility_loss_weeks);
  EXPECT_NEAR(h.exhaustion, 0.2 + w.params.exh_sanction, 1e-15);
  EXPECT_NEAR(h.sanction_memory, 1.0, 1e-15);
  EXPECT_FALSE(h.dismissed);  // informal helpers are not dismissed
  EXPECT_EQ(testing::tally_of(w).count(Count::sanctions), 1);
  update_social(w);
  EXPECT_NEAR(w.households.ext_delta.of(s.client)[WORK], w.params.harm_dp, 1e-15);
  EXPECT_NEAR(w.households.trust[std::size_t(s.client)], 0.5 * (1 - w.params.harm_trust), 1e-15);
}

TEST(SubmodelRuleBending, ASponsoredInformalBestPersonIsBackedBySocialServices) {
  InformalWorld s = informal_world(true, true);
  update_context(s.w);
  deliver_services(s.w);
  const Helper& h = s.w.helpers[std::size_t(s.doer)];
  EXPECT_EQ(h.facility_lost_until, kNone);
  EXPECT_EQ(h.risk, 0.0);
  const Tally t = testing::tally_of(s.w);
  EXPECT_EQ(t.count(Count::backed_incidents), 1);
  EXPECT_EQ(t.count(Count::sanctions), 0);
}

TEST(SubmodelRuleBending, AnInformalBestPersonWithoutClientsRunsNoRisk) {
  InformalWorld s = informal_world(false, false);
  update_context(s.w);
  deliver_services(s.w);
  EXPECT_EQ(s.w.helpers[std::size_t(s.doer)].exposure, 0.0);
  EXPECT_EQ(testing::tally_of(s.w).count(Count::bend_incidents), 0);
}

}  // namespace
}  // namespace wijksim
