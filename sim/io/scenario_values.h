#pragma once
// Reading one parameter's value from a TOML node. A value may be a number, a
// whole number (20 or 20.0), "auto" (bp_emergence), a choice name, or for
// per-institution and per-domain parameters an array of 5 or a table keyed by
// institution or domain name. Errors point at the offending node and name the
// key, the value and what was expected.
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "engine/scenario.h"
#include "io/scenario_toml.h"

namespace wijksim {

// The assignments `node` makes to `spec`: one for a single value (index -1
// for a per-institution scalar, which sets all five), five for an array, one
// per entry of a table by institution or domain.
std::vector<ParameterAssignment> read_parameter(const ParameterSpec& spec, const toml::node& node,
                                                const ValueSource& source);

// One value for one slot. `label` names the slot in errors
// ("bending.room.police"). Choices come back as their enum index, "auto" as NaN.
double read_single_value(const ParameterSpec& spec, const toml::node& node, std::string_view label,
                         const ValueSource& source);

}  // namespace wijksim
