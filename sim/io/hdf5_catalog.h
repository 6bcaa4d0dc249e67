#pragma once
// What a results file holds, found by looking rather than assumed: its
// variables in creation order, their shapes and dimension names, and which of
// them are metrics. Internal to io/; failures throw hdf5::Hdf5Error.
#include <hdf5.h>

#include <string>
#include <vector>

#include "io/hdf5_handles.h"

namespace wijksim::hdf5 {

std::vector<hsize_t> shape_of(hid_t dataset);

// The dimension names of a variable, from its attached dimension scales;
// "" for a dimension without one.
std::vector<std::string> dimensions_of(hid_t dataset);

// A metric is a float variable over (run, week, ...): that is what sets it
// apart from coordinates and per-run bookkeeping, whatever its name.
bool is_metric(hid_t dataset, const std::vector<std::string>& dims);

// The datasets directly in `group`, in creation order where it was tracked.
std::vector<std::string> dataset_names(hid_t group);

// The metric variables of a file, in file order.
std::vector<std::string> metric_names(hid_t file);

}  // namespace wijksim::hdf5
