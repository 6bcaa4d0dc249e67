#include "io/scenario_values.h"

#include <cmath>
#include <limits>
#include <string>

#include "core/domains.h"
#include "core/errors.h"
#include "io/scenario_keys.h"

namespace wijksim {

namespace {

std::string quoted_choices(const ParameterSpec& spec) {
  std::string list;
  for (std::string_view c : spec.choices) list += (list.empty() ? "\"" : ", \"") + std::string(c) + "\"";
  return list;
}

// What one slot takes.
std::string single_expectation(const ParameterSpec& spec) {
  if (spec.is_choice()) return "one of " + quoted_choices(spec);
  switch (spec.kind) {
    case ParameterKind::real_auto: return "a number or \"auto\"";
    case ParameterKind::integer: return "a whole number";
    default: return "a number";
  }
}

// What the whole parameter takes, spelling out the array and table forms.
std::string whole_expectation(const ParameterSpec& spec) {
  switch (spec.kind) {
    case ParameterKind::real_by_institution:
      return "a number (or an array of 5 numbers, or a table by institution)";
    case ParameterKind::real_by_domain:
      return "an array of 5 numbers (" + join_names(kDomainNames) + ") or a table by domain";
    case ParameterKind::choice_by_institution:
      return single_expectation(spec) + " (or an array of 5 of them, or a table by institution)";
    default:
      return single_expectation(spec);
  }
}

[[noreturn]] void wrong_type(std::string_view label, const std::string& expected,
                             const toml::node& node, const ValueSource& source) {
  throw InputError(source.at(node) + std::string(label) + " must be " + expected + ", not " +
                   std::string(type_phrase(node)));
}

// Whether a node has a type one slot can take; the value itself is checked later.
bool fits_a_slot(const ParameterSpec& spec, const toml::node& node) {
  if (spec.is_choice()) return node.is_string();
  if (spec.kind == ParameterKind::real_auto) return is_number(node) || node.is_string();
  return is_number(node);
}

double read_choice(const ParameterSpec& spec, const toml::node& node, std::string_view label,
                   const ValueSource& source) {
  const auto* text = node.as_string();
  if (!text) wrong_type(label, single_expectation(spec), node, source);
  const std::string& name = text->get();
  for (std::size_t i = 0; i < spec.choices.size(); ++i)
    if (spec.choices[i] == name) return double(i);
  std::string message = source.at(node) + std::string(label) + " = \"" + name +
                        "\" is not a choice; it must be one of " + quoted_choices(spec);
  if (const auto nearest = nearest_name(name, spec.choices))
    message += "; did you mean \"" + *nearest + "\"?";
  throw InputError(message);
}

std::vector<ParameterAssignment> read_array(const ParameterSpec& spec, const toml::array& array,
                                            const ValueSource& source) {
  const auto names = selector_names(spec);
  const std::string key = spec.qualified_name();
  if (array.size() != names.size())
    throw InputError(source.at(array) + key + " has " + std::to_string(array.size()) +
                     " values; it takes " + std::to_string(names.size()) + ", one per " +
                     std::string(selector_word(spec)) + " (" + join_names(names) + ")");
  std::vector<ParameterAssignment> assignments;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const double v = read_single_value(spec, array[i], key + "." + std::string(names[i]), source);
    assignments.push_back({&spec, int(i), v});
  }
  return assignments;
}

std::vector<ParameterAssignment> read_table(const ParameterSpec& spec, const toml::table& table,
                                            const ValueSource& source) {
  std::vector<ParameterAssignment> assignments;
  for (const TableEntry& entry : entries_in_file_order(table)) {
    const std::string_view name = entry.key->str();
    const auto index = selector_index(spec, name);
    if (!index) throw InputError(source.at(*entry.key) + unknown_selector_message(spec, name));
    const double v =
        read_single_value(spec, *entry.node, spec.qualified_name() + "." + std::string(name), source);
    assignments.push_back({&spec, *index, v});
  }
  return assignments;
}

}  // namespace

double read_single_value(const ParameterSpec& spec, const toml::node& node, std::string_view label,
                         const ValueSource& source) {
  if (spec.is_choice()) return read_choice(spec, node, label, source);
  if (spec.kind == ParameterKind::real_auto && node.is_string()) {
    const std::string& text = node.as_string()->get();
    if (text == "auto") return std::numeric_limits<double>::quiet_NaN();
    throw InputError(source.at(node) + std::string(label) + " = \"" + text +
                     "\" is neither a number nor \"auto\"");
  }
  if (!is_number(node)) wrong_type(label, single_expectation(spec), node, source);
  const double value = number_value(node);
  // NaN would read as "auto" downstream, and no parameter means anything infinite.
  if (!std::isfinite(value))
    throw InputError(source.at(node) + std::string(label) + " = " + number_text(value) +
                     " is not a finite number");
  if (auto problem = check_value(spec, value)) {
    // check_value names the parameter; name the slot instead when it is one of five.
    const std::string key = spec.qualified_name();
    if (problem->rfind(key, 0) == 0) problem->replace(0, key.size(), label);
    throw InputError(source.at(node) + *problem);
  }
  return value;
}

std::vector<ParameterAssignment> read_parameter(const ParameterSpec& spec, const toml::node& node,
                                                const ValueSource& source) {
  const std::string key = spec.qualified_name();
  if (spec.width() > 1) {
    if (const auto* array = node.as_array()) return read_array(spec, *array, source);
    if (const auto* table = node.as_table()) return read_table(spec, *table, source);
  }
  // A per-domain profile has no meaningful common value, so a lone number is
  // more likely a slip than an intent; it must be spelt out.
  if (spec.kind == ParameterKind::real_by_domain || !fits_a_slot(spec, node))
    wrong_type(key, whole_expectation(spec), node, source);
  const double v = read_single_value(spec, node, key, source);
  return {{&spec, spec.width() > 1 ? -1 : 0, v}};
}

}  // namespace wijksim
