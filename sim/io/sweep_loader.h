#pragma once
// Sweep files (DESIGN.md §5): a scenario and the parameters to vary over it.
//
//   scenario = "baseline.toml"      # relative to the sweep file
//   design = "grid"                 # grid (default), lhs, or sobol (Saltelli)
//   replicates = 20                 # runs per cell, seeds shared across cells
//   base_seed = 1
//   samples = 50                    # lhs: cells; sobol: base samples N, giving N (k + 2) cells
//
//   [vary]                          # one axis per parameter
//   bending.room = [0, 0.25, 0.5]                      # a list
//   bending.backing = { start = 0, stop = 1, step = 0.25 }  # a range, stop included
//   bending.contact_freq = { police = [0.05, 1] }      # one institution
//   problems.spill_rate = { min = 0.015, max = 0.035 } # lhs and sobol bounds
//
//   [[zip]]                         # parameters varied together, value by value
//   bending.room = [0, 1]
//   bending.backing = [0, 1]
//
// Keys are written as in a scenario file; errors name the file, line, key and
// allowed range, as a scenario file's do.
#include <filesystem>
#include <string>
#include <string_view>

#include "engine/scenario.h"
#include "engine/sweep_design.h"

namespace wijksim {

struct Sweep {
  std::string name;  // the sweep file's stem
  std::string source_path;
  std::string source_text;
  Scenario base;  // the scenario every run starts from
  SweepDesign design;
};

Sweep load_sweep(const std::filesystem::path& path);

// Whether a file is a sweep rather than a scenario: it names a scenario or
// has a [vary] table. Scenario files have neither.
bool is_sweep_text(std::string_view text);

}  // namespace wijksim
