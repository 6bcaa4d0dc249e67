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

enum class DesignKind { grid, lhs };

struct SweepDesign {
  DesignKind kind = DesignKind::grid;
  std::vector<SweepAxis> axes;
  std::vector<ZipGroup> zips;  // grid only
  int replicates = 1;
  std::uint64_t base_seed = 1;
  int samples = 0;  // lhs only: the number of cells
};

struct SweepRun {
  int index = 0;      // position in the sweep, 0-based
  int cell = 0;       // the parameter point, 0-based
  int replicate = 0;  // 0-based
  std::uint64_t seed = 0;
  std::vector<ParameterAssignment> assignments;  // one per axis, in design order
};

// Every run of the design, ordered cell-major then replicate.
//
// grid: the cartesian product of the axes and then the zip groups, the first
// dimension varying slowest; lhs: `samples` cells, each axis's [lo, hi] cut
// into `samples` equal strata holding one point each, with the strata
// shuffled per axis by draws keyed by base_seed. Every run's seed is
// derive_run_seed(base_seed, replicate), the same in every cell (common
// random numbers). Throws InputError for a value out of range, an empty axis,
// zip axes of unequal length, replicates or samples below 1.
std::vector<SweepRun> expand(const SweepDesign& design);

// start, start + step, ... up to stop, which is included when it lies on the
// grid within 1e-9 * step. Throws InputError for step <= 0 or start > stop.
std::vector<double> range_values(double start, double stop, double step);

// `base` with the run's assignments applied, each range-checked and then the
// relations between parameters checked. Throws InputError naming the cell.
Scenario scenario_for(const Scenario& base, const SweepRun& run);

}  // namespace wijksim
