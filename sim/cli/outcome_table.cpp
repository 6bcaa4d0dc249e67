#include "cli/outcome_table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace wijksim::cli {

namespace {

constexpr int kWeeksPerYear = 52;

struct Outcome {
  std::string_view metric;
  bool per_year;  // weekly event counts, summed to a yearly total
  int decimals;
};

constexpr Outcome kOutcomes[] = {
    {"wellbeing_mean", false, 3},      {"multi_problem_share", false, 3},
    {"debt_problem_share", false, 3},  {"trust_mean", false, 3},
    {"collective_efficacy", false, 3}, {"help_coverage", false, 3},
    {"improvise_share", false, 3},     {"sanctions", true, 1},
    {"burnout_new", true, 1},          {"best_persons_active", false, 1},
    {"vacancies_open", false, 1},      {"exhaustion_mean", false, 3},
};

std::size_t metric_index(std::span<const MetricSpec> metrics, std::string_view name) {
  for (std::size_t m = 0; m < metrics.size(); ++m)
    if (metrics[m].name == name) {
      if (metrics[m].level != MetricLevel::city)
        throw std::logic_error("outcome table: metric '" + std::string(name) +
                               "' is not recorded at city level");
      return m;
    }
  throw std::logic_error("outcome table: the engine records no metric named '" +
                         std::string(name) + "'");
}

struct Window {
  int first;  // recorded week index, 0-based
  int count;
  std::string label;
};

std::string week_label(const Window& w, int recorded_weeks) {
  char text[48];
  if (recorded_weeks % kWeeksPerYear == 0 && w.count == kWeeksPerYear)
    std::snprintf(text, sizeof text, "year %d", w.first / kWeeksPerYear + 1);
  else
    std::snprintf(text, sizeof text, "weeks %d-%d", w.first + 1, w.first + w.count);
  return text;
}

// Mean over the window's finite values; NaN when there are none.
double window_mean(const std::vector<float>& series, const Window& w) {
  double sum = 0.0;
  int n = 0;
  for (int week = w.first; week < w.first + w.count && week < int(series.size()); ++week) {
    const float v = series[std::size_t(week)];
    if (std::isfinite(v)) {
      sum += v;
      ++n;
    }
  }
  return n ? sum / n : std::nan("");
}

std::string cell(double value, int decimals) {
  if (!std::isfinite(value)) return "n/a";
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

}  // namespace

void check_outcome_metrics(std::span<const MetricSpec> metrics) {
  for (const Outcome& outcome : kOutcomes) metric_index(metrics, outcome.metric);
}

std::string format_outcomes(const RunResult& result, std::span<const MetricSpec> metrics) {
  const int weeks = result.weeks;
  const int span = std::min(weeks, kWeeksPerYear);
  std::vector<Window> windows = {{0, span, ""}};
  if (weeks > kWeeksPerYear) windows.push_back({weeks - span, span, ""});
  for (Window& w : windows) w.label = week_label(w, weeks);

  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = {"outcome"};
  for (const Window& w : windows) header.push_back(w.label);
  rows.push_back(header);
  for (const Outcome& outcome : kOutcomes) {
    const std::size_t m = metric_index(metrics, outcome.metric);
    std::vector<std::string> row = {std::string(outcome.metric) +
                                    (outcome.per_year ? " per year" : "")};
    for (const Window& w : windows) {
      const double mean = m < result.values.size() ? window_mean(result.values[m], w) : std::nan("");
      row.push_back(cell(outcome.per_year ? mean * kWeeksPerYear : mean, outcome.decimals));
    }
    rows.push_back(row);
  }

  std::vector<std::size_t> widths(header.size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  std::string text;
  for (const auto& row : rows) {
    std::string line = row[0];
    line.append(widths[0] - row[0].size(), ' ');
    for (std::size_t c = 1; c < row.size(); ++c) {
      line.append(widths[c] - row[c].size() + 4, ' ');  // numbers align right
      line += row[c];
    }
    text += line;
    text += '\n';
  }
  return text;
}

}  // namespace wijksim::cli
