#pragma once
// The key outcomes a policy comparison reports, and how a difference in each
// is said in plain words. The list is key_outcomes.def, which the analysis
// package ships as data (scripts/gen-docs writes analysis/key_outcomes.json
// from it), so that both say the same.
#include <span>
#include <string>
#include <string_view>

#include "engine/paired_statistics.h"

namespace wijksim {

enum class OutcomeMeasure { share, level, per_year };
enum class OutcomeWording { count, level };
enum class BetterSide { lower, higher, neither };

struct KeyOutcome {
  std::string_view metric;   // a city-level metric of metrics.def
  std::string_view subject;  // "multi-problem households"
  OutcomeMeasure measure;
  OutcomeWording wording;
  BetterSide better;

  // From the recorded weekly value to the reported one: shares in percent
  // (differences in percentage points), weekly counts per year.
  double scale() const;
  // Of a difference: "percentage points", "per year", or "" for a level.
  std::string_view unit() const;
};

std::span<const KeyOutcome> key_outcomes();

std::string_view better_name(BetterSide better);

// The subject with the unit of its level: "multi-problem households (%)",
// "burnouts (per year)", "household wellbeing".
std::string labelled_subject(const KeyOutcome& outcome);

// "fewer multi-problem households: −1.8 percentage points, 95 % CI −2.3 to
// −1.3"; when the interval spans zero, "no clear difference in ...".
// `difference` is B − A in reported units (already scaled).
std::string describe_difference(const KeyOutcome& outcome, const MeanInterval& difference);

// A reported number: three significant digits (whole numbers from 1000 on),
// with a true minus sign (U+2212) and, if asked, a plus sign.
std::string format_reported(double value, bool signed_plus = false);
// Below this magnitude a reported number is shown as 0 (floating-point noise).
inline constexpr double kRoundingNoise = 1e-9;

}  // namespace wijksim
