#include "engine/sweep_design.h"

#include <algorithm>
#include <boost/random/sobol.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <sstream>
#include <string>
#include <utility>

#include "core/errors.h"
#include "core/rng.h"

namespace wijksim {
namespace {

// Run indices are ints everywhere downstream (HDF5 datasets, MPI messages).
constexpr double kMaxRuns = double(std::numeric_limits<int>::max());
// A range that would give more values than this is a typo, not a design.
constexpr double kMaxRangeValues = 1e6;

std::string number(double v) {
  std::ostringstream out;
  out.precision(12);
  out << v;
  return out.str();
}

// The key as a user wrote it: "bending.room" or "bending.room[2]".
std::string axis_name(const SweepAxis& axis) {
  std::string name = axis.spec->qualified_name();
  if (axis.index >= 0 && axis.spec->width() > 1) name += "[" + std::to_string(axis.index) + "]";
  return name;
}

void check_axis_target(const SweepAxis& axis) {
  if (axis.spec == nullptr) throw InputError("sweep: an axis names no parameter");
  const int width = axis.spec->width();
  if (axis.index < -1 || axis.index >= width)
    throw InputError("sweep: " + axis.spec->qualified_name() + " has no index " +
                     std::to_string(axis.index) + " (allowed: 0 to " + std::to_string(width - 1) + ")");
}

void check_axis_values(const SweepAxis& axis) {
  if (axis.values.empty()) throw InputError("sweep: " + axis_name(axis) + " has an empty list of values");
  for (double v : axis.values)
    if (auto problem = check_value(*axis.spec, v)) throw InputError("sweep: " + *problem);
}

void check_replicates(const SweepDesign& design) {
  if (design.replicates < 1)
    throw InputError("sweep: replicates = " + std::to_string(design.replicates) + " must be at least 1");
}

void check_run_count(double cells, int replicates) {
  if (cells * double(replicates) > kMaxRuns)
    throw InputError("sweep: the design has " + number(cells * double(replicates)) +
                     " runs, more than the " + number(kMaxRuns) + " one sweep can hold");
}

bool is_whole_numbered(const ParameterSpec& spec) {
  return spec.kind == ParameterKind::integer || spec.is_choice();
}

// Each cell's replicates, all sharing the cell's assignments.
void add_cell(std::vector<SweepRun>& runs, const SweepDesign& design, int cell,
              const std::vector<ParameterAssignment>& assignments) {
  for (int r = 0; r < design.replicates; ++r)
    runs.push_back(SweepRun{int(runs.size()), cell, r, derive_run_seed(design.base_seed, std::uint64_t(r)),
                            assignments});
}

std::vector<SweepRun> expand_grid(const SweepDesign& design) {
  // A dimension is one free axis or one zip group; positions advance together within it.
  struct Dimension {
    std::vector<const SweepAxis*> axes;
    std::size_t size = 0;
  };
  std::vector<Dimension> dimensions;
  for (const SweepAxis& axis : design.axes) {
    check_axis_target(axis);
    check_axis_values(axis);
    dimensions.push_back({{&axis}, axis.values.size()});
  }
  for (std::size_t g = 0; g < design.zips.size(); ++g) {
    const ZipGroup& zip = design.zips[g];
    if (zip.axes.empty()) throw InputError("sweep: zip group " + std::to_string(g + 1) + " has no parameters");
    Dimension dimension;
    for (const SweepAxis& axis : zip.axes) {
      check_axis_target(axis);
      check_axis_values(axis);
      if (!dimension.axes.empty() && axis.values.size() != dimension.size)
        throw InputError("sweep: zip group " + std::to_string(g + 1) + " has parameters of unequal length (" +
                         axis_name(*dimension.axes.front()) + " has " + std::to_string(dimension.size) +
                         " values, " + axis_name(axis) + " has " + std::to_string(axis.values.size()) + ")");
      dimension.axes.push_back(&axis);
      dimension.size = axis.values.size();
    }
    dimensions.push_back(std::move(dimension));
  }
  check_replicates(design);

  double cells = 1.0;
  for (const Dimension& d : dimensions) cells *= double(d.size);
  check_run_count(cells, design.replicates);

  std::vector<SweepRun> runs;
  runs.reserve(std::size_t(cells) * std::size_t(design.replicates));
  std::vector<std::size_t> position(dimensions.size(), 0);
  for (int cell = 0; cell < int(cells); ++cell) {
    // Mixed-radix digits of the cell number, the first dimension most significant.
    std::size_t rest = std::size_t(cell);
    for (std::size_t d = dimensions.size(); d-- > 0;) {
      position[d] = rest % dimensions[d].size;
      rest /= dimensions[d].size;
    }
    std::vector<ParameterAssignment> assignments;
    for (std::size_t d = 0; d < dimensions.size(); ++d)
      for (const SweepAxis* axis : dimensions[d].axes)
        assignments.push_back({axis->spec, axis->index, axis->values[position[d]]});
    add_cell(runs, design, cell, assignments);
  }
  return runs;
}

// Designs that sample within bounds (lhs, sobol): each axis is {lo, hi}.
void check_bounded_axes(const SweepDesign& design, const std::string& kind) {
  if (!design.zips.empty()) throw InputError("sweep: zip groups apply to grid designs only, not " + kind);
  if (design.samples < 1)
    throw InputError("sweep: samples = " + std::to_string(design.samples) + " must be at least 1");
  for (const SweepAxis& axis : design.axes) {
    check_axis_target(axis);
    if (axis.values.size() != 2)
      throw InputError("sweep: " + kind + " needs a range [lo, hi] for " + axis_name(axis) + ", got " +
                       std::to_string(axis.values.size()) + " values");
    const double lo = axis.values[0];
    const double hi = axis.values[1];
    if (!std::isfinite(lo) || !std::isfinite(hi))
      throw InputError("sweep: the " + kind + " range of " + axis_name(axis) + " must be finite");
    if (lo > hi)
      throw InputError("sweep: the " + kind + " range of " + axis_name(axis) + " = [" + number(lo) + ", " +
                       number(hi) + "] has lo above hi");
    check_axis_values(axis);
  }
  check_replicates(design);
}

// A point u in [0, 1) of an axis's range; whole-numbered parameters are
// rounded, which keeps them within [lo, hi] because lo and hi are whole.
double scaled(const SweepAxis& axis, double u) {
  const double lo = axis.values[0];
  const double hi = axis.values[1];
  const double v = std::min(hi, lo + (hi - lo) * u);
  return is_whole_numbered(*axis.spec) ? std::round(v) : v;
}

std::vector<SweepRun> expand_lhs(const SweepDesign& design) {
  check_bounded_axes(design, "lhs");
  check_run_count(double(design.samples), design.replicates);

  const std::size_t n = std::size_t(design.samples);
  // values[a][s]: axis a's value in cell s.
  std::vector<std::vector<double>> values(design.axes.size(), std::vector<double>(n));
  for (std::size_t a = 0; a < design.axes.size(); ++a) {
    const SweepAxis& axis = design.axes[a];
    // Keyed by the base seed alone, so the design (not only the runs) is
    // reproducible from the sweep file; one entity id per axis keeps the axes'
    // permutations independent and unchanged when an axis is appended.
    const Draws draws(design.base_seed, 0, EntityClass::world, Stream::sweep_design, std::uint32_t(a));
    std::vector<std::size_t> stratum(n);
    std::iota(stratum.begin(), stratum.end(), std::size_t(0));
    auto shuffle = draws.engine(0);
    for (std::size_t i = n; i-- > 1;) {
      const auto j = boost::random::uniform_int_distribution<std::size_t>(0, i)(shuffle);
      std::swap(stratum[i], stratum[j]);
    }
    auto jitter = draws.engine(1);
    for (std::size_t s = 0; s < n; ++s) {
      const std::uint32_t w0 = jitter();
      const std::uint32_t w1 = jitter();
      values[a][s] = scaled(axis, (double(stratum[s]) + u01_from_words(w0, w1)) / double(n));
    }
  }

  std::vector<SweepRun> runs;
  runs.reserve(n * std::size_t(design.replicates));
  for (std::size_t s = 0; s < n; ++s) {
    std::vector<ParameterAssignment> assignments;
    for (std::size_t a = 0; a < design.axes.size(); ++a)
      assignments.push_back({design.axes[a].spec, design.axes[a].index, values[a][s]});
    add_cell(runs, design, int(s), assignments);
  }
  return runs;
}

std::vector<SweepRun> expand_saltelli(const SweepDesign& design) {
  check_bounded_axes(design, "sobol");
  const std::size_t k = design.axes.size();
  if (k == 0) throw InputError("sweep: a sobol design needs at least one parameter to vary");
  // Boost's direction-number table covers 3,667 dimensions: 2k of them here.
  if (2 * k > 3667) throw InputError("sweep: a sobol design can vary at most 1833 parameters");
  const std::size_t n = std::size_t(design.samples);
  check_run_count(double(n) * double(k + 2), design.replicates);

  boost::random::sobol sequence(2 * k);
  sequence.discard(2 * k);  // the first point is all zeros, where A and B coincide
  // A random digital shift (each coordinate XORed with 64 bits keyed by the
  // base seed) keeps the points a low-discrepancy net. Unshifted, coordinate
  // j (of A) and j + k (of B) of Sobol's early points are often equal: in a
  // 9-parameter design of 64 samples, 34 samples had A and B sharing some
  // value, so that AB_j was A itself and the indices of that parameter came
  // out low. Shifted, the two coincide only with probability 2^-64.
  std::vector<std::uint64_t> shift(2 * k);
  for (std::size_t d = 0; d < 2 * k; ++d) {
    auto words = Draws(design.base_seed, 1, EntityClass::world, Stream::sweep_design, std::uint32_t(d)).engine(0);
    const std::uint64_t high = words();
    shift[d] = (high << 32) | words();
  }
  const auto next_point = [&](std::size_t d) { return std::ldexp(double(sequence() ^ shift[d]), -64); };
  std::vector<SweepRun> runs;
  runs.reserve(n * (k + 2) * std::size_t(design.replicates));
  std::vector<double> a(k), b(k);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < k; ++j) a[j] = scaled(design.axes[j], next_point(j));
    for (std::size_t j = 0; j < k; ++j) b[j] = scaled(design.axes[j], next_point(k + j));
    for (std::size_t matrix = 0; matrix < k + 2; ++matrix) {
      std::vector<ParameterAssignment> assignments;
      for (std::size_t j = 0; j < k; ++j) {
        const bool from_b = matrix == 1 || matrix == j + 2;
        assignments.push_back({design.axes[j].spec, design.axes[j].index, from_b ? b[j] : a[j]});
      }
      const std::size_t first = runs.size();
      add_cell(runs, design, int(i * (k + 2) + matrix), assignments);
      for (std::size_t r = first; r < runs.size(); ++r) {
        runs[r].sample = int(i);
        runs[r].matrix = int(matrix);
      }
    }
  }
  return runs;
}

}  // namespace

