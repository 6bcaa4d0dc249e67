// Phase 6, household social updates (docs/ODD.md §7): trust and engagement
// against their equations, dialogue and
// coordination by bridge builders, bridging ties only across groups and never
// beyond k_max, and social entrepreneurs' job slots.
#include <gtest/gtest.h>

#include <algorithm>

#include "model/household_view.h"
#include "model/tie_network.h"
#include "support/tiny_world.h"

namespace wijksim {
namespace {

using testing::problems;
using testing::set_problems;

TEST(SubmodelSocialUpdate, TrustAndEngagementFollowTheirEquations) {
  Parameters p = testing::tiny_parameters(10);
  p.trust_help = 2.0;
  p.emp_trust = 0.01;
  p.trust_social = 0.05;
  p.trust_drift = 0.01;
  p.engage_social = 0.03;
  p.engage_drift = 0.01;
  p.engage_problem = 0.05;
  p.ed_engage = 0.02;
  World w = build_world(p, 101);
  testing::clear_households(w, 0.5, 0.5);
  const int fw = testing::worker(w, 0, DEBT), sw = testing::worker(w, 0, WORK);
  w.helpers[std::size_t(fw)].type = HelperType::frontline_worker;
  w.helpers[std::size_t(fw)].empathy = 0.9;
  const int doer = testing::add_informal(w, HelperType::everyday_doer, false);
  w.helpers[std::size_t(doer)].empathy = 0.95;
  const int host = w.helpers[std::size_t(doer)].host;
  ASSERT_NE(host, 0);

  // Household 0: helped by a frontline worker and an everyday doer, improving;
  // household 4: a standard worker's case, improving; household 6: no case, improving.
  for (int h : {0, 4, 6}) set_problems(w, h, problems(0.7, 0.6, 0.5, 0.4));
  testing::give_case(w, 0, DEBT, fw);
  open_informal_case(w, 0, w.helpers[std::size_t(doer)]);
  testing::give_case(w, 4, WORK, sw);
  for (int h : {0, 4, 6}) {
    w.households.pbar_after_dynamics_prev[std::size_t(h)] = 0.60;
    w.households.pbar_after_dynamics[std::size_t(h)] = 0.55;
  }
  const std::vector<double> tau = {0.4, 0.8, 0.3, 0.5, 0.45, 0.7, 0.35, 0.9, 0.2, 0.6};
  const std::vector<double> g = {0.3, 0.5, 0.4, 0.2, 0.6, 0.1, 0.25, 0.8, 0.55, 0.7};
  for (int h = 0; h < 10; ++h) {
    w.households.trust[std::size_t(h)] = tau[std::size_t(h)];
    w.households.engage[std::size_t(h)] = g[std::size_t(h)];
  }
  const Households& hh = w.households;
  auto expected = [&](int h, double empathic, bool helped, bool ed_client) {
    const auto ties = hh.ties_of(h);
    double mt = 0, mg = 0;
    for (std::int32_t j : ties) {
      mt += tau[std::size_t(j)];
      mg += g[std::size_t(j)];
    }
    mt /= double(ties.size());
    mg /= double(ties.size());
    const double t0 = tau[std::size_t(h)], g0 = g[std::size_t(h)];
    double t1 = t0 + p.trust_social * (mt - t0) + p.trust_drift * (p.trust_mean - t0) + p.emp_trust * empathic * (1 - t0);
    if (helped) t1 += p.trust_help * 0.05 * (1 - t0);
    double g1 = g0 + p.engage_social * (mg - g0) + p.engage_drift * (p.engage_mean - g0) -
                p.engage_problem * std::max(0.0, hh.pbar_after_dynamics[std::size_t(h)] - 0.5);
    if (ed_client) g1 += p.ed_engage * (1 - g0);
    return std::pair{std::clamp(t1, 0.0, 1.0), std::clamp(g1, 0.0, 1.0)};
  };
  const auto e0 = expected(0, 0.9 + 0.95, true, true);
  const auto e4 = expected(4, 0.0, true, false);  // standard workers add no empathic trust
  const auto e6 = expected(6, 0.0, false, false);
  const auto e8 = expected(8, 0.0, false, false);
  update_social(w);
  EXPECT_NEAR(hh.trust[0], e0.first, 1e-15);
  EXPECT_NEAR(hh.engage[0], e0.second, 1e-15);
  EXPECT_NEAR(hh.trust[4], e4.first, 1e-15);
  EXPECT_NEAR(hh.engage[4], e4.second, 1e-15);
  EXPECT_NEAR(hh.trust[6], e6.first, 1e-15);
  EXPECT_NEAR(hh.engage[6], e6.second, 1e-15);
  EXPECT_NEAR(hh.trust[8], e8.first, 1e-15);
  EXPECT_NEAR(hh.engage[8], e8.second, 1e-15);
}

TEST(SubmodelSocialUpdate, ALargeImprovementCannotPushTrustAboveOne) {
  Parameters p = testing::tiny_parameters(10);
  p.trust_help = 5.0;
  World w = build_world(p, 102);
  testing::clear_households(w, 0.9);
  testing::give_case(w, 0, DEBT, testing::worker(w, 0, DEBT));
  w.households.pbar_after_dynamics_prev[0] = 0.9;
  w.households.pbar_after_dynamics[0] = 0.1;
  update_social(w);
  EXPECT_EQ(w.households.trust[0], 1.0);
}

// Everything but the bridge builders' own effects held still.
Parameters still_parameters() {
  Parameters p = testing::tiny_parameters(40);
  p.trust_help = p.emp_trust = p.trust_social = p.trust_drift = 0;
  p.engage_social = p.engage_drift = p.engage_problem = p.ed_engage = 0;
  p.coord_decay = 0;
  p.bb_coord = 0;
  return p;
}

TEST(SubmodelSocialUpdate, ADialogueRaisesTrustAndEngagementByEmpathyAndPlacement) {
  for (HelperType type : {HelperType::bridge_builder_outside, HelperType::bridge_builder_inside}) {
    Parameters p = still_parameters();
    p.bb_contacts = 1;
    p.bb_in_per_1000 = type == HelperType::bridge_builder_inside ? 25 : 0;  // one post for the 40 households
    World w = build_world(p, 103);
    testing::clear_households(w, 0.4, 0.3);
    const int bb = type == HelperType::bridge_builder_inside ? w.bb_in_positions[0]
                                                             : testing::add_informal(w, type, false);
    w.helpers[std::size_t(bb)].empathy = 0.8;
    const double weight = type == HelperType::bridge_builder_inside ? p.bb_in_dialogue_weight : p.bb_out_dialogue_weight;
    update_context(w);
    deliver_services(w);
    update_social(w);
    int changed = 0;
    for (int h = 0; h < 40; ++h) {
      if (w.households.trust[std::size_t(h)] == 0.4) continue;
      ++changed;
      EXPECT_NEAR(w.households.trust[std::size_t(h)], 0.4 + p.bb_trust * 0.8 * weight * 0.6, 1e-15);
      EXPECT_NEAR(w.households.engage[std::size_t(h)], 0.3 + p.bb_engage * 0.8 * weight * 0.7, 1e-15);
    }
    EXPECT_EQ(changed, 1);
  }
}

// The push counts per 1,000 households of the district (here 40 households).
TEST(SubmodelSocialUpdate, BridgeBuildersPushCoordinationPerThousandHouseholdsWhichDecays) {
  Parameters p = still_parameters();
  p.bb_in_per_1000 = 25;
  p.bb_coord = 0.002;
  p.coord_decay = 0.02;
  World w = build_world(p, 104);
  const int in = w.bb_in_positions[0];
  const int out = testing::add_informal(w, HelperType::bridge_builder_outside, false);
  w.districts[0].coord = 0.3;
  update_context(w);
  const double q_in = helper_quality(w.helpers[std::size_t(in)], p, 0);
  const double q_out = helper_quality(w.helpers[std::size_t(out)], p, 0);
  deliver_services(w);
  update_social(w);
  const double push = p.bb_coord * (q_in * p.bb_in_coord_weight + q_out * p.bb_out_coord_weight) / (40 / 1000.0);
  ASSERT_LT(push, 0.5);  // well inside [0, 1]: no clamping hides the rule
  EXPECT_NEAR(w.districts[0].coord, 0.3 + push * 0.7 - p.coord_decay * 0.3, 1e-15);
  // Without bridge builders it only decays.
  w.helpers[std::size_t(in)].status = HelperStatus::exited;
  w.helpers[std::size_t(out)].status = HelperStatus::exited;
  const double before = w.districts[0].coord;
  deliver_services(w);
  update_social(w);
  EXPECT_NEAR(w.districts[0].coord, before * (1 - p.coord_decay), 1e-15);
}

// A district's coordination moves only by the pushes of its own bridge builders.
TEST(SubmodelSocialUpdate, CoordinationMovesOnlyInTheBridgeBuildersDistrict) {
  Parameters p = testing::tiny_parameters(2000);
  p.trust_help = p.emp_trust = p.trust_social = p.trust_drift = 0;
  p.engage_social = p.engage_drift = p.engage_problem = p.ed_engage = 0;
  p.district_households = 1000;
  p.bb_in_per_1000 = 1.0;  // one post per district
  p.bb_coord = 0.05;
  p.coord_decay = 0;
  World w = build_world(p, 105);
  ASSERT_EQ(w.districts.size(), 2u);
  const int first = w.bb_in_positions[0];
  w.helpers[std::size_t(w.bb_in_positions[1])].status = HelperStatus::exited;
  w.districts[0].coord = w.districts[1].coord = 0.3;
  update_context(w);
  const double q = helper_quality(w.helpers[std::size_t(first)], p, 0);
  deliver_services(w);
  update_social(w);
  const double push = p.bb_coord * q * p.bb_in_coord_weight / (1000 / 1000.0);
  EXPECT_NEAR(w.districts[0].coord, 0.3 + push * 0.7, 1e-15);
  EXPECT_EQ(w.districts[1].coord, 0.3);
}

void expect_valid_ties(const Households& hh) {
  for (int h = 0; h < hh.count; ++h) {
    const auto ties = hh.ties_of(h);
    ASSERT_LE(int(ties.size()), hh.ties.k_max());
    std::vector<std::int32_t> sorted(ties.begin(), ties.end());
    std::sort(sorted.begin(), sorted.end());
    ASSERT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << "duplicate tie of " << h;
    for (std::size_t s = 0; s < ties.size(); ++s) {
      const std::int32_t j = ties[s];
      ASSERT_NE(j, h);
      ASSERT_TRUE(tied(hh, j, h)) << "tie " << h << "-" << j << " is one-sided";
      if (hh.ties.is_bridge(h, int(s))) {
        ASSERT_NE(hh.group[std::size_t(h)], hh.group[std::size_t(j)]) << "bridging tie " << h << "-" << j;
      }
    }
  }
}

TEST(SubmodelSocialUpdate, BridgingTiesOnlyJoinGroupsAndNeverExceedKMax) {
  Parameters p = still_parameters();
  p.bb_contacts = 100;
  p.bridge_p = 1.0;  // with dialogue weight 1 outside: every cross-group pair is tied if there is room
  World w = build_world(p, 105);
  const int bb = testing::add_informal(w, HelperType::bridge_builder_outside, false);
  ASSERT_EQ(p.bb_out_dialogue_weight, 1.0);
  int groups[2] = {0, 0};
  for (int h = 0; h < 40; ++h) ++groups[w.households.group[std::size_t(h)]];
  ASSERT_GT(groups[0], p.k_max);  // enough partners to fill anyone's list
  ASSERT_GT(groups[1], p.k_max);
  int bridges = 0;
  for (int week = 0; week < 30; ++week) {
    w.week = week;
    deliver_services(w);
    update_social(w);
    expect_valid_ties(w.households);
    if (::testing::Test::HasFatalFailure()) return;
  }
  int full = 0;
  for (int h = 0; h < 40; ++h) {
    full += w.households.ties.degree(h) == p.k_max;
    for (int s = 0; s < w.households.ties.degree(h); ++s) bridges += w.households.ties.is_bridge(h, s);
  }
  EXPECT_GT(bridges / 2, 100);  // ties were added ...
  EXPECT_GT(full, 10);          // ... up to the cap
  EXPECT_EQ(w.helpers[std::size_t(bb)].type, HelperType::bridge_builder_outside);
}

TEST(SubmodelSocialUpdate, ASocialEntrepreneurGivesAJobToTheWeakTieWithTheHighestWorkProblem) {
  Parameters p = still_parameters();
  p.se_job_rate = 1.0;
  p.se_weak_ties = 40;
  World w = build_world(p, 106);
  testing::clear_households(w, 0.5);
  const int se = testing::add_informal(w, HelperType::social_entrepreneur, false);
  const std::vector<std::int32_t>& weak = w.helpers[std::size_t(se)].weak_ties;
  ASSERT_GE(weak.size(), 3u);
  const int a = weak[0], b = weak[1], c = weak[2];
  set_problems(w, a, problems(0.3, 0.6, 0.0, 0.0));
  set_problems(w, b, problems(0.3, 0.8, 0.0, 0.0));
  set_problems(w, c, problems(0.3, 0.45, 0.0, 0.0));  // below p_active: never offered a job
  w.week = 2;
  deliver_services(w);
  update_social(w);
  EXPECT_EQ(w.households.job_until[std::size_t(b)], 2 + p.se_job_weeks);
  EXPECT_NEAR(w.households.ext_delta.of(b)[WORK], -p.se_job_dwork, 1e-15);
  EXPECT_NEAR(w.households.ext_delta.of(b)[DEBT], -p.se_job_ddebt, 1e-15);
  EXPECT_NEAR(w.households.trust[std::size_t(b)], 0.5 + p.se_job_trust, 1e-15);
  EXPECT_EQ(w.households.job_until[std::size_t(a)], kNone);
  EXPECT_EQ(testing::tally_of(w).count(Count::job_slots), 1);
  // Next week the one who has a job is passed over.
  w.week = 3;
  deliver_services(w);
  update_social(w);
  EXPECT_EQ(w.households.job_until[std::size_t(a)], 3 + p.se_job_weeks);
  EXPECT_EQ(w.households.job_until[std::size_t(c)], kNone);
}

}  // namespace
}  // namespace wijksim
