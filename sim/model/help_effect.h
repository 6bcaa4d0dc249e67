#pragma once
// How much a helper's week of work reduces a household's problems (docs/ODD.md
// §7), shared by the helper's own expectation (the gain G of rule bending) and the
// help actually delivered in phase 5.
#include "model/state.h"

namespace wijksim {

struct CaseView {
  const Problems& p;
  bool has_children;
  int nbh;
  int district;
  int institution;  // kNone for informal cases
  // Domains an improviser works on (domain_bit set), besides the key guess;
  // informal helpers take on the whole household.
  std::uint8_t scope = kWholeHousehold;

  static constexpr std::uint8_t kWholeHousehold = 0xFF;
};

// The view of a household's case a helper works from; institution kNone for
// informal cases.
CaseView case_view(const World& w, int household, int institution);
// The same with the scope already known (a case whose scope phase 5 has just
// brought up to date).
CaseView case_view(const World& w, int household, int institution, std::uint8_t scope);

// Dose per case: e = min(1, H direct_share / (max(1, cases) dose_hours)),
// with H = hours (1 + commit overwork_max).
double dose_per_case(const Helper& h, const Parameters& p, int cases);

// The scope of a caseworker's case: the problems it has taken on so far and
// those active now (docs/ODD.md §7, improvisation's scope).
std::uint8_t case_scope(const World& w, int household, int institution);

// Effort allocation x. PROTOCOL: all on the mandate domain. IMPROVISE:
// x[d] ~ p[d] (1 + key_weight [d = key_guess]) u_type[d] over the applicable
// domains in the case's scope and the key guess.
Problems allocation(Mode mode, const Helper& h, const CaseView& c, int key_guess, const Parameters& p);

// Multiplier M: protocol fit times the penalty for uncoordinated other
// problems, or the helper's competence fit times the improvisation penalty.
double multiplier(Mode mode, const Helper& h, const CaseView& c, const World& w);

// Blocking B[d] (Doorbraak): help outside the key domain is damped while the
// key problem is active and no helper addresses it.
Problems blocking(const CaseView& c, int key, bool key_addressed, const Parameters& p);

// The reduction of each problem: help_eta e x[d] q M B[d] p[d] (positive).
Problems help_reduction(const Problems& x, double dose, double quality, double mult, const Problems& block,
                        const CaseView& c, const Parameters& p);

// Eligibility at an institution (§7.2): enough need in its domain, and no other
// problem above 1 - strictness. The review recheck (§11 entry 63) uses only
// the exclusion rule.
bool eligible(const CaseView& c, int institution, const Parameters& p);
bool excluded_by_rules(const CaseView& c, int institution, const Parameters& p);

}  // namespace wijksim
