// Phase 8, recruitment (docs/ODD.md §7).
// A vacancy draws a candidate pool and hires the candidate with the best
// signal (a ranking only):
//   ads:    o = ads_signal z_bp + sqrt(1 - ads_signal^2) xi
//   scouts: o = scout_signal z_bp + scout_fit_signal z_fit
//               + sqrt(max(0, 1 - scout_signal^2 - scout_fit_signal^2)) xi
// with z_bp = Phi^-1(bp_score), z_fit = (fit - 0.5) / fit_sd. A hire with
// bp_score >= bp_threshold into a caseworker position becomes a frontline worker.
// Informal Best Persons emerge as Poisson(bp_emergence households / 1000 / 52)
// per neighbourhood and week; each unsponsored one is found and sponsored with
// probability 1 - (1 - find)^(1/52) a week.
#include "model/recruitment.h"

#include <boost/random/poisson_distribution.hpp>
#include <cmath>

#include "core/rng.h"
#include "model/helpers.h"
#include "model/phases.h"
#include "model/traits.h"
#include "model/world_builder.h"

namespace wijksim {

namespace {

// Draw indices of a vacancy: kTraitDraws + 1 per candidate (the last is the
// signal's noise), then the hire's own.
constexpr std::uint32_t kDrawsPerCandidate = kTraitDraws + 1;
constexpr std::uint32_t kHireDraw = 60000;

}  // namespace

void open_vacancy(World& w, PositionKind kind, int team, int position, int nbh) {
  const Parameters& p = w.params;
  Vacancy v;
  v.id = w.next_vacancy_id++;
  v.kind = kind;
  v.team = team;
  v.position = position;
  v.nbh = nbh;
  v.opened = w.week;
  const bool scouts = p.recruit_channel == RecruitChannel::scouts;
  v.fill_week = w.week + (scouts ? p.scout_weeks : p.ads_weeks);
  const int pool = scouts ? p.scout_pool : p.ads_pool;
  TraitPool candidates = TraitPool::everyone;
  if (kind == PositionKind::caseworker && p.staff_pool == StaffPool::best_persons_only)
    candidates = TraitPool::best_persons;
  if (kind == PositionKind::caseworker && p.staff_pool == StaffPool::standard_only) candidates = TraitPool::others;
  const Problems& ctx = w.neighbourhoods[std::size_t(nbh)].ctx;
  const Draws draws(w.seed, std::uint32_t(w.week), EntityClass::vacancy, Stream::candidates, std::uint32_t(v.id));
  double best_signal = 0;
  for (int c = 0; c < pool; ++c) {
    const std::uint32_t first = std::uint32_t(c) * kDrawsPerCandidate;
    const Traits t = draw_traits(draws, first, candidates, p.bp_threshold);
    const double z_bp = normal_quantile(t.bp_score());
    const double z_fit = (t.fit(ctx) - 0.5) / p.fit_sd;
    const double noise = draws.normal(first + kTraitDraws);
    const double signal =
        scouts ? p.scout_signal * z_bp + p.scout_fit_signal * z_fit +
                     std::sqrt(std::max(0.0, 1.0 - p.scout_signal * p.scout_signal -
                                                  p.scout_fit_signal * p.scout_fit_signal)) * noise
               : p.ads_signal * z_bp + std::sqrt(std::max(0.0, 1.0 - p.ads_signal * p.ads_signal)) * noise;
    if (c == 0 || signal > best_signal) {
      best_signal = signal;
      v.hire = t;
      v.hire_fit = t.fit(ctx);
    }
  }
  w.vacancies.push_back(v);
}

namespace {

void fill_due_vacancies(World& w) {
  const Parameters& p = w.params;
  Tally& tally = w.tally.local();
  for (Vacancy& v : w.vacancies) {
    if (v.filled || v.fill_week > w.week) continue;
    v.filled = true;
    Team& team = w.teams[std::size_t(v.team)];
    const Draws draws(w.seed, std::uint32_t(v.opened), EntityClass::vacancy, Stream::candidates, std::uint32_t(v.id));
    HelperType type = HelperType::bridge_builder_inside;
    if (v.kind == PositionKind::caseworker) {
      const bool frontline = v.hire.bp_score() >= p.bp_threshold && p.staff_pool != StaffPool::standard_only;
      type = frontline ? HelperType::frontline_worker : HelperType::standard_worker;
    }
    const std::int32_t id = add_helper(w, type, v.nbh, team.district, v.team, false, v.hire, draws, kHireDraw);
    if (v.kind == PositionKind::caseworker)
      team.members.push_back(id);
    else
      w.bb_in_positions[std::size_t(v.position)] = id;
    const Helper& hire = w.helpers[std::size_t(id)];
    tally.add(Count::hires);
    if (hire.is_bp) tally.add(Count::hires_best_person);
    tally.add(Sum::hire_bp_score, hire.bp_score);
    tally.add(Sum::hire_fit, v.hire_fit);
    tally.add(Sum::hire_time_to_fill, double(w.week - v.opened));
  }
  std::erase_if(w.vacancies, [](const Vacancy& v) { return v.filled; });
}

void informal_emergence(World& w) {
  const Parameters& p = w.params;
  const double per_week = p.bp_emergence_per_1000_per_year() / 1000.0 / 52.0;
  if (per_week <= 0) return;
  for (int n = 0; n < int(w.neighbourhoods.size()); ++n) {
    const Draws draws(w.seed, std::uint32_t(w.week), EntityClass::neighbourhood, Stream::informal_emergence,
                      std::uint32_t(n));
    auto engine = draws.engine(0);
    const double mean = per_week * w.neighbourhoods[std::size_t(n)].household_count;
    const int arrivals = boost::random::poisson_distribution<int, double>(mean)(engine);
    for (int j = 0; j < arrivals && j < 100; ++j)
      if (add_informal_best_person(w, n, false, draws, 1 + std::uint32_t(j) * 512) != kNone)
        w.tally.local().add(Count::informal_emerged);
  }
}

void informal_finding(World& w) {
  const Parameters& p = w.params;
  const double find = p.recruit_channel == RecruitChannel::scouts ? p.find_scouts : p.find_ads;
  const double weekly = 1.0 - std::pow(1.0 - find, 1.0 / 52.0);
  for (Helper& h : w.helpers) {
    if (h.status != HelperStatus::active || !is_informal(h.type) || h.sponsored) continue;
    const Draws draws(w.seed, std::uint32_t(w.week), EntityClass::helper, Stream::informal_finding,
                      std::uint32_t(h.id));
    if (draws.bernoulli(0, weekly)) h.sponsored = true;
  }
}

}  // namespace

void recruit(World& w) {
  fill_due_vacancies(w);
  informal_emergence(w);
  informal_finding(w);
}

}  // namespace wijksim
