#include "engine/key_outcomes.h"

#include <cmath>
#include <cstdio>

namespace wijksim {

namespace {

constexpr KeyOutcome kKeyOutcomes[] = {
#define WIJKSIM_KEY_OUTCOME(metric, subject, measure, wording, better) \
  {#metric, subject, OutcomeMeasure::measure, OutcomeWording::wording, BetterSide::better},
#include "engine/key_outcomes.def"
#undef WIJKSIM_KEY_OUTCOME
};

constexpr std::string_view kMinus = "\u2212";

}  // namespace

double KeyOutcome::scale() const {
  switch (measure) {
    case OutcomeMeasure::share: return 100.0;
    case OutcomeMeasure::level: return 1.0;
    case OutcomeMeasure::per_year: return 52.0;
  }
  return 1.0;
}

std::string_view KeyOutcome::unit() const {
  switch (measure) {
    case OutcomeMeasure::share: return "percentage points";
    case OutcomeMeasure::level: return "";
    case OutcomeMeasure::per_year: return "per year";
  }
  return "";
}

std::span<const KeyOutcome> key_outcomes() { return kKeyOutcomes; }

std::string_view better_name(BetterSide better) {
  switch (better) {
    case BetterSide::lower: return "lower";
    case BetterSide::higher: return "higher";
    case BetterSide::neither: return "neither";
  }
  return "neither";
}

std::string labelled_subject(const KeyOutcome& outcome) {
  std::string label(outcome.subject);
  if (outcome.measure == OutcomeMeasure::share) label += " (%)";
  if (outcome.measure == OutcomeMeasure::per_year) label += " (per year)";
  return label;
}

std::string format_reported(double value, bool signed_plus) {
  if (!std::isfinite(value)) return "n/a";
  char digits[64];
  // Reported values are shares in percent, rates per year and levels: a
  // magnitude this small is the rounding left by subtracting equal numbers.
  if (std::fabs(value) < kRoundingNoise) return "0";
  const double magnitude = std::fabs(value);
  if (magnitude >= 1000.0)
    std::snprintf(digits, sizeof digits, "%.0f", magnitude);
  else
    std::snprintf(digits, sizeof digits, "%.3g", magnitude);
  const std::string text = digits;
  if (text == "0") return text;  // a value that rounds to zero has no sign
  if (value < 0) return std::string(kMinus) + text;
  return signed_plus ? "+" + text : text;
}

std::string describe_difference(const KeyOutcome& outcome, const MeanInterval& difference) {
  const bool count = outcome.wording == OutcomeWording::count;
  std::string text;
  if (difference.low > 0)
    text = std::string(count ? "more " : "higher ") + std::string(outcome.subject);
  else if (difference.high < 0)
    text = std::string(count ? "fewer " : "lower ") + std::string(outcome.subject);
  else
    text = "no clear difference in " + std::string(outcome.subject);
  text += ": " + format_reported(difference.mean, true);
  if (!outcome.unit().empty()) text.append(" ").append(outcome.unit());  // appended: GCC 12 warns falsely (-Wrestrict) on " " + string
  if (std::isfinite(difference.low))
    text += ", 95 % CI " + format_reported(difference.low) + " to " + format_reported(difference.high);
  else
    text += " (one pair: no confidence interval)";
  return text;
}

}  // namespace wijksim
