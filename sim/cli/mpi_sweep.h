#pragma once
// The sweep command of wijksim-mpi (see mpi_sweep.cpp). Started by mpirun
// or srun with N ranks; with one rank it is `wijksim sweep`.
#include "cli/commands.h"
#include "cli/sweep_setup.h"

namespace wijksim::cli {

int mpi_sweep_command(const SweepFlags& flags, const GlobalFlags& global);

}  // namespace wijksim::cli
