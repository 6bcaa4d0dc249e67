"""Checks that a wijksim results file reads as netCDF-4.

Usage: /usr/bin/python3 check_netcdf.py SAMPLE.h5 [NCDUMP]

SAMPLE.h5 is the file tests/io/test_hdf5_netcdf_sample.cpp writes; the
expected layout and values below must stay in step with that test. The file
is opened by xarray through h5netcdf (h5py) and through netCDF4 (the netCDF-C
library, as R and ncdump use), by h5py directly, and dumped in full by ncdump.
Exits non-zero with a message on the first mismatch.
"""
import json
import math
import subprocess
import sys

import h5py
import numpy as np
import xarray as xr

RUNS, WEEKS, NEIGHBOURHOODS = 3, 5, 4
DONE_RUNS = (0, 1)
SEEDS = [101, 102, 0]
HELPER_TYPES = ["standard_worker", "frontline_worker", "bridge_builder_inside",
                "bridge_builder_outside", "everyday_doer", "social_entrepreneur"]
DOMAINS = ["debt", "work", "health", "safety", "youth"]
COMPLEXITIES = ["one", "two", "three_or_more"]
# name, level dimension (None for city), units: as kSampleMetrics.
METRICS = [
    ("sample_city", None, "1"),
    ("sample_neighbourhood", "neighbourhood", "household"),
    ("sample_helper_type", "helper_type", "1"),
    ("sample_domain", "domain", "1"),
    ("sample_complexity", "complexity", "week"),
]
SIZES = {"run": RUNS, "week": WEEKS, "neighbourhood": NEIGHBOURHOODS,
         "helper_type": len(HELPER_TYPES), "domain": len(DOMAINS), "complexity": len(COMPLEXITIES)}


def fail(message):
    sys.exit(f"check_netcdf: {message}")


def expect(condition, message):
    if not condition:
        fail(message)


def expected_values(m, extent):
    values = np.full((RUNS, WEEKS, extent), np.nan, dtype=np.float32)
    for r in DONE_RUNS:
        for w in range(WEEKS):
            for k in range(extent):
                values[r, w, k] = 10000 * m + 1000 * r + 10 * (w + 1) + k + 0.25
    return values


