#include "engine/observer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tbb/parallel_for.h>

#include "engine/metrics.h"
#include "model/districts.h"
#include "model/helpers.h"
#include "model/household_view.h"

namespace wijksim {

namespace {

static_assert(std::size(kHelperTypeNames) == kHelperTypes, "one name per helper type, for its output column");

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

struct NeighbourhoodSums {
  std::int64_t multi = 0, active = 0, debt = 0, safety = 0, in_need = 0, covered = 0, children = 0;
  std::array<std::int64_t, 3> by_class{};
  double wellbeing = 0, trust = 0, ce = 0;
  Problems p{};
};

NeighbourhoodSums sum_neighbourhood(const World& w, const Neighbourhood& nb) {
  const Parameters& p = w.params;
  const Households& hh = w.households;
  const double need = p.need_min_seek();
  NeighbourhoodSums s;
  for (int h = nb.first_household; h < nb.first_household + nb.household_count; ++h) {
    const auto i = std::size_t(h);
    const bool children = hh.has_children[i];
    const int c = complexity(hh.p[i], children, p.p_active);
    s.multi += c >= 3;
    s.active += c >= 1;
    if (c >= 1) ++s.by_class[std::size_t(complexity_class(c))];
    s.debt += hh.p[i][DEBT] >= 0.5;
    s.safety += hh.safety_shocks_this_week[i];
    if (max_problem(hh.p[i], children) >= need) {
      ++s.in_need;
      const InstitutionalCase& institutional = hh.cases.of(i);
      s.covered += (institutional.exists() && institutional.helper != kNone) || hh.ed_case.of(i).exists() ||
                   hh.se_case.of(i).exists();
    }
    s.wellbeing += 1.0 - hh.pbar_after_dynamics[i];  // mean_load(p): p changes only in phase 2
    s.trust += hh.trust[i];
    s.ce += hh.engage[i] * std::min(1.0, double(hh.ties.degree(h)) / p.mean_degree);
    for (int d = 0; d < kDomains; ++d) s.p[std::size_t(d)] += hh.p[i][std::size_t(d)];
    s.children += children;
  }
  return s;
}

double ratio(double num, double den) { return den > 0 ? num / den : std::numeric_limits<double>::quiet_NaN(); }

// Mean of the top quintile minus mean of the bottom quintile; reorders `values`.
double quintile_gap(std::vector<double>& values) {
  const std::size_t n = values.size();
  const std::size_t fifth = n / 5;
  if (fifth == 0) return 0;
  std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(fifth), values.end());
  double bottom = 0;
  for (std::size_t i = 0; i < fifth; ++i) bottom += values[i];
  std::nth_element(values.begin() + std::ptrdiff_t(fifth), values.end() - std::ptrdiff_t(fifth), values.end());
  double top = 0;
  for (std::size_t i = n - fifth; i < n; ++i) top += values[i];
  return (top - bottom) / double(fifth);
}

}  // namespace

Observer::Observer(RunResult& result, int weeks, int neighbourhoods) : result_(result) {
  result_.weeks = weeks;
  result_.neighbourhoods = neighbourhoods;
  result_.values.clear();
  for (const MetricSpec& m : metric_table())
    result_.values.emplace_back(std::size_t(weeks) * std::size_t(level_extent(m.level, neighbourhoods)), kMissing);
}

