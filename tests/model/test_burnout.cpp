// Phase 7, managers and burnout (docs/ODD.md §7): the JD-R exhaustion update,
// burnout leave with cases returned to the
// front of the queue, exit on burnout, return from leave, and the leave length
// distribution against 1 + Geometric(1 / leave_mean_weeks).
#include <gtest/gtest.h>

#include "support/tiny_world.h"

namespace wijksim {
namespace {

using testing::problems;
using testing::set_problems;

struct Strain {
  double demand, resources, strain;
};

// §7.6 written out for a caseworker of cap `cap` whose cases have the given complexities.
Strain strain_of(const Parameters& p, const std::vector<int>& complexities, int cap, double commit, double moral,
                 double risk, double room, double backing, double contact_ema, int allies, double success,
                 double resilience, double exhaustion) {
  double load = 0;
  for (int c : complexities) load += 1 + p.cx_weight * std::max(0, c - 1);
  load /= cap;
  const double d = p.w_load * load + p.w_over * commit * p.overwork_max + p.w_moral * moral + p.w_risk * risk;
  double r = p.w_room * room + p.w_back * backing + p.w_contact * contact_ema +
             p.w_allies * std::min(1.0, allies / 3.0) + p.w_success * success + p.w_resil * resilience;
  if (exhaustion > p.cor_threshold)
    r *= 1 - p.cor_loss * (exhaustion - p.cor_threshold) / (1 - p.cor_threshold);
  return {d, r, d * (1 - p.buffer * std::min(1.0, r))};
}

double next_exhaustion(const Parameters& p, double e, double s) {
  const double drift = s > p.s0 ? p.up_rate * (s - p.s0) * (1 - e) : -p.down_rate * (p.s0 - s) * e;
  return std::min(1.0, std::max(0.0, e + drift));
}

TEST(SubmodelBurnout, ExhaustionFollowsDemandsBufferedByResources) {
  Parameters p = testing::tiny_parameters(10);
  p.room.fill(0.3);
  p.backing.fill(0.5);
  p.contact_freq.fill(1.0);  // a contact every week; b_eff = backing
  World w = build_world(p, 31);
  testing::clear_households(w);
  set_problems(w, 0, problems(0.7, 0.6, 0.55, 0.2));  // c = 3
  set_problems(w, 1, problems(0.7, 0.1, 0.1, 0.1));   // c = 1
  set_problems(w, 2, problems(0.4, 0.1, 0.1, 0.1));   // c = 0
  const int calm = testing::worker(w, 0, DEBT), strained = testing::worker(w, 0, WORK);
  for (int h : {0, 1, 2}) testing::give_case(w, h, DEBT, calm);
  for (int h = 3; h < 10; ++h) {  // seven cases of three active domains each
    set_problems(w, h, problems(0.7, 0.6, 0.55, 0.2));
    testing::give_case(w, h, WORK, strained);
  }
  struct Setup {
    int id;
    double moral, risk, exhaustion, resilience;
  };
  for (const Setup& s : {Setup{calm, 0.5, 0.25, 0.7, 0.6}, Setup{strained, 1.0, 1.0, 0.3, 0.0}}) {
    Helper& h = w.helpers[std::size_t(s.id)];
    testing::TraitValues t;
    t.commit = 0.5;
    t.resilience = s.resilience;
    testing::set_traits(w, s.id, t);
    h.moral = s.moral;
    h.risk = s.risk;
    h.exhaustion = s.exhaustion;
    h.contact_ema = 0.4;
    h.success_ema = 0.5;
    h.allies = 2;
    h.sanction_memory = 2.0;
  }
  manage_and_burn_out(w);

  const double ema = 0.9 * 0.4 + 0.1 * 1.0;  // contact first, then resources
  const Strain a = strain_of(p, {3, 1, 0}, p.cap_sw, 0.5, 0.5, 0.25, 0.3, 0.5, ema, 2, 0.5, 0.6, 0.7);
  const Strain b = strain_of(p, std::vector<int>(7, 3), p.cap_sw, 0.5, 1.0, 1.0, 0.3, 0.5, ema, 2, 0.5, 0.0, 0.3);
  ASSERT_LT(a.strain, p.s0);  // one falls ...
  ASSERT_GT(b.strain, p.s0);  // ... the other rises
  const Helper& ha = w.helpers[std::size_t(calm)];
  const Helper& hb = w.helpers[std::size_t(strained)];
  EXPECT_NEAR(ha.contact_ema, ema, 1e-15);
  EXPECT_NEAR(ha.exhaustion, next_exhaustion(p, 0.7, a.strain), 1e-15);
  EXPECT_NEAR(hb.exhaustion, next_exhaustion(p, 0.3, b.strain), 1e-15);
  EXPECT_NEAR(ha.sanction_memory, 2.0 * p.sanction_decay, 1e-15);
  EXPECT_EQ(ha.success_ema, 0.5);  // no help this week: held
  EXPECT_EQ(ha.status, HelperStatus::active);

  // Success: ema <- 0.9 ema + 0.1 clamp(own help per case and domain / success_ref).
  Helper& hc = w.helpers[std::size_t(calm)];
  hc.has_help_this_week = true;
  hc.own_help_mean = 0.004;
  w.helpers[std::size_t(strained)].has_help_this_week = true;
  w.helpers[std::size_t(strained)].own_help_mean = 0.05;  // clamped to 1
  manage_and_burn_out(w);
  EXPECT_NEAR(hc.success_ema, 0.9 * 0.5 + 0.1 * (0.004 / p.success_ref), 1e-15);
  EXPECT_NEAR(w.helpers[std::size_t(strained)].success_ema, 0.9 * 0.5 + 0.1 * 1.0, 1e-15);
}

TEST(SubmodelBurnout, WithoutContactTheContactTrackerDecays) {
  World w = build_world(testing::tiny_parameters(10), 2);
  Helper& h = w.helpers[0];
  h.contact_ema = 0.5;
  manage_and_burn_out(w);
  EXPECT_NEAR(h.contact_ema, 0.45, 1e-15);
}

// A team of two; worker A burns out with two cases while household 1 is
// already queued behind them.
struct LeaveWorld {
  World w;
  int a = 0, b = 0;
};

LeaveWorld leave_world(double exit_on_burnout) {
  Parameters p = testing::tiny_parameters(10, 2);
  p.cap_sw = 2;
  p.burnout_E = 0.85;
  p.up_rate = p.down_rate = 0;
  p.exit_on_burnout = exit_on_burnout;
  LeaveWorld s{build_world(p, 41), 0, 0};
  World& w = s.w;
  testing::clear_households(w, 0.8);
  for (int h = 0; h < 10; ++h) set_problems(w, h, problems(0.6, 0.55, 0.1, 0.0));
  s.a = testing::worker(w, 0, DEBT, 0);
  s.b = testing::worker(w, 0, DEBT, 1);
  w.week = 3;
  testing::give_case(w, 3, DEBT, s.a);
  w.week = 5;
  testing::give_case(w, 5, DEBT, s.a);
  w.households.cases.held(5).authorised_exception = true;
  w.households.cases.held(5).key_known = true;
  w.households.cases.held(5).mode = Mode::improvise;
  testing::give_case(w, 7, DEBT, s.b);
  w.week = 6;
  enqueue(w, 1, DEBT, 6, false);
  w.helpers[std::size_t(s.a)].exhaustion = 0.9;  // stays there: E >= burnout_E
  w.helpers[std::size_t(s.b)].exhaustion = 0.2;
  w.tally.clear();
  return s;
}

TEST(SubmodelBurnout, BurnoutGoesOnLeaveAndCasesReturnToTheFrontOfTheQueue) {
  LeaveWorld s = leave_world(0.0);
  World& w = s.w;
  manage_and_burn_out(w);

  const Helper& a = w.helpers[std::size_t(s.a)];
  EXPECT_EQ(a.status, HelperStatus::leave);
  EXPECT_GE(a.leave_left, 1);
  EXPECT_TRUE(a.caseload.empty());
  EXPECT_EQ(w.team(0, DEBT).members.size(), 2u);  // the position stays filled
  EXPECT_TRUE(w.vacancies.empty());
  for (int h : {3, 5}) {
    SCOPED_TRACE(h);
    const InstitutionalCase& c = w.households.cases.of(std::size_t(h));
    EXPECT_TRUE(c.queued());
    EXPECT_EQ(c.opened, h);  // kept, and it is the queue position
    EXPECT_EQ(c.arrival_week, h);
    EXPECT_EQ(c.mode, Mode::protocol);
    EXPECT_FALSE(c.key_known);
    EXPECT_NEAR(w.households.trust[std::size_t(h)], 0.8 * (1 - w.params.trust_handover), 1e-15);
  }
  EXPECT_TRUE(w.households.cases.of(5).authorised_exception);
  EXPECT_EQ(w.households.trust[7], 0.8);  // B's case is untouched
  const Tally t = testing::tally_of(w);
  EXPECT_EQ(t.count(Count::handovers), 2);
  EXPECT_EQ(t.burnouts[std::size_t(HelperType::standard_worker)], 1);
  EXPECT_EQ(t.exits[std::size_t(HelperType::standard_worker)], 0);

  // Next week B has room for one more: the handed-over case opened in week 3
  // goes before household 1, who arrived in week 6 with a lower id.
  w.week = 7;
  w.tally.clear();
  assign_queued_cases(w);
  EXPECT_EQ(w.households.cases.of(3).helper, s.b);
  EXPECT_EQ(w.households.cases.of(3).opened, 3);  // case_max_weeks still counts from here
  EXPECT_TRUE(w.households.cases.of(3).needs_decision);
  EXPECT_TRUE(w.households.cases.of(5).queued());
  EXPECT_TRUE(w.households.cases.of(1).queued());
  EXPECT_EQ(testing::tally_of(w).count(Count::cases_opened), 0);  // reopened, not new
}

TEST(SubmodelBurnout, ExitOnBurnoutLeavesForGoodAndOpensAVacancy) {
  LeaveWorld s = leave_world(1.0);
  World& w = s.w;
  manage_and_burn_out(w);
  EXPECT_EQ(w.helpers[std::size_t(s.a)].status, HelperStatus::exited);
  EXPECT_EQ(w.team(0, DEBT).members, (std::vector<std::int32_t>{s.b}));
  ASSERT_EQ(w.vacancies.size(), 1u);
  EXPECT_EQ(w.vacancies[0].team, w.team_index(0, DEBT));
  EXPECT_EQ(w.vacancies[0].nbh, w.helpers[std::size_t(s.a)].nbh);  // the post stays where it was based
  EXPECT_EQ(w.vacancies[0].kind, PositionKind::caseworker);
  EXPECT_TRUE(w.households.cases.of(3).queued());
  EXPECT_TRUE(w.households.cases.of(5).queued());
  const Tally t = testing::tally_of(w);
  EXPECT_EQ(t.burnouts[std::size_t(HelperType::standard_worker)], 1);
  EXPECT_EQ(t.exits[std::size_t(HelperType::standard_worker)], 1);
  EXPECT_EQ(t.count(Count::handovers), 2);
}

TEST(SubmodelBurnout, OnLeaveExhaustionIsFrozenUntilTheReturn) {
  Parameters p = testing::tiny_parameters(10);
  p.up_rate = 0.5;  // would move exhaustion if it were updated
  p.return_E = 0.5;
  p.return_weeks = 8;
  World w = build_world(p, 5);
  Helper& h = w.helpers[0];
  h.status = HelperStatus::leave;
  h.leave_left = 3;
  h.exhaustion = 0.9;
  for (int week = 10; week < 12; ++week) {
    w.week = week;
    manage_and_burn_out(w);
    EXPECT_EQ(h.status, HelperStatus::leave);
    EXPECT_EQ(h.exhaustion, 0.9);
  }
  w.week = 12;
  manage_and_burn_out(w);
  EXPECT_EQ(h.status, HelperStatus::active);
  EXPECT_EQ(h.exhaustion, 0.5);
  EXPECT_EQ(h.return_until, 20);
}

TEST(SubmodelBurnout, AnInformalBestPersonOnLeaveReleasesClientsWithoutQueueing) {
  Parameters p = testing::tiny_parameters(10);
  p.up_rate = p.down_rate = 0;
  p.exit_on_burnout = 0;
  World w = build_world(p, 6);
  testing::clear_households(w, 0.8);
  const int doer = testing::add_informal(w, HelperType::everyday_doer, false);
  const int client = w.helpers[std::size_t(doer)].host == 0 ? 1 : 0;
  set_problems(w, client, problems(0.6, 0.2, 0.1, 0.0));
  open_informal_case(w, client, w.helpers[std::size_t(doer)]);
  w.helpers[std::size_t(doer)].exhaustion = 0.9;
  manage_and_burn_out(w);
  EXPECT_EQ(w.helpers[std::size_t(doer)].status, HelperStatus::leave);
  EXPECT_FALSE(w.households.ed_case.of(std::size_t(client)).exists());
  EXPECT_FALSE(w.households.cases.of(std::size_t(client)).exists());
  EXPECT_NEAR(w.households.trust[std::size_t(client)], 0.8 * (1 - p.trust_handover), 1e-15);
  EXPECT_EQ(testing::tally_of(w).burnouts[std::size_t(HelperType::everyday_doer)], 1);
}

// Leave length ~ 1 + Geometric(q) on {0, 1, ...}, q = 1 / leave_mean_weeks:
// mean 1 + (1 - q) / q, sd sqrt(1 - q) / q, P(length = 1) = q.
TEST(SubmodelBurnout, LeaveLengthHasMeanOnePlusOneMinusQOverQ) {
  for (double mean_weeks : {35.0, 8.0}) {
    SCOPED_TRACE(mean_weeks);
    Parameters p = testing::tiny_parameters(10, 20);  // 100 workers
    p.leave_mean_weeks = mean_weeks;
    p.exit_on_burnout = 0;
    p.up_rate = p.down_rate = 0;
    World w = build_world(p, 77);
    std::vector<double> lengths;
    for (int week = 0; week < 40; ++week) {
      w.week = week;
      for (Helper& h : w.helpers) {
        h.status = HelperStatus::active;
        h.exhaustion = 0.95;
        h.leave_left = 0;
      }
      manage_and_burn_out(w);
      for (const Helper& h : w.helpers) {
        ASSERT_EQ(h.status, HelperStatus::leave);
        lengths.push_back(h.leave_left);
      }
    }
    const double q = 1 / mean_weeks;
    const testing::Moments m = testing::moments(lengths);
    const double sd = std::sqrt(1 - q) / q;
    EXPECT_NEAR(m.mean, 1 + (1 - q) / q, testing::kSigmas * sd / std::sqrt(double(m.n)));
    EXPECT_NEAR(m.sd, sd, 0.1 * sd);
    double ones = 0;
    for (double l : lengths) {
      ASSERT_GE(l, 1.0);
      ones += l == 1.0;
    }
    EXPECT_NEAR(ones, q * double(m.n), testing::kSigmas * std::sqrt(double(m.n) * q * (1 - q)));
  }
}

}  // namespace
}  // namespace wijksim
