// Phase 3, help seeking and intake (docs/ODD.md §7): eligibility and
// strictness, seeking at the salient institution,
// the refusal pipeline (trust, bounces, referral, exception), bending at
// intake and frontline outreach.
#include <gtest/gtest.h>

#include <cmath>
#include <tuple>

#include "model/help_effect.h"
#include "support/tiny_world.h"

namespace wijksim {
namespace {

using testing::problems;
using testing::set_problems;

TEST(SubmodelHelpSeeking, EligibilityNeedsTheMandateProblemAndNoOtherAboveOneMinusStrictness) {
  Parameters p = Parameters::defaults();
  p.need_min.fill(0.4);
  p.rule_strictness.fill(0.5);
  auto ok = [&](const Problems& x, int k, bool children = false) {
    return eligible(CaseView{x, children, 0, 0, k}, k, p);
  };
  EXPECT_TRUE(ok(problems(0.4, 0.5, 0.5, 0.5), DEBT));    // both bounds are inclusive
  EXPECT_FALSE(ok(problems(0.39, 0.5, 0.0, 0.0), DEBT));  // not enough need
  EXPECT_FALSE(ok(problems(0.9, 0.51, 0.0, 0.0), DEBT));  // another problem too high
  EXPECT_FALSE(ok(problems(0.9, 0.51, 0.0, 0.0), WORK));
  EXPECT_TRUE(ok(problems(0.5, 0.9, 0.0, 0.0), WORK));  // its own domain may be high
  // Strictness per institution: sigma = 0.25 lets others reach 0.75.
  p.rule_strictness[WORK] = 0.25;
  EXPECT_TRUE(ok(problems(0.75, 0.9, 0.0, 0.0), WORK));
  EXPECT_FALSE(ok(problems(0.76, 0.9, 0.0, 0.0), WORK));
  // sigma = 0 excludes nobody; sigma = 1 excludes any other problem at all.
  p.rule_strictness[HEALTH] = 0.0;
  EXPECT_TRUE(ok(problems(1.0, 1.0, 0.4, 1.0), HEALTH));
  p.rule_strictness[HEALTH] = 1.0;
  EXPECT_FALSE(ok(problems(0.01, 0.0, 0.4, 0.0), HEALTH));
  EXPECT_TRUE(ok(problems(0.0, 0.0, 0.4, 0.0), HEALTH));
  // YOUTH applies only with children: neither as mandate nor as an excluding problem.
  EXPECT_FALSE(ok(problems(0, 0, 0, 0, 0.9), YOUTH, false));
  EXPECT_TRUE(ok(problems(0, 0, 0, 0, 0.9), YOUTH, true));
  EXPECT_TRUE(ok(problems(0.5, 0, 0, 0, 0.9), DEBT, false));
  EXPECT_FALSE(ok(problems(0.5, 0, 0, 0, 0.9), DEBT, true));
  // The review recheck (§11 entry 63) is the exclusion rule alone.
  EXPECT_FALSE(excluded_by_rules(CaseView{problems(0.0, 0.5, 0, 0), false, 0, 0, DEBT}, DEBT, p));
  EXPECT_TRUE(excluded_by_rules(CaseView{problems(0.0, 0.51, 0, 0), false, 0, 0, DEBT}, DEBT, p));
}

World intake_world(std::uint64_t seed = 7) {
  Parameters p = testing::tiny_parameters(10);
  p.need_min.fill(0.4);
  p.rule_strictness.fill(0.5);
  World w = build_world(p, seed);
  testing::clear_households(w, 0.6);
  return w;
}

TEST(SubmodelHelpSeeking, CertainSeekersApplyAtTheirSalientDomainAndEligibleOnesQueue) {
  World w = intake_world();
  w.params.seek_0 = testing::kCertain;
  w.week = 4;
  set_problems(w, 3, problems(0.45, 0.7, 0.5, 0.1));  // salient WORK; eligible there
  set_problems(w, 5, problems(0.39, 0.2, 0.1, 0.0));  // below need_min: does not seek
  set_problems(w, 6, problems(0.3, 0.5, 0.5, 0.0));   // tie WORK/HEALTH goes to WORK
  seek_help_and_intake(w);

  const InstitutionalCase& c = w.households.cases.of(3);
  ASSERT_TRUE(c.queued());
  EXPECT_EQ(c.institution, WORK);
  EXPECT_EQ(c.arrival_week, 4);
  EXPECT_FALSE(c.authorised_exception);
  EXPECT_TRUE(testing::queued_in(w, 3, 0, WORK));
  EXPECT_EQ(w.households.trust[3], 0.6);
  EXPECT_EQ(w.households.bounces[3], 0);
  EXPECT_FALSE(w.households.cases.of(5).exists());
  ASSERT_TRUE(w.households.cases.of(6).queued());
  EXPECT_EQ(w.households.cases.of(6).institution, WORK);
  for (int h : {0, 1, 2, 4, 7, 8, 9}) EXPECT_FALSE(w.households.cases.of(std::size_t(h)).exists());
  EXPECT_EQ(testing::tally_of(w).count(Count::refusals), 0);
}

TEST(SubmodelHelpSeeking, NobodySeeksAtProbabilityZero) {
  World w = intake_world();
  set_problems(w, 3, problems(0.9, 0.2, 0.2, 0.1));
  seek_help_and_intake(w);
  for (int h = 0; h < 10; ++h) EXPECT_FALSE(w.households.cases.of(std::size_t(h)).exists());
}

// P_seek = sigma(seek_0 + seek_p max_d p[d] + seek_trust (tau - 0.5)), drawn per household.
TEST(SubmodelHelpSeeking, TheShareOfSeekersMatchesTheSeekingLogit) {
  Parameters p = testing::tiny_parameters(5000);
  p.seek_0 = -5;
  p.seek_p = 4;
  p.seek_trust = 4;
  World w = build_world(p, 141);
  for (int h = 0; h < 5000; ++h) {
    set_problems(w, h, problems(0.5, 0.0, 0.0, 0.0));  // eligible at social services: a seeker queues
    w.households.trust[std::size_t(h)] = h < 2500 ? 0.75 : 0.25;
  }
  seek_help_and_intake(w);
  double seekers[2] = {0, 0};
  for (int h = 0; h < 5000; ++h) seekers[h < 2500 ? 0 : 1] += w.households.cases.of(std::size_t(h)).queued();
  const double expected[2] = {1 / (1 + std::exp(-(-5 + 4 * 0.5 + 4 * 0.25))),
                              1 / (1 + std::exp(-(-5 + 4 * 0.5 - 4 * 0.25)))};
  for (int g = 0; g < 2; ++g)
    EXPECT_NEAR(seekers[g], 2500 * expected[g], testing::kSigmas * std::sqrt(2500 * expected[g] * (1 - expected[g])))
        << (g == 0 ? "trusting" : "distrusting");
}

// Everyday doers reach their host's ties and ties of ties, and take the one
// with the highest mean load (§7.2; §11 entry 1: never their own host).
TEST(SubmodelHelpSeeking, AnEverydayDoerTakesTheNeediestHouseholdWithinTwoHops) {
  Parameters p = testing::tiny_parameters(20);
  p.outreach_sample = 100;
  p.ed_accompany_weeks = 4;
  World w = build_world(p, 142);
  testing::clear_households(w);
  const int doer = testing::add_informal(w, HelperType::everyday_doer, false);
  const int host = w.helpers[std::size_t(doer)].host;
  auto at = [&](int offset) { return (host + offset + 20) % 20; };
  set_problems(w, host, problems(0.95, 0.95, 0.95, 0.95));   // its own host: never a client
  set_problems(w, at(3), problems(0.9, 0.9, 0.9, 0.9));      // out of reach
  set_problems(w, at(2), problems(0.6, 0.6, 0.2, 0.2));      // two hops: the neediest in reach
  set_problems(w, at(-1), problems(0.7, 0.1, 0.1, 0.1));     // one hop: higher max p, lower mean
  w.week = 1;  // no accompanied application this week
  seek_help_and_intake(w);
  EXPECT_EQ(w.helpers[std::size_t(doer)].caseload, (std::vector<std::int32_t>{at(2)}));
  EXPECT_EQ(w.households.ed_case.of(std::size_t(at(2))).helper, doer);
  EXPECT_EQ(w.households.ed_case.of(std::size_t(at(2))).opened, 1);
  // One client a week, up to the (effective) cap.
  w.week = 2;
  seek_help_and_intake(w);
  EXPECT_EQ(w.helpers[std::size_t(doer)].caseload, (std::vector<std::int32_t>{at(2), at(-1)}));
  w.week = 3;
  seek_help_and_intake(w);
  EXPECT_EQ(w.helpers[std::size_t(doer)].caseload.size(), 2u);  // nobody else in need within reach
}

// Social entrepreneurs take the weak tie with the highest p_WORK u_se[WORK] + p_DEBT u_se[DEBT],
// and every week file an application for the neediest client or weak tie.
TEST(SubmodelHelpSeeking, ASocialEntrepreneurTakesAWorkClientAndBrokersAReferralEveryWeek) {
  Parameters p = testing::tiny_parameters(40);
  p.se_weak_ties = 40;
  World w = build_world(p, 143);
  testing::clear_households(w);
  const int se = testing::add_informal(w, HelperType::social_entrepreneur, false);
  const std::vector<std::int32_t>& weak = w.helpers[std::size_t(se)].weak_ties;
  ASSERT_GE(weak.size(), 3u);
  const int a = weak[0], b = weak[1], c = weak[2];
  set_problems(w, a, problems(0.9, 0.0, 0.0, 0.0));   // score 0.6 * 0.9 = 0.54
  set_problems(w, b, problems(0.0, 0.7, 0.0, 0.0));   // score 0.9 * 0.7 = 0.63: the client
  set_problems(w, c, problems(0.0, 0.0, 0.95, 0.0));  // score 0, but the worst problem
  seek_help_and_intake(w);
  EXPECT_EQ(w.helpers[std::size_t(se)].caseload, (std::vector<std::int32_t>{b}));
  EXPECT_EQ(w.households.se_case.of(std::size_t(b)).helper, se);
  ASSERT_TRUE(w.households.cases.of(std::size_t(c)).queued());
  EXPECT_EQ(w.households.cases.of(std::size_t(c)).institution, HEALTH);
  EXPECT_FALSE(w.households.cases.of(std::size_t(a)).exists());
  w.week = 1;
  seek_help_and_intake(w);
  ASSERT_TRUE(w.households.cases.of(std::size_t(a)).queued());  // next in line: max p 0.9 > 0.7
  EXPECT_EQ(w.households.cases.of(std::size_t(a)).institution, DEBT);
}

TEST(SubmodelHelpSeeking, ARefusalCostsTrustRefusalTimesTrustAndABounce) {
  World w = intake_world();
  w.params.seek_0 = testing::kCertain;
  set_problems(w, 2, problems(0.8, 0.7, 0.0, 0.0));  // at DEBT, WORK 0.7 > 1 - 0.5
  w.households.bounces[2] = 1;
  seek_help_and_intake(w);
  EXPECT_FALSE(w.households.cases.of(2).exists());
  EXPECT_NEAR(w.households.trust[2], 0.6 - w.params.trust_refusal * 0.6, 1e-15);
  EXPECT_EQ(w.households.bounces[2], 2);
  const Tally t = testing::tally_of(w);
  EXPECT_EQ(t.count(Count::refusals), 1);
  EXPECT_EQ(t.count(Count::referrals), 0);
}

TEST(SubmodelHelpSeeking, AReferralGoesToTheNextHighestDomainAndIsCheckedOnce) {
  World w = intake_world();
  w.params.seek_0 = testing::kCertain;
  w.params.refer_base = 1.0;
  w.params.rule_strictness[WORK] = 0.125;  // WORK accepts others up to 0.875
  // Refused at DEBT (others 0.6 > 0.5); next-highest is WORK = HEALTH: the lowest index wins.
  set_problems(w, 1, problems(0.8, 0.6, 0.6, 0.0));
  // Refused at DEBT and again at WORK (DEBT 0.95 > 0.875): one trust loss, two bounces.
  set_problems(w, 4, problems(0.95, 0.7, 0.0, 0.0));
  seek_help_and_intake(w);

  ASSERT_TRUE(w.households.cases.of(1).queued());
  EXPECT_EQ(w.households.cases.of(1).institution, WORK);
  EXPECT_TRUE(testing::queued_in(w, 1, 0, WORK));
  EXPECT_NEAR(w.households.trust[1], 0.6 * (1 - w.params.trust_refusal), 1e-15);
  EXPECT_EQ(w.households.bounces[1], 1);

  EXPECT_FALSE(w.households.cases.of(4).exists());
  EXPECT_NEAR(w.households.trust[4], 0.6 * (1 - w.params.trust_refusal), 1e-15);
  EXPECT_EQ(w.households.bounces[4], 2);
  const Tally t = testing::tally_of(w);
  EXPECT_EQ(t.count(Count::referrals), 2);
  EXPECT_EQ(t.count(Count::refusals), 3);
}

// Two districts of 1,000 households, each household refused at social services
// (DEBT) and eligible at WORK if referred on.
World two_district_intake_world() {
  Parameters p = testing::tiny_parameters(2000);
  p.district_households = 1000;
  p.need_min.fill(0.4);
  p.rule_strictness.fill(0.5);
  p.rule_strictness[WORK] = 0.0;
  p.seek_0 = testing::kCertain;
  World w = build_world(p, 8);
  testing::clear_households(w, 0.6);
  for (int h : {100, 1100}) set_problems(w, h, problems(0.8, 0.6, 0.0, 0.0));
  return w;
}

// P(referral) = refer_base + refer_coord coord_d with the coordination of the
// household's own district.
TEST(SubmodelHelpSeeking, ReferralFollowsTheCoordinationOfTheHouseholdsDistrict) {
  World w = two_district_intake_world();
  ASSERT_EQ(w.districts.size(), 2u);
  w.params.refer_coord = 1.0;
  w.districts[0].coord = 1.0;
  w.districts[1].coord = 0.0;
  seek_help_and_intake(w);
  ASSERT_TRUE(w.households.cases.of(100).queued());
  EXPECT_EQ(w.households.cases.of(100).institution, WORK);
  EXPECT_TRUE(testing::queued_in(w, 100, 0, WORK));
  EXPECT_FALSE(w.households.cases.of(1100).exists());
  EXPECT_EQ(testing::tally_of(w).count(Count::referrals), 1);
}

// At social services P(referral) gains bb_in_refer times the inside bridge
// builders' quality per 1,000 households of the household's district.
TEST(SubmodelHelpSeeking, ReferralFromSocialServicesFollowsTheDistrictsInsideBridgeBuilders) {
  World w = two_district_intake_world();
  w.params.bb_in_refer = 0.5;
  w.districts[0].bb_in_density = 0.0;
  w.districts[1].bb_in_density = 2.0;  // 0.5 x 2: a certain referral
  seek_help_and_intake(w);
  EXPECT_FALSE(w.households.cases.of(100).exists());
  ASSERT_TRUE(w.households.cases.of(1100).queued());
  EXPECT_EQ(w.households.cases.of(1100).institution, WORK);
  EXPECT_TRUE(testing::queued_in(w, 1100, 1, WORK));
  EXPECT_EQ(testing::tally_of(w).count(Count::referrals), 1);
}

// An everyday doer files an application for its client, who is refused; the
// sponsored doer's accompaniment asks for an exception with P = room * exception_factor.
struct AccompaniedCase {
  World w;
  int client = 0;
  int doer = 0;
};

AccompaniedCase accompanied(bool sponsored, double room, double exception_factor) {
  AccompaniedCase a{intake_world(), 0, 0};
  World& w = a.w;
  w.params.room.fill(room);
  w.params.exception_factor = exception_factor;
  apply_levers(w);
  a.doer = testing::add_informal(w, HelperType::everyday_doer, sponsored);
  a.client = w.helpers[std::size_t(a.doer)].host == 0 ? 1 : 0;
  set_problems(w, a.client, problems(0.8, 0.7, 0.0, 0.0));  // refused at DEBT
  open_informal_case(w, a.client, w.helpers[std::size_t(a.doer)]);
  return a;
}

TEST(SubmodelHelpSeeking, AnAccompaniedSponsoredApplicationWithRoomOneGetsAnException) {
  AccompaniedCase a = accompanied(true, 1.0, 1.0);
  seek_help_and_intake(a.w);
  const InstitutionalCase& c = a.w.households.cases.of(std::size_t(a.client));
  ASSERT_TRUE(c.queued());
  EXPECT_EQ(c.institution, DEBT);  // at the original institution
  EXPECT_TRUE(c.authorised_exception);
  EXPECT_TRUE(testing::queued_in(a.w, a.client, 0, DEBT));
  // The refusal itself still cost trust and a bounce.
  EXPECT_NEAR(a.w.households.trust[std::size_t(a.client)], 0.6 * (1 - a.w.params.trust_refusal), 1e-15);
  EXPECT_EQ(a.w.households.bounces[std::size_t(a.client)], 1);
  EXPECT_EQ(testing::tally_of(a.w).count(Count::exceptions_granted), 1);
}

TEST(SubmodelHelpSeeking, NoExceptionWithoutRoomFactorOrSponsor) {
  for (auto [sponsored, room, factor] : {std::tuple{true, 1.0, 0.0}, std::tuple{true, 0.0, 1.0},
                                         std::tuple{false, 1.0, 1.0}}) {
    AccompaniedCase a = accompanied(sponsored, room, factor);
    seek_help_and_intake(a.w);
    EXPECT_FALSE(a.w.households.cases.of(std::size_t(a.client)).exists());
    EXPECT_EQ(a.w.households.bounces[std::size_t(a.client)], 1);  // but it did apply
    EXPECT_EQ(testing::tally_of(a.w).count(Count::exceptions_granted), 0);
  }
}

TEST(SubmodelHelpSeeking, AnEverydayDoerFilesOnlyEveryEdAccompanyWeeks) {
  AccompaniedCase a = accompanied(true, 1.0, 1.0);
  a.w.params.ed_accompany_weeks = 4;
  a.w.week = 3;  // the doer started in week 0
  seek_help_and_intake(a.w);
  EXPECT_FALSE(a.w.households.cases.of(std::size_t(a.client)).exists());
  EXPECT_EQ(a.w.households.bounces[std::size_t(a.client)], 0);
  a.w.week = 4;
  seek_help_and_intake(a.w);
  EXPECT_TRUE(a.w.households.cases.of(std::size_t(a.client)).queued());
}

TEST(SubmodelHelpSeeking, AnAuthorisedExceptionIsEligibleUnderProtocol) {
  AccompaniedCase a = accompanied(true, 1.0, 1.0);
  a.w.params.mode_policy = ModePolicy::force_protocol;
  seek_help_and_intake(a.w);
  assign_queued_cases(a.w);
  update_context(a.w);
  deliver_services(a.w);
  const InstitutionalCase& c = a.w.households.cases.of(std::size_t(a.client));
  ASSERT_TRUE(c.exists());
  EXPECT_EQ(c.helper, testing::worker(a.w, 0, DEBT));
  EXPECT_EQ(c.mode, Mode::protocol);
  EXPECT_EQ(testing::tally_of(a.w).count(Count::refusal_closures), 0);
}

TEST(SubmodelHelpSeeking, ARefusedHouseholdCanBeTakenByABendingWorkerAtIntake) {
  World w = intake_world();
  w.params.seek_0 = testing::kCertain;
  w.params.bend_0 = testing::kCertain;
  w.params.room.fill(0.3);
  apply_levers(w);
  set_problems(w, 2, problems(0.8, 0.7, 0.0, 0.0));
  seek_help_and_intake(w);
  const InstitutionalCase& c = w.households.cases.of(2);
  ASSERT_TRUE(c.exists());
  EXPECT_EQ(c.helper, testing::worker(w, 0, DEBT));
  EXPECT_EQ(c.mode, Mode::improvise);
  EXPECT_EQ(c.opened, 0);
  EXPECT_EQ(w.households.trust[2], 0.6);  // taken, not refused
  EXPECT_EQ(w.households.bounces[2], 0);
  // mu = mu_elig = (0.7 - (1 - 0.5)) / 0.5 = 0.4 > room 0.3: out of bounds.
  EXPECT_NEAR(c.bend_magnitude, 0.4, 1e-12);
  const Tally t = testing::tally_of(w);
  EXPECT_EQ(t.count(Count::bends_out_of_bounds), 1);
  EXPECT_EQ(t.count(Count::bends_within_room), 0);
  EXPECT_EQ(t.count(Count::refusals), 0);
  // Under force_protocol nobody bends at intake.
  World v = intake_world();
  v.params.seek_0 = testing::kCertain;
  v.params.bend_0 = testing::kCertain;
  v.params.mode_policy = ModePolicy::force_protocol;
  set_problems(v, 2, problems(0.8, 0.7, 0.0, 0.0));
  seek_help_and_intake(v);
  EXPECT_FALSE(v.households.cases.of(2).exists());
  EXPECT_EQ(v.households.bounces[2], 1);
}

TEST(SubmodelHelpSeeking, FrontlineOutreachTakesTheNeediestHouseholdForTheLowestId) {
  Parameters p = testing::tiny_parameters(10);
  p.staff_pool = StaffPool::best_persons_only;  // every caseworker a frontline worker
  p.outreach_sample = 100;
  p.need_min.fill(0.4);
  p.rule_strictness.fill(0.5);
  p.mode_policy = ModePolicy::force_protocol;
  World w = build_world(p, 9);
  testing::clear_households(w, 0.6);
  set_problems(w, 7, problems(0.0, 0.7, 0.6, 0.0));  // neediest; not eligible at social services
  set_problems(w, 8, problems(0.0, 0.45, 0.0, 0.0));
  for (const Helper& h : w.helpers) ASSERT_EQ(h.type, HelperType::frontline_worker);
  seek_help_and_intake(w);
  // All five frontline workers pick household 7, the neediest in every sample:
  // the lowest id (social services) gets it and the others take nothing this week.
  const InstitutionalCase& c = w.households.cases.of(7);
  ASSERT_TRUE(c.exists());
  EXPECT_EQ(c.helper, testing::worker(w, 0, kSocialServices));
  EXPECT_EQ(c.institution, kSocialServices);
  EXPECT_TRUE(c.from_outreach);
  EXPECT_FALSE(w.households.cases.of(8).exists());
  int holding = 0;
  for (const Helper& h : w.helpers) holding += int(h.caseload.size());
  EXPECT_EQ(holding, 1);

  // Protocol on an ineligible outreach case closes it, without a trust penalty.
  update_context(w);
  deliver_services(w);
  EXPECT_FALSE(w.households.cases.of(7).exists());
  EXPECT_EQ(w.households.trust[7], 0.6);
  EXPECT_EQ(w.households.bounces[7], 0);
  EXPECT_TRUE(w.helpers[std::size_t(testing::worker(w, 0, kSocialServices))].caseload.empty());
  const Tally t = testing::tally_of(w);
  EXPECT_EQ(t.count(Count::refusal_closures), 1);
  EXPECT_EQ(t.count(Count::refusals), 0);
}

// A frontline worker reaches out to the households of its own district: each
// district's social-services worker takes its own district's neediest
// household, though the other district's is needier.
TEST(SubmodelHelpSeeking, FrontlineOutreachStaysInTheWorkersDistrict) {
  Parameters p = testing::tiny_parameters(2000, 2);  // one worker per team in each of two districts
  p.district_households = 1000;
  p.staff_pool = StaffPool::best_persons_only;
  p.outreach_sample = 20000;  // every household of the district in the sample
  p.need_min.fill(0.4);
  p.rule_strictness.fill(0.5);
  p.mode_policy = ModePolicy::force_protocol;
  World w = build_world(p, 10);
  ASSERT_EQ(w.districts.size(), 2u);
  ASSERT_EQ(w.team(1, kSocialServices).members.size(), 1u);
  testing::clear_households(w, 0.6);
  set_problems(w, 7, problems(0.0, 0.7, 0.6, 0.0));
  set_problems(w, 1500, problems(0.0, 0.45, 0.0, 0.0));
  for (const Helper& h : w.helpers) ASSERT_EQ(h.type, HelperType::frontline_worker);
  seek_help_and_intake(w);
  EXPECT_EQ(w.households.cases.of(7).helper, testing::worker(w, 0, kSocialServices));
  EXPECT_EQ(w.households.cases.of(1500).helper, testing::worker(w, 1, kSocialServices));
  int holding = 0;
  for (const Helper& h : w.helpers) holding += int(h.caseload.size());
  EXPECT_EQ(holding, 2);
}

}  // namespace
}  // namespace wijksim
