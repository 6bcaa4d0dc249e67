#pragma once
// A sweep's design turned into its list of runs (DESIGN.md §3 and §5). Pure:
// no files, no simulation. Reading sweep files lives in io/, running them in
// the sweep driver; both rely on the numbering fixed here, so that a run's
// index, cell and seed are the same on every machine, shard and MPI rank.
#include <cstdint>
#include <vector>

#include "engine/scenario.h"

namespace wijksim {

// One varied parameter. index -1 varies every institution (or domain)
// together; 0..4 varies one of them.
struct SweepAxis {
  const ParameterSpec* spec = nullptr;
  int index = -1;
  std::vector<double> values;  // grid: the values; lhs: {lo, hi}
};

// Axes varied together: the i-th values of all axes form one grid point.
struct ZipGroup {
  std::vector<SweepAxis> axes;  // all of the same length
};

enum class DesignKind { grid, lhs, sobol };

struct SweepDesign {
  DesignKind kind = DesignKind::grid;
  std::vector<SweepAxis> axes;
  std::vector<ZipGroup> zips;  // grid only
  int replicates = 1;
  std::uint64_t base_seed = 1;
  int samples = 0;  // lhs: the number of cells; sobol: the number of base samples N
};

struct SweepRun {
  int index = 0;      // position in the sweep, 0-based
  int cell = 0;       // the parameter point, 0-based
  int replicate = 0;  // 0-based
  std::uint64_t seed = 0;
  std::vector<ParameterAssignment> assignments;  // one per axis, in design order
  // sobol only: the base sample, and which matrix row the cell is: 0 for A,
  // 1 for B, 2 + j for A with column j taken from B (Saltelli 2010).
  int sample = -1;
  int matrix = -1;
};

// Every run of the design, ordered cell-major then replicate.
//
// grid: the cartesian product of the axes and then the zip groups, the first
// dimension varying slowest; lhs: `samples` cells, each axis's [lo, hi] cut
// into `samples` equal strata holding one point each, with the strata
// shuffled per axis by draws keyed by base_seed. Every run's seed is
// derive_run_seed(base_seed, replicate), the same in every cell (common
// random numbers). sobol: the Saltelli design for first-order and total
// Sobol indices: N points of a 2k-dimensional Sobol sequence (Boost.Random,
// first point skipped) give rows A (first k coordinates) and B (last k); each
// sample contributes the cells A, B and A with column j from B, for N (k + 2)
// cells in all. Throws InputError for a value out of range, an empty axis,
// zip axes of unequal length, replicates or samples below 1.
std::vector<SweepRun> expand(const SweepDesign& design);

// start, start + step, ... up to stop, which is included when it lies on the
// grid within 1e-9 * step. Throws InputError for step <= 0 or start > stop.
std::vector<double> range_values(double start, double stop, double step);

// `base` with the run's assignments applied, each range-checked and then the
// relations between parameters checked. Throws InputError naming the cell.
Scenario scenario_for(const Scenario& base, const SweepRun& run);

}  // namespace wijksim
