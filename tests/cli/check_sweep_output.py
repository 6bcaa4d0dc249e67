"""A results file written by `wijksim sweep` opens in xarray (through h5netcdf
and through netCDF4) and ncdump, with its runs in cell-major, replicate-minor
order, the varied parameters and design coordinates per run, seeds shared
across cells, and the strata of a Latin hypercube filled once each.

usage: check_sweep_output.py WIJKSIM SOURCE_DIR NCDUMP

SOURCE_DIR is accepted so that the test is called like check_run_output.py;
the sweeps it runs are written to a temporary directory.
Each xarray engine reads the file in a child process, so that a reader that
crashes (netCDF-C has crashed on some string layouts) is reported by name
instead of ending the whole check without a message.
"""
import hashlib
import os
import signal
import subprocess
import sys
import tempfile

import numpy as np
import xarray as xr

SCENARIO = """\
name = "tiny"

[scale]
n_neighbourhoods = 2
households_per_nbh = 100
burnin_weeks = 10
horizon_weeks = 12
"""

GRID = """\
scenario = "tiny.toml"
design = "grid"
replicates = 2
base_seed = 1

[vary]
bending.room = [0, 1]
bending.backing = [0, 0.5, 1]
"""

LHS = """\
scenario = "tiny.toml"
design = "lhs"
samples = 5
replicates = 1
base_seed = 1

[vary]
bending.room = { min = 0, max = 1 }
bending.backing = { min = 0, max = 1 }
"""

ROOMS, BACKINGS, REPLICATES = [0.0, 1.0], [0.0, 0.5, 1.0], 2
CELLS = len(ROOMS) * len(BACKINGS)
RUNS = CELLS * REPLICATES
SIZES = {"run": RUNS, "week": 12, "neighbourhood": 2, "helper_type": 6, "domain": 5, "complexity": 3}


def expect(condition, message):
    if not condition:
        sys.exit(f"check_sweep_output: {message}")


def text(value):
    """A netCDF text value as str: h5netcdf gives fixed-length text as bytes."""
    if isinstance(value, bytes):
        value = value.decode("utf-8")
    return str(value).rstrip("\0")


def check_grid(path, engine, sweep_text):
    where = f"[{engine}]"
    print("opening the file", flush=True)
    with xr.open_dataset(path, engine=engine) as ds:
        for name in ds.variables:  # one by one, so that a crash names its variable
            print(f"reading {name}", flush=True)
            ds[name].load()
        expect(dict(ds.sizes) == SIZES, f"{where} sizes {dict(ds.sizes)}, expected {SIZES}")

        # Cell-major, replicate-minor; within the grid the first axis varies slowest.
        room = np.repeat(ROOMS, len(BACKINGS) * REPLICATES)
        backing = np.tile(np.repeat(BACKINGS, REPLICATES), len(ROOMS))
        expected = {
            "param_bending_room": room,
            "param_bending_backing": backing,
            "cell": np.repeat(np.arange(CELLS), REPLICATES),
            "replicate": np.tile(np.arange(REPLICATES), CELLS),
        }
        for name, values in expected.items():
            expect(name in ds, f"{where} no variable {name}")
            expect(ds[name].dims == ("run",), f"{where} {name} has dimensions {ds[name].dims}")
            expect(np.array_equal(ds[name].values, values),
                   f"{where} {name} is {ds[name].values.tolist()}, expected {values.tolist()}")
        for name, key in (("param_bending_room", "bending.room"), ("param_bending_backing", "bending.backing")):
            attrs = ds[name].attrs
            expect(ds[name].dtype == np.float64, f"{where} {name} is {ds[name].dtype}, not float64")
            expect(attrs.get("parameter") == key, f"{where} {name}.parameter is {attrs.get('parameter')!r}")
            expect("units" in attrs and "long_name" in attrs, f"{where} {name} lacks units or long_name")
        for name in ("cell", "replicate"):
            expect(ds[name].dtype == np.int32, f"{where} {name} is {ds[name].dtype}, not int32")

        # Common random numbers: one seed per replicate, the same in every cell.
        seed = ds["seed"].values.astype(np.uint64)
        replicate = ds["replicate"].values
        per_replicate = [np.unique(seed[replicate == r]) for r in range(REPLICATES)]
        for r, seeds in enumerate(per_replicate):
            expect(len(seeds) == 1, f"{where} replicate {r} has seeds {seeds.tolist()} across cells")
            expect(seeds[0] != 0, f"{where} replicate {r} has seed 0 (not written)")
        expect(len({int(s[0]) for s in per_replicate}) == REPLICATES,
               f"{where} replicates share a seed: {[int(s[0]) for s in per_replicate]}")

        status = ds["status"].values
        expect(np.all(status == 1), f"{where} status is {status.tolist()}, expected every run done (1)")
        messages = [text(m) for m in ds["error_message"].values]
        expect(messages == [""] * RUNS, f"{where} error_message is {messages}")
        wellbeing = ds["wellbeing_mean"]
        expect(wellbeing.dims == ("run", "week"), f"{where} wellbeing_mean has dimensions {wellbeing.dims}")
        expect(not np.isnan(wellbeing.values).any(), f"{where} wellbeing_mean has NaN in a finished sweep")

        attrs = {k: text(v) for k, v in ds.attrs.items()}
        expect(attrs.get("wijksim_format") == "1", f"{where} wijksim_format is {attrs.get('wijksim_format')!r}")
        expect(attrs.get("sweep_name") == "grid", f"{where} sweep_name is {attrs.get('sweep_name')!r}")
        digest = hashlib.sha256(sweep_text.encode("utf-8")).hexdigest()
        expect(attrs.get("sweep_sha256") == digest, f"{where} sweep_sha256 is {attrs.get('sweep_sha256')!r}")
        expect(attrs.get("sweep_settings") == "", f"{where} sweep_settings is {attrs.get('sweep_settings')!r}")
        expect(attrs.get("shard") == "", f"{where} shard is {attrs.get('shard')!r}")

    with xr.open_dataset(path, engine=engine, group="provenance") as provenance:
        expect(text(provenance.attrs.get("sweep_name")) == "grid",
               f"{where} provenance sweep_name is {provenance.attrs.get('sweep_name')!r}")
        expect("sweep_path" in provenance.attrs, f"{where} provenance has no sweep_path")
        expect(text(provenance["sweep_text"].item()) == sweep_text, f"{where} provenance/sweep_text differs")


