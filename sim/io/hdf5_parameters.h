#pragma once
// The resolved parameters of a results file, in two forms: one attribute per
// parameter on the `parameters` group, typed so that analysis code can use
// them directly, and a JSON document with everything the parameter table
// knows (unit, range, default, doc) for readers who want the full context.
#include <hdf5.h>

#include <string>

#include "core/parameters.h"

namespace wijksim::hdf5 {

// One attribute per parameter, in parameter_table() order: float64 for a
// real, int32 for an integer, float64[5] per institution or domain, the
// choice's name for a choice (a list of five names per institution), and the
// text "auto" for a derived parameter left unset.
void write_parameter_attributes(hid_t group, const Parameters& parameters);

// A JSON array with one object per parameter: name, group, key, unit, kind,
// timing, min, max, choices, default, value, doc.
std::string parameters_json(const Parameters& parameters);

}  // namespace wijksim::hdf5
