#pragma once
// The rule-bending decision (docs/ODD.md §7):
// what a caseworker expects to gain by improvising, how far that would take
// the case outside the rules, and how likely the worker is to do it.
#include "model/help_effect.h"

namespace wijksim {

struct BendAssessment {
  Problems improvise_effort{};
  double gain_normalised = 0;  // G_n
  double magnitude = 0;        // mu
};

// mu = max(mu_elig, mu_scope):
//   mu_elig  = clamp((max_{d != d_k} p[d] - (1 - sigma_k)) / sigma_k), 0 under
// an authorised exception
//   mu_scope = sigma_k (1 - x_improvise[d_k])
double bend_magnitude(const CaseView& c, const Problems& improvise_effort, bool authorised_exception,
                      const Parameters& p);

// G = (1/D_h) sum_d (|dp_improvise[d]| - |dp_protocol[d]|) as this helper
// alone would achieve it this week, with its own key guess standing in for the
// hidden key; dp_protocol = 0 when the household is not eligible.
// G_n = G / (G + gain_half) for G > 0, else 0.
BendAssessment assess_bend(const World& w, const Helper& h, const CaseView& c, int key_guess,
                           bool protocol_allowed, bool authorised_exception, int cases);

// logit P = bend_0 + bend_gain G_n + bend_noncon nu + bend_drive delta + bend_room r
//           + bend_backing b_eff - bend_sanction S - bend_exh E - bend_oob max(0, mu - r)
double bend_probability(const Helper& h, const Team& t, double gain_normalised, double magnitude,
                        const Parameters& p);

// The mode under the scenario's mode policy, given the bending draw.
Mode decide_mode(ModePolicy policy, double probability, double uniform_draw);

}  // namespace wijksim
