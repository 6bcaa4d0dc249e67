// Phase 2, problem dynamics (docs/ODD.md §7): the weekly
// update with shocks off against the equation, shocks that always or never
// happen, and the shock frequency per domain against its rate.
#include <gtest/gtest.h>

#include "core/rng.h"
#include "model/tie_network.h"
#include "support/tiny_world.h"

namespace wijksim {
namespace {

using testing::problems;
using testing::set_problems;

// §7.1 for one household, with shock = 0, from the state before the phase.
Problems expected_without_shocks(const World& w, int h) {
  const Parameters& p = w.params;
  const Households& hh = w.households;
  const auto i = std::size_t(h);
  const int domains = hh.has_children[i] ? 5 : 4;
  auto pbar = [&](int j) {
    double s = 0;
    const int dj = hh.has_children[std::size_t(j)] ? 5 : 4;
    for (int d = 0; d < dj; ++d) s += hh.p[std::size_t(j)][std::size_t(d)];
    return s / dj;
  };
  double support = 0;
  const auto ties = hh.ties_of(h);
  for (std::int32_t j : ties) support += (1 - pbar(j)) * hh.engage[std::size_t(j)];
  if (!ties.empty()) support /= double(ties.size());
  Problems next{};
  for (int d = 0; d < domains; ++d) {
    const double pd = hh.p[i][std::size_t(d)];
    double others = 0;
    for (int e = 0; e < domains; ++e)
      if (e != d) others += hh.p[i][std::size_t(e)];
    const double spill = others / (domains - 1);
    const double x = pd + p.spill_rate * spill * (1 - pd) - p.recovery_rate * (1 - 0.5 * hh.vuln[i]) * pd -
                     p.support_effect * support * pd + hh.help_delta[i][std::size_t(d)] +
                     hh.ext_delta.of(h)[std::size_t(d)];
    next[std::size_t(d)] = std::min(1.0, std::max(0.0, x));
  }
  return next;
}

World dynamics_world() {
  Parameters p = testing::tiny_parameters(10);
  p.spill_rate = 0.05;
  p.recovery_rate = 0.03;
  p.support_effect = 0.08;
  World w = build_world(p, 11);
  const Problems start[10] = {problems(0.7, 0.6, 0.2, 0.1, 0.5), problems(0.3, 0.0, 0.9, 0.4),
                              problems(0.1, 0.1, 0.1, 0.1, 0.1), problems(0.0, 0.0, 0.0, 0.0),
                              problems(0.95, 0.9, 0.8, 0.7, 0.6), problems(0.5, 0.2, 0.4, 0.3),
                              problems(0.25, 0.75, 0.5, 0.0, 0.3), problems(0.6, 0.6, 0.6, 0.6),
                              problems(0.02, 0.4, 0.0, 0.9), problems(0.2, 0.3, 0.4, 0.5, 0.6)};
  for (int h = 0; h < 10; ++h) {
    set_problems(w, h, start[h], h % 3 == 0);
    w.households.vuln[std::size_t(h)] = 0.1 * h;
    w.households.engage[std::size_t(h)] = 0.05 + 0.09 * h;
  }
  return w;
}

TEST(SubmodelProblemDynamics, WithoutShocksEveryDomainFollowsTheEquation) {
  World w = dynamics_world();
  // One household without ties (support 0) and one with extra ties.
  const auto ties0 = w.households.ties_of(0);
  const std::vector<std::int32_t> old(ties0.begin(), ties0.end());
  for (std::int32_t j : old) remove_tie(w.households, 0, j);
  add_tie(w.households, 5, 8, false);
  add_tie(w.households, 5, 2, false);
  // Help and external changes enter once; large ones are clamped.
  w.households.help_delta[1] = problems(-0.05, 0, -0.2, 0);
  w.households.ext_delta.add(1, WORK, 0.1);
  w.households.help_delta[2] = problems(-1.0, 0, 0, 0, 0);
  w.households.ext_delta.add(4, WORK, 0.5);

  std::vector<Problems> expected;
  std::vector<double> pbar_before;
  for (int h = 0; h < 10; ++h) {
    expected.push_back(expected_without_shocks(w, h));
    pbar_before.push_back(w.households.pbar_after_dynamics[std::size_t(h)]);
  }
  update_problems(w);

  for (int h = 0; h < 10; ++h) {
    const auto i = std::size_t(h);
    const int domains = w.households.has_children[i] ? 5 : 4;
    double sum = 0;
    for (int d = 0; d < 5; ++d) {
      SCOPED_TRACE(::testing::Message() << "household " << h << " domain " << d);
      EXPECT_NEAR(w.households.p[i][std::size_t(d)], expected[i][std::size_t(d)], 1e-12);
      if (d < domains) sum += expected[i][std::size_t(d)];
    }
    if (domains == 4) {
      EXPECT_EQ(w.households.p[i][YOUTH], 0.0);  // YOUTH never applies without children
    }
    EXPECT_EQ(w.households.help_delta[i], Problems{});             // consumed
    EXPECT_EQ(w.households.ext_delta.of(h), Problems{});
    EXPECT_NEAR(w.households.pbar_after_dynamics[i], sum / domains, 1e-12);
    EXPECT_EQ(w.households.pbar_after_dynamics_prev[i], pbar_before[i]);
    EXPECT_EQ(w.households.safety_shocks_this_week[i], 0);
  }
  EXPECT_EQ(w.households.p[2][DEBT], 0.0);  // clamped below
  EXPECT_EQ(w.households.p[4][WORK], 1.0);  // clamped above
}

TEST(SubmodelProblemDynamics, SpillOverIsAJacobiUpdate) {
  // Two active domains feed each other from the old values only: a household
  // with p = (0.5, 0.5, 0, 0) moves both to the same new value.
  Parameters p = testing::tiny_parameters(10);
  p.spill_rate = 0.1;
  p.recovery_rate = 0;
  p.support_effect = 0;
  World w = build_world(p, 3);
  testing::clear_households(w);
  set_problems(w, 0, problems(0.5, 0.5, 0, 0));
  update_problems(w);
  const double expected = 0.5 + 0.1 * (0.5 / 3) * 0.5;
  EXPECT_NEAR(w.households.p[0][DEBT], expected, 1e-15);
  EXPECT_NEAR(w.households.p[0][WORK], expected, 1e-15);
  EXPECT_NEAR(w.households.p[0][HEALTH], 0.0 + 0.1 * (1.0 / 3), 1e-15);
}

TEST(SubmodelProblemDynamics, ACertainShockHitsEveryApplicableDomain) {
  Parameters p = testing::tiny_parameters(10);
  p.shock_rate = 100;  // rate >= 1 for every household and domain
  p.shock_min = p.shock_max = 0.2;
  p.spill_rate = p.recovery_rate = p.support_effect = 0;
  p.ce_safety = 0;
  p.bb_mediation = 0;
  World w = build_world(p, 5);
  testing::clear_households(w);
  set_problems(w, 1, problems(0.1, 0.2, 0.3, 0.4, 0.5), true);
  update_problems(w);
  for (int h = 0; h < 10; ++h) {
    const auto i = std::size_t(h);
    EXPECT_EQ(w.households.safety_shocks_this_week[i], 1);
    const Problems& now = w.households.p[i];
    if (h == 1) {
      EXPECT_NEAR(now[DEBT], 0.3, 1e-15);
      EXPECT_NEAR(now[YOUTH], 0.7, 1e-15);
    } else {
      for (int d = 0; d < 4; ++d) EXPECT_NEAR(now[std::size_t(d)], 0.2, 1e-15);
      EXPECT_EQ(now[YOUTH], 0.0);  // drawn, never applied
    }
  }
}

TEST(SubmodelProblemDynamics, CollectiveEfficacyAndMediationCanStopSafetyShocks) {
  Parameters p = testing::tiny_parameters(10);
  p.shock_rate = 100;
  p.shock_min = p.shock_max = 0.2;
  p.spill_rate = p.recovery_rate = p.support_effect = 0;
  p.ce_safety = 1.0;
  p.ce_ref = 0.0;
  p.bb_mediation = 0.0;
  World w = build_world(p, 5);
  testing::clear_households(w);
  // rate[SAFETY] *= (1 - ce_safety (ce - ce_ref)) = 0 at ce = 1.
  w.neighbourhoods[0].ce = 1.0;
  update_problems(w);
  for (int h = 0; h < 10; ++h) {
    EXPECT_EQ(w.households.safety_shocks_this_week[std::size_t(h)], 0);
    EXPECT_EQ(w.households.p[std::size_t(h)][SAFETY], 0.0);
    EXPECT_NEAR(w.households.p[std::size_t(h)][DEBT], 0.2, 1e-15);
  }
  // (1 - bb_mediation bbq) = 0 at full mediation does the same.
  w.params.ce_safety = 0.0;
  w.params.bb_mediation = 1.0;
  w.districts[0].bridge_quality = 1.0;
  testing::clear_households(w);
  w.week = 1;
  update_problems(w);
  for (int h = 0; h < 10; ++h) EXPECT_EQ(w.households.safety_shocks_this_week[std::size_t(h)], 0);
}

// A neighbourhood split between districts feels their mediation averaged over
// its households: with one district mediating fully and the other not at all,
// even the households of the fully mediated district keep their safety shocks
// (at half the rate, still certain here). The weights are checked in
// test_districts.cpp.
TEST(SubmodelProblemDynamics, MediationIsTheNeighbourhoodsMeanOverItsDistricts) {
  Parameters p = testing::tiny_parameters(2000);
  p.district_households = 1000;
  p.shock_rate = 100;  // every rate at least 1, halved or not: a shock is certain
  p.shock_min = p.shock_max = 0.2;
  p.spill_rate = p.recovery_rate = p.support_effect = 0;
  p.ce_safety = 0.0;
  p.bb_mediation = 1.0;
  World w = build_world(p, 6);
  ASSERT_EQ(w.districts.size(), 2u);
  testing::clear_households(w);
  w.districts[0].bridge_quality = 1.0;
  w.districts[1].bridge_quality = 1.0;
  update_problems(w);
  for (int h = 0; h < w.households.count; ++h)
    ASSERT_EQ(w.households.safety_shocks_this_week[std::size_t(h)], 0) << "household " << h;
  w.districts[1].bridge_quality = 0.0;
  testing::clear_households(w);
  w.week = 1;
  update_problems(w);
  for (int h = 0; h < w.households.count; ++h)
    ASSERT_EQ(w.households.safety_shocks_this_week[std::size_t(h)], 1) << "household " << h;
}

// The weekly shock frequency per domain against the §7.1 rate, summed over
// households of different vulnerability; and the mean shock size.
TEST(SubmodelProblemDynamics, ShockFrequencyPerDomainMatchesItsRate) {
  Parameters p = testing::tiny_parameters(2000);
  p.shock_rate = 0.01;
  p.shock_min = 0.1;
  p.shock_max = 0.3;
  p.spill_rate = p.recovery_rate = p.support_effect = 0;
  p.ce_safety = 0.5;
  p.ce_ref = 0.5;
  p.bb_mediation = 0.3;
  World w = build_world(p, 2024);
  Neighbourhood& nb = w.neighbourhoods[0];
  nb.ce = 0.7;
  ASSERT_EQ(w.districts.size(), 1u);
  const double mediation = 0.5;
  w.districts[0].bridge_quality = mediation;

  constexpr int kWeeks = 60;
  std::array<double, kDomains> expected{}, variance{};
  std::array<double, kDomains> observed{};
  std::vector<double> sizes;
  for (int h = 0; h < w.households.count; ++h) {
    const auto i = std::size_t(h);
    const double vuln = w.households.vuln[i];
    for (int d = 0; d < kDomains; ++d) {
      if (d == YOUTH && !w.households.has_children[i]) continue;
      double rate = p.shock_rate * (0.25 + 2.5 * vuln) * (0.5 + nb.ctx[std::size_t(d)]) *
                    (1 + p.dis_shock * (nb.disadv - 0.5));
      if (d == SAFETY) rate *= (1 - p.ce_safety * (nb.ce - p.ce_ref)) * (1 - p.bb_mediation * mediation);
      expected[std::size_t(d)] += kWeeks * rate;
      variance[std::size_t(d)] += kWeeks * rate * (1 - rate);
    }
  }
  std::int64_t safety_counted = 0;
  for (int t = 0; t < kWeeks; ++t) {
    w.week = t;
    for (int h = 0; h < w.households.count; ++h)
      set_problems(w, h, Problems{}, w.households.has_children[std::size_t(h)]);
    update_problems(w);
    for (int h = 0; h < w.households.count; ++h) {
      const auto i = std::size_t(h);
      safety_counted += w.households.safety_shocks_this_week[i];
      for (int d = 0; d < kDomains; ++d) {
        const double x = w.households.p[i][std::size_t(d)];
        if (x > 0) {
          observed[std::size_t(d)] += 1;
          sizes.push_back(x);
        }
      }
    }
  }
  for (int d = 0; d < kDomains; ++d) {
    SCOPED_TRACE(kDomainNames[std::size_t(d)]);
    EXPECT_GT(expected[std::size_t(d)], 300.0);
    EXPECT_NEAR(observed[std::size_t(d)], expected[std::size_t(d)],
                testing::kSigmas * std::sqrt(variance[std::size_t(d)]));
  }
  EXPECT_EQ(double(safety_counted), observed[SAFETY]);  // every SAFETY shock is a safety incident
  const testing::Moments m = testing::moments(sizes);
  EXPECT_NEAR(m.mean, 0.2, testing::kSigmas * (0.2 / std::sqrt(12.0)) / std::sqrt(double(m.n)));
}

}  // namespace
}  // namespace wijksim
