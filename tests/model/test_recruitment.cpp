// Phase 8, recruitment (docs/ODD.md §7): who a hire becomes, time to fill by
// channel, the selection by signal
// (ads against scouts), and informal Best Persons who emerge and are found.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "model/recruitment.h"
#include "support/tiny_world.h"

namespace wijksim {
namespace {

std::ptrdiff_t sponsored_informal_best_persons(const World& w) {
  return std::count_if(w.helpers.begin(), w.helpers.end(),
                       [](const Helper& h) { return is_informal(h.type) && h.sponsored; });
}

Traits traits_with_scores(double empathy, double drive) {
  Traits t;
  t.z_emp = normal_quantile(empathy);
  t.z_drv = normal_quantile(drive);
  t.competence = {0.5, 0.5, 0.5, 0.5, 0.5};
  t.resilience = 0.5;
  return t;
}

void add_vacancy(World& w, PositionKind kind, int team, int position, const Traits& hire, int opened, int fill) {
  Vacancy v;
  v.id = w.next_vacancy_id++;
  v.kind = kind;
  v.team = team;
  v.position = position;
  v.opened = opened;
  v.fill_week = fill;
  v.hire = hire;
  w.vacancies.push_back(v);
}

TEST(SubmodelRecruitment, AHireWithBpScoreAtLeastTheThresholdBecomesAFrontlineWorker) {
  Parameters p = testing::tiny_parameters(10);
  p.staff_pool = StaffPool::pool;
  p.bp_threshold = 0.9;
  p.contact_freq.fill(0.4);
  p.exh_init_min = 0.1;
  p.exh_init_max = 0.4;
  World w = build_world(p, 51);
  const int team = w.team_index(0, WORK);
  add_vacancy(w, PositionKind::caseworker, team, 0, traits_with_scores(0.95, 0.93), 2, 12);
  add_vacancy(w, PositionKind::caseworker, team, 0, traits_with_scores(0.99, 0.85), 2, 12);
  const std::size_t before = w.helpers.size();
  w.week = 11;
  recruit(w);
  EXPECT_EQ(w.helpers.size(), before);  // not yet
  w.week = 12;
  w.tally.clear();
  recruit(w);
  ASSERT_EQ(w.helpers.size(), before + 2);
  EXPECT_TRUE(w.vacancies.empty());
  const Helper& bp = w.helpers[before];
  const Helper& sw = w.helpers[before + 1];
  EXPECT_EQ(bp.type, HelperType::frontline_worker);
  EXPECT_TRUE(bp.is_bp);
  EXPECT_EQ(sw.type, HelperType::standard_worker);  // min(0.99, 0.85) < 0.9
  EXPECT_FALSE(sw.is_bp);
  for (const Helper* h : {&bp, &sw}) {
    // Initial state of a hire (§11 entry 18).
    EXPECT_EQ(h->status, HelperStatus::active);
    EXPECT_EQ(h->team, team);
    EXPECT_EQ(h->nbh, 0);
    EXPECT_EQ(h->district, 0);
    EXPECT_EQ(h->sanction_memory, 0.0);
    EXPECT_EQ(h->success_ema, 0.5);
    EXPECT_EQ(h->contact_ema, 0.4);
    EXPECT_GE(h->exhaustion, 0.1);
    EXPECT_LE(h->exhaustion, 0.4);
    EXPECT_EQ(h->relief_until, kNone);
    EXPECT_EQ(h->return_until, kNone);
    EXPECT_EQ(h->facility_lost_until, kNone);
    EXPECT_TRUE(h->caseload.empty());
  }
  EXPECT_EQ(w.team(0, WORK).members,
            (std::vector<std::int32_t>{testing::worker(w, 0, WORK), bp.id, sw.id}));
  const Tally t = testing::tally_of(w);
  EXPECT_EQ(t.count(Count::hires), 2);
  EXPECT_EQ(t.count(Count::hires_best_person), 1);
  EXPECT_NEAR(t.sum(Sum::hire_time_to_fill), 20.0, 1e-9);
  EXPECT_NEAR(t.sum(Sum::hire_bp_score), 0.93 + 0.85, 1e-6);
}

TEST(SubmodelRecruitment, UnderStandardOnlyEveryHireIsAStandardWorker) {
  Parameters p = testing::tiny_parameters(10);
  World w = build_world(p, 52);
  ASSERT_EQ(p.staff_pool, StaffPool::standard_only);
  add_vacancy(w, PositionKind::caseworker, w.team_index(0, DEBT), 0, traits_with_scores(0.97, 0.96), 0, 0);
  recruit(w);
  EXPECT_EQ(w.helpers.back().type, HelperType::standard_worker);
}

TEST(SubmodelRecruitment, AnInsideBridgeBuilderPositionKeepsItsTypeWhateverTheScore) {
  Parameters p = testing::tiny_parameters(10);
  p.bb_in_per_1000 = 100;  // one post for the ten households
  World w = build_world(p, 53);
  ASSERT_EQ(w.bb_in_positions.size(), 1u);
  const std::int32_t old = w.bb_in_positions[0];
  EXPECT_EQ(w.helpers[std::size_t(old)].type, HelperType::bridge_builder_inside);
  EXPECT_TRUE(w.helpers[std::size_t(old)].is_bp);  // drawn as a Best Person (§11 entry 5)
  w.helpers[std::size_t(old)].status = HelperStatus::exited;
  w.bb_in_positions[0] = kNone;
  add_vacancy(w, PositionKind::bridge_builder_inside, w.team_index(0, kSocialServices), 0,
              traits_with_scores(0.3, 0.4), 0, 0);
  recruit(w);
  const Helper& hire = w.helpers.back();
  EXPECT_EQ(hire.type, HelperType::bridge_builder_inside);
  EXPECT_FALSE(hire.is_bp);
  EXPECT_EQ(w.bb_in_positions[0], hire.id);
}

TEST(SubmodelRecruitment, TimeToFillIsAdsWeeksOrScoutWeeks) {
  for (RecruitChannel channel : {RecruitChannel::ads, RecruitChannel::scouts}) {
    Parameters p = testing::tiny_parameters(10);
    p.recruit_channel = channel;
    p.ads_weeks = 10;
    p.scout_weeks = 14;
    World w = build_world(p, 54);
    const int weeks = channel == RecruitChannel::ads ? 10 : 14;
    w.week = 3;
    open_vacancy(w, PositionKind::caseworker, w.team_index(0, HEALTH), 0, 0);
    ASSERT_EQ(w.vacancies.size(), 1u);
    EXPECT_EQ(w.vacancies[0].fill_week, 3 + weeks);
    const std::size_t before = w.helpers.size();
    for (int week = 3; week <= 3 + weeks; ++week) {
      w.week = week;
      w.tally.clear();
      recruit(w);
      ASSERT_EQ(w.helpers.size(), before + (week == 3 + weeks ? 1u : 0u)) << "week " << week;
    }
    EXPECT_NEAR(testing::tally_of(w).sum(Sum::hire_time_to_fill), weeks, 1e-9);
    EXPECT_EQ(w.helpers.back().team, w.team_index(0, HEALTH));
  }
}

// A hire lives where its position is based and works in its team's district:
// four neighbourhoods of 500 in two districts, a post of the second district's
// team based in the last neighbourhood.
TEST(SubmodelRecruitment, AHireIsBasedInTheVacancysNeighbourhoodAndWorksInItsTeamsDistrict) {
  Parameters p = testing::tiny_parameters(500);
  p.n_neighbourhoods = 4;
  p.district_households = 1000;
  World w = build_world(p, 55);
  ASSERT_EQ(w.districts.size(), 2u);
  const int team = w.team_index(1, HEALTH);
  open_vacancy(w, PositionKind::caseworker, team, 0, 3);
  ASSERT_EQ(w.vacancies.size(), 1u);
  EXPECT_EQ(w.vacancies[0].nbh, 3);
  w.week = w.vacancies[0].fill_week;
  recruit(w);
  const Helper& hire = w.helpers.back();
  EXPECT_EQ(hire.team, team);
  EXPECT_EQ(hire.nbh, 3);
  EXPECT_EQ(hire.district, 1);
  EXPECT_EQ(w.teams[std::size_t(team)].members.back(), hire.id);
}

std::vector<Vacancy> open_many(Parameters p, int count, std::uint64_t seed) {
  World w = build_world(p, seed);
  for (int i = 0; i < count; ++i) open_vacancy(w, PositionKind::caseworker, w.team_index(0, i % kInstitutions), 0, 0);
  return w.vacancies;
}

// SF5's mechanism: scouts, with a strong signal of the Best-Person score and of
// fit, hire people with higher scores (and fit) than ads do.
TEST(SubmodelRecruitment, ScoutHiresHaveAHigherMeanBpScoreThanAdHires) {
  Parameters p = testing::tiny_parameters(10);
  p.staff_pool = StaffPool::pool;
  constexpr int kVacancies = 600;
  p.recruit_channel = RecruitChannel::ads;
  const std::vector<Vacancy> ads = open_many(p, kVacancies, 61);
  p.recruit_channel = RecruitChannel::scouts;
  const std::vector<Vacancy> scouts = open_many(p, kVacancies, 62);
  std::vector<double> ads_score, scout_score, ads_fit, scout_fit;
  for (const Vacancy& v : ads) {
    ads_score.push_back(v.hire.bp_score());
    ads_fit.push_back(v.hire_fit);
  }
  for (const Vacancy& v : scouts) {
    scout_score.push_back(v.hire.bp_score());
    scout_fit.push_back(v.hire_fit);
  }
  const testing::Moments a = testing::moments(ads_score), s = testing::moments(scout_score);
  EXPECT_GT(s.mean - a.mean, testing::kSigmas * std::hypot(a.se, s.se))
      << "scouts " << s.mean << " ads " << a.mean;
  const testing::Moments af = testing::moments(ads_fit), sf = testing::moments(scout_fit);
  EXPECT_GT(sf.mean - af.mean, testing::kSigmas * std::hypot(af.se, sf.se)) << "scouts " << sf.mean << " ads " << af.mean;
}

// With no signal the hire is a random candidate: E[min(U1, U2)] = 1/3, sd sqrt(1/18).
// With a perfect score signal the hire is the best of the pool:
// E[max of n] = integral of 1 - F(x)^n with F(x) = 1 - (1 - x)^2.
TEST(SubmodelRecruitment, TheSignalSelectsTheCandidateWithTheBestScore) {
  Parameters p = testing::tiny_parameters(10);
  p.staff_pool = StaffPool::pool;
  p.recruit_channel = RecruitChannel::ads;
  p.ads_signal = 0.0;
  p.ads_pool = 30;
  std::vector<double> random_pick;
  for (const Vacancy& v : open_many(p, 800, 63)) random_pick.push_back(v.hire.bp_score());
  const testing::Moments r = testing::moments(random_pick);
  EXPECT_NEAR(r.mean, 1.0 / 3, testing::kSigmas * std::sqrt(1.0 / 18) / std::sqrt(double(r.n)));

  p.recruit_channel = RecruitChannel::scouts;
  p.scout_signal = 1.0;
  p.scout_fit_signal = 0.0;
  p.scout_pool = 8;
  std::vector<double> best;
  for (const Vacancy& v : open_many(p, 800, 64)) best.push_back(v.hire.bp_score());
  double mean = 0, second = 0;
  constexpr int kSteps = 20000;
  for (int i = 0; i < kSteps; ++i) {
    const double x = (i + 0.5) / kSteps;
    const double survival = 1 - std::pow(1 - (1 - x) * (1 - x), 8);
    mean += survival / kSteps;
    second += 2 * x * survival / kSteps;  // E[X^2] = integral of 2x P(X > x)
  }
  const testing::Moments b = testing::moments(best);
  EXPECT_NEAR(b.mean, mean, testing::kSigmas * std::sqrt(second - mean * mean) / std::sqrt(double(b.n)));
}

TEST(SubmodelRecruitment, InformalBestPersonsEmergeAtBpEmergencePerThousandHouseholdsAYear) {
  Parameters p = testing::tiny_parameters(2000);
  p.bp_emergence = 52.0;  // 52 per 1000 households a year: 2 a week in 2000 households
  p.bp_threshold = 0.9;
  World w = build_world(p, 71);
  ASSERT_TRUE(w.neighbourhoods[0].informal_helpers.empty());
  constexpr int kWeeks = 100;
  std::int64_t emerged = 0;
  for (int week = 0; week < kWeeks; ++week) {
    w.week = week;
    w.tally.clear();
    recruit(w);
    emerged += testing::tally_of(w).count(Count::informal_emerged);
  }
  const double expected = 2.0 * kWeeks;
  EXPECT_NEAR(double(emerged), expected, testing::kSigmas * std::sqrt(expected));
  std::set<std::int32_t> hosts;
  std::vector<double> is_doer;
  for (std::int32_t id : w.neighbourhoods[0].informal_helpers) {
    const Helper& h = w.helpers[std::size_t(id)];
    EXPECT_TRUE(h.type == HelperType::everyday_doer || h.type == HelperType::social_entrepreneur ||
                h.type == HelperType::bridge_builder_outside);
    EXPECT_FALSE(h.sponsored);
    EXPECT_TRUE(h.is_bp);
    EXPECT_GE(h.bp_score, 0.9);
    EXPECT_TRUE(w.households.is_host[std::size_t(h.host)]);
    EXPECT_TRUE(hosts.insert(h.host).second) << "two Best Persons share host " << h.host;
    is_doer.push_back(h.type == HelperType::everyday_doer);
  }
  EXPECT_EQ(std::int64_t(hosts.size()), emerged);
  const testing::Moments m = testing::moments(is_doer);
  EXPECT_NEAR(m.mean, p.share_ed, testing::kSigmas * std::sqrt(p.share_ed * (1 - p.share_ed) / double(m.n)));

  // At a weekly mean of 30 an arrival is certain in practice; at rate 0 nobody comes.
  w.params.bp_emergence = 30.0 * 52 * 1000 / 2000;
  w.week = kWeeks;
  w.tally.clear();
  recruit(w);
  EXPECT_GT(testing::tally_of(w).count(Count::informal_emerged), 0);
  w.params.bp_emergence = 0.0;
  const std::size_t count = w.helpers.size();
  for (int week = kWeeks + 1; week < kWeeks + 20; ++week) {
    w.week = week;
    recruit(w);
  }
  EXPECT_EQ(w.helpers.size(), count);
}

TEST(SubmodelRecruitment, WithFindOneEveryUnsponsoredInformalBestPersonIsSponsoredInAWeek) {
  for (RecruitChannel channel : {RecruitChannel::ads, RecruitChannel::scouts}) {
    Parameters p = testing::tiny_parameters(10);
    p.recruit_channel = channel;
    p.find_ads = channel == RecruitChannel::ads ? 1.0 : 0.0;  // only the channel in force counts
    p.find_scouts = channel == RecruitChannel::scouts ? 1.0 : 0.0;
    World w = build_world(p, 72);
    const int ed = testing::add_informal(w, HelperType::everyday_doer, false, 1);
    const int se = testing::add_informal(w, HelperType::social_entrepreneur, false, 2);
    const int bb = testing::add_informal(w, HelperType::bridge_builder_outside, false, 3);
    EXPECT_EQ(base_cap(w.helpers[std::size_t(ed)], p), p.cap_ed);
    const std::ptrdiff_t sponsored_before = sponsored_informal_best_persons(w);
    recruit(w);
    for (int id : {ed, se, bb}) EXPECT_TRUE(w.helpers[std::size_t(id)].sponsored);
    EXPECT_EQ(sponsored_informal_best_persons(w) - sponsored_before, 3) << "those three and nobody else";
    // Sponsorship brings capacity (§11 entry 27a).
    EXPECT_EQ(base_cap(w.helpers[std::size_t(ed)], p), int(std::floor(p.cap_ed * (1 + p.sponsor_cap_bonus))));
  }
  Parameters p = testing::tiny_parameters(10);
  p.recruit_channel = RecruitChannel::scouts;
  p.find_ads = 1.0;
  p.find_scouts = 0.0;
  World w = build_world(p, 73);
  const int ed = testing::add_informal(w, HelperType::everyday_doer, false);
  for (int week = 0; week < 52; ++week) {
    w.week = week;
    recruit(w);
  }
  EXPECT_FALSE(w.helpers[std::size_t(ed)].sponsored);
}

}  // namespace
}  // namespace wijksim
