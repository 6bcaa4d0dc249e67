#pragma once
// Quantities derived from a household's problem vector (docs/ODD.md §2), with
// YOUTH left out of every max, mean and count for households without children
// (§11 entry 44). Ties in argmax go to the lowest index.
#include <algorithm>
#include <cmath>

#include "model/state.h"

namespace wijksim {

inline int applicable_domains(bool has_children) { return has_children ? kDomains : kDomains - 1; }

inline double mean_load(const Problems& p, bool has_children) {
  const int n = applicable_domains(has_children);
  double sum = 0;
  for (int d = 0; d < n; ++d) sum += p[std::size_t(d)];
  return sum / n;
}

inline double max_problem(const Problems& p, bool has_children) {
  double m = 0;
  for (int d = 0; d < applicable_domains(has_children); ++d) m = std::max(m, p[std::size_t(d)]);
  return m;
}

inline int complexity(const Problems& p, bool has_children, double p_active) {
  int c = 0;
  for (int d = 0; d < applicable_domains(has_children); ++d) c += p[std::size_t(d)] >= p_active;
  return c;
}

inline int salient_domain(const Problems& p, bool has_children) {
  int best = 0;
  for (int d = 1; d < applicable_domains(has_children); ++d)
    if (p[std::size_t(d)] > p[std::size_t(best)]) best = d;
  return best;
}

inline int key_domain(const Problems& p, const Problems& lev, bool has_children) {
  int best = 0;
  for (int d = 1; d < applicable_domains(has_children); ++d)
    if (p[std::size_t(d)] * lev[std::size_t(d)] > p[std::size_t(best)] * lev[std::size_t(best)]) best = d;
  return best;
}

// Highest problem among applicable domains other than `excluded`; 0 if none.
inline double max_problem_except(const Problems& p, bool has_children, int excluded) {
  double m = 0;
  for (int d = 0; d < applicable_domains(has_children); ++d)
    if (d != excluded) m = std::max(m, p[std::size_t(d)]);
  return m;
}

// One bit per domain, for sets of domains.
inline std::uint8_t domain_bit(int d) { return std::uint8_t(1u << d); }

// The applicable domains with an active problem (p >= p_active).
inline std::uint8_t active_problems(const Problems& p, bool has_children, double p_active) {
  std::uint8_t set = 0;
  for (int d = 0; d < applicable_domains(has_children); ++d)
    if (p[std::size_t(d)] >= p_active) set |= domain_bit(d);
  return set;
}

// Highest problem among the domains of `set`; 0 if none.
inline double max_problem_in(const Problems& p, std::uint8_t set) {
  double m = 0;
  for (int d = 0; d < kDomains; ++d)
    if (set & domain_bit(d)) m = std::max(m, p[std::size_t(d)]);
  return m;
}

// Complexity class index for by-class metrics: 0 for one active domain, 1 for
// two, 2 for three or more; -1 for none.
inline int complexity_class(int c) { return c <= 0 ? -1 : (c >= 3 ? 2 : c - 1); }

inline double clamp01(double x) { return x < 0 ? 0 : (x > 1 ? 1 : x); }
inline double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

}  // namespace wijksim
