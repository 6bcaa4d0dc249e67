#include "io/scenario_keys.h"

#include <algorithm>

#include "core/domains.h"

namespace wijksim {

namespace {

// A suggestion further away than this reads as noise ("foo" -> "room"), so
// none is given. About a third of the name covers a dropped underscore, a
// doubled letter or a swapped pair; short names get one edit.
bool close_enough(std::string_view typed, std::string_view candidate) {
  return edit_distance(typed, candidate) <= std::max<std::size_t>(1, (typed.size() + 1) / 3);
}

}  // namespace

std::vector<std::string_view> parameter_group_names() {
  std::vector<std::string_view> groups;
  for (const ParameterSpec& spec : parameter_table())
    if (std::find(groups.begin(), groups.end(), spec.group) == groups.end())
      groups.push_back(spec.group);
  return groups;
}

bool is_parameter_group(std::string_view name) {
  const auto groups = parameter_group_names();
  return std::find(groups.begin(), groups.end(), name) != groups.end();
}

std::optional<std::string> nearest_name(std::string_view name,
                                        std::span<const std::string_view> candidates) {
  std::optional<std::string_view> best;
  std::size_t best_distance = 0;
  for (std::string_view candidate : candidates) {
    const std::size_t d = edit_distance(name, candidate);
    if (!best || d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  if (!best || !close_enough(name, *best)) return std::nullopt;
  return std::string(*best);
}

std::string join_names(std::span<const std::string_view> names) {
  std::string joined;
  for (std::string_view n : names) {
    if (!joined.empty()) joined += ", ";
    joined += n;
  }
  return joined;
}

std::string unknown_parameter_message(std::string_view group, std::string_view name) {
  const std::string typed =
      group.empty() ? std::string(name) : std::string(group) + "." + std::string(name);
  if (!group.empty()) {
    if (const ParameterSpec* elsewhere = find_parameter(name))
      return "'" + typed + "' is not in [" + std::string(group) + "]; it belongs in [" +
             std::string(elsewhere->group) + "] as '" + elsewhere->qualified_name() + "'";
  }
  // Compare bare names, so a parameter misspelt in the wrong table is still
  // found; the suggestion is then qualified to show where it lives.
  const std::vector<std::string> nearest = nearest_parameter_names(name, 1);
  if (!nearest.empty() && close_enough(name, nearest.front())) {
    const ParameterSpec* spec = find_parameter(nearest.front());
    const std::string suggestion = group.empty() ? std::string(spec->name) : spec->qualified_name();
    return "unknown key '" + typed + "'; did you mean '" + suggestion + "'?";
  }
  return "unknown key '" + typed + "'; `wijksim params` lists every parameter";
}

std::span<const std::string_view> selector_names(const ParameterSpec& spec) {
  switch (spec.kind) {
    case ParameterKind::real_by_institution:
    case ParameterKind::choice_by_institution:
      return kInstitutionNames;
    case ParameterKind::real_by_domain:
      return kDomainNames;
    default:
      return {};
  }
}

std::string_view selector_word(const ParameterSpec& spec) {
  return spec.kind == ParameterKind::real_by_domain ? "domain" : "institution";
}

std::optional<int> selector_index(const ParameterSpec& spec, std::string_view name) {
  const auto names = selector_names(spec);
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) return std::nullopt;
  return int(it - names.begin());
}

std::string unknown_selector_message(const ParameterSpec& spec, std::string_view name) {
  const auto names = selector_names(spec);
  if (names.empty())
    return spec.qualified_name() + " takes a single value; it has no institution or domain '" +
           std::string(name) + "'";
  std::string message = spec.qualified_name() + " has no " + std::string(selector_word(spec)) +
                        " '" + std::string(name) + "'";
  if (const auto nearest = nearest_name(name, names)) message += "; did you mean '" + *nearest + "'?";
  return message + " (" + std::string(selector_word(spec)) + "s: " + join_names(names) + ")";
}

}  // namespace wijksim
