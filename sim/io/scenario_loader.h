#pragma once
// Scenario files: TOML into a Scenario, with every value checked and every
// error one line naming the file, line:column, the key and what was expected.
//
// Format (scenarios/defaults.toml lists every key; policy_from_year_3.toml has a change):
//   name = "..."            optional; defaults to the file stem
//   description = "..."     optional
//   seed = 1                optional; the default run seed (integer >= 0)
//   [bending]               one table per parameter group of parameters.def;
//   room = 0.5              keys are bare parameter names; left-out keys keep
//                           their defaults
//   [[changes]]             optional, any number: Live parameters that change
//   week = 157              before recorded week N (1..scale.horizon_weeks)
//   bending.backing = 1.0   is simulated, and stay changed
// Values: numbers; whole numbers for integer parameters (20 or 20.0); choice
// names as strings; "auto" for bp_emergence. Per-institution parameters take
// a number (all five), an array of 5 or a table by institution name; per-domain
// parameters an array of 5 or a table by domain name.
#include <filesystem>
#include <string_view>

#include "engine/scenario.h"

namespace wijksim {

// Reads and checks a scenario file. IoError if it cannot be read, InputError
// for anything wrong inside it.
Scenario load_scenario(const std::filesystem::path& path);

// The same from text; `source_name` names it in errors and provenance, and its
// stem is the scenario's name unless the text gives one.
Scenario parse_scenario(std::string_view text, std::string_view source_name);

}  // namespace wijksim
