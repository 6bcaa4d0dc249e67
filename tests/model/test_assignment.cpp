// Phase 4, assignment (docs/ODD.md §3): queues in
// (arrival week, household id) order, each case to the active worker with the
// most free capacity (ties to the lowest id), relief and return caps.
#include <gtest/gtest.h>

#include "support/tiny_world.h"

namespace wijksim {
namespace {

using testing::problems;

World team_world(int workers, int cap) {
  Parameters p = testing::tiny_parameters(10, workers);
  p.cap_sw = cap;
  World w = build_world(p, 13);
  testing::clear_households(w);
  for (int h = 0; h < 10; ++h) testing::set_problems(w, h, problems(0.6, 0.1 * (h % 4), 0.2, 0.0));
  return w;
}

TEST(SubmodelAssignment, QueueOrderIsArrivalWeekThenIdAndEachCaseGoesToTheFreestWorker) {
  World w = team_world(3, 3);
  const int w0 = testing::worker(w, 0, DEBT, 0), w1 = testing::worker(w, 0, DEBT, 1),
            w2 = testing::worker(w, 0, DEBT, 2);
  ASSERT_LT(w0, w1);
  ASSERT_LT(w1, w2);
  // Worker 0 already holds two cases: free capacity 1, 3, 3.
  testing::give_case(w, 8, DEBT, w0);
  testing::give_case(w, 9, DEBT, w0);
  // Eight households queue, in an order that is neither id nor arrival order.
  const std::pair<int, int> arrivals[] = {{5, 2}, {3, 1}, {1, 1}, {7, 0}, {2, 3}, {4, 3}, {6, 4}, {0, 4}};
  for (auto [household, week] : arrivals) enqueue(w, household, DEBT, week, false);
  w.week = 5;
  w.tally.clear();
  assign_queued_cases(w);

  // Sorted: 7(0) 1(1) 3(1) 5(2) 2(3) 4(3) 0(4) 6(4). Free capacity before each step:
  // (1,3,3)->w1  (1,2,3)->w2  (1,2,2)->w1  (1,1,2)->w2  (1,1,1)->w0  (0,1,1)->w1  (0,0,1)->w2  full.
  const std::pair<int, int> expected[] = {{7, w1}, {1, w2}, {3, w1}, {5, w2}, {2, w0}, {4, w1}, {0, w2}};
  for (auto [household, helper] : expected) {
    SCOPED_TRACE(household);
    const InstitutionalCase& c = w.households.cases.of(std::size_t(household));
    EXPECT_EQ(c.helper, helper);
    EXPECT_EQ(c.opened, 5);
    EXPECT_TRUE(c.needs_decision);
  }
  EXPECT_EQ(w.helpers[std::size_t(w1)].caseload, (std::vector<std::int32_t>{7, 3, 4}));
  EXPECT_EQ(w.helpers[std::size_t(w2)].caseload, (std::vector<std::int32_t>{1, 5, 0}));
  EXPECT_EQ(w.helpers[std::size_t(w0)].caseload, (std::vector<std::int32_t>{8, 9, 2}));
  EXPECT_EQ(w.team(0, DEBT).queue, (std::vector<std::int32_t>{6}));  // still waiting
  EXPECT_TRUE(w.households.cases.of(6).queued());
  const Tally t = testing::tally_of(w);
  EXPECT_EQ(t.count(Count::assignments), 7);
  EXPECT_EQ(t.count(Count::cases_opened), 7);
  EXPECT_NEAR(t.sum(Sum::queue_wait_weeks), 5 + 4 + 4 + 3 + 2 + 2 + 1, 1e-9);
}

TEST(SubmodelAssignment, WorkersOnLeaveTakeNothing) {
  World w = team_world(2, 5);
  const int w0 = testing::worker(w, 0, DEBT, 0), w1 = testing::worker(w, 0, DEBT, 1);
  w.helpers[std::size_t(w0)].status = HelperStatus::leave;
  for (int h = 0; h < 7; ++h) enqueue(w, h, DEBT, 0, false);
  assign_queued_cases(w);
  EXPECT_TRUE(w.helpers[std::size_t(w0)].caseload.empty());
  EXPECT_EQ(w.helpers[std::size_t(w1)].caseload.size(), 5u);
  EXPECT_EQ(w.team(0, DEBT).queue.size(), 2u);
  // Other teams' queues are served by their own workers only.
  enqueue(w, 9, WORK, 0, false);
  assign_queued_cases(w);
  EXPECT_EQ(w.households.cases.of(9).helper, testing::worker(w, 0, WORK));
}

TEST(SubmodelAssignment, ReliefCapsCapacityAtReliefCapFracOfCap) {
  World w = team_world(1, 9);
  Parameters& p = w.params;
  p.relief_cap_frac = 0.7;
  p.relief_weeks = 8;
  p.exh_alert = 0.6;
  p.up_rate = p.down_rate = 0;  // exhaustion stays where it is
  p.contact_freq.fill(1.0);
  p.burnout_attention.fill(1.0);
  apply_levers(w);
  const int id = testing::worker(w, 0, DEBT);
  Helper& h = w.helpers[std::size_t(id)];
  testing::give_case(w, 8, DEBT, id);
  testing::give_case(w, 9, DEBT, id);
  h.exhaustion = 0.7;  // above exh_alert: a manager in contact who pays attention grants relief
  w.week = 3;
  manage_and_burn_out(w);
  EXPECT_EQ(h.relief_until, 3 + 8);
  EXPECT_EQ(h.caseload.size(), 2u);  // relief hands nothing over
  EXPECT_EQ(effective_cap(h, p, 3), 6);  // floor(0.7 * 9)

  for (int hh = 0; hh < 8; ++hh) enqueue(w, hh, DEBT, 3, false);
  assign_queued_cases(w);
  EXPECT_EQ(h.caseload.size(), 6u);
  EXPECT_EQ(w.team(0, DEBT).queue.size(), 4u);
  w.week = 10;  // still on relief
  assign_queued_cases(w);
  EXPECT_EQ(h.caseload.size(), 6u);
  w.week = 11;  // relief over
  assign_queued_cases(w);
  EXPECT_EQ(h.caseload.size(), 9u);
}

TEST(SubmodelAssignment, NoReliefWithoutAttentionOrBelowTheAlert) {
  for (auto [attention, exhaustion] : {std::pair{0.0, 0.7}, std::pair{1.0, 0.6}}) {
    World w = team_world(1, 10);
    w.params.up_rate = w.params.down_rate = 0;
    w.params.contact_freq.fill(1.0);
    w.params.burnout_attention.fill(attention);
    apply_levers(w);
    Helper& h = w.helpers[std::size_t(testing::worker(w, 0, DEBT))];
    h.exhaustion = exhaustion;
    manage_and_burn_out(w);
    EXPECT_EQ(h.relief_until, kNone);
  }
}

TEST(SubmodelAssignment, AReturnFromLeaveCapsCapacityAtReturnCapFrac) {
  World w = team_world(1, 9);
  w.params.return_cap_frac = 0.5;
  w.params.return_weeks = 8;
  w.params.return_E = 0.5;
  Helper& h = w.helpers[std::size_t(testing::worker(w, 0, DEBT))];
  h.status = HelperStatus::leave;
  h.leave_left = 1;
  h.exhaustion = 0.9;
  w.week = 20;
  manage_and_burn_out(w);
  ASSERT_EQ(h.status, HelperStatus::active);
  EXPECT_EQ(h.exhaustion, 0.5);
  EXPECT_EQ(h.return_until, 28);
  for (int hh = 0; hh < 10; ++hh) enqueue(w, hh, DEBT, 20, false);
  assign_queued_cases(w);
  EXPECT_EQ(h.caseload.size(), 4u);  // floor(0.5 * 9)
  w.week = 27;
  assign_queued_cases(w);
  EXPECT_EQ(h.caseload.size(), 4u);
  w.week = 28;
  assign_queued_cases(w);
  EXPECT_EQ(h.caseload.size(), 9u);
}

}  // namespace
}  // namespace wijksim
