#include "model/help_effect.h"

#include <algorithm>

#include "model/districts.h"
#include "model/helpers.h"
#include "model/household_view.h"

namespace wijksim {

namespace {

double complexity_share(const CaseView& c, const Parameters& p) {
  const int domains = applicable_domains(c.has_children);
  const int extra = std::max(0, complexity(c.p, c.has_children, p.p_active) - 1);
  return domains > 1 ? double(extra) / (domains - 1) : 0.0;
}

Problems type_weights(HelperType t, const Parameters& p) {
  if (t == HelperType::everyday_doer) return p.u_ed;
  if (t == HelperType::social_entrepreneur) return p.u_se;
  return {1, 1, 1, 1, 1};
}

}  // namespace

std::uint8_t case_scope(const World& w, int household, int institution) {
  const Households& hh = w.households;
  const auto i = std::size_t(household);
  const InstitutionalCase& c = hh.cases.of(i);
  const std::uint8_t taken_on = c.institution == institution ? c.scope : 0;
  return taken_on | active_problems(hh.p[i], hh.has_children[i], w.params.p_active);
}

CaseView case_view(const World& w, int household, int institution, std::uint8_t scope) {
  const Households& hh = w.households;
  const auto i = std::size_t(household);
  return CaseView{hh.p[i], bool(hh.has_children[i]), hh.nbh[i], district_of(w, household), institution, scope};
}

CaseView case_view(const World& w, int household, int institution) {
  return case_view(w, household, institution,
                   institution == kNone ? CaseView::kWholeHousehold : case_scope(w, household, institution));
}

double dose_per_case(const Helper& h, const Parameters& p, int cases) {
  const double hours = contract_hours(h.type, p) * (1.0 + h.commit * p.overwork_max);
  return std::min(1.0, hours * p.direct_share / (std::max(1, cases) * p.dose_hours));
}

Problems allocation(Mode mode, const Helper& h, const CaseView& c, int key_guess, const Parameters& p) {
  Problems x{};
  if (mode == Mode::protocol) {
    x[std::size_t(c.institution)] = 1.0;
    return x;
  }
  const Problems u = type_weights(h.type, p);
  double total = 0;
  const std::uint8_t worked = c.scope | domain_bit(key_guess);
  for (int d = 0; d < applicable_domains(c.has_children); ++d) {
    if (!(worked & domain_bit(d))) continue;
    const auto di = std::size_t(d);
    x[di] = c.p[di] * (1.0 + p.key_weight * (d == key_guess ? 1.0 : 0.0)) * u[di];
    total += x[di];
  }
  if (total <= 0) return Problems{};  // nothing to work on (§11 entry 39)
  for (double& v : x) v /= total;
  return x;
}

double multiplier(Mode mode, const Helper& h, const CaseView& c, const World& w) {
  const Parameters& p = w.params;
  if (mode == Mode::protocol) {
    const Neighbourhood& nb = w.neighbourhoods[std::size_t(c.nbh)];
    const double coord = w.districts[std::size_t(c.district)].coord;
    return nb.protocol_fit[std::size_t(c.institution)] *
           (1.0 - p.conflict_penalty * (1.0 - coord) * complexity_share(c, p));
  }
  double weighted = 0, total = 0, plain = 0;
  const int domains = applicable_domains(c.has_children);
  for (int d = 0; d < domains; ++d) {
    const auto di = std::size_t(d);
    weighted += h.competence[di] * c.p[di];
    total += c.p[di];
    plain += h.competence[di];
  }
  const double fit = total > 0 ? weighted / total : plain / domains;
  return fit * (1.0 - p.impro_conflict * complexity_share(c, p));
}

Problems blocking(const CaseView& c, int key, bool key_addressed, const Parameters& p) {
  Problems b;
  const double key_p = c.p[std::size_t(key)];
  const bool free = key_addressed || key_p < p.p_active;
  for (int d = 0; d < kDomains; ++d)
    b[std::size_t(d)] = (d == key || free) ? 1.0 : 1.0 - p.block_strength * key_p;
  return b;
}

Problems help_reduction(const Problems& x, double dose, double quality, double mult, const Problems& block,
                        const CaseView& c, const Parameters& p) {
  Problems r{};
  for (int d = 0; d < applicable_domains(c.has_children); ++d) {
    const auto di = std::size_t(d);
    r[di] = p.help_eta * dose * x[di] * quality * mult * block[di] * c.p[di];
  }
  return r;
}

bool excluded_by_rules(const CaseView& c, int institution, const Parameters& p) {
  const double strictness = p.rule_strictness[std::size_t(institution)];
  return max_problem_except(c.p, c.has_children, institution) > 1.0 - strictness;
}

bool eligible(const CaseView& c, int institution, const Parameters& p) {
  if (institution == YOUTH && !c.has_children) return false;
  return c.p[std::size_t(institution)] >= p.need_min[std::size_t(institution)] &&
         !excluded_by_rules(c, institution, p);
}

}  // namespace wijksim
