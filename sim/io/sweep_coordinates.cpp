#include "io/sweep_coordinates.h"

#include "io/hdf5_schema.h"
#include "io/scenario_keys.h"

namespace wijksim {

std::string axis_key(const SweepAxis& axis) {
  // Built by appending: GCC 12 warns falsely (-Wrestrict) about "." + string.
  std::string key = axis.spec->qualified_name();
  if (axis.index >= 0) {
    key.push_back('.');
    key.append(selector_names(*axis.spec)[std::size_t(axis.index)]);
  }
  return key;
}

std::string coordinate_name(const SweepAxis& axis) {
  std::string name = "param_" + axis_key(axis);
  for (char& c : name)
    if (c == '.') c = '_';
  return name;
}

namespace {

RunCoordinate integer_coordinate(const char* name, const char* long_name, std::span<const SweepRun> runs,
                                 int SweepRun::*field) {
  RunCoordinate coordinate{name, long_name, "", "", true, {}, {}};
  for (const SweepRun& run : runs) coordinate.values.push_back(run.*field);
  return coordinate;
}

}  // namespace

std::vector<RunCoordinate> sweep_coordinates(const SweepDesign& design, std::span<const SweepRun> runs) {
  std::vector<RunCoordinate> coordinates;
  coordinates.push_back(integer_coordinate(hdf5_schema::kCell, "parameter point of the sweep design", runs, &SweepRun::cell));
  coordinates.push_back(
      integer_coordinate(hdf5_schema::kReplicate, "replicate within the cell (same seed in every cell)", runs, &SweepRun::replicate));
  if (design.kind == DesignKind::sobol) {
    coordinates.push_back(integer_coordinate("sample", "Sobol base sample", runs, &SweepRun::sample));
    coordinates.push_back(integer_coordinate(
        "matrix", "Saltelli matrix row: 0 A, 1 B, 2+j A with column j from B", runs, &SweepRun::matrix));
  }
  // A run's assignments follow the design's axis order (axes, then zip groups).
  std::vector<const SweepAxis*> axes;
  for (const SweepAxis& axis : design.axes) axes.push_back(&axis);
  for (const ZipGroup& zip : design.zips)
    for (const SweepAxis& axis : zip.axes) axes.push_back(&axis);
  for (std::size_t a = 0; a < axes.size(); ++a) {
    const SweepAxis& axis = *axes[a];
    RunCoordinate coordinate{coordinate_name(axis), "value of " + axis_key(axis) + " in this run",
                             std::string(axis.spec->unit), axis_key(axis), false, {}, axis.spec->choices};
    for (const SweepRun& run : runs) coordinate.values.push_back(run.assignments.at(a).value);
    coordinates.push_back(std::move(coordinate));
  }
  return coordinates;
}

}  // namespace wijksim
