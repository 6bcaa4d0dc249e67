#pragma once
// The per-run variables that say where each run of a sweep sits in its
// design: cell and replicate, the value of every varied parameter, and for a
// Sobol design the base sample and matrix row. Analysis groups and pairs
// runs by these, so they are written when the file is created.
#include <span>
#include <vector>

#include "engine/sweep_design.h"
#include "io/hdf5_output.h"

namespace wijksim {

// "param_" and the scenario key with dots as underscores:
// bending.contact_freq.police -> param_bending_contact_freq_police.
std::string coordinate_name(const SweepAxis& axis);
// The scenario key an axis sets: "bending.room", "bending.contact_freq.police".
std::string axis_key(const SweepAxis& axis);

std::vector<RunCoordinate> sweep_coordinates(const SweepDesign& design, std::span<const SweepRun> runs);

}  // namespace wijksim
