#pragma once
// One run's row of a results file, written and read back: every metric's
// values, its seed, status, wall time and error message. Shared by the
// one-shot writer (Hdf5Output), sweep files written in place (SweepFile) and
// merging shards. Internal to io/.
#include <hdf5.h>

#include <string>
#include <string_view>
#include <vector>

#include "engine/run_result.h"
#include "io/hdf5_layout.h"

namespace wijksim::hdf5 {

// Throws std::invalid_argument unless `result` has no values (a failed run)
// or `extents.size()` metrics of weeks x extent values each.
void check_run_shape(const RunResult& result, int weeks, const std::vector<int>& extents);

// Writes the row, then flushes, then sets the status and flushes again: a
// process killed at any point leaves the run either pending or whole.
void write_run_row(hid_t file, const RunVariables& variables, int run, const RunResult& result);

// The row as written (values empty for a run never written or failed).
RunResult read_run_row(const RunVariables& variables, int run, int weeks, int neighbourhoods);

// Run `run`'s error message, from variable-length text (compact files) or a
// row of netCDF chars (files written in place).
std::string read_run_message(const Dataset& variable, hsize_t run);

// Every run's status.
std::vector<RunStatus> read_statuses(const RunVariables& variables);

// Opens the variables a row is made of: the metrics by name, in this order,
// and the bookkeeping variables. Hdf5Error naming the first one missing.
RunVariables open_run_variables(hid_t file, const std::vector<std::string_view>& metric_names);

// Closes every variable; the first failure, or 0.
herr_t close_run_variables(RunVariables& variables);

}  // namespace wijksim::hdf5
