#pragma once
// What a results file says about where it came from: the root attributes a
// reader checks first (format, version, scenario digest) and the provenance
// group holding the scenario text, command line, parameters and build.
#include <hdf5.h>

#include <string>
#include <string_view>

#include "core/parameters.h"
#include "io/hdf5_output.h"

namespace wijksim::hdf5 {

// The current time as ISO 8601 in UTC, to the second ("2024-05-01T09:30:00Z").
std::string utc_timestamp_now();

void write_root_attributes(hid_t file, const Provenance& provenance, std::string_view created);

void write_provenance_group(hid_t file, const Parameters& parameters, const Provenance& provenance,
                            std::string_view created);

}  // namespace wijksim::hdf5
