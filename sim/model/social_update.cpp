// Phase 6, household social updates (docs/ODD.md §7).
// From last week's trust and engagement of ties (double-buffered):
//   tau += trust_help max(0, -dp-bar_week)(1 - tau)       while helped in any case
//        + sum over frontline and informal helpers of emp_trust eps (1 - tau)
//        + trust_social (mean_ties tau_j - tau) + trust_drift (tau0_n - tau)
//   g   += engage_social (mean_ties g_j - g) + engage_drift (g0_n - g)
//        - engage_problem max(0, p-bar - 0.5) + ed_engage (1 - g) for an everyday doer's client
// then clamped. The help of this week's slots is summed per household in
// helper-id order into next week's help_delta. Events from phase 5 (dialogue,
// harm, jobs) and new bridging ties are applied serially in a fixed order;
// each district's coordination moves by its bridge builders' pushes per
// 1,000 households and decays:
//   coord_d += (sum_i push_i / (H_d / 1000)) (1 - coord_d) - coord_decay coord_d
#include <algorithm>
#include <tbb/parallel_for.h>

#include "core/rng.h"
#include "model/helpers.h"
#include "model/household_view.h"
#include "model/phases.h"
#include "model/tie_network.h"

namespace wijksim {

namespace {

using EventKind = HouseholdEvent::Kind;

// The help of a household's helpers this week, summed in helper-id order,
// and the empathy of those who are not standard workers.
struct HelpReceived {
  Problems help{};
  double empathic = 0;
  int helpers = 0;
};

HelpReceived help_received(const World& w, int h, const InformalCase& ed, const InformalCase& se) {
  const InstitutionalCase& c = w.households.cases.of(std::size_t(h));
  const bool institutional = c.exists() && c.helper != kNone;
  HelpReceived out;
  if (!institutional && !ed.exists() && !se.exists()) return out;  // most households, most weeks
  std::array<std::pair<std::int32_t, std::int32_t>, 3> helpers;
  int n_helpers = 0;
  if (institutional) helpers[std::size_t(n_helpers++)] = {c.helper, c.slot};
  if (ed.exists()) helpers[std::size_t(n_helpers++)] = {ed.helper, ed.slot};
  if (se.exists()) helpers[std::size_t(n_helpers++)] = {se.helper, se.slot};
  out.helpers = n_helpers;
  std::sort(helpers.begin(), helpers.begin() + n_helpers);
  for (int k = 0; k < n_helpers; ++k) {
    const Helper& helper = w.helpers[std::size_t(helpers[std::size_t(k)].first)];
    if (helper.status != HelperStatus::active) continue;
    const auto slot = std::size_t(helpers[std::size_t(k)].second);
    if (slot < helper.slots.size() && helper.slots[slot].household == h)
      for (int d = 0; d < kDomains; ++d) out.help[std::size_t(d)] += helper.slots[slot].help[std::size_t(d)];
    if (helper.type != HelperType::standard_worker) out.empathic += helper.empathy;
  }
  return out;
}

void update_households(World& w) {
  Households& hh = w.households;
  // Copies, so that the compiler knows the stores below leave them alone.
  const double trust_social = w.params.trust_social, trust_drift = w.params.trust_drift;
  const double emp_trust = w.params.emp_trust, trust_help = w.params.trust_help;
  const double engage_social = w.params.engage_social, engage_drift = w.params.engage_drift;
  const double engage_problem = w.params.engage_problem, ed_engage = w.params.ed_engage;
  tbb::parallel_for(tbb::blocked_range<int>(0, hh.count, 1024), [&](const tbb::blocked_range<int>& r) {
    for (int h = r.begin(); h != r.end(); ++h) {
      const auto i = std::size_t(h);
      const InformalCase& ed = hh.ed_case.of(i);
      const HelpReceived received = help_received(w, h, ed, hh.se_case.of(i));
      hh.help_delta[i] = received.help;

      const double tau = hh.trust[i], g = hh.engage[i];
      double tie_tau = 0, tie_g = 0;
      const auto ties = hh.ties_of(h);
      for (std::int32_t j : ties) {
        tie_tau += hh.trust[std::size_t(j)];
        tie_g += hh.engage[std::size_t(j)];
      }
      const double social_tau = ties.empty() ? 0.0 : tie_tau / double(ties.size()) - tau;
      const double social_g = ties.empty() ? 0.0 : tie_g / double(ties.size()) - g;
      const Neighbourhood& nb = w.neighbourhoods[std::size_t(hh.nbh[i])];
      const double improvement = hh.pbar_after_dynamics_prev[i] - hh.pbar_after_dynamics[i];
      double next_tau = tau + trust_social * social_tau + trust_drift * (nb.trust0 - tau) +
                        emp_trust * received.empathic * (1.0 - tau);
      if (received.helpers > 0) next_tau += trust_help * std::max(0.0, improvement) * (1.0 - tau);
      double next_g = g + engage_social * social_g + engage_drift * (nb.engage0 - g) -
                      engage_problem * std::max(0.0, hh.pbar_after_dynamics[i] - 0.5);
      if (ed.exists()) next_g += ed_engage * (1.0 - g);
      hh.trust_next[i] = clamp01(next_tau);
      hh.engage_next[i] = clamp01(next_g);
    }
  });
  std::swap(hh.trust, hh.trust_next);
  std::swap(hh.engage, hh.engage_next);
}

void apply_events(World& w) {
  const Parameters& p = w.params;
  Households& hh = w.households;
  std::vector<HouseholdEvent>& events = w.buffers.events;
  events.clear();
  for (const Helper& h : w.helpers) events.insert(events.end(), h.events.begin(), h.events.end());
  std::stable_sort(events.begin(), events.end(), [](const HouseholdEvent& a, const HouseholdEvent& b) {
    return a.target != b.target ? a.target < b.target : a.source < b.source;
  });
  Tally& tally = w.tally.local();
  for (const HouseholdEvent& e : events) {
    const auto i = std::size_t(e.target);
    switch (e.kind) {
      case EventKind::trust_gain: hh.trust[i] = clamp01(hh.trust[i] + e.value * (1.0 - hh.trust[i])); break;
      case EventKind::engage_gain: hh.engage[i] = clamp01(hh.engage[i] + e.value * (1.0 - hh.engage[i])); break;
      case EventKind::trust_loss: hh.trust[i] -= e.value * hh.trust[i]; break;
      case EventKind::problem_change: hh.ext_delta.add(e.target, e.domain, e.value); break;
      case EventKind::job:
        if (hh.job_until[i] > w.week) break;  // one job a week: the lowest source id got it
        hh.job_until[i] = w.week + p.se_job_weeks;
        hh.ext_delta.add(e.target, WORK, -p.se_job_dwork);
        hh.ext_delta.add(e.target, DEBT, -p.se_job_ddebt);
        hh.trust[i] = clamp01(hh.trust[i] + p.se_job_trust);
        tally.add(Count::job_slots);
        break;
    }
  }
}

void update_ties(World& w) {
  Households& hh = w.households;
  for (const Helper& h : w.helpers)
    for (const TieRequest& t : h.tie_requests) add_tie(hh, t.a, t.b, true);
  if (w.params.tie_decay <= 0) return;
  // Each bridging tie decays by a draw of its lower end alone, so which ties
  // go does not depend on the order of removal: they are found in parallel
  // and removed afterwards.
  using Tie = std::pair<std::int32_t, std::int32_t>;
  const std::vector<Tie>& decayed =
      w.buffers.decayed_ties(hh.count, [&](int begin, int end, std::vector<Tie>& found) {
        for (int h = begin; h != end; ++h) {
          const auto ties = hh.ties.of(h);
          const auto bridging = hh.ties.bridges_of(h);
          for (std::size_t s = 0; s < ties.size(); ++s) {
            const std::int32_t other = ties[s];
            if (!bridging[s] || other < h) continue;
            const Draws draws(w.seed, std::uint32_t(w.week), EntityClass::household, Stream::tie_decay,
                              std::uint32_t(h));
            if (draws.bernoulli(std::uint32_t(other % 65536), w.params.tie_decay)) found.emplace_back(h, other);
          }
        }
      });
  for (const auto& [a, b] : decayed) remove_tie(hh, a, b);
}

// Per 1,000 households of the district, like mediation (phase 1).
void update_coordination(World& w) {
  std::vector<double> push(w.districts.size(), 0.0);
  for (const Helper& h : w.helpers) push[std::size_t(h.district)] += h.coordination_push;
  for (std::size_t d = 0; d < w.districts.size(); ++d) {
    District& district = w.districts[d];
    const double push_density = push[d] / (district.household_count / 1000.0);
    district.coord = clamp01(district.coord + push_density * (1.0 - district.coord) - w.params.coord_decay * district.coord);
  }
}

}  // namespace

void update_social(World& w) {
  update_households(w);
  apply_events(w);
  update_ties(w);
  update_coordination(w);
}

}  // namespace wijksim
