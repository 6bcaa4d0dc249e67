// Invariants of the whole model after every week of a small world run step by
// step: every case is where the records say it is, no household is helped by
// someone who has left, every helper works in its team's or its host's
// district, caseloads stay within caps, positions are conserved, and the tie
// network stays simple. And two switches that must hold exactly in
// a full run: no bend is within a room of 0, and no Best Person exists when
// every source of them is switched off.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string_view>

#include "engine/metrics.h"
#include "engine/pipeline.h"
#include "engine/run.h"
#include "model/apportion.h"
#include "model/districts.h"
#include "model/household_view.h"
#include "model/tie_network.h"
#include "support/small_world.h"
#include "support/tiny_world.h"

namespace wijksim {
namespace {

// Each district's caseworker posts at an institution: its share of the
// city's rate by largest remainder, fixed at build time.
std::vector<int> caseworker_posts(const World& w, int institution) {
  std::vector<double> quotas;
  for (const District& d : w.districts)
    quotas.push_back(w.params.caseworkers_per_1000[std::size_t(institution)] * d.household_count / 1000.0);
  return largest_remainder(quotas);
}

// Checks every invariant; reports the first violation of each kind.
void check_invariants(const World& w) {
  const Parameters& p = w.params;
  const Households& hh = w.households;

  // Where each household appears in a queue.
  std::map<std::int32_t, int> queue_count;
  for (std::size_t t = 0; t < w.teams.size(); ++t)
    for (std::int32_t h : w.teams[t].queue) {
      ++queue_count[h];
      const InstitutionalCase& c = hh.cases.of(std::size_t(h));
      ASSERT_TRUE(c.queued()) << "household " << h << " is in a queue without a queued case";
      ASSERT_EQ(w.teams[t].institution, c.institution) << "household " << h;
      ASSERT_EQ(w.teams[t].district, district_of(w, h)) << "household " << h;
    }

  for (int h = 0; h < hh.count; ++h) {
    const auto i = std::size_t(h);
    const InstitutionalCase& c = hh.cases.of(i);
    const int queued_times = queue_count.count(h) ? queue_count[h] : 0;
    if (c.queued()) {
      ASSERT_EQ(queued_times, 1) << "queued household " << h << " must be in exactly one queue";
    } else {
      ASSERT_EQ(queued_times, 0) << "household " << h;
    }
    if (c.exists() && c.helper != kNone) {
      const Helper& helper = w.helpers[std::size_t(c.helper)];
      ASSERT_EQ(helper.status, HelperStatus::active) << "case of " << h << " held by helper " << c.helper;
      ASSERT_TRUE(is_caseworker(helper.type));
      ASSERT_EQ(std::count(helper.caseload.begin(), helper.caseload.end(), h), 1) << "household " << h;
      ASSERT_EQ(w.teams[std::size_t(helper.team)].institution, c.institution);
      ASSERT_EQ(helper.district, district_of(w, h));
    }
    for (const InformalCase* ic : {&hh.ed_case.of(i), &hh.se_case.of(i)}) {
      if (!ic->exists()) continue;
      const Helper& helper = w.helpers[std::size_t(ic->helper)];
      ASSERT_EQ(helper.status, HelperStatus::active) << "informal client " << h << " of a helper who left";
      ASSERT_EQ(helper.type, ic == &hh.ed_case.of(i) ? HelperType::everyday_doer : HelperType::social_entrepreneur);
      ASSERT_EQ(std::count(helper.caseload.begin(), helper.caseload.end(), h), 1);
    }
    const int domains = applicable_domains(hh.has_children[i]);
    for (int d = 0; d < kDomains; ++d) {
      const double x = hh.p[i][std::size_t(d)];
      ASSERT_TRUE(x >= 0 && x <= 1) << "p out of range at " << h;
      if (d >= domains) {
        ASSERT_EQ(x, 0.0);
      }
    }
    ASSERT_TRUE(hh.trust[i] >= 0 && hh.trust[i] <= 1);
    ASSERT_TRUE(hh.engage[i] >= 0 && hh.engage[i] <= 1);

    // Ties: symmetric, simple, at most k_max.
    const auto ties = hh.ties_of(h);
    ASSERT_LE(int(ties.size()), p.k_max);
    std::vector<std::int32_t> sorted(ties.begin(), ties.end());
    std::sort(sorted.begin(), sorted.end());
    ASSERT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << "duplicate tie at " << h;
    for (std::int32_t j : ties) {
      ASSERT_NE(j, h);
      ASSERT_TRUE(tied(hh, j, h)) << "one-sided tie " << h << "-" << j;
    }
  }

  int hosts_expected = 0;
  for (const Helper& h : w.helpers) {
    ASSERT_TRUE(h.exhaustion >= 0 && h.exhaustion <= 1);
    if (h.status != HelperStatus::active) {
      ASSERT_TRUE(h.caseload.empty()) << "helper " << h.id << " left with cases";
    }
    ASSERT_LE(int(h.caseload.size()), base_cap(h, p)) << "helper " << h.id;
    std::vector<std::int32_t> sorted = h.caseload;
    std::sort(sorted.begin(), sorted.end());
    ASSERT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << "helper " << h.id;
    for (std::int32_t c : h.caseload) {
      const auto i = std::size_t(c);
      const std::int32_t holder = is_caseworker(h.type)                  ? hh.cases.of(i).helper
                                  : h.type == HelperType::everyday_doer ? hh.ed_case.of(i).helper
                                                                        : hh.se_case.of(i).helper;
      ASSERT_EQ(holder, h.id) << "household " << c;
    }
    if (is_caseworker(h.type)) {
      const auto& members = w.teams[std::size_t(h.team)].members;
      ASSERT_EQ(std::count(members.begin(), members.end(), h.id), h.status == HelperStatus::exited ? 0 : 1)
          << "helper " << h.id;
    }
    if (h.team != kNone) {
      ASSERT_EQ(h.district, w.teams[std::size_t(h.team)].district) << "helper " << h.id;
    } else {
      ASSERT_EQ(h.district, district_of(w, h.host)) << "helper " << h.id;
    }
    if (is_informal(h.type) && h.status != HelperStatus::exited) {
      ++hosts_expected;
      ASSERT_TRUE(hh.is_host[std::size_t(h.host)]);
    }
  }
  ASSERT_EQ(std::count(hh.is_host.begin(), hh.is_host.end(), 1), hosts_expected);

  // Positions are conserved: filled or vacant, never lost or doubled.
  for (std::size_t t = 0; t < w.teams.size(); ++t) {
    const Team& team = w.teams[t];
    int vacant = 0;
    for (const Vacancy& v : w.vacancies) vacant += v.kind == PositionKind::caseworker && v.team == int(t);
    ASSERT_EQ(int(team.members.size()) + vacant,
              caseworker_posts(w, team.institution)[std::size_t(team.district)])
        << "team " << t;
  }
  for (std::size_t s = 0; s < w.bb_in_positions.size(); ++s) {
    int vacant = 0;
    for (const Vacancy& v : w.vacancies)
      vacant += v.kind == PositionKind::bridge_builder_inside && v.position == int(s);
    if (w.bb_in_positions[s] == kNone) {
      ASSERT_EQ(vacant, 1) << "bridge-builder position " << s;
    } else {
      ASSERT_EQ(vacant, 0);
      const Helper& h = w.helpers[std::size_t(w.bb_in_positions[s])];
      ASSERT_EQ(h.type, HelperType::bridge_builder_inside);
      ASSERT_NE(h.status, HelperStatus::exited);
    }
  }
}

// Runs `weeks` weeks, checking after each; returns the counts summed over them.
Tally run_checked(World& w, int weeks) {
  Tally total;
  for (int t = 0; t < weeks; ++t) {
    w.tally.clear();
    step(w);
    total += w.tally.combine();
    check_invariants(w);
    if (::testing::Test::HasFatalFailure()) {
      ADD_FAILURE() << "after week " << w.week;
      break;
    }
  }
  return total;
}

TEST(ModelInvariants, HoldEveryWeekAtDefaultParameters) {
  World w = build_world(testing::small_parameters(2, 300), 2025);
  check_invariants(w);
  const Tally t = run_checked(w, 300);
  EXPECT_GT(t.count(Count::assignments), 0);
  EXPECT_GT(t.count(Count::refusals), 0);
}

// Everything that moves cases between helpers, queues and vacancies made frequent.
TEST(ModelInvariants, HoldEveryWeekUnderHeavyTurnover) {
  Parameters p = testing::small_parameters(2, 150);
  p.mean_degree = 4;
  p.k_max = 15;
  // As many caseworkers per household as two per team in each neighbourhood.
  p.caseworkers_per_1000.fill(testing::caseworkers_per_1000(300, 4));
  p.cap_sw = 6;
  p.cap_fw = 5;
  p.cap_ed = 3;
  p.cap_se = 2;
  p.shock_rate = 0.02;
  p.seek_0 = -3;
  p.init_bp_share_staff = 0.3;
  p.bp_resident_density = 10;
  p.p_sponsored_init = 0.5;
  p.bp_emergence = 5.0;
  p.informal_exit = 0.01;
  p.find_ads = 0.5;
  p.bend_0 = -8;
  p.inc_rate = 0.1;
  p.dismiss_p = 0.3;
  p.harm_p = 0.5;
  p.se_job_rate = 0.2;
  p.bb_contacts = 20;
  p.bridge_p = 0.5;
  p.tie_decay = 0.005;
  p.up_rate = 0.3;
  p.burnout_E = 0.75;
  p.leave_mean_weeks = 6;
  p.exit_on_burnout = 0.3;
  p.quit_base = 0.005;
  p.contact_freq.fill(0.5);
  p.burnout_attention.fill(1.0);
  p.ads_weeks = 4;
  p.ed_accompany_weeks = 2;
  p.room.fill(0.5);
  World w = build_world(p, 77);
  check_invariants(w);
  const Tally t = run_checked(w, 300);
  // The run went through every path the invariants guard.
  EXPECT_GT(t.count(Count::handovers), 0);
  EXPECT_GT(t.count(Count::dismissals), 0);
  EXPECT_GT(t.count(Count::hires), 0);
  EXPECT_GT(t.count(Count::exceptions_granted) + t.count(Count::referrals), 0);
  EXPECT_GT(t.count(Count::refusal_closures), 0);
  EXPECT_GT(t.count(Count::informal_emerged), 0);
  std::int64_t burnouts = 0, exits = 0;
  for (int k = 0; k < kHelperTypes; ++k) {
    burnouts += t.burnouts[std::size_t(k)];
    exits += t.exits[std::size_t(k)];
  }
  EXPECT_GT(burnouts, 0);
  EXPECT_GT(exits, 0);
}

const std::vector<float>& metric(const RunResult& r, std::string_view name) {
  const auto table = metric_table();
  for (std::size_t m = 0; m < table.size(); ++m)
    if (table[m].name == name) return r.values[m];
  throw std::runtime_error("no metric " + std::string(name));
}

double total(const std::vector<float>& xs) {
  double s = 0;
  for (float x : xs) s += x;
  return s;
}

TEST(ModelInvariants, WithRoomAndBackingZeroNoBendIsWithinRoom) {
  Scenario s = testing::small_scenario(2, 300, 0, 200);
  s.parameters.bend_0 = -8;  // plenty of bending
  s.parameters.room.fill(0.0);
  s.parameters.backing.fill(0.0);
  const RunResult r = run_simulation(s, 9);
  const std::vector<float>& within = metric(r, "bends_within_room");
  ASSERT_EQ(within.size(), 200u);
  for (std::size_t week = 0; week < within.size(); ++week) ASSERT_EQ(within[week], 0.0f) << "week " << week + 1;
  EXPECT_GT(total(metric(r, "bends_out_of_bounds")), 0.0);
  // The same world with room does count bends within it.
  s.parameters.room.fill(1.0);
  EXPECT_GT(total(metric(run_simulation(s, 9), "bends_within_room")), 0.0);
}

TEST(ModelInvariants, WithoutAnySourceOfBestPersonsNoneIsEverActive) {
  Scenario s = testing::small_scenario(4, 200, 0, 300);
  Parameters& p = s.parameters;
  p.init_bp_share_staff = 0;
  p.bp_resident_density = 0;
  p.bp_emergence = 0.0;
  p.bb_in_per_1000 = 0;
  p.staff_pool = StaffPool::standard_only;
  p.caseworkers_per_1000.fill(10.0);  // eight per team
  p.quit_base = 0.01;                 // many vacancies, many hires
  const RunResult r = run_simulation(s, 31);
  const std::vector<float>& active = metric(r, "best_persons_active");
  ASSERT_EQ(active.size(), 300u);
  for (std::size_t week = 0; week < active.size(); ++week) ASSERT_EQ(active[week], 0.0f) << "week " << week + 1;
  EXPECT_EQ(total(metric(r, "informal_best_persons_active")), 0.0);
  EXPECT_GT(total(metric(r, "hires")), 50.0);
}

}  // namespace
}  // namespace wijksim