void Observer::record(const World& w, const Tally& tally, int index) {
  const Parameters& p = w.params;
  const Households& hh = w.households;
  const int n_nbh = int(w.neighbourhoods.size());
  auto put = [&](MetricId id, double value, int slot = 0) {
    const auto m = std::size_t(id);
    const int extent = level_extent(metric_table()[m].level, n_nbh);
    result_.values[m][std::size_t(index) * std::size_t(extent) + std::size_t(slot)] = float(value);
  };

  std::vector<NeighbourhoodSums> per_nbh(w.neighbourhoods.size());
  tbb::parallel_for(std::size_t(0), w.neighbourhoods.size(),
                    [&](std::size_t n) { per_nbh[n] = sum_neighbourhood(w, w.neighbourhoods[n]); });
  std::vector<std::int64_t> queue_by_nbh(w.neighbourhoods.size(), 0);
  for (const Team& t : w.teams)
    for (std::int32_t household : t.queue) ++queue_by_nbh[std::size_t(hh.nbh[std::size_t(household)])];

  NeighbourhoodSums city;
  std::int64_t queue = 0;
  for (int n = 0; n < n_nbh; ++n) {
    const NeighbourhoodSums& s = per_nbh[std::size_t(n)];
    const double size = w.neighbourhoods[std::size_t(n)].household_count;
    put(MetricId::nbh_wellbeing_mean, s.wellbeing / size, n);
    put(MetricId::nbh_multi_problem_share, double(s.multi) / size, n);
    put(MetricId::nbh_debt_problem_share, double(s.debt) / size, n);
    put(MetricId::nbh_safety_incidents, double(s.safety), n);
    put(MetricId::nbh_trust_mean, s.trust / size, n);
    put(MetricId::nbh_collective_efficacy, s.ce / size, n);
    put(MetricId::nbh_help_coverage, ratio(double(s.covered), double(s.in_need)), n);
    put(MetricId::nbh_queue_length, double(queue_by_nbh[std::size_t(n)]), n);
    put(MetricId::nbh_coordination,
        neighbourhood_mean(w, w.neighbourhoods[std::size_t(n)], [](const District& d) { return d.coord; }), n);
    city.multi += s.multi;
    city.active += s.active;
    city.debt += s.debt;
    city.safety += s.safety;
    city.in_need += s.in_need;
    city.covered += s.covered;
    city.children += s.children;
    city.wellbeing += s.wellbeing;
    city.trust += s.trust;
    city.ce += s.ce;
    for (std::size_t c = 0; c < 3; ++c) city.by_class[c] += s.by_class[c];
    for (std::size_t d = 0; d < kDomains; ++d) city.p[d] += s.p[d];
    queue += queue_by_nbh[std::size_t(n)];
  }
  const double households = hh.count;
  put(MetricId::wellbeing_mean, city.wellbeing / households);
  put(MetricId::multi_problem_share, double(city.multi) / households);
  put(MetricId::active_problem_share, double(city.active) / households);
  put(MetricId::debt_problem_share, double(city.debt) / households);
  put(MetricId::safety_incidents, double(city.safety));
  put(MetricId::trust_mean, city.trust / households);
  put(MetricId::collective_efficacy, city.ce / households);
  put(MetricId::help_coverage, ratio(double(city.covered), double(city.in_need)));
  put(MetricId::queue_length, double(queue));
  for (int d = 0; d < kDomains; ++d)
    put(MetricId::p_mean, city.p[std::size_t(d)] / (d == YOUTH ? double(city.children) : households), d);
  for (int c = 0; c < 3; ++c) put(MetricId::households_by_complexity, double(city.by_class[std::size_t(c)]), c);

  std::vector<double>& wellbeing = wellbeing_scratch_;
  wellbeing.resize(std::size_t(hh.count));
  tbb::parallel_for(tbb::blocked_range<int>(0, hh.count, 4096), [&](const tbb::blocked_range<int>& r) {
    for (int h = r.begin(); h != r.end(); ++h)
      wellbeing[std::size_t(h)] = 1.0 - hh.pbar_after_dynamics[std::size_t(h)];
  });
  // SF3: the fall in load over 26-week windows, by complexity at the window's start.
  if (index % 26 == 0) {
    if (!window_start_load_.empty()) {
      std::array<double, 3> fall{};
      std::array<std::int64_t, 3> count{};
      for (int h = 0; h < hh.count; ++h) {
        const int cls = window_start_class_[std::size_t(h)];
        if (cls < 0) continue;
        fall[std::size_t(cls)] += window_start_load_[std::size_t(h)] - (1.0 - wellbeing[std::size_t(h)]);
        ++count[std::size_t(cls)];
      }
      for (int c = 0; c < 3; ++c) put(MetricId::load_reduction_26wk, ratio(fall[std::size_t(c)], double(count[std::size_t(c)])), c);
    }
    window_start_load_.resize(std::size_t(hh.count));
    window_start_class_.resize(std::size_t(hh.count));
    for (int h = 0; h < hh.count; ++h) {
      window_start_load_[std::size_t(h)] = 1.0 - wellbeing[std::size_t(h)];
      window_start_class_[std::size_t(h)] = std::int8_t(
          complexity_class(complexity(hh.p[std::size_t(h)], hh.has_children[std::size_t(h)], p.p_active)));
    }
  }

  // Last: the quintiles reorder the household values.
  put(MetricId::wellbeing_gap, quintile_gap(wellbeing));

  // Tallied events.
  put(MetricId::queue_wait_mean, ratio(tally.sum(Sum::queue_wait_weeks),
                                       double(tally.count(Count::assignments))));
  put(MetricId::refusals, double(tally.count(Count::refusals)));
  put(MetricId::referrals, double(tally.count(Count::referrals)));
  put(MetricId::exceptions_granted, double(tally.count(Count::exceptions_granted)));
  put(MetricId::handovers, double(tally.count(Count::handovers)));
  put(MetricId::cases_opened, double(tally.count(Count::cases_opened)));
  put(MetricId::job_slots, double(tally.count(Count::job_slots)));
  put(MetricId::bends_within_room, double(tally.count(Count::bends_within_room)));
  put(MetricId::bends_out_of_bounds, double(tally.count(Count::bends_out_of_bounds)));
  put(MetricId::incidents, double(tally.count(Count::bend_incidents)));
  put(MetricId::sanctions, double(tally.count(Count::sanctions)));
  put(MetricId::backed_incidents, double(tally.count(Count::backed_incidents)));
  put(MetricId::harms, double(tally.count(Count::harms)));
  put(MetricId::dismissals, double(tally.count(Count::dismissals)));
  put(MetricId::protocol_effectiveness, ratio(tally.sum(Sum::protocol_realised_effect),
                                              double(tally.count(Count::protocol_slot_weeks))));
  put(MetricId::protocol_case_weeks, double(tally.count(Count::protocol_slot_weeks)));
  put(MetricId::bp_improvise_effectiveness, ratio(tally.sum(Sum::bp_improvise_realised_effect),
                                                  double(tally.count(Count::bp_improvise_slot_weeks))));
  put(MetricId::bp_improvise_case_weeks, double(tally.count(Count::bp_improvise_slot_weeks)));
  put(MetricId::bp_burnout_new, double(tally.bp_burnouts));
  put(MetricId::bp_exits, double(tally.bp_exits));
  put(MetricId::hires, double(tally.count(Count::hires)));
  put(MetricId::hire_bp_score_mean, ratio(tally.sum(Sum::hire_bp_score), double(tally.count(Count::hires))));
  put(MetricId::hire_fit_mean, ratio(tally.sum(Sum::hire_fit), double(tally.count(Count::hires))));
  put(MetricId::hire_bp_share, ratio(double(tally.count(Count::hires_best_person)), double(tally.count(Count::hires))));
  put(MetricId::time_to_fill_mean, ratio(tally.sum(Sum::hire_time_to_fill), double(tally.count(Count::hires))));
  std::int64_t burnouts = 0, exits = 0;
  for (int t = 0; t < kHelperTypes; ++t) {
    burnouts += tally.burnouts[std::size_t(t)];
    exits += tally.exits[std::size_t(t)];
    put(MetricId::type_burnout_new, double(tally.burnouts[std::size_t(t)]), t);
    put(MetricId::type_exits, double(tally.exits[std::size_t(t)]), t);
    put(MetricId::type_dismissals, double(tally.type_dismissals[std::size_t(t)]), t);
  }
  put(MetricId::burnout_new, double(burnouts));
  put(MetricId::helper_exits, double(exits));
  for (int c = 0; c < 3; ++c) {
    put(MetricId::cases_closed, double(tally.closed[std::size_t(c)]), c);
    put(MetricId::closed_case_dp_mean,
        ratio(Tally::real(tally.closed_dp[std::size_t(c)]), double(tally.closed[std::size_t(c)])), c);
  }

  // Helper state, serially in id order.
  std::array<std::int64_t, kHelperTypes> active{}, on_leave{}, complaints{}, caseload{}, improvising{},
      best_persons{}, sponsored{};
  std::array<double, kHelperTypes> exhaustion{}, fte{};
  std::vector<std::int64_t> bp_by_nbh(w.neighbourhoods.size(), 0);
  std::int64_t open_cases = 0, improvise = 0, informal_active = 0, informal_sponsored = 0;
  for (const Helper& h : w.helpers) {
    const auto t = std::size_t(h.type);
    if (h.status == HelperStatus::exited) continue;
    fte[t] += contract_hours(h.type, p) / 32.0;
    if (h.status == HelperStatus::leave) {
      ++on_leave[t];
      continue;
    }
    ++active[t];
    exhaustion[t] += h.exhaustion;
    complaints[t] += h.exhaustion >= 0.6;
    caseload[t] += std::int64_t(h.caseload.size());
    best_persons[t] += h.is_bp;
    sponsored[t] += h.sponsored;
    if (h.is_bp) ++bp_by_nbh[std::size_t(h.nbh)];
    if (is_informal(h.type)) {
      ++informal_active;
      informal_sponsored += h.sponsored;
    }
    if (is_caseworker(h.type)) {
      for (std::int32_t household : h.caseload) {
        const bool impro = hh.cases.of(std::size_t(household)).mode == Mode::improvise;
        improvising[t] += impro;
        improvise += impro;
      }
      open_cases += std::int64_t(h.caseload.size());
    }
  }
  std::int64_t all_active = 0, all_leave = 0, all_complaints = 0, all_bp = 0;
  double all_exhaustion = 0;
  for (int t = 0; t < kHelperTypes; ++t) {
    const auto i = std::size_t(t);
    put(MetricId::type_active, double(active[i]), t);
    put(MetricId::type_on_leave, double(on_leave[i]), t);
    put(MetricId::type_fte, fte[i], t);
    put(MetricId::type_exhaustion_mean, ratio(exhaustion[i], double(active[i])), t);
    put(MetricId::type_complaints_share, ratio(double(complaints[i]), double(active[i])), t);
    put(MetricId::type_caseload_mean, ratio(double(caseload[i]), double(active[i])), t);
    put(MetricId::type_improvise_share,
        is_caseworker(HelperType(t)) ? ratio(double(improvising[i]), double(caseload[i])) : std::nan(""), t);
    put(MetricId::type_best_persons, double(best_persons[i]), t);
    put(MetricId::type_sponsored, double(sponsored[i]), t);
    all_active += active[i];
    all_leave += on_leave[i];
    all_complaints += complaints[i];
    all_exhaustion += exhaustion[i];
    all_bp += best_persons[i];
  }
  for (int n = 0; n < n_nbh; ++n) put(MetricId::nbh_best_persons_active, double(bp_by_nbh[std::size_t(n)]), n);
  put(MetricId::open_cases, double(open_cases));
  put(MetricId::improvise_share, ratio(double(improvise), double(open_cases)));
  put(MetricId::helpers_on_leave, double(all_leave));
  put(MetricId::exhaustion_mean, ratio(all_exhaustion, double(all_active)));
  put(MetricId::burnout_complaints_share, ratio(double(all_complaints), double(all_active)));
  put(MetricId::best_persons_active, double(all_bp));
  put(MetricId::informal_best_persons_active, double(informal_active));
  put(MetricId::informal_sponsored, double(informal_sponsored));
  double coordination = 0;
  for (const District& d : w.districts) coordination += d.coord * d.household_count;
  put(MetricId::coordination_mean, coordination / hh.count);
  put(MetricId::vacancies_open, double(w.vacancies.size()));
}

}  // namespace wijksim
