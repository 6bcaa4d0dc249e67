// Phase 3, help seeking and intake (docs/ODD.md §7).
//
// Seeking: a household without an institutional case and with max p >= need_min
// seeks help with P = sigma(seek_0 + seek_p max_d p[d] + seek_trust (tau - 0.5))
// at the institution of its salient domain. Everyday doers accompany a client
// every ed_accompany_weeks; social entrepreneurs broker one referral a week.
//
// Intake, per application in household order:
//   eligible                  -> queue
//   refused                   -> the team's freest worker may take it anyway,
//                                improvising (bending at intake, entry 35)
//   otherwise                 -> tau -= trust_refusal tau, a bounce; referral with
//                                P = clamp(refer_base + refer_coord coord_d [+
// bb_in_refer bb_in_d]),
//                                to the institution of the next-highest domain, rechecked once
//   still refused, accompanied by a sponsored informal Best Person
//                             -> exception at the first institution with P = r exception_factor
// Then informal intake (everyday doers from their host's ties and two-hop
// ties, social entrepreneurs from their weak ties) and frontline outreach.
// Households picked by several helpers go to the lowest helper id.
#include <algorithm>
#include <tbb/parallel_for.h>

#include "core/rng.h"
#include "model/case_ops.h"
#include "model/districts.h"
#include "model/help_effect.h"
#include "model/helpers.h"
#include "model/household_view.h"
#include "model/phases.h"
#include "model/rule_bending.h"

