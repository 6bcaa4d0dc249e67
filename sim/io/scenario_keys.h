#pragma once
// The names a scenario may use -- parameter tables, institutions, domains,
// choices -- and the suggestions an error gives when a name is misspelt or in
// the wrong table. Shared by scenario files and --set, so both say the same.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/parameters.h"

namespace wijksim {

// The TOML tables that hold parameters ("scale", "problems", ...), in the
// order of parameters.def.
std::vector<std::string_view> parameter_group_names();
bool is_parameter_group(std::string_view name);

// The candidate closest to `name` by edit distance, if it is close enough to
// be a plausible misspelling.
std::optional<std::string> nearest_name(std::string_view name,
                                        std::span<const std::string_view> candidates);

// "a, b, c".
std::string join_names(std::span<const std::string_view> names);

// What to say about `group.name` that is not a parameter: that it lives in
// another table, the nearest parameter it may mean, or where to look.
// Without a group, `name` stands alone (a --set key).
std::string unknown_parameter_message(std::string_view group, std::string_view name);

// Selectors of a 5-wide parameter: institution names, or domain names for
// real_by_domain. Empty for single-valued parameters.
std::span<const std::string_view> selector_names(const ParameterSpec& spec);
// "institution" or "domain".
std::string_view selector_word(const ParameterSpec& spec);
// The index `name` selects, if it is one of the parameter's selectors.
std::optional<int> selector_index(const ParameterSpec& spec, std::string_view name);
// What to say about a selector that the parameter does not have.
std::string unknown_selector_message(const ParameterSpec& spec, std::string_view name);

}  // namespace wijksim
