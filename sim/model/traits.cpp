#include "model/traits.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>

#include "model/state.h"

namespace wijksim {

double normal_cdf(double z) { return boost::math::cdf(boost::math::normal_distribution<double>(), z); }

double normal_quantile(double u) {
  // The open interval keeps the quantile finite for draws at the edges.
  u = std::clamp(u, 1e-12, 1.0 - 1e-12);
  return boost::math::quantile(boost::math::normal_distribution<double>(), u);
}

double Traits::empathy() const { return normal_cdf(z_emp); }
double Traits::drive() const { return normal_cdf(z_drv); }
double Traits::noncon() const { return normal_cdf(0.5 * z_drv + 0.866 * z_nc); }
double Traits::commit() const { return normal_cdf(0.6 * z_emp + 0.8 * z_com); }
double Traits::bp_score() const { return std::min(empathy(), drive()); }

double Traits::fit(const Problems& ctx) const {
  double weighted = 0, total = 0;
  for (int d = 0; d < kDomains; ++d) {
    weighted += competence[std::size_t(d)] * ctx[std::size_t(d)];
    total += ctx[std::size_t(d)];
  }
  return total > 0 ? weighted / total : 0.5;
}

Traits draw_traits(const Draws& draws, std::uint32_t first_draw, TraitPool pool, double bp_threshold) {
  Traits t;
  const double theta = bp_threshold;
  switch (pool) {
    case TraitPool::best_persons:
      // bp_score >= theta  <=>  empathy >= theta and drive >= theta, independently.
      t.z_emp = normal_quantile(draws.uniform(first_draw + 0, theta, 1.0));
      t.z_drv = normal_quantile(draws.uniform(first_draw + 1, theta, 1.0));
      break;
    case TraitPool::others: {
      // Uniform on the unit square less [theta, 1]^2, in probability space:
      // empathy falls below theta with probability theta / (theta + (1 - theta) theta),
      // and drive is then free, or else held below theta.
      const bool low_empathy = draws.uniform(first_draw + 10) < 1.0 / (2.0 - theta);
      t.z_emp = normal_quantile(low_empathy ? draws.uniform(first_draw + 0, 0.0, theta)
                                            : draws.uniform(first_draw + 0, theta, 1.0));
      t.z_drv = normal_quantile(low_empathy ? draws.uniform(first_draw + 1) : draws.uniform(first_draw + 1, 0.0, theta));
      break;
    }
    case TraitPool::everyone:
      t.z_emp = draws.normal(first_draw + 0);
      t.z_drv = draws.normal(first_draw + 1);
      break;
  }
  t.z_nc = draws.normal(first_draw + 2);
  t.z_com = draws.normal(first_draw + 3);
  for (int d = 0; d < kDomains; ++d)
    t.competence[std::size_t(d)] = draws.beta(first_draw + 4 + std::uint32_t(d), 2.0, 2.0);
  t.resilience = draws.beta(first_draw + 9, 5.0, 5.0);
  return t;
}

void assign_traits(Helper& helper, const Traits& traits, double bp_threshold, const Problems& ctx) {
  helper.empathy = traits.empathy();
  helper.drive = traits.drive();
  helper.noncon = traits.noncon();
  helper.commit = traits.commit();
  helper.bp_score = traits.bp_score();
  helper.is_bp = helper.bp_score >= bp_threshold;
  helper.competence = traits.competence;
  helper.resilience = traits.resilience;
  helper.fit = traits.fit(ctx);
}

}  // namespace wijksim