std::vector<SweepRun> expand(const SweepDesign& design) {
  switch (design.kind) {
    case DesignKind::grid: return expand_grid(design);
    case DesignKind::lhs: return expand_lhs(design);
    case DesignKind::sobol: return expand_saltelli(design);
  }
  throw InputError("sweep: unknown design");
}

std::vector<double> range_values(double start, double stop, double step) {
  const std::string range = "{start = " + number(start) + ", stop = " + number(stop) + ", step = " + number(step) + "}";
  if (!std::isfinite(start) || !std::isfinite(stop) || !std::isfinite(step))
    throw InputError("sweep: range " + range + " must be finite numbers");
  if (step <= 0.0) throw InputError("sweep: range " + range + " needs a step above 0");
  if (start > stop) throw InputError("sweep: range " + range + " has start above stop");
  const double tolerance = 1e-9 * step;
  double steps = std::floor((stop - start) / step);
  // Division can land just below a whole number (0.3 / 0.1 = 2.9999...): take
  // the next point too when it lies on stop within the tolerance.
  if (start + (steps + 1.0) * step <= stop + tolerance) steps += 1.0;
  if (steps + 1.0 > kMaxRangeValues)
    throw InputError("sweep: range " + range + " gives " + number(steps + 1.0) + " values, more than " +
                     number(kMaxRangeValues));
  std::vector<double> values;
  values.reserve(std::size_t(steps) + 1);
  // Each value from start, not accumulated, so rounding errors do not build up.
  for (int i = 0; i <= int(steps); ++i) values.push_back(start + double(i) * step);
  // A last point on stop is stop itself, so that 0.1 steps end at 0.3, not 0.30000000000000004.
  if (std::abs(values.back() - stop) <= tolerance) values.back() = stop;
  return values;
}

Scenario scenario_for(const Scenario& base, const SweepRun& run) {
  Scenario scenario = base;
  const std::string where = "sweep cell " + std::to_string(run.cell) + ": ";
  for (const ParameterAssignment& a : run.assignments) {
    if (a.spec == nullptr) throw InputError(where + "an assignment names no parameter");
    if (a.index < -1 || a.index >= a.spec->width())
      throw InputError(where + a.spec->qualified_name() + " has no index " + std::to_string(a.index));
    if (auto problem = check_value(*a.spec, a.value)) throw InputError(where + *problem);
    apply(scenario.parameters, a);
  }
  const std::vector<std::string> problems = check_relations(scenario.parameters);
  if (!problems.empty()) {
    std::string message = where + problems.front();
    for (std::size_t i = 1; i < problems.size(); ++i) message += "; " + problems[i];
    throw InputError(message);
  }
  return scenario;
}

}  // namespace wijksim
