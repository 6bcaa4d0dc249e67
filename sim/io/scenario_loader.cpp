#include "io/scenario_loader.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "core/errors.h"
#include "io/scenario_checks.h"
#include "io/scenario_keys.h"
#include "io/scenario_toml.h"
#include "io/scenario_values.h"
#include "io/text_file.h"

namespace wijksim {

namespace {

constexpr std::array<std::string_view, 4> kTopLevelKeys = {"name", "description", "seed", "changes"};

// Where a parameter was set, so that an error about a relation between
// parameters can point at the line that broke it.
struct SetSite {
  std::string key;  // qualified name
  std::string at;   // "x.toml:4:8: "
};

struct GroupValues {
  std::vector<ParameterAssignment> assignments;
  std::vector<SetSite> sites;
};

// One [[changes]] entry (or several of the same week, merged).
struct ParsedChange {
  int week = 0;
  std::string at;  // the entry's header, for errors about the change as a whole
  GroupValues values;
};

std::uint64_t read_seed(const TableEntry& entry, const ValueSource& source) {
  // Only a TOML integer: a float cannot hold every 64-bit seed exactly.
  const auto* integer = entry.node->as_integer();
  if (!integer)
    throw InputError(source.at(*entry.node) + "seed must be a whole number such as 1, not " +
                     std::string(type_phrase(*entry.node)));
  if (integer->get() < 0)
    throw InputError(source.at(*entry.node) + "seed = " + std::to_string(integer->get()) +
                     " must not be negative");
  return std::uint64_t(integer->get());
}

const toml::table& require_group_table(const TableEntry& entry, const ValueSource& source) {
  const auto* table = entry.node->as_table();
  if (!table)
    throw InputError(source.at(*entry.key) + "'" + std::string(entry.key->str()) +
                     "' must be a table of parameters ([" + std::string(entry.key->str()) +
                     "]), not " + std::string(type_phrase(*entry.node)));
  return *table;
}

std::string unknown_table_message(std::string_view name) {
  const auto groups = parameter_group_names();
  std::string message = "unknown table [" + std::string(name) + "]";
  if (const auto nearest = nearest_name(name, groups)) message += "; did you mean [" + *nearest + "]?";
  return message + " (parameter tables: " + join_names(groups) + ")";
}

// A key at the top level that is neither a known key nor a parameter table.
[[noreturn]] void unknown_top_level(const TableEntry& entry, const ValueSource& source) {
  const std::string_view name = entry.key->str();
  const std::string at = source.at(*entry.key);
  if (const ParameterSpec* spec = find_parameter(name))
    throw InputError(at + "unknown key '" + std::string(name) + "' at the top level; it belongs in [" +
                     std::string(spec->group) + "] as '" + spec->qualified_name() + "'");
  if (entry.node->is_table()) throw InputError(at + unknown_table_message(name));
  std::string message = "unknown key '" + std::string(name) + "'";
  if (const auto nearest = nearest_name(name, kTopLevelKeys)) message += "; did you mean '" + *nearest + "'?";
  else message += "; the top level takes name, description, seed, [[changes]] and the parameter tables";
  throw InputError(at + message);
}

// The parameters of one group table. In a change, only Live parameters may appear.
void read_group(const toml::table& table, std::string_view group, bool in_change,
                const ValueSource& source, GroupValues& out) {
  for (const TableEntry& entry : entries_in_file_order(table)) {
    const std::string_view name = entry.key->str();
    const ParameterSpec* spec = find_parameter(std::string(group) + "." + std::string(name));
    if (!spec) throw InputError(source.at(*entry.key) + unknown_parameter_message(group, name));
    if (in_change && spec->timing == Timing::Structural)
      throw InputError(source.at(*entry.key) + spec->qualified_name() +
                       " cannot change in [[changes]]: it is fixed when the world is built");
    for (const ParameterAssignment& a : read_parameter(*spec, *entry.node, source))
      out.assignments.push_back(a);
    out.sites.push_back({spec->qualified_name(), source.at(*entry.node)});
  }
}

int read_week(const toml::table& entry, int horizon, const ValueSource& source) {
  const toml::node* week = entry.get("week");
  const std::string range = "[1, " + std::to_string(horizon) + "]";
  if (!week)
    throw InputError(source.at(entry) + "a [[changes]] entry needs 'week = N', the recorded week " +
                     "from which it applies, in " + range + " (scale.horizon_weeks)");
  if (!is_number(*week))
    throw InputError(source.at(*week) + "[[changes]] week must be a whole number, not " +
                     std::string(type_phrase(*week)));
  const double value = number_value(*week);
  if (value != std::floor(value))
    throw InputError(source.at(*week) + "[[changes]] week = " + number_text(value) +
                     " must be a whole number");
  if (value < 1 || value > horizon)
    throw InputError(source.at(*week) + "[[changes]] week = " + number_text(value) +
                     " is outside the recorded weeks " + range + " (scale.horizon_weeks)");
  return int(value);
}

ParsedChange read_change(const toml::node& node, int horizon, const ValueSource& source) {
  const auto* table = node.as_table();
  if (!table)
    throw InputError(source.at(node) + "each [[changes]] entry must be a table with week = N and " +
                     "the parameters to change, not " + std::string(type_phrase(node)));
  ParsedChange change;
  change.week = read_week(*table, horizon, source);
  change.at = source.at(*table);
  for (const TableEntry& entry : entries_in_file_order(*table)) {
    const std::string_view name = entry.key->str();
    const std::string at = source.at(*entry.key);
    if (name == "week") continue;
    if (is_parameter_group(name)) {
      read_group(require_group_table(entry, source), name, true, source, change.values);
    } else if (std::find(kTopLevelKeys.begin(), kTopLevelKeys.end(), name) != kTopLevelKeys.end()) {
      throw InputError(at + "'" + std::string(name) + "' cannot appear in [[changes]]; " +
                       "a change holds week = N and parameters only");
    } else if (const ParameterSpec* spec = find_parameter(name)) {
      throw InputError(at + "unknown key '" + std::string(name) + "' in [[changes]]; write it as '" +
                       spec->qualified_name() + " = ...'");
    } else if (entry.node->is_table()) {
      throw InputError(at + unknown_table_message(name));
    } else {
      throw InputError(at + "unknown key '" + std::string(name) + "' in [[changes]]; " +
                       "a change holds week = N and parameters as group.name = value");
    }
  }
  // The classic slip: a plain [bending] header after [[changes]] opens a
  // top-level table, leaving the change empty and moving the value to the start.
  if (change.values.assignments.empty())
    throw InputError(change.at + "the [[changes]] entry for week " + std::to_string(change.week) +
                     " sets no parameter; write them under it as dotted keys (bending.backing = 1.0) " +
                     "or in a [changes.bending] table (a plain [bending] sets starting values)");
  return change;
}

// Sorted by week; entries of the same week merged in file order, so the later
// one wins where both set the same value.
std::vector<ParsedChange> sort_and_merge(std::vector<ParsedChange> parsed) {
  std::stable_sort(parsed.begin(), parsed.end(),
                   [](const ParsedChange& a, const ParsedChange& b) { return a.week < b.week; });
  std::vector<ParsedChange> merged;
  for (ParsedChange& change : parsed) {
    if (!merged.empty() && merged.back().week == change.week) {
      auto& into = merged.back().values;
      into.assignments.insert(into.assignments.end(), change.values.assignments.begin(),
                              change.values.assignments.end());
      into.sites.insert(into.sites.end(), change.values.sites.begin(), change.values.sites.end());
    } else {
      merged.push_back(std::move(change));
    }
  }
  return merged;
}

// The location of the last place that set a key the message names, else `fallback`.
std::string locate(const std::string& message, const std::vector<SetSite>& sites,
                   const std::string& fallback) {
  for (auto it = sites.rbegin(); it != sites.rend(); ++it)
    if (mentions_key(message, it->key)) return it->at;
  return fallback;
}

}  // namespace

Scenario parse_scenario(std::string_view text, std::string_view source_name) {
  const ValueSource source{std::string(source_name), true};
  const toml::table doc = parse_toml(text, source);

  Scenario scenario;
  scenario.name = std::filesystem::path(source_name).stem().string();
  scenario.source_path = std::string(source_name);
  scenario.source_text = std::string(text);

  GroupValues start;
  const toml::array* changes = nullptr;
  for (const TableEntry& entry : entries_in_file_order(doc)) {
    const std::string_view key = entry.key->str();
    if (key == "name") {
      if (const std::string& name = require_string(entry, source); !name.empty()) scenario.name = name;
    } else if (key == "description") {
      scenario.description = require_string(entry, source);
    } else if (key == "seed") {
      scenario.seed = read_seed(entry, source);
    } else if (key == "changes") {
      changes = entry.node->as_array();
      if (!changes)
        throw InputError(source.at(*entry.key) + "changes must be a list of [[changes]] entries " +
                         "(note the double brackets), not " + std::string(type_phrase(*entry.node)));
    } else if (is_parameter_group(key)) {
      read_group(require_group_table(entry, source), key, false, source, start);
    } else {
      unknown_top_level(entry, source);
    }
  }
  for (const ParameterAssignment& a : start.assignments) apply(scenario.parameters, a);

  std::vector<ParsedChange> parsed;
  if (changes) {
    // horizon_weeks is Structural, so the starting value bounds every change.
    for (const toml::node& node : *changes)
      parsed.push_back(read_change(node, scenario.parameters.horizon_weeks, source));
  }
  std::vector<ParsedChange> merged = sort_and_merge(std::move(parsed));
  for (const ParsedChange& change : merged)
    scenario.changes.push_back({change.week, change.values.assignments});

  if (const auto problem = find_scenario_problem(scenario)) {
    const std::string at =
        problem->change < 0
            ? locate(problem->message, start.sites, source.at())
            : locate(problem->message, merged[std::size_t(problem->change)].values.sites,
                     merged[std::size_t(problem->change)].at);
    throw InputError(at + problem->message);
  }
  return scenario;
}

Scenario load_scenario(const std::filesystem::path& path) {
  return parse_scenario(read_text_file(path), path.string());
}

}  // namespace wijksim
