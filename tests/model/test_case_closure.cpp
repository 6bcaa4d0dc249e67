// Phase 9, case closure (docs/ODD.md §7): protocol cases
// close when the mandate problem falls below p_close, improvised cases when
// every problem they have taken on does (docs/ODD.md §7), informal cases when
// every problem does, any case after case_max_weeks; closing
// records the fall in mean load since opening by complexity at opening.
#include <gtest/gtest.h>

#include "model/household_view.h"
#include "support/tiny_world.h"

namespace wijksim {
namespace {

using testing::problems;
using testing::set_problems;

struct ClosureWorld {
  World w;
  int sw = 0;
};

ClosureWorld closure_world() {
  Parameters p = testing::tiny_parameters(10);
  p.cap_sw = 10;
  p.p_close = 0.3;
  p.case_max_weeks = 52;
  ClosureWorld s{build_world(p, 91), 0};
  testing::clear_households(s.w);
  s.sw = testing::worker(s.w, 0, DEBT);
  return s;
}

// Opens a case at week `opened` with problems `at_open`, then moves the
// household to `now` and sets the mode.
void case_at(World& w, int household, int helper, int opened, const Problems& at_open, const Problems& now,
             Mode mode) {
  w.week = opened;
  set_problems(w, household, at_open);
  testing::give_case(w, household, DEBT, helper);
  InstitutionalCase& c = w.households.cases.held(std::size_t(household));
  c.mode = mode;
  c.scope = active_problems(at_open, false, w.params.p_active);  // what phase 5 records
  set_problems(w, household, now);
}

TEST(SubmodelCaseClosure, CasesCloseOnSuccessByModeOrAtCaseMaxWeeks) {
  ClosureWorld s = closure_world();
  World& w = s.w;
  const Problems open3 = problems(0.7, 0.6, 0.55, 0.2);  // three active domains
  const Problems open2 = problems(0.7, 0.6, 0.1, 0.1);   // two
  const Problems open1 = problems(0.7, 0.2, 0.1, 0.1);   // one
  case_at(w, 0, s.sw, 90, open3, problems(0.29, 0.6, 0.5, 0.2), Mode::protocol);   // mandate < p_close
  case_at(w, 1, s.sw, 90, open3, problems(0.3, 0.1, 0.1, 0.1), Mode::protocol);    // = p_close: open
  case_at(w, 2, s.sw, 90, open1, problems(0.29, 0.2, 0.1, 0.1), Mode::improvise);  // all < p_close
  case_at(w, 3, s.sw, 90, open2, problems(0.1, 0.3, 0.1, 0.1), Mode::improvise);   // WORK, taken on, = p_close: open
  case_at(w, 4, s.sw, 100 - 52, open1, problems(0.6, 0.6, 0.6, 0.6), Mode::protocol);      // 52 weeks: timed out
  case_at(w, 5, s.sw, 100 - 51, open1, problems(0.6, 0.6, 0.6, 0.6), Mode::improvise);     // 51 weeks: open
  case_at(w, 6, s.sw, 90, open1, problems(0.29, 0.45, 0.1, 0.1), Mode::improvise);  // WORK never taken on: closes
  case_at(w, 7, s.sw, 90, open1, problems(0.29, 0.5, 0.1, 0.1), Mode::improvise);   // WORK active now: taken on
  w.week = 100;
  w.tally.clear();
  review_and_close_cases(w);

  for (int h : {0, 2, 4, 6}) EXPECT_FALSE(w.households.cases.of(std::size_t(h)).exists()) << h;
  for (int h : {1, 3, 5, 7}) EXPECT_TRUE(w.households.cases.of(std::size_t(h)).exists()) << h;
  EXPECT_EQ(w.helpers[std::size_t(s.sw)].caseload, (std::vector<std::int32_t>{1, 3, 5, 7}));

  const Tally t = testing::tally_of(w);
  auto pbar = [](const Problems& x) { return (x[0] + x[1] + x[2] + x[3]) / 4; };
  EXPECT_EQ(t.closed[0], 3);  // households 2, 4 and 6 opened with one active domain
  EXPECT_EQ(t.closed[1], 0);
  EXPECT_EQ(t.closed[2], 1);  // household 0 with three
  EXPECT_NEAR(Tally::real(t.closed_dp[2]), pbar(open3) - pbar(problems(0.29, 0.6, 0.5, 0.2)), 1e-9);
  EXPECT_NEAR(Tally::real(t.closed_dp[0]),
              (pbar(open1) - pbar(problems(0.29, 0.2, 0.1, 0.1))) + (pbar(open1) - pbar(problems(0.6, 0.6, 0.6, 0.6))) +
                  (pbar(open1) - pbar(problems(0.29, 0.45, 0.1, 0.1))),
              1e-9);
  EXPECT_EQ(t.count(Count::refusal_closures), 0);
}

TEST(SubmodelCaseClosure, InformalCasesCloseOnSuccessOrAtCaseMaxWeeks) {
  ClosureWorld s = closure_world();
  World& w = s.w;
  const int doer = testing::add_informal(w, HelperType::everyday_doer, true);
  Helper& ed = w.helpers[std::size_t(doer)];
  std::vector<int> clients;
  for (int h = 0; h < 10 && clients.size() < 3; ++h)
    if (h != ed.host) clients.push_back(h);
  w.week = 0;
  for (int h : clients) {
    set_problems(w, h, problems(0.6, 0.5, 0.1, 0.1));
    open_informal_case(w, h, ed);
  }
  set_problems(w, clients[0], problems(0.29, 0.1, 0.1, 0.1));  // success
  set_problems(w, clients[1], problems(0.29, 0.35, 0.1, 0.1));  // one problem left
  w.week = 51;
  review_and_close_cases(w);
  EXPECT_FALSE(w.households.ed_case.of(std::size_t(clients[0])).exists());
  EXPECT_TRUE(w.households.ed_case.of(std::size_t(clients[1])).exists());
  EXPECT_TRUE(w.households.ed_case.of(std::size_t(clients[2])).exists());
  EXPECT_EQ(ed.caseload, (std::vector<std::int32_t>{clients[1], clients[2]}));
  w.week = 52;
  review_and_close_cases(w);
  EXPECT_TRUE(ed.caseload.empty());
  for (int h : clients) EXPECT_FALSE(w.households.ed_case.of(std::size_t(h)).exists());
}

}  // namespace
}  // namespace wijksim
