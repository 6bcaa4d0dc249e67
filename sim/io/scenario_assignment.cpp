#include "io/scenario_assignment.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include <toml++/toml.h>

#include "core/errors.h"
#include "io/scenario_checks.h"
#include "io/scenario_keys.h"
#include "io/scenario_toml.h"
#include "io/scenario_values.h"

namespace wijksim {

namespace {

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_dots(std::string_view key) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t dot = key.find('.', start);
    parts.push_back(key.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) return parts;
    start = dot + 1;
  }
}

struct ResolvedKey {
  const ParameterSpec* spec = nullptr;
  std::optional<int> index;  // set when the key selects one institution or domain
};

int resolve_selector(const ParameterSpec& spec, std::string_view name, const ValueSource& source) {
  const auto index = selector_index(spec, name);
  if (!index) throw InputError(source.at() + unknown_selector_message(spec, name));
  return *index;
}

// name | group.name | name.selector | group.name.selector
ResolvedKey resolve_key(std::string_view key, const ValueSource& source) {
  const std::vector<std::string_view> parts = split_dots(key);
  const bool has_empty_part =
      std::any_of(parts.begin(), parts.end(), [](std::string_view p) { return p.empty(); });
  if (has_empty_part || parts.size() > 3)
    throw InputError(source.at() + "'" + std::string(key) + "' is not a parameter key; write name, " +
                     "group.name, name.institution or group.name.institution (e.g. bending.room.police)");
  if (parts.size() == 1) {
    if (is_parameter_group(parts[0]))
      throw InputError(source.at() + "'" + std::string(parts[0]) + "' is a table, not a parameter; " +
                       "write " + std::string(parts[0]) + ".name=value (`wijksim params` lists them)");
    const ParameterSpec* spec = find_parameter(parts[0]);
    if (!spec) throw InputError(source.at() + unknown_parameter_message("", parts[0]));
    return {spec, std::nullopt};
  }
  if (is_parameter_group(parts[0])) {
    const ParameterSpec* spec = find_parameter(std::string(parts[0]) + "." + std::string(parts[1]));
    if (!spec) throw InputError(source.at() + unknown_parameter_message(parts[0], parts[1]));
    if (parts.size() == 2) return {spec, std::nullopt};
    return {spec, resolve_selector(*spec, parts[2], source)};
  }
  if (parts.size() == 2) {
    if (const ParameterSpec* spec = find_parameter(parts[0]))
      return {spec, resolve_selector(*spec, parts[1], source)};
  }
  // The first part is neither a table nor a parameter: most likely a
  // misspelt table in front of a real parameter, else a misspelt parameter.
  if (const ParameterSpec* spec = find_parameter(parts[1]))
    throw InputError(source.at() + "unknown key '" + std::string(key) + "'; did you mean '" +
                     spec->qualified_name() + "'?");
  throw InputError(source.at() + unknown_parameter_message("", parts[0]));
}

// The value as a TOML node. A value that is not TOML is taken as a bare
// string, so choices and "auto" need no shell-proof quoting; arrays and
// tables must be valid TOML.
toml::table parse_value(std::string_view value, const ValueSource& source) {
  toml::table doc;
  try {
    doc = toml::parse("v = " + std::string(value));
  } catch (const toml::parse_error& e) {
    const char first = value.front();
    if (first == '[' || first == '{' || first == '"' || first == '\'') {
      const bool has_words = std::any_of(value.begin(), value.end(), [](char c) {
        return std::isalpha(static_cast<unsigned char>(c)) != 0;
      });
      throw InputError(source.at() + "cannot read the value '" + std::string(value) +
                       "': " + std::string(e.description()) +
                       (has_words ? " (strings inside [..] and {..} need quotes: [\"city\", ...])" : ""));
    }
    doc.insert("v", std::string(value));
  }
  if (doc.size() != 1)
    throw InputError(source.at() + "the value must be a single value, array or inline table");
  return doc;
}

// The setting as errors quote it, on one line whatever it holds.
std::string one_line(std::string_view text) {
  std::string line;
  for (char c : text) {
    if (c == '\n') line += "\\n";
    else if (c == '\r') line += "\\r";
    else if (c == '\t') line += "\\t";
    else line += c;
  }
  return line;
}

}  // namespace

std::vector<ParameterAssignment> parse_assignment(std::string_view key_equals_value) {
  const ValueSource source{"--set " + one_line(trim(key_equals_value)), false};
  const std::size_t equals = key_equals_value.find('=');
  if (equals == std::string_view::npos)
    throw InputError(source.at() + "expected key=value, e.g. bending.room=0.5");
  const std::string_view key = trim(key_equals_value.substr(0, equals));
  const std::string_view value = trim(key_equals_value.substr(equals + 1));
  if (key.empty()) throw InputError(source.at() + "the key before '=' is missing");
  const ResolvedKey resolved = resolve_key(key, source);
  if (value.empty())
    throw InputError(source.at() + resolved.spec->qualified_name() + " has no value after '='");

  const toml::table doc = parse_value(value, source);
  const toml::node& node = *doc.get("v");
  if (!resolved.index) return read_parameter(*resolved.spec, node, source);
  const std::string label = resolved.spec->qualified_name() + "." +
                            std::string(selector_names(*resolved.spec)[std::size_t(*resolved.index)]);
  return {{resolved.spec, *resolved.index, read_single_value(*resolved.spec, node, label, source)}};
}

void apply_settings(Scenario& scenario, std::span<const std::string> settings) {
  std::vector<std::pair<std::string, std::string>> applied;  // (setting, qualified key)
  for (const std::string& setting : settings) {
    for (const ParameterAssignment& a : parse_assignment(setting)) {
      apply(scenario.parameters, a);
      applied.emplace_back(setting, a.spec->qualified_name());
    }
  }
  const auto problem = find_scenario_problem(scenario);
  if (!problem) return;
  // Name the settings the problem is about, or all of them when it names none.
  std::vector<std::string> culprits;
  for (const auto& [setting, key] : applied)
    if (mentions_key(problem->message, key) &&
        std::find(culprits.begin(), culprits.end(), setting) == culprits.end())
      culprits.push_back(setting);
  if (culprits.empty()) culprits.assign(settings.begin(), settings.end());
  std::string flags;
  for (const std::string& setting : culprits)
    flags += (flags.empty() ? "--set " : " --set ") + one_line(trim(setting));
  const std::string where = scenario.source_path.empty() ? scenario.name : scenario.source_path;
  throw InputError(where + " with " + flags + ": " + problem->message);
}

}  // namespace wijksim
