"""A sweep spread over MPI ranks gives the same file content as one process.

usage: check_mpi_sweep.py WIJKSIM WIJKSIM_MPI MPIRUN

Runs a small grid sweep with `wijksim sweep`, then with `mpirun -n 2` and
`-n 3` of `wijksim-mpi sweep` (more ranks than cores: --oversubscribe), and
compares every variable of the files bit for bit except wall_seconds; and
checks that the plain wijksim refuses to run a sweep under mpirun.
"""
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

SCENARIO = """[scale]
n_neighbourhoods = 2
households_per_nbh = 150
burnin_weeks = 10
horizon_weeks = 20
"""
SWEEP = """scenario = "small.toml"
replicates = 3
base_seed = 9
[vary]
bending.room = [0, 0.5, 1]
bending.backing = [0, 1]
"""


def variables(path):
    with h5py.File(path, "r") as f:
        return {name: f[name][()] for name in f if isinstance(f[name], h5py.Dataset)
                and name != "wall_seconds"}


def main(wijksim, wijksim_mpi, mpirun):
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1")
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in (("small.toml", SCENARIO), ("grid.toml", SWEEP)):
            with open(os.path.join(tmp, name), "w") as out:
                out.write(text)
        subprocess.run([wijksim, "sweep", "grid.toml", "-q", "-o", "single.h5"], cwd=tmp, check=True)
        reference = variables(os.path.join(tmp, "single.h5"))
        assert (reference["status"] == 1).all(), "the single-process sweep did not finish"
        for ranks in (2, 3):
            out = f"mpi{ranks}.h5"
            subprocess.run([mpirun, "--oversubscribe", "-n", str(ranks), wijksim_mpi, "sweep", "grid.toml",
                            "-q", "-j", "1", "-o", out], cwd=tmp, check=True, env=env, timeout=600)
            got = variables(os.path.join(tmp, out))
            if sorted(got) != sorted(reference):
                sys.exit(f"check_mpi_sweep: -n {ranks}: variables differ: {sorted(set(got) ^ set(reference))}")
            for name, values in reference.items():
                # Text (object arrays) by value, numbers bit for bit (NaN included).
                same = (values.tolist() == got[name].tolist() if values.dtype == object
                        else values.tobytes() == got[name].tobytes())
                if not same:
                    sys.exit(f"check_mpi_sweep: -n {ranks}: {name} differs from the single-process sweep")
            print(f"mpirun -n {ranks}: {len(reference)} variables equal to the single-process sweep")
        # The plain wijksim, started by mpirun, refuses rather than run the
        # whole sweep once per rank into one file.
        refused = subprocess.run([mpirun, "--oversubscribe", "-n", "2", wijksim, "sweep", "grid.toml", "-q",
                                  "-o", "plain.h5"], cwd=tmp, env=env, capture_output=True, text=True, timeout=120)
        assert refused.returncode != 0, "wijksim without MPI ran under mpirun"
        assert "built without MPI" in refused.stderr, refused.stderr
        assert not os.path.exists(os.path.join(tmp, "plain.h5"))
        # The comparison can fail: another base seed changes the outcomes.
        with open(os.path.join(tmp, "other.toml"), "w") as out:
            out.write(SWEEP.replace("base_seed = 9", "base_seed = 10"))
        subprocess.run([wijksim, "sweep", "other.toml", "-q", "-o", "other.h5"], cwd=tmp, check=True)
        other = variables(os.path.join(tmp, "other.h5"))
        assert other["wellbeing_mean"].tobytes() != reference["wellbeing_mean"].tobytes()


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
