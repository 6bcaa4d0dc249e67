// Phase 7, managers and burnout (docs/ODD.md §7).
// Per helper, in this order: the manager's contact (contact_ema), relief if the
// manager sees exhaustion above exh_alert and pays attention; then
//   load = sum over cases (1 + cx_weight (c_h - 1)+) / cap   (informal: clients
// / cap; bridge builders: bb_load)
//   D = w_load load + w_over chi overwork_max + w_moral moral + w_risk risk
//   R = w_room r + w_back b_eff + w_contact contact_ema + w_allies min(1, allies/3)
//       + w_success success_ema + w_resil rho,   cut by cor_loss above cor_threshold (loss spiral)
//   s = D (1 - buffer min(1, R))
//   E <- clamp(E + (s > s0 ? up_rate (s - s0)(1 - E) : -down_rate (s0 - s) E) + N(0, exh_noise))
// burnout at E >= burnout_E (leave of 1 + Geometric(1/leave_mean_weeks) weeks,
// or exit with exit_on_burnout), a quit hazard quit_base + quit_exh E (plus
// informal_exit for residents), and return from leave at return_E with a
// reduced cap. Sanction memory fades by sanction_decay. Cases of helpers who
// leave service are handed over serially afterwards, in id order.
#include <algorithm>
#include <cmath>
#include <tbb/parallel_for.h>

#include "core/rng.h"
#include "model/case_ops.h"
#include "model/helpers.h"
#include "model/household_view.h"
#include "model/phases.h"
#include "model/recruitment.h"

namespace wijksim {

namespace {

double demand_load(const World& w, const Helper& h) {
  const Parameters& p = w.params;
  if (is_bridge_builder(h.type)) return p.bb_load;
  const int cap = std::max(1, base_cap(h, p));
  if (holds_informal_cases(h.type)) return double(h.caseload.size()) / cap;
  double load = 0;
  for (std::int32_t household : h.caseload) {
    const auto i = std::size_t(household);
    const int c = complexity(w.households.p[i], w.households.has_children[i], p.p_active);
    load += 1.0 + p.cx_weight * std::max(0, c - 1);
  }
  return load / cap;
}

void exit_service(Helper& h, Tally& tally) {
  h.status = HelperStatus::exited;
  h.left_service = true;
  tally.exits[std::size_t(h.type)] += 1;
  if (h.is_bp) tally.bp_exits += 1;
}

void weekly_update(World& w, Helper& h) {
  const Parameters& p = w.params;
  Tally& tally = w.tally.local();
  const Draws draws(w.seed, std::uint32_t(w.week), EntityClass::helper, Stream::manager_contact, std::uint32_t(h.id));
  const Draws fate(w.seed, std::uint32_t(w.week), EntityClass::helper, Stream::quit, std::uint32_t(h.id));
  h.left_service = false;

  if (h.status == HelperStatus::leave) {
    // On leave exhaustion is frozen and nobody calls; quitting still happens.
    if (fate.bernoulli(0, p.quit_base + p.quit_exh * h.exhaustion + (is_informal(h.type) ? p.informal_exit : 0.0))) {
      exit_service(h, tally);
      return;
    }
    if (--h.leave_left <= 0) {
      h.status = HelperStatus::active;
      h.exhaustion = p.return_E;
      h.return_until = w.week + p.return_weeks;
    }
    return;
  }
  if (h.status != HelperStatus::active) return;
  if (h.dismissed) {
    exit_service(h, tally);
    return;
  }

  const Team* manager = managing_team(h, w);
  const double previous_exhaustion = h.exhaustion;
  const bool contact = manager != nullptr && draws.bernoulli(0, manager->contact_freq);
  h.contact_ema = manager ? p.ema_keep * h.contact_ema + (1.0 - p.ema_keep) * (contact ? 1.0 : 0.0) : 0.0;
  if (contact && previous_exhaustion > p.exh_alert && draws.bernoulli(1, manager->burnout_attention))
    h.relief_until = w.week + p.relief_weeks;

  if (h.has_help_this_week)
    h.success_ema = p.ema_keep * h.success_ema + (1.0 - p.ema_keep) * clamp01(h.own_help_mean / p.success_ref);

  const double room = manager ? manager->room : 0.0;
  const double backing = manager ? manager->backing_effective : 0.0;
  const double demand = p.w_load * demand_load(w, h) + p.w_over * h.commit * p.overwork_max +
                        p.w_moral * h.moral + p.w_risk * h.risk;
  double resources = p.w_room * room + p.w_back * backing + p.w_contact * h.contact_ema +
                     p.w_allies * std::min(1.0, h.allies / 3.0) + p.w_success * h.success_ema +
                     p.w_resil * h.resilience;
  if (h.exhaustion > p.cor_threshold)
    resources *= 1.0 - p.cor_loss * (h.exhaustion - p.cor_threshold) / (1.0 - p.cor_threshold);
  const double strain = demand * (1.0 - p.buffer * std::min(1.0, resources));
  const double drift = strain > p.s0 ? p.up_rate * (strain - p.s0) * (1.0 - h.exhaustion)
                                     : -p.down_rate * (p.s0 - strain) * h.exhaustion;
  const Draws noise(w.seed, std::uint32_t(w.week), EntityClass::helper, Stream::exhaustion_noise, std::uint32_t(h.id));
  h.exhaustion = clamp01(h.exhaustion + drift + noise.normal(0, 0.0, p.exh_noise));
  h.sanction_memory *= p.sanction_decay;

  if (h.exhaustion >= p.burnout_E) {
    tally.burnouts[std::size_t(h.type)] += 1;
    if (h.is_bp) tally.bp_burnouts += 1;
    if (fate.bernoulli(1, p.exit_on_burnout)) {
      exit_service(h, tally);
      return;
    }
    h.status = HelperStatus::leave;
    h.left_service = true;
    // 1 + Geometric(1 / leave_mean_weeks) on {0, 1, ...}, by inversion.
    const double q = 1.0 / p.leave_mean_weeks;
    const double u = fate.uniform(2);
    h.leave_left = 1 + (q >= 1.0 ? 0 : int(std::floor(std::log1p(-u) / std::log1p(-q))));
    return;
  }
  if (fate.bernoulli(0, p.quit_base + p.quit_exh * h.exhaustion + (is_informal(h.type) ? p.informal_exit : 0.0)))
    exit_service(h, tally);
}

void leave_service(World& w, Helper& h) {
  hand_over_all(w, h);
  if (h.status != HelperStatus::exited) return;
  if (is_informal(h.type)) {
    w.households.is_host[std::size_t(h.host)] = 0;
    return;
  }
  if (h.type == HelperType::bridge_builder_inside) {
    const auto slot = std::find(w.bb_in_positions.begin(), w.bb_in_positions.end(), h.id);
    open_vacancy(w, PositionKind::bridge_builder_inside, h.team, std::int32_t(slot - w.bb_in_positions.begin()),
                 h.nbh);
    *slot = kNone;
    return;
  }
  Team& team = w.teams[std::size_t(h.team)];
  team.members.erase(std::find(team.members.begin(), team.members.end(), h.id));
  open_vacancy(w, PositionKind::caseworker, h.team, 0, h.nbh);
}

}  // namespace

void manage_and_burn_out(World& w) {
  tbb::parallel_for(std::size_t(0), w.helpers.size(), [&](std::size_t id) { weekly_update(w, w.helpers[id]); });
  for (Helper& h : w.helpers)
    if (h.left_service) leave_service(w, h);
}

}  // namespace wijksim
