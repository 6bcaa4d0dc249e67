"""A results file written by `wijksim run` opens in xarray (h5netcdf) and
ncdump with the named dimensions and the outcomes scripts rely on.

usage: check_run_output.py WIJKSIM SOURCE_DIR NCDUMP
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
import xarray as xr

REQUIRED = [
    "wellbeing_mean", "multi_problem_share", "debt_problem_share", "safety_incidents",
    "trust_mean", "collective_efficacy", "help_coverage", "improvise_share",
    "bends_within_room", "bends_out_of_bounds", "incidents", "sanctions", "burnout_new",
    "helpers_on_leave", "helper_exits", "best_persons_active", "vacancies_open",
    "exhaustion_mean",
]


def main(binary, source_dir, ncdump):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "run.h5")
        subprocess.run([binary, "run", os.path.join(source_dir, "scenarios", "classroom.toml"),
                        "-o", out, "-q", "--weeks", "30", "--set", "scale.burnin_weeks=20",
                        "--seed", "3"], check=True)
        ds = xr.open_dataset(out, engine="h5netcdf")
        assert dict(ds.sizes) == {"run": 1, "week": 30, "neighbourhood": 4, "helper_type": 6,
                                  "domain": 5, "complexity": 3}, dict(ds.sizes)
        for name in REQUIRED:
            var = ds[name]
            assert var.dims == ("run", "week"), (name, var.dims)
            assert "units" in var.attrs and "long_name" in var.attrs, name
        assert ds["nbh_trust_mean"].dims == ("run", "week", "neighbourhood")
        assert ds["type_active"].dims == ("run", "week", "helper_type")
        assert list(ds["helper_type"].values)[1] == "frontline_worker"
        assert int(ds["seed"].values[0]) == 3
        share = ds["multi_problem_share"].values
        assert np.all((share >= 0) & (share <= 1)), "shares lie in [0, 1]"
        header = subprocess.run([ncdump, "-h", out], check=True, capture_output=True, text=True).stdout
        for dim in ("run = 1", "week = 30", "neighbourhood = 4", "helper_type = 6"):
            assert dim in header, dim
    print("results file read back by xarray and ncdump")


if __name__ == "__main__":
    main(*sys.argv[1:4])