def check_dataset(path, engine):
    where = f"[{engine}]"
    ds = xr.open_dataset(path, engine=engine)
    expect(ds.attrs.get("wijksim_format") == "1", f"{where} wijksim_format is {ds.attrs.get('wijksim_format')!r}")
    expect(ds.attrs.get("Conventions") == "CF-1.8", f"{where} Conventions")
    for dim, size in SIZES.items():
        expect(ds.sizes.get(dim) == size, f"{where} dimension {dim} has size {ds.sizes.get(dim)}, expected {size}")
    expect(list(ds["run"].values) == list(range(RUNS)), f"{where} run coordinate")
    expect(list(ds["week"].values) == list(range(1, WEEKS + 1)), f"{where} week coordinate")
    expect(ds["week"].attrs.get("units") == "week", f"{where} week units")
    expect(list(ds["helper_type"].values) == HELPER_TYPES, f"{where} helper_type labels {ds['helper_type'].values}")
    expect(list(ds["domain"].values) == DOMAINS, f"{where} domain labels")
    expect(list(ds["complexity"].values) == COMPLEXITIES, f"{where} complexity labels")
    # Selection by label is the point of string coordinates.
    expect(float(ds["sample_domain"].sel(run=1, week=2, domain="health")) == 10000 * 3 + 1000 + 20 + 2 + 0.25,
           f"{where} selecting by domain name")

    for m, (name, level, units) in enumerate(METRICS):
        var = ds[name]
        dims = ("run", "week") + ((level,) if level else ())
        expect(var.dims == dims, f"{where} {name} dims {var.dims}, expected {dims}")
        expect(var.dtype == np.float32, f"{where} {name} dtype {var.dtype}")
        expect(var.attrs.get("units") == units, f"{where} {name} units {var.attrs.get('units')!r}")
        expect(bool(var.attrs.get("long_name")), f"{where} {name} has no long_name")
        extent = SIZES[level] if level else 1
        want = expected_values(m, extent)
        got = var.values.reshape(RUNS, WEEKS, extent)
        expect(np.array_equal(got, want, equal_nan=True), f"{where} {name} values differ:\n{got}\nexpected\n{want}")

    expect(list(ds["seed"].values) == SEEDS, f"{where} seeds {ds['seed'].values}")
    expect(ds["seed"].dtype == np.uint64, f"{where} seed dtype {ds['seed'].dtype}")
    expect(list(ds["status"].values) == [1, 1, 0], f"{where} status {ds['status'].values}")
    expect(ds["status"].attrs.get("flag_meanings") == "pending done failed", f"{where} status flag_meanings")
    expect(list(ds["status"].attrs.get("flag_values")) == [0, 1, 2], f"{where} status flag_values")
    wall = ds["wall_seconds"].values
    expect(wall[0] == 0.5 and wall[1] == 0.5 and math.isnan(wall[2]), f"{where} wall_seconds {wall}")
    expect(list(ds["error_message"].values) == ["", "", ""], f"{where} error_message {ds['error_message'].values}")

    params = xr.open_dataset(path, engine=engine, group="parameters").attrs
    expect(params.get("n_neighbourhoods") == 20, f"{where} parameter n_neighbourhoods {params.get('n_neighbourhoods')!r}")
    expect(list(params.get("room")) == [0.3] * 5, f"{where} parameter room {params.get('room')!r}")
    expect(params.get("recruit_channel") == "ads", f"{where} parameter recruit_channel")
    expect(params.get("bp_emergence") == "auto", f"{where} parameter bp_emergence")
    expect(list(params.get("protocol_source")) == ["city"] * 5, f"{where} parameter protocol_source")

    provenance = xr.open_dataset(path, engine=engine, group="provenance")
    table = json.loads(str(provenance["parameters_json"].values))
    expect(len(table) == len(params), f"{where} parameters_json has {len(table)} entries, parameters {len(params)}")
    expect(str(provenance["scenario_text"].values) == "# the netCDF compatibility sample\n", f"{where} scenario_text")
    expect(provenance.attrs.get("hdf5_version"), f"{where} provenance hdf5_version")


def check_h5py(path):
    with h5py.File(path, "r") as f:
        # Text attributes are netCDF `char` (fixed-length), which h5py returns as bytes.
        expect(f.attrs["wijksim_format"] == b"1", "[h5py] wijksim_format")
        expect(f["sample_neighbourhood"].dims[2][0].name == "/neighbourhood", "[h5py] attached dimension scale")
        expect(f["sample_neighbourhood"].chunks == (1, WEEKS, NEIGHBOURHOODS), "[h5py] chunking")
        expect(f["sample_neighbourhood"].compression == "gzip", "[h5py] compression")
        expect(f["sample_neighbourhood"].shuffle, "[h5py] shuffle")


def check_ncdump(path, ncdump):
    header = subprocess.run([ncdump, "-h", path], check=True, capture_output=True, text=True).stdout
    for dim, size in SIZES.items():
        expect(f"\t{dim} = {size} ;" in header, f"[ncdump] no dimension line for {dim} = {size}:\n{header}")
    # The full dump reads every value through netCDF-C, strings and groups included.
    full = subprocess.run([ncdump, path], check=True, capture_output=True, text=True).stdout
    expect('"bridge_builder_inside"' in full, "[ncdump] helper_type labels missing from the data")
    expect("group: provenance" in full, "[ncdump] provenance group missing")


def main():
    if len(sys.argv) not in (2, 3):
        fail(__doc__)
    path = sys.argv[1]
    check_dataset(path, "h5netcdf")
    check_dataset(path, "netcdf4")
    check_h5py(path)
    check_ncdump(path, sys.argv[2] if len(sys.argv) == 3 else "ncdump")
    print(f"check_netcdf: {path} reads as netCDF-4")


if __name__ == "__main__":
    main()
