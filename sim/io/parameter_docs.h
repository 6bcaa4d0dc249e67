#pragma once
// Every parameter documented from the one table (core/parameters.def): for a
// terminal, for docs/ODD.md, for programs, and as a commented scenario file.
// scripts/gen-docs writes the last two into the repository and a test checks
// that the committed copies have not drifted.
#include <string>

#include "core/parameters.h"

namespace wijksim {

enum class ParameterFormat {
  table,     // aligned plain text, grouped, docs wrapped beneath each row
  markdown,  // one section per group, one table row per parameter
  json,      // an array of objects, one per parameter
  toml,      // a scenario file setting every parameter, with its doc as comments
};

// The parameters with the values in `values` shown as their defaults.
std::string format_parameters(const Parameters& values, ParameterFormat format);

}  // namespace wijksim
