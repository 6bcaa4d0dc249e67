#include "model/world_builder.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "model/apportion.h"
#include "model/districts.h"
#include "model/helpers.h"
#include "model/household_view.h"
#include "model/levers.h"
#include "model/tie_network.h"
#include "model/traits.h"

namespace wijksim {

namespace {

// Beta draw with a given mean and standard deviation (method of moments).
double beta_with_moments(const Draws& draws, std::uint32_t draw, double mean, double sd) {
  const double var = std::min(sd * sd, mean * (1 - mean) * 0.999);
  const double kappa = mean * (1 - mean) / var - 1;
  return draws.beta(draw, mean * kappa, (1 - mean) * kappa);
}

void build_neighbourhoods(World& w) {
  const Parameters& p = w.params;
  w.neighbourhoods.resize(std::size_t(p.n_neighbourhoods));
  for (int n = 0; n < p.n_neighbourhoods; ++n) {
    Neighbourhood& nb = w.neighbourhoods[std::size_t(n)];
    const Draws draws(w.seed, 0, EntityClass::neighbourhood, Stream::init_neighbourhood, std::uint32_t(n));
    nb.first_household = n * p.households_per_nbh;
    nb.household_count = p.households_per_nbh;
    nb.disadv = draws.uniform(0, p.disadv_min, p.disadv_max);
    for (int d = 0; d < kDomains; ++d)
      nb.ctx[std::size_t(d)] = clamp01(draws.normal(1 + std::uint32_t(d), p.ctx_mean, p.ctx_sd));
    nb.trust0 = p.trust_mean;
    nb.engage0 = p.engage_mean;
  }
}

// Households are numbered neighbourhood by neighbourhood.
void place_households(World& w) {
  const Parameters& p = w.params;
  Households& hh = w.households;
  hh.count = p.n_neighbourhoods * p.households_per_nbh;
  hh.nbh.resize(std::size_t(hh.count));
  for (int h = 0; h < hh.count; ++h) hh.nbh[std::size_t(h)] = h / p.households_per_nbh;
}

void build_districts(World& w) {
  const int households = w.households.count;
  const int count = district_count(households, w.params.district_households);
  w.districts.resize(std::size_t(count));
  for (int d = 0; d < count; ++d) {
    District& district = w.districts[std::size_t(d)];
    district.first_household = district_first_household(d, count, households);
    district.household_count = district_first_household(d + 1, count, households) - district.first_household;
    district.coord = w.params.coord_init;
  }
}

void build_households(World& w) {
  const Parameters& p = w.params;
  Households& hh = w.households;
  const int total = hh.count;
  auto sz = std::size_t(total);
  hh.group.resize(sz);
  hh.has_children.resize(sz);
  hh.vuln.resize(sz);
  hh.p.resize(sz);
  hh.lev.resize(sz);
  hh.help_delta.assign(sz, Problems{});
  hh.trust.resize(sz);
  hh.engage.resize(sz);
  hh.pbar_after_dynamics.resize(sz);
  hh.pbar_after_dynamics_prev.resize(sz);
  hh.cases.reset(total);
  hh.ed_case.reset(total);
  hh.se_case.reset(total);
  hh.bounces.assign(sz, 0);
  hh.job_until.assign(sz, kNone);
  hh.is_host.assign(sz, 0);
  hh.safety_shocks_this_week.assign(sz, 0);

  for (const Neighbourhood& nb : w.neighbourhoods) {
    // Groups are drawn per street position, then households are ordered by
    // (group, position): segregated streets along the ring.
    std::vector<std::uint8_t> groups(std::size_t(nb.household_count));
    for (int pos = 0; pos < nb.household_count; ++pos) {
      const Draws draws(w.seed, 1, EntityClass::household, Stream::init_household,
                        std::uint32_t(nb.first_household + pos));
      groups[std::size_t(pos)] = draws.bernoulli(0, 0.5);
    }
    const auto zeros = std::count(groups.begin(), groups.end(), 0);
    for (int pos = 0; pos < nb.household_count; ++pos)
      hh.group[std::size_t(nb.first_household + pos)] = pos < zeros ? 0 : 1;
  }
  for (int h = 0; h < total; ++h) {
    const auto i = std::size_t(h);
    const Neighbourhood& nb = w.neighbourhoods[std::size_t(h / p.households_per_nbh)];
    const Draws draws(w.seed, 0, EntityClass::household, Stream::init_household, std::uint32_t(h));
    hh.has_children[i] = draws.bernoulli(0, p.share_children);
    hh.vuln[i] = draws.beta(1, p.vuln_a, p.vuln_b);
    for (int d = 0; d < kDomains; ++d) {
      hh.lev[i][std::size_t(d)] = std::exp(p.lev_sigma * draws.normal(2 + std::uint32_t(d)));
      // YOUTH is drawn for everyone, so that common random numbers stay aligned.
      hh.p[i][std::size_t(d)] = clamp01(hh.vuln[i] * draws.uniform(7 + std::uint32_t(d)));
    }
    if (!hh.has_children[i]) hh.p[i][YOUTH] = 0;
    hh.trust[i] = beta_with_moments(draws, 12, nb.trust0, p.trust_sd);
    hh.engage[i] = beta_with_moments(draws, 13, nb.engage0, p.engage_sd);
    hh.pbar_after_dynamics[i] = mean_load(hh.p[i], hh.has_children[i]);
    hh.pbar_after_dynamics_prev[i] = hh.pbar_after_dynamics[i];
  }
  hh.trust_next = hh.trust;
  hh.engage_next = hh.engage;
}

// What a household of neighbourhood `nb` asks of `institution`, relative to
// other neighbourhoods: its shock rate's neighbourhood factors in the
// institution's domain (problem dynamics, docs/ODD.md §7), or 1 when staff
// follow households.
double expected_need(const Parameters& p, const Neighbourhood& nb, int institution) {
  if (p.staff_follows == StaffFollows::households) return 1.0;
  const int domain = mandate_of(institution);
  return (0.5 + nb.ctx[std::size_t(domain)]) * (1.0 + p.dis_shock * (nb.disadv - 0.5));
}

// Each district's quota of a city-wide rate of posts per 1,000 households:
// its households, weighted by their expected need relative to the city's mean
// need, so that the city's total stays rate x households / 1,000.
std::vector<double> district_quotas(const World& w, double per_1000_households, int institution) {
  const Parameters& p = w.params;
  std::vector<double> need(w.districts.size(), 0.0);
  double city_need = 0;
  for (const Neighbourhood& nb : w.neighbourhoods) {
    const double per_household = expected_need(p, nb, institution);
    const int first = nb.first_household, end = nb.first_household + nb.household_count;
    for (int d = district_of(w, first); d <= district_of(w, end - 1); ++d)
      need[std::size_t(d)] += district_overlap(w.districts[std::size_t(d)], first, end) * per_household;
    city_need += nb.household_count * per_household;
  }
  const double households = w.households.count;
  std::vector<double> quotas;
  quotas.reserve(w.districts.size());
  for (std::size_t d = 0; d < w.districts.size(); ++d) {
    const double weighted = p.staff_follows == StaffFollows::households
                                ? double(w.districts[d].household_count)
                                : need[d] * households / city_need;
    quotas.push_back(per_1000_households * weighted / 1000.0);
  }
  return quotas;
}

// Where post s of a district's `posts` is based: the neighbourhood of the
// household in the middle of its share of the district, so that a team's
// members spread over the neighbourhoods it serves.
int post_neighbourhood(const World& w, const District& d, int s, int posts) {
  const auto offset = std::int64_t(2 * s + 1) * d.household_count / (2 * std::int64_t(posts));
  return w.households.nbh[std::size_t(d.first_household + offset)];
}

void build_teams_and_workers(World& w) {
  const Parameters& p = w.params;
  const int districts = int(w.districts.size());
  w.teams.resize(std::size_t(districts * kInstitutions));
  for (int d = 0; d < districts; ++d)
    for (int k = 0; k < kInstitutions; ++k) {
      Team& t = w.team(d, k);
      t.institution = k;
      t.district = d;
    }
  apply_levers(w);

  std::array<std::vector<int>, kInstitutions> caseworkers;
  for (int k = 0; k < kInstitutions; ++k) {
    const std::vector<double> quotas = district_quotas(w, p.caseworkers_per_1000[std::size_t(k)], k);
    if (p.team_capacity == TeamCapacity::head_count) {
      caseworkers[std::size_t(k)] = largest_remainder(quotas);
      continue;
    }
    // The team's capacity is its quota's, so the city's is right whatever
    // the head counts; each team's head count is its own quota rounded (at
    // least one person for any quota), so that equal districts get equal
    // teams however many of them the city has.
    for (int d = 0; d < districts; ++d) {
      const double quota = quotas[std::size_t(d)];
      const int posts = quota > 0 ? std::max(1, int(std::lround(quota))) : 0;
      caseworkers[std::size_t(k)].push_back(posts);
      if (posts > 0) w.team(d, k).cap_scale = quota / posts;
    }
  }
  // Worker ids are assigned in team order; the draws are keyed by the id.
  for (int d = 0; d < districts; ++d)
    for (int k = 0; k < kInstitutions; ++k) {
      const int posts = caseworkers[std::size_t(k)][std::size_t(d)];
      for (int s = 0; s < posts; ++s) {
        const auto id = std::uint32_t(w.helpers.size());
        const Draws draws(w.seed, 0, EntityClass::helper, Stream::init_helper_traits, id);
        bool best_person = draws.bernoulli(0, p.init_bp_share_staff);
        if (p.staff_pool == StaffPool::best_persons_only) best_person = true;
        if (p.staff_pool == StaffPool::standard_only) best_person = false;
        const TraitPool pool = p.staff_pool == StaffPool::standard_only ? TraitPool::others
                               : best_person                           ? TraitPool::best_persons
                                                                       : TraitPool::everyone;
        const Traits traits = draw_traits(draws, 1, pool, p.bp_threshold);
        const HelperType type = best_person ? HelperType::frontline_worker : HelperType::standard_worker;
        const int team = w.team_index(d, k);
        const int nbh = post_neighbourhood(w, w.districts[std::size_t(d)], s, posts);
        add_helper(w, type, nbh, d, team, false, traits, draws, 1 + kTraitDraws);
        w.teams[std::size_t(team)].members.push_back(std::int32_t(id));
      }
    }
  const std::vector<int> bridge_builders = largest_remainder(district_quotas(w, p.bb_in_per_1000, kSocialServices));
  for (int d = 0; d < districts; ++d) {
    const int posts = bridge_builders[std::size_t(d)];
    for (int s = 0; s < posts; ++s) {
      const auto id = std::uint32_t(w.helpers.size());
      const Draws draws(w.seed, 0, EntityClass::helper, Stream::init_helper_traits, id);
      const Traits traits = draw_traits(draws, 1, true, p.bp_threshold);
      const int nbh = post_neighbourhood(w, w.districts[std::size_t(d)], s, posts);
      add_helper(w, HelperType::bridge_builder_inside, nbh, d, w.team_index(d, kSocialServices), false, traits,
                 draws, 1 + kTraitDraws);
      w.bb_in_positions.push_back(std::int32_t(id));
    }
  }
}

void build_informal_best_persons(World& w) {
  const Parameters& p = w.params;
  std::vector<double> quotas;
  quotas.reserve(w.neighbourhoods.size());
  for (const Neighbourhood& nb : w.neighbourhoods) quotas.push_back(p.bp_resident_density * nb.household_count / 1000.0);
  const std::vector<int> counts = largest_remainder(quotas);
  for (int n = 0; n < p.n_neighbourhoods; ++n) {
    for (int i = 0; i < counts[std::size_t(n)]; ++i) {
      const Draws draws(w.seed, 0, EntityClass::neighbourhood, Stream::init_informal,
                        std::uint32_t(n * 4096 + i));
      add_informal_best_person(w, n, draws.bernoulli(0, p.p_sponsored_init), draws, 1);
    }
  }
}

}  // namespace

std::int32_t add_informal_best_person(World& w, int nbh, bool sponsored, const Draws& draws,
                                      std::uint32_t first_draw) {
  const Parameters& p = w.params;
  Households& hh = w.households;
  Neighbourhood& nb = w.neighbourhoods[std::size_t(nbh)];

  // Host: uniform among households that host no one yet (§11 entry 1).
  std::int32_t host = kNone;
  for (std::uint32_t attempt = 0; attempt < 64 && host == kNone; ++attempt) {
    const int h = nb.first_household +
                  int(draws.below(first_draw + attempt, std::uint32_t(nb.household_count)));
    if (!hh.is_host[std::size_t(h)]) host = h;
  }
  if (host == kNone) return kNone;  // a neighbourhood of hosts has no room for more

  const double shares = p.share_ed + p.share_se + p.share_bb_out;
  const double u = draws.uniform(first_draw + 64) * shares;
  const HelperType type = u < p.share_ed                ? HelperType::everyday_doer
                          : u < p.share_ed + p.share_se ? HelperType::social_entrepreneur
                                                        : HelperType::bridge_builder_outside;
  const Traits traits = draw_traits(draws, first_draw + 65, true, p.bp_threshold);
  const std::int32_t id =
      add_helper(w, type, nbh, district_of(w, host), kNone, sponsored, traits, draws, first_draw + 65 + kTraitDraws);
  Helper& helper = w.helpers[std::size_t(id)];
  helper.host = host;
  hh.is_host[std::size_t(host)] = 1;
  if (type == HelperType::social_entrepreneur) {
    const std::uint32_t weak_first = first_draw + 66 + kTraitDraws;
    for (int i = 0; i < p.se_weak_ties; ++i) {
      const int h = nb.first_household +
                    int(draws.below(weak_first + std::uint32_t(i), std::uint32_t(nb.household_count)));
      if (h != host) helper.weak_ties.push_back(h);
    }
    std::sort(helper.weak_ties.begin(), helper.weak_ties.end());
    helper.weak_ties.erase(std::unique(helper.weak_ties.begin(), helper.weak_ties.end()),
                           helper.weak_ties.end());
  }
  nb.informal_helpers.push_back(id);
  return id;
}

World build_world(const Parameters& params, std::uint64_t seed) {
  World w;
  w.params = params;
  w.seed = seed;
  build_neighbourhoods(w);
  place_households(w);
  build_districts(w);
  // The ties first: building them takes more room than they keep, and that
  // transient should not come on top of every other household array.
  build_tie_network(w);
  build_households(w);
  build_teams_and_workers(w);
  build_informal_best_persons(w);
  return w;
}

}  // namespace wijksim