namespace wijksim {

namespace {

struct Application {
  std::int32_t household = 0;
  std::int32_t institution = 0;
  bool accompanied = false;
  bool exception_access = false;  // accompanied by a sponsored informal Best Person
};

bool free_for_institution(const Households& hh, int household) {
  return !hh.cases.of(std::size_t(household)).exists();
}

void count_bend(Tally& tally, double magnitude, double room) {
  if (magnitude <= 0) return;
  tally.add(magnitude <= room ? Count::bends_within_room : Count::bends_out_of_bounds);
}

// Bending at intake (§11 entry 35): returns true if a worker took the case.
bool try_intake_bending(World& w, int household, int institution, const Draws& draws) {
  const Parameters& p = w.params;
  if (p.mode_policy == ModePolicy::force_protocol) return false;
  Team& team = w.team(district_of(w, household), institution);
  const std::int32_t worker = freest_worker(w, team);
  if (worker == kNone) return false;
  Helper& h = w.helpers[std::size_t(worker)];
  Households& hh = w.households;
  InstitutionalCase probe;
  discover_key(hh, household, h.empathy, draws.uniform(3), probe.key_guess, probe.key_known);
  const CaseView c = case_view(w, household, institution);
  const BendAssessment a =
      assess_bend(w, h, c, probe.key_guess, false, false, int(h.caseload.size()) + 1);
  const double probability = bend_probability(h, team, a.gain_normalised, a.magnitude, p);
  if (decide_mode(p.mode_policy, probability, draws.uniform(2)) != Mode::improvise) return false;

  create_case(w, household, institution, w.week, false);
  open_case(w, household, worker);
  InstitutionalCase& opened = hh.cases.held(std::size_t(household));
  opened.mode = Mode::improvise;
  opened.key_guess = probe.key_guess;
  opened.key_known = probe.key_known;
  opened.needs_decision = false;
  opened.gain_normalised = a.gain_normalised;
  opened.bend_magnitude = a.magnitude;
  count_bend(w.tally.local(), a.magnitude, team.room);
  return true;
}

void process_application(World& w, const Application& app) {
  const Parameters& p = w.params;
  Households& hh = w.households;
  const auto i = std::size_t(app.household);
  if (!free_for_institution(hh, app.household)) return;
  const Draws draws(w.seed, std::uint32_t(w.week), EntityClass::household, Stream::intake,
                    std::uint32_t(app.household));
  const int k = app.institution;
  if (eligible(case_view(w, app.household, k), k, p)) {
    enqueue(w, app.household, k, w.week, false);
    return;
  }
  if (try_intake_bending(w, app.household, k, draws)) return;

  Tally& tally = w.tally.local();
  hh.trust[i] -= p.trust_refusal * hh.trust[i];
  hh.bounces[i] += 1;
  tally.add(Count::refusals);

  const int district = district_of(w, app.household);
  const District& served_by = w.districts[std::size_t(district)];
  double refer = p.refer_base + p.refer_coord * served_by.coord;
  if (k == kSocialServices) refer += p.bb_in_refer * served_by.bb_in_density;
  if (draws.bernoulli(0, clamp01(refer))) {
    int next = kNone;
    for (int d = 0; d < applicable_domains(hh.has_children[i]); ++d)
      if (d != k && (next == kNone || hh.p[i][std::size_t(d)] > hh.p[i][std::size_t(next)])) next = d;
    if (next != kNone) {
      tally.add(Count::referrals);
      if (eligible(case_view(w, app.household, next), next, p)) {
        enqueue(w, app.household, next, w.week, false);
        return;
      }
      hh.bounces[i] += 1;  // a second refusal costs a bounce, not more trust
      tally.add(Count::refusals);
    }
  }
  const double room = w.team(district, k).room;
  if (app.exception_access && draws.bernoulli(1, room * p.exception_factor)) {
    enqueue(w, app.household, k, w.week, true);
    tally.add(Count::exceptions_granted);
  }
}

// The household with the highest `score` among `candidates` that pass `ok`
// (ties to the lowest id), or kNone.
template <typename Ok, typename Score>
std::int32_t best_candidate(const std::vector<std::int32_t>& candidates, Ok ok, Score score) {
  std::int32_t best = kNone;
  double best_score = 0;
  for (std::int32_t h : candidates) {
    if (!ok(h)) continue;
    const double s = score(h);
    if (best == kNone || s > best_score || (s == best_score && h < best)) {
      best = h;
      best_score = s;
    }
  }
  return best;
}

std::vector<Application> gather_applications(World& w) {
  const Parameters& p = w.params;
  const Households& hh = w.households;
  const double need = p.need_min_seek();
  const std::vector<std::int32_t>& seekers =
      w.buffers.seekers(hh.count, [&](int begin, int end, std::vector<std::int32_t>& found) {
        for (int h = begin; h != end; ++h) {
          const auto i = std::size_t(h);
          if (hh.cases.of(i).exists()) continue;
          const double worst = max_problem(hh.p[i], hh.has_children[i]);
          if (worst < need) continue;
          const double prob = logistic(p.seek_0 + p.seek_p * worst + p.seek_trust * (hh.trust[i] - 0.5));
          const Draws draws(w.seed, std::uint32_t(w.week), EntityClass::household, Stream::help_seeking,
                            std::uint32_t(h));
          if (draws.bernoulli(0, prob)) found.push_back(h);
        }
      });
  std::vector<Application> apps;
  apps.reserve(seekers.size());
  for (std::int32_t h : seekers)
    apps.push_back({h, salient_domain(hh.p[std::size_t(h)], hh.has_children[std::size_t(h)]), false, false});

  // Accompanied applications, filed by everyday doers and social entrepreneurs.
  for (const Helper& helper : w.helpers) {
    if (helper.status != HelperStatus::active || !holds_informal_cases(helper.type)) continue;
    std::vector<std::int32_t> pool = helper.caseload;
    if (helper.type == HelperType::everyday_doer) {
      if ((w.week - helper.active_since) % p.ed_accompany_weeks != 0) continue;
    } else {
      pool.insert(pool.end(), helper.weak_ties.begin(), helper.weak_ties.end());
    }
    const bool is_ed = helper.type == HelperType::everyday_doer;
    const std::int32_t h = best_candidate(
        pool,
        [&](std::int32_t c) {
          const auto i = std::size_t(c);
          return !hh.cases.of(i).exists() &&
                 (is_ed || max_problem(hh.p[i], hh.has_children[i]) >= need);
        },
        [&](std::int32_t c) { return max_problem(hh.p[std::size_t(c)], hh.has_children[std::size_t(c)]); });
    if (h == kNone) continue;
    apps.push_back({h, salient_domain(hh.p[std::size_t(h)], hh.has_children[std::size_t(h)]), true,
                    helper.sponsored});
  }
  // One application per household per week; an accompanied one wins.
  std::stable_sort(apps.begin(), apps.end(), [](const Application& a, const Application& b) {
    if (a.household != b.household) return a.household < b.household;
    return a.accompanied > b.accompanied;
  });
  apps.erase(std::unique(apps.begin(), apps.end(),
                         [](const Application& a, const Application& b) { return a.household == b.household; }),
             apps.end());
  return apps;
}

// Candidates an everyday doer reaches through its host: ties and ties of ties.
std::vector<std::int32_t> ed_candidates(const World& w, const Helper& h, const Draws& draws) {
  const Households& hh = w.households;
  std::vector<std::int32_t> out;
  const auto first = hh.ties_of(h.host);
  if (first.empty()) return out;
  for (int s = 0; s < w.params.outreach_sample; ++s) {
    const auto base = std::uint32_t(3 * s);
    const std::int32_t tie = first[draws.below(base, std::uint32_t(first.size()))];
    const auto second = hh.ties_of(tie);
    if (draws.uniform(base + 1) < 0.5 || second.empty())
      out.push_back(tie);
    else
      out.push_back(second[draws.below(base + 2, std::uint32_t(second.size()))]);
  }
  return out;
}

void informal_intake(World& w) {
  const Parameters& p = w.params;
  Households& hh = w.households;
  const double need = p.need_min_seek();
  // Each helper picks in parallel from last state; picks are resolved by id.
  std::vector<std::int32_t> pick(w.helpers.size(), kNone);
  tbb::parallel_for(std::size_t(0), w.helpers.size(), [&](std::size_t id) {
    const Helper& h = w.helpers[id];
    if (h.status != HelperStatus::active || !holds_informal_cases(h.type)) return;
    if (int(h.caseload.size()) >= effective_cap(h, p, w.week)) return;
    const Draws draws(w.seed, std::uint32_t(w.week), EntityClass::helper, Stream::ed_intake, std::uint32_t(id));
    if (h.type == HelperType::everyday_doer) {
      pick[id] = best_candidate(
          ed_candidates(w, h, draws),
          [&](std::int32_t c) {
            const auto i = std::size_t(c);
            return c != h.host && !hh.ed_case.of(i).exists() && max_problem(hh.p[i], hh.has_children[i]) >= need;
          },
          [&](std::int32_t c) { return mean_load(hh.p[std::size_t(c)], hh.has_children[std::size_t(c)]); });
    } else {
      pick[id] = best_candidate(
          h.weak_ties,
          [&](std::int32_t c) {
            const auto i = std::size_t(c);
            return !hh.se_case.of(i).exists() && max_problem(hh.p[i], hh.has_children[i]) >= need;
          },
          [&](std::int32_t c) {
            const auto& pc = hh.p[std::size_t(c)];
            return pc[WORK] * p.u_se[WORK] + pc[DEBT] * p.u_se[DEBT];
          });
    }
  });
  for (std::size_t id = 0; id < w.helpers.size(); ++id) {
    if (pick[id] == kNone) continue;
    Helper& h = w.helpers[id];
    const auto i = std::size_t(pick[id]);
    if (!informal_cases(hh, h.type).of(i).exists()) open_informal_case(w, pick[id], h);
  }
}

void frontline_outreach(World& w) {
  const Parameters& p = w.params;
  Households& hh = w.households;
  std::vector<std::int32_t> pick(w.helpers.size(), kNone);
  tbb::parallel_for(std::size_t(0), w.helpers.size(), [&](std::size_t id) {
    const Helper& h = w.helpers[id];
    if (h.status != HelperStatus::active || h.type != HelperType::frontline_worker) return;
    if (int(h.caseload.size()) >= effective_cap(h, p, w.week)) return;
    // A frontline worker reaches out to the households its team serves.
    const District& district = w.districts[std::size_t(h.district)];
    const Draws draws(w.seed, std::uint32_t(w.week), EntityClass::helper, Stream::outreach, std::uint32_t(id));
    std::vector<std::int32_t> sample(std::size_t(p.outreach_sample));
    for (int s = 0; s < p.outreach_sample; ++s)
      sample[std::size_t(s)] = district.first_household +
                               std::int32_t(draws.below(std::uint32_t(s), std::uint32_t(district.household_count)));
    const int institution = w.teams[std::size_t(h.team)].institution;
    const std::int32_t best = best_candidate(
        sample, [&](std::int32_t c) { return !hh.cases.of(std::size_t(c)).exists(); },
        [&](std::int32_t c) { return max_problem(hh.p[std::size_t(c)], hh.has_children[std::size_t(c)]); });
    if (best != kNone &&
        max_problem(hh.p[std::size_t(best)], hh.has_children[std::size_t(best)]) >= p.need_min[std::size_t(institution)])
      pick[id] = best;
  });
  for (std::size_t id = 0; id < w.helpers.size(); ++id) {
    if (pick[id] == kNone || hh.cases.of(std::size_t(pick[id])).exists()) continue;
    const Helper& h = w.helpers[id];
    create_case(w, pick[id], w.teams[std::size_t(h.team)].institution, w.week, false);
    hh.cases.held(std::size_t(pick[id])).from_outreach = true;
    open_case(w, pick[id], std::int32_t(id));
  }
}

}  // namespace

void seek_help_and_intake(World& w) {
  // Cases closed since last week give their places back before new ones open.
  w.households.cases.reclaim();
  w.households.ed_case.reclaim();
  w.households.se_case.reclaim();
  informal_intake(w);
  for (const Application& app : gather_applications(w)) process_application(w, app);
  frontline_outreach(w);
}

}  // namespace wijksim
