#include "cli/outcome_table.h"

#include "cli/text_columns.h"
#include "engine/key_outcomes.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace wijksim::cli {

namespace {

constexpr int kWeeksPerYear = 52;

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

}  // namespace

void check_outcome_metrics(std::span<const MetricSpec> metrics) {
  for (const KeyOutcome& outcome : key_outcomes()) metric_index(metrics, outcome.metric);
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
  // The key outcomes in the words, units and digits of `wijksim compare`.
  for (const KeyOutcome& outcome : key_outcomes()) {
    const std::size_t m = metric_index(metrics, outcome.metric);
    std::vector<std::string> row = {labelled_subject(outcome)};
    for (const Window& w : windows) {
      const double mean = m < result.values.size() ? window_mean(result.values[m], w) : std::nan("");
      row.push_back(format_reported(mean * outcome.scale()));
    }
    rows.push_back(row);
  }
  return layout_columns(rows);
}

}  // namespace wijksim::cli
