#include "cli/comparison_output.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "cli/text_columns.h"
#include "io/json_text.h"

namespace wijksim::cli {

namespace {

std::string parameter_text(const CellDifferences& cell) {
  std::string text;
  for (const auto& [key, value] : cell.parameters)
    text += (text.empty() ? "" : ", ") + key + " = " + format_reported(value);
  return text;
}

// Full precision for programs; JSON has no NaN, so a missing value is null.
std::string exact(double value) {
  if (!std::isfinite(value)) return "null";
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// "B sets room 0.3 -> 1, backing 0.5 -> 0", or that it sets nothing otherwise.
std::string parameters_line(const std::vector<ParameterChange>& changed) {
  if (changed.empty()) return "A and B set every parameter alike (they differ in seeds or timed changes only)\n";
  std::string text = "B against A: ";
  for (std::size_t i = 0; i < changed.size(); ++i) {
    if (i > 0) text.append(", ");  // appended: GCC 12 warns falsely (-Wrestrict) on ", " + string
    text.append(changed[i].name).append(" ").append(changed[i].a).append(" \u2192 ").append(changed[i].b);
  }
  return text + "\n";
}

}  // namespace

std::string format_comparison_table(const ComparisonReport& report) {
  std::ostringstream out;
  out << "A: " << report.a.path << " (scenario " << report.a.scenario << ", " << report.a.runs << " runs)\n"
      << "B: " << report.b.path << " (scenario " << report.b.scenario << ", " << report.b.runs << " runs)\n"
      << parameters_line(report.changed)
      << report.pairs << " pairs of runs sharing a seed; means over recorded weeks " << report.first_week << "-"
      << report.last_week << "; B \u2212 A with its 95 % confidence interval\n";
  for (const CellDifferences& cell : report.cells) {
    out << "\n";
    if (!cell.parameters.empty())
      out << "cell " << cell.cell << ": " << parameter_text(cell) << " (" << cell.pairs << " pairs)\n";
    std::vector<std::vector<std::string>> rows = {{"outcome", "A", "B", "B \u2212 A", "95 % CI"}};
    for (const OutcomeDifference& d : cell.outcomes) {
      const bool interval = std::isfinite(d.difference.low);
      rows.push_back({labelled_subject(*d.outcome), format_reported(d.a_mean), format_reported(d.b_mean),
                      format_reported(d.difference.mean, true),
                      interval ? format_reported(d.difference.low) + " to " + format_reported(d.difference.high)
                               : "n/a"});
    }
    out << layout_columns(rows) << "\nIn words, B against A:\n";
    for (const OutcomeDifference& d : cell.outcomes) out << "  " << d.text << "\n";
  }
  return out.str();
}

std::string format_comparison_csv(const ComparisonReport& report) {
  std::ostringstream out;
  out << "cell";
  const std::vector<std::pair<std::string, double>> none;
  const auto& keys = report.cells.empty() ? none : report.cells.front().parameters;
  for (const auto& [key, value] : keys) out << "," << csv_field(key);
  out << ",outcome,subject,unit,better,a_mean,b_mean,difference,ci_low,ci_high,pairs,text\n";
  for (const CellDifferences& cell : report.cells)
    for (const OutcomeDifference& d : cell.outcomes) {
      out << cell.cell;
      for (const auto& [key, value] : cell.parameters) out << "," << exact(value);
      out << "," << d.outcome->metric << "," << csv_field(std::string(d.outcome->subject)) << ","
          << csv_field(std::string(d.outcome->unit())) << "," << better_name(d.outcome->better) << ","
          << exact(d.a_mean) << "," << exact(d.b_mean) << "," << exact(d.difference.mean) << ","
          << exact(d.difference.low) << "," << exact(d.difference.high) << "," << d.difference.n << ","
          << csv_field(d.text) << "\n";
    }
  return out.str();
}

std::string format_comparison_json(const ComparisonReport& report) {
  std::ostringstream out;
  const auto file = [](const ComparedFile& f) {
    return "{\"path\": " + json_string(f.path) + ", \"scenario\": " + json_string(f.scenario) +
           ", \"runs\": " + std::to_string(f.runs) + "}";
  };
  out << "{\n  \"a\": " << file(report.a) << ",\n  \"b\": " << file(report.b) << ",\n  \"window\": {\"first_week\": "
      << report.first_week << ", \"last_week\": " << report.last_week << "},\n  \"pairs\": " << report.pairs
      << ",\n  \"parameters_changed\": [";
  for (std::size_t i = 0; i < report.changed.size(); ++i)
    out << (i ? ", " : "") << "{\"name\": " << json_string(report.changed[i].name)
        << ", \"a\": " << json_string(report.changed[i].a) << ", \"b\": " << json_string(report.changed[i].b) << "}";
  out << "],\n  \"comparisons\": [";
  bool first = true;
  for (const CellDifferences& cell : report.cells) {
    std::string parameters = "{";
    for (const auto& [key, value] : cell.parameters)
      parameters += (parameters.size() > 1 ? ", " : "") + json_string(key) + ": " + exact(value);
    parameters += "}";
    for (const OutcomeDifference& d : cell.outcomes) {
      out << (first ? "\n" : ",\n") << "    {\"cell\": " << cell.cell << ", \"parameters\": " << parameters
          << ", \"outcome\": " << json_string(d.outcome->metric) << ", \"subject\": "
          << json_string(d.outcome->subject) << ", \"unit\": " << json_string(d.outcome->unit())
          << ", \"better\": " << json_string(better_name(d.outcome->better)) << ", \"a_mean\": " << exact(d.a_mean)
          << ", \"b_mean\": " << exact(d.b_mean) << ", \"difference\": " << exact(d.difference.mean)
          << ", \"ci_low\": " << exact(d.difference.low) << ", \"ci_high\": " << exact(d.difference.high)
          << ", \"pairs\": " << d.difference.n << ", \"text\": " << json_string(d.text) << "}";
      first = false;
    }
  }
  out << "\n  ]\n}\n";
  return out.str();
}

}  // namespace wijksim::cli
