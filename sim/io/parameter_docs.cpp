#include "io/parameter_docs.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "core/domains.h"
#include "io/json_text.h"

namespace wijksim {

namespace {

constexpr std::size_t kTableDocWidth = 74;  // doc lines in the terminal table
constexpr std::size_t kTomlDocWidth = 78;   // comment lines in the TOML file

// Headings for the TOML tables of parameters.def. A group missing here still
// works and is titled by its key.
std::string_view group_title(std::string_view group) {
  static constexpr std::pair<std::string_view, std::string_view> kTitles[] = {
      {"scale", "Scale and time"},
      {"problems", "Problems"},
      {"institutions", "Help seeking and institutions"},
      {"bending", "Rule bending and managers"},
      {"burnout", "Burnout"},
      {"best_persons", "Best Persons"},
      {"recruitment", "Recruitment"},
      {"trust", "Trust and engagement"},
  };
  for (const auto& [key, title] : kTitles)
    if (key == group) return title;
  return group;
}

// Groups in the order they first appear in the table.
std::vector<std::string_view> groups_in_order() {
  std::vector<std::string_view> groups;
  for (const ParameterSpec& spec : parameter_table())
    if (std::find(groups.begin(), groups.end(), spec.group) == groups.end())
      groups.push_back(spec.group);
  return groups;
}

std::vector<const ParameterSpec*> specs_in(std::string_view group) {
  std::vector<const ParameterSpec*> specs;
  for (const ParameterSpec& spec : parameter_table())
    if (spec.group == group) specs.push_back(&spec);
  return specs;
}

// Shortest text that reads back as exactly the same double, so files
// generated from it load to bit-identical defaults.
std::string exact_number(double v) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  if (ec != std::errc()) throw std::logic_error("cannot format a parameter value");
  return std::string(buffer, end);
}

// TOML distinguishes integers from floats: a real parameter is written as a float.
std::string toml_number(double v, bool integer) {
  std::string s = exact_number(v);
  if (!integer && s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

std::string range_text(const ParameterSpec& spec, std::string_view separator) {
  if (spec.is_choice()) {
    std::string s;
    for (std::size_t i = 0; i < spec.choices.size(); ++i) {
      if (i) s += separator;
      s += spec.choices[i];
    }
    return s;
  }
  std::string s = spec.kind == ParameterKind::real_auto ? "auto or [" : "[";
  s += exact_number(spec.min);
  s += ", ";
  s += exact_number(spec.max);
  s += "]";
  return s;
}

bool is_live(const ParameterSpec& spec) { return spec.timing == Timing::Live; }

// Items between `open` and `close`, separated by ", ". Built by appending
// only: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string.
std::string listed(const std::vector<std::string>& items, std::string_view open = "",
                   std::string_view close = "") {
  std::string s(open);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) s += ", ";
    s += items[i];
  }
  s += close;
  return s;
}

std::string joined(std::span<const std::string_view> names) {
  return listed(std::vector<std::string>(names.begin(), names.end()));
}

// What a five-wide parameter's values stand for, unless its doc says so already.
std::string width_note(const ParameterSpec& spec) {
  std::string order;
  std::string note;
  switch (spec.kind) {
    case ParameterKind::real_by_institution:
    case ParameterKind::choice_by_institution:
      order = joined(kInstitutionNames);
      note = "Per institution: one value for all, or five (";
      break;
    case ParameterKind::real_by_domain:
      order = joined(kDomainNames);
      note = "Per domain: five values (";
      break;
    default:
      return "";
  }
  if (spec.doc.find(order) != std::string_view::npos) return "";
  note += order;
  note += ").";
  return note;
}

std::string doc_with_note(const ParameterSpec& spec) {
  const std::string note = width_note(spec);
  return note.empty() ? std::string(spec.doc) : std::string(spec.doc) + " " + note;
}

std::vector<std::string> wrap_words(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream words{std::string(text)};
  std::string word;
  while (words >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(std::move(line));
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

std::string padded(std::string_view s, std::size_t width) {
  std::string out(s);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

// ---- table ----------------------------------------------------------------

std::string format_table(const Parameters& values) {
  std::ostringstream out;
  out << "wijksim parameters, grouped by scenario table. mid-run: yes = may change\n"
         "between weeks (a scenario's [[changes]]); no = read once when the world is built.\n";
  for (const std::string_view group : groups_in_order()) {
    const auto specs = specs_in(group);
    std::vector<std::array<std::string, 5>> rows;
    rows.push_back({"name", "unit", "default", "range", "mid-run"});
    for (const ParameterSpec* spec : specs)
      rows.push_back({std::string(spec->name), std::string(spec->unit), format_value(values, *spec),
                      range_text(*spec, "/"), is_live(*spec) ? "yes" : "no"});
    std::array<std::size_t, 5> widths{};
    for (const auto& row : rows)
      for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());

    out << "\n[" << group << "]  " << group_title(group) << "\n";
    for (std::size_t r = 0; r < rows.size(); ++r) {
      std::string line = "  ";
      for (std::size_t c = 0; c < rows[r].size(); ++c)
        line += c + 1 < rows[r].size() ? padded(rows[r][c], widths[c] + 2) : rows[r][c];
      out << line << "\n";
      if (r == 0) continue;
      for (const std::string& doc_line : wrap_words(doc_with_note(*specs[r - 1]), kTableDocWidth))
        out << "      " << doc_line << "\n";
    }
  }
  return out.str();
}

// ---- markdown -------------------------------------------------------------

std::string markdown_cell(std::string_view text) {
  std::string s;
  for (const char c : text) {
    if (c == '|') s += '\\';
    s += c;
  }
  return s;
}

std::string code(std::string_view text) {
  std::string s = "`";
  s += text;
  s += '`';
  return s;
}

std::string format_markdown(const Parameters& values) {
  std::ostringstream out;
  out << "Generated from the parameter table (`sim/core/parameters.def`) by `wijksim params "
         "--format markdown`; run `scripts/gen-docs` after changing it. Each group is a table "
         "of a scenario file; any parameter left out of a scenario takes the default shown. "
         "Parameters that change mid-run may also be set from a given week on in a scenario's "
         "`[[changes]]`; the others are read once when the world is built.\n";
  for (const std::string_view group : groups_in_order()) {
    out << "\n### " << group_title(group) << " (`[" << group << "]`)\n\n"
        << "| name | unit | default | range | changes mid-run | description |\n"
        << "|---|---|---|---|---|---|\n";
    for (const ParameterSpec* spec : specs_in(group)) {
      std::string range;
      if (spec->is_choice()) {
        std::vector<std::string> names;
        for (const std::string_view name : spec->choices) names.push_back(code(name));
        range = listed(names);
      } else {
        range = markdown_cell(range_text(*spec, ", "));
      }
      out << "| `" << spec->name << "` | " << markdown_cell(spec->unit) << " | `"
          << format_value(values, *spec) << "` | " << range << " | "
          << (is_live(*spec) ? "yes" : "no") << " | " << markdown_cell(doc_with_note(*spec))
          << " |\n";
    }
  }
  return out.str();
}

// ---- json -----------------------------------------------------------------

std::string_view kind_name(ParameterKind kind) {
  switch (kind) {
    case ParameterKind::real: return "real";
    case ParameterKind::real_auto: return "real_auto";
    case ParameterKind::integer: return "integer";
    case ParameterKind::real_by_institution: return "real_by_institution";
    case ParameterKind::real_by_domain: return "real_by_domain";
    case ParameterKind::choice: return "choice";
    case ParameterKind::choice_by_institution: return "choice_by_institution";
  }
  return "unknown";
}

// One value as JSON: a choice's name, "auto" for an unset derived value, else a number.
std::string json_value(const Parameters& values, const ParameterSpec& spec, int index) {
  const double v = get_value(values, spec, index);
  if (spec.is_choice()) return json_string(spec.choices[std::size_t(v)]);
  if (std::isnan(v)) return json_string("auto");
  return exact_number(v);
}

std::string format_json(const Parameters& values) {
  const Parameters defaults = Parameters::defaults();
  auto all_values = [](const Parameters& from, const ParameterSpec& spec) {
    if (spec.width() == 1) return json_value(from, spec, 0);
    std::vector<std::string> items;
    for (int i = 0; i < spec.width(); ++i) items.push_back(json_value(from, spec, i));
    return listed(items, "[", "]");
  };
  std::ostringstream out;
  out << "[\n";
  const auto table = parameter_table();
  for (std::size_t n = 0; n < table.size(); ++n) {
    const ParameterSpec& spec = table[n];
    std::string choices = "null";
    if (spec.is_choice()) {
      std::vector<std::string> items;
      for (const std::string_view name : spec.choices) items.push_back(json_string(name));
      choices = listed(items, "[", "]");
    }
    const std::string min = spec.is_choice() ? "null" : exact_number(spec.min);
    const std::string max = spec.is_choice() ? "null" : exact_number(spec.max);
    out << "  {\"name\": " << json_string(spec.name) << ", \"group\": " << json_string(spec.group)
        << ", \"key\": " << json_string(spec.qualified_name()) << ", \"unit\": "
        << json_string(spec.unit) << ", \"kind\": " << json_string(kind_name(spec.kind))
        << ", \"default\": " << all_values(defaults, spec) << ", \"value\": " << all_values(values, spec)
        << ", \"min\": " << min << ", \"max\": " << max << ", \"choices\": " << choices
        << ", \"timing\": " << json_string(is_live(spec) ? "live" : "structural") << ", \"doc\": "
        << json_string(spec.doc) << "}" << (n + 1 < table.size() ? "," : "") << "\n";
  }
  out << "]\n";
  return out.str();
}

// ---- toml -----------------------------------------------------------------

std::string toml_string(std::string_view text) {
  // Choice names are plain identifiers; quoting them is all TOML needs.
  std::string s = "\"";
  s += text;
  s += '"';
  return s;
}

std::string toml_one(const Parameters& values, const ParameterSpec& spec, int index) {
  const double v = get_value(values, spec, index);
  if (spec.is_choice()) return toml_string(spec.choices[std::size_t(v)]);
  if (std::isnan(v)) return toml_string("auto");
  return toml_number(v, spec.kind == ParameterKind::integer);
}

// Per-institution values collapse to one when all five agree, as a scenario
// author would write them; per-domain values are always listed.
std::string toml_value(const Parameters& values, const ParameterSpec& spec) {
  bool uniform = spec.kind != ParameterKind::real_by_domain;
  for (int i = 1; i < spec.width(); ++i)
    uniform = uniform && get_value(values, spec, i) == get_value(values, spec, 0);
  if (spec.width() == 1 || uniform) return toml_one(values, spec, 0);
  std::vector<std::string> items;
  for (int i = 0; i < spec.width(); ++i) items.push_back(toml_one(values, spec, i));
  return listed(items, "[", "]");
}

std::string format_toml(const Parameters& values) {
  std::ostringstream out;
  out << "# wijksim scenario with every parameter at its default.\n"
         "#\n"
         "# Generated from the parameter table (sim/core/parameters.def) by\n"
         "# `wijksim params --format toml`; do not edit by hand, run scripts/gen-docs.\n"
         "#\n"
         "# Every key may be omitted: a scenario needs only the keys it changes, and\n"
         "# anything left out takes the default shown here. Copy the lines you want to\n"
         "# change into your own file under the same [table] heading.\n"
         "#\n"
         "# Optional keys at the top, before any [table]:\n"
         "#   name = \"my_scenario\"     the scenario's name (default: the file's stem)\n"
         "#   description = \"...\"      what the scenario is for\n"
         "#   seed = 1                 the run's seed unless --seed is given (default 1)\n"
         "#\n"
         "# Parameters marked \"changes mid-run: yes\" may also change from a recorded\n"
         "# week on, in any number of [[changes]] entries after the tables:\n"
         "#   [[changes]]\n"
         "#   week = 157               the first week of recorded year 4\n"
         "#   bending.backing = 1.0\n"
         "# The others are read once, when the world is built.\n";
  for (const std::string_view group : groups_in_order()) {
    out << "\n# ---- " << group_title(group) << " "
        << std::string(std::max<std::size_t>(4, 70 - group_title(group).size()), '-') << "\n"
        << "[" << group << "]\n";
    for (const ParameterSpec* spec : specs_in(group)) {
      out << "\n";
      for (const std::string& line : wrap_words(doc_with_note(*spec), kTomlDocWidth - 2))
        out << "# " << line << "\n";
      if (spec->is_choice())
        out << "# choices: " << range_text(*spec, ", ") << "; ";
      else
        out << "# unit: " << spec->unit << ", range: " << range_text(*spec, ", ") << ", ";
      out << "changes mid-run: " << (is_live(*spec) ? "yes" : "no") << "\n"
          << spec->name << " = " << toml_value(values, *spec) << "\n";
    }
  }
  return out.str();
}

}  // namespace

std::string format_parameters(const Parameters& values, ParameterFormat format) {
  switch (format) {
    case ParameterFormat::table: return format_table(values);
    case ParameterFormat::markdown: return format_markdown(values);
    case ParameterFormat::json: return format_json(values);
    case ParameterFormat::toml: return format_toml(values);
  }
  throw std::logic_error("unknown parameter format");
}

}  // namespace wijksim
