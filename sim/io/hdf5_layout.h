#pragma once
// The fixed part of a results file: dimensions with their coordinate
// variables, one float32 variable per metric, and the per-run bookkeeping
// variables, all created empty (fill values) when the file is created.
#include <hdf5.h>

#include <vector>

#include "io/hdf5_handles.h"
#include "io/hdf5_output.h"

namespace wijksim::hdf5 {

// The variables write_run fills, kept open for the life of the file.
struct RunVariables {
  std::vector<Dataset> metrics;  // in OutputLayout::metrics order
  Dataset seed;
  Dataset status;
  Dataset wall_seconds;
  Dataset error_message;
};

// Throws std::invalid_argument for a layout no file can hold: a dimension
// below 1, or a metric name that is empty, repeated, reserved or not a valid
// netCDF name.
void check_layout(const OutputLayout& layout);

RunVariables create_layout(hid_t file, const OutputLayout& layout);

}  // namespace wijksim::hdf5
