#pragma once
// Personal traits of workers and Best Persons (docs/ODD.md §2) and how they are
// drawn: from the open pool, or conditional on being a Best Person by an exact
// conditional draw instead of rejection sampling (§11 entry 32), so that every
// person uses a fixed number of random draws.
#include <cstdint>

#include "core/domains.h"
#include "core/rng.h"

namespace wijksim {

struct Helper;

struct Traits {
  double z_emp = 0, z_drv = 0, z_nc = 0, z_com = 0;
  Problems competence{};
  double resilience = 0;

  double empathy() const;
  double drive() const;
  double noncon() const;
  double commit() const;
  double bp_score() const;  // min(empathy, drive)
  // Fit of the person's competences to a neighbourhood's problem mix (§7.10).
  double fit(const Problems& ctx) const;
};

// Random draws a person's traits use, from `first_draw` on.
inline constexpr std::uint32_t kTraitDraws = 11;

// Whom a draw comes from: everyone, only Best Persons (bp_score >= threshold),
// or only others (the "no Best Persons" arms of docs/ODD.md).
enum class TraitPool : std::uint8_t { everyone, best_persons, others };

Traits draw_traits(const Draws& draws, std::uint32_t first_draw, TraitPool pool, double bp_threshold);
inline Traits draw_traits(const Draws& draws, std::uint32_t first_draw, bool best_person, double bp_threshold) {
  return draw_traits(draws, first_draw, best_person ? TraitPool::best_persons : TraitPool::everyone, bp_threshold);
}

// Copies traits and what follows from them onto a helper.
void assign_traits(Helper& helper, const Traits& traits, double bp_threshold, const Problems& ctx);

double normal_cdf(double z);
double normal_quantile(double u);

}  // namespace wijksim