def check_lhs(path, engine):
    where = f"[{engine}, lhs]"
    samples = 5
    with xr.open_dataset(path, engine=engine) as ds:
        expect(ds.sizes["run"] == samples, f"{where} {ds.sizes['run']} runs, expected {samples}")
        expect(np.all(ds["status"].values == 1), f"{where} status is {ds['status'].values.tolist()}")
        for name in ("param_bending_room", "param_bending_backing"):
            values = ds[name].values
            expect(np.all((values >= 0) & (values <= 1)), f"{where} {name} = {values.tolist()} leaves [0, 1]")
            strata = sorted(min(int(v * samples), samples - 1) for v in values)
            expect(strata == list(range(samples)),
                   f"{where} {name} = {values.tolist()} does not hold one value in each fifth of [0, 1]")


def read_in_child(kind, path, engine, extra=()):
    """Runs check_<kind> in a child Python; fails naming the engine if it crashes."""
    child = subprocess.run([sys.executable, __file__, "--read", kind, path, engine, *extra],
                           capture_output=True, text=True)
    if child.returncode < 0:
        name = signal.Signals(-child.returncode).name
        lines = child.stdout.strip().splitlines()
        doing = lines[-1] if lines else "starting"
        sys.exit(f"check_sweep_output: [{engine}] crashed with {name} while {doing} of "
                 f"{os.path.basename(path)}\n{child.stderr.strip()[-1500:]}")
    expect(child.returncode == 0, child.stderr.strip() or child.stdout.strip() or f"[{engine}] failed")


def main(binary, source_dir, ncdump):
    del source_dir  # see the module's docstring
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "tiny.toml"), "w", encoding="utf-8") as f:
            f.write(SCENARIO)
        for name, body in (("grid", GRID), ("lhs", LHS)):
            with open(os.path.join(tmp, name + ".toml"), "w", encoding="utf-8") as f:
                f.write(body)
            subprocess.run([binary, "sweep", os.path.join(tmp, name + ".toml"), "-o",
                            os.path.join(tmp, name + ".h5"), "-q"], check=True)

        grid = os.path.join(tmp, "grid.h5")
        grid_text_path = os.path.join(tmp, "grid.toml")
        for engine in ("h5netcdf", "netcdf4"):
            read_in_child("grid", grid, engine, (grid_text_path,))
            read_in_child("lhs", os.path.join(tmp, "lhs.h5"), engine)

        header = subprocess.run([ncdump, "-h", grid], capture_output=True, text=True)
        expect(header.returncode == 0, f"ncdump -h failed ({header.returncode}): {header.stderr.strip()}")
        for needle in ("run = 12 ;", "param_bending_room(run)", "param_bending_backing(run)",
                       "cell(run)", "replicate(run)", ":sweep_sha256 = "):
            expect(needle in header.stdout, f"ncdump -h does not list {needle!r}")
        # The data too: netCDF-C has crashed on some layouts of text variables.
        data = subprocess.run([ncdump, "-v", "status,error_message", grid], capture_output=True, text=True)
        expect(data.returncode == 0, f"ncdump -v status,error_message failed ({data.returncode}): "
                                     f"{data.stderr.strip()}")
        expect("error_message =" in data.stdout, "ncdump -v error_message prints no error_message")
    print("sweep file read back by xarray (h5netcdf, netcdf4) and ncdump")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--read":
        kind, path, engine = sys.argv[2:5]
        if kind == "grid":
            with open(sys.argv[5], encoding="utf-8") as f:
                check_grid(path, engine, f.read())
        else:
            check_lhs(path, engine)
    else:
        main(*sys.argv[1:4])
