#include "model/rule_bending.h"

#include <algorithm>
#include <cmath>

#include "model/household_view.h"
#include "model/phases.h"

namespace wijksim {

double bend_magnitude(const CaseView& c, const Problems& improvise_effort, bool authorised_exception,
                      const Parameters& p) {
  const auto k = std::size_t(c.institution);
  const double strictness = p.rule_strictness[k];
  double elig = 0;
  if (!authorised_exception && strictness > 0)
    elig = clamp01((max_problem_except(c.p, c.has_children, c.institution) - (1.0 - strictness)) / strictness);
  const double scope = strictness * (1.0 - improvise_effort[k]);
  return std::max(elig, scope);
}

BendAssessment assess_bend(const World& w, const Helper& h, const CaseView& c, int key_guess,
                           bool protocol_allowed, bool authorised_exception, int cases) {
  const Parameters& p = w.params;
  const double dose = dose_per_case(h, p, cases);
  const double quality = helper_quality(h, p, w.week);
  BendAssessment a;
  a.improvise_effort = allocation(Mode::improvise, h, c, key_guess, p);
  const bool improvise_addresses = a.improvise_effort[std::size_t(key_guess)] >= p.block_share;
  const Problems improve = help_reduction(a.improvise_effort, dose, quality, multiplier(Mode::improvise, h, c, w),
                                          blocking(c, key_guess, improvise_addresses, p), c, p);
  Problems protocol{};
  if (protocol_allowed) {
    const Problems x = allocation(Mode::protocol, h, c, key_guess, p);
    const bool addresses = x[std::size_t(key_guess)] >= p.block_share;
    protocol = help_reduction(x, dose, quality, multiplier(Mode::protocol, h, c, w),
                              blocking(c, key_guess, addresses, p), c, p);
  }
  double gain = 0;
  for (int d = 0; d < kDomains; ++d) gain += improve[std::size_t(d)] - protocol[std::size_t(d)];
  gain /= applicable_domains(c.has_children);
  a.gain_normalised = gain > 0 ? gain / (gain + p.gain_half) : 0.0;
  a.magnitude = bend_magnitude(c, a.improvise_effort, authorised_exception, p);
  return a;
}

double bend_probability(const Helper& h, const Team& t, double gain_normalised, double magnitude,
                        const Parameters& p) {
  const double logit = p.bend_0 + p.bend_gain * gain_normalised + p.bend_noncon * h.noncon +
                       p.bend_drive * h.drive + p.bend_room * t.room + p.bend_backing * t.backing_effective -
                       p.bend_sanction * h.sanction_memory - p.bend_exh * h.exhaustion -
                       p.bend_oob * std::max(0.0, magnitude - t.room);
  return logistic(logit);
}

Mode decide_mode(ModePolicy policy, double probability, double uniform_draw) {
  switch (policy) {
    case ModePolicy::force_protocol: return Mode::protocol;
    case ModePolicy::force_improvise: return Mode::improvise;
    case ModePolicy::choice: break;
  }
  return uniform_draw < probability ? Mode::improvise : Mode::protocol;
}

}  // namespace wijksim
