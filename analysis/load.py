"""A wijksim results file (docs/output-format.md) as an xarray Dataset of its
finished runs, with the sweep design as coordinates on `run`: the varied
parameters under their dotted keys ("bending.room"), and cell, replicate and
seed (sample and matrix for Sobol designs).

This is the package's one reader of results files: every module that takes
a file reads it through `load`, so that the check against damaged files
(`vet`) and the checks of the format sit in one place."""
import json
import warnings

import h5py
import numpy as np
import xarray as xr

from . import vetting

FORMAT_VERSIONS = ("1",)
DONE, FAILED = 1, 2
DESIGN_VARIABLES = ("cell", "replicate", "seed", "sample", "matrix")
LEVEL_DIMENSIONS = ("neighbourhood", "helper_type", "domain", "complexity")
WEEKS_PER_YEAR = 52


def load(path, empty_ok=False):
    """The finished runs (status 1) of a results file.

    ValueError naming the file when it is not HDF5 (or is damaged), not a
    wijksim results file, of a format version this reader does not know, or
    has no finished run (unless empty_ok, for a caller that counts unfinished
    runs in its own words). ds.attrs gains source_path, runs_in_file,
    runs_left_out_pending, runs_left_out_failed, design_cells, design_json
    (see design), varied_parameters, base_parameters_json (see
    base_parameters) and provenance_json (see provenance).
    """
    path = str(path)
    vet(path)
    header = _read_header(path)
    done = np.flatnonzero(header["status"] == DONE)
    if len(done) == 0 and not empty_ok:
        raise ValueError(f"{path}: no finished run ({header['pending']} pending, {header['failed']} failed); "
                         "see wijksim info")
    try:
        ds = xr.open_dataset(path, engine="h5netcdf")
    except (OSError, ValueError) as error:
        raise ValueError(f"{path}: cannot be read as netCDF ({error})") from error
    if len(done) < ds.sizes["run"]:
        ds = ds.isel(run=done)
    ds, varied = _design_as_coordinates(ds, header["varied"])
    ds.attrs.update({
        "source_path": path,
        "runs_in_file": int(len(header["status"])),
        "runs_left_out_pending": int(header["pending"]),
        "runs_left_out_failed": int(header["failed"]),
        "design_cells": int(header["cells"]),
        "design_json": json.dumps(header["design"]),
        "varied_parameters": json.dumps(varied),
        "base_parameters_json": json.dumps(header["base_parameters"]),
        "provenance_json": json.dumps(header["provenance"]),
    })
    return ds


def vet(path):
    """Checks in a child process that reading the file cannot crash or hang
    this one (analysis/vetting.py); ValueError naming the file otherwise.
    Every reader of a results file given by a user calls it first."""
    vetting.require_readable(path, _read_everything)


def _read_everything(path):
    """Every part of a results file that load and the analysis can reach: the
    header, each attribute through h5py, and each variable through xarray."""
    _read_header(path)
    with h5py.File(path, "r") as f:
        dict(f.attrs)
        f.visititems(lambda name, item: dict(item.attrs) and None)
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        for name in ds.variables:
            ds[name].values


def base_parameters(ds):
    """The parameters group of the file ds came from: {bare name: value}, a
    per-institution or per-domain value as an array of five."""
    values = json.loads(ds.attrs["base_parameters_json"])
    return {name: np.asarray(value) if isinstance(value, list) else value for name, value in values.items()}


def provenance(ds):
    """The provenance group of the file ds came from, which xarray does not
    load: its attributes (command_line, created, ...) and the texts of the
    scenario and sweep that ran ({} for a file without one)."""
    return json.loads(ds.attrs.get("provenance_json", "{}"))


def all_runs_done(ds):
    """Whether ds holds every run of its file (none pending or failed)."""
    return ds.attrs["runs_left_out_pending"] + ds.attrs["runs_left_out_failed"] == 0


def design(ds):
    """{cell: {key: value}} of every run in the file, finished or not: the
    sweep design ds comes from ({0: {}} for a plain run file)."""
    return {int(cell): values for cell, values in json.loads(ds.attrs["design_json"]).items()}


def varied_parameters(ds):
    """The dotted keys of the parameters the sweep varies, in file order."""
    return json.loads(ds.attrs.get("varied_parameters", "[]"))


def by_parameters(ds, keys):
    """ds with `run` turned into the dimensions (*keys, "replicate").

    ValueError naming the keys when the runs are not a full grid over them:
    a combination missing, or a combination holding a replicate twice (a
    parameter left out of keys varies too).
    """
    keys = list(keys)
    missing = [key for key in keys if key not in ds.coords]
    if missing:
        raise ValueError(f"{ds.attrs.get('source_path', 'dataset')}: no varied parameter {', '.join(missing)}; "
                         f"varied are {', '.join(varied_parameters(ds)) or 'none'}")
    index = keys + ["replicate"]
    combinations = {tuple(row) for row in zip(*(ds[name].values.tolist() for name in index))}
    expected = int(np.prod([len(np.unique(ds[name].values)) for name in index]))
    if len(combinations) != ds.sizes["run"] or expected != ds.sizes["run"]:
        raise ValueError(f"{ds.attrs.get('source_path', 'dataset')}: the runs are not a full grid over "
                         f"{', '.join(keys)} and replicate ({ds.sizes['run']} runs, {len(combinations)} distinct "
                         f"combinations, {expected} in a full grid)")
    with warnings.catch_warnings():
        # unstack first fills with NaN, which integer coordinates (cell, seed)
        # cannot hold; the grid is full, so every fill is overwritten.
        warnings.simplefilter("ignore", RuntimeWarning)
        grid = ds.drop_vars("run").set_index(run=index).unstack("run")
    return grid.transpose(*index, ...)


def window_mean(ds, outcome, window=None):
    """Mean of a metric over the last `window` recorded weeks (every week if
    None), ignoring NaN weeks: a run without any value in it gives NaN."""
    values = last_weeks(metric(ds, outcome), window)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN runs give NaN, as they should
        return values.mean("week", skipna=True)


def last_weeks(values, window=None):
    """A metric's values over its last `window` recorded weeks (all if None)."""
    weeks = values.sizes["week"]
    if window is None:
        return values
    if not 1 <= int(window) <= weeks:
        raise ValueError(f"window {window} is not between 1 and the {weeks} recorded weeks")
    return values.isel(week=slice(weeks - int(window), None))


def metric(ds, name):
    """A metric variable as float64; ValueError naming the file otherwise."""
    if name not in ds.data_vars or "week" not in ds[name].dims:
        names = [v for v in ds.data_vars if "week" in ds[v].dims]
        raise ValueError(f"{ds.attrs.get('source_path', 'dataset')}: no metric {name!r}; "
                         f"metrics are {', '.join(names)}")
    return ds[name].astype(np.float64)


def metric_names(ds):
    return [name for name in ds.data_vars if ds[name].dims[:2] == ("run", "week")]


def _read_header(path):
    """What xarray does not check or keep: the format, the run status before
    any run is left out, the design over every run, the base parameters."""
    try:
        f = h5py.File(path, "r")
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except OSError as error:
        if "unable to lock file" in str(error):  # a sweep still writing it holds HDF5's file lock
            raise ValueError(f"{path}: locked by the program writing it; wait for it to finish, or set "
                             "HDF5_USE_FILE_LOCKING=FALSE to read the runs done so far") from None
        raise ValueError(f"{path}: not an HDF5 file or damaged ({_first_line(error)})") from None
    with f:
        if "wijksim_format" not in f.attrs:
            raise ValueError(f"{path}: not a wijksim results file (no wijksim_format attribute)")
        version = attribute_text(f.attrs["wijksim_format"])
        if version not in FORMAT_VERSIONS:
            raise ValueError(f"{path}: unknown wijksim_format {version!r}; this reader knows format "
                             f"{', '.join(FORMAT_VERSIONS)}")
        try:
            status = f["status"][:]
            varied = {name: attribute_text(f[name].attrs["parameter"]) for name in f
                      if name.startswith("param_") and "parameter" in f[name].attrs}
            cell = f["cell"][:] if "cell" in f else np.zeros(len(status), dtype=np.int32)
            values = {key: f[name][:] for name, key in varied.items()}
            parameters = {name: _plain(value) for name, value in f["parameters"].attrs.items()}
            provenance = _provenance(f)
        except (KeyError, OSError) as error:
            raise ValueError(f"{path}: damaged wijksim results file ({_first_line(error)})") from None
    return {
        "status": status,
        "pending": int((status == 0).sum()),
        "failed": int((status == FAILED).sum()),
        "cells": int(cell.max()) + 1 if len(cell) else 0,
        "design": _design(cell, values),
        "varied": varied,
        "base_parameters": parameters,
        "provenance": provenance,
    }


def _provenance(f):
    group = f.get("provenance")
    if group is None:
        return {}
    values = {name: attribute_text(value) for name, value in group.attrs.items()}
    for name in ("scenario_text", "sweep_text"):
        if name in group:
            values[name] = attribute_text(group[name][()])
    return values


def _design(cells, values):
    """Each cell's varied values, from its first run."""
    design = {}
    for run, cell in enumerate(cells.tolist()):
        if cell not in design:
            design[cell] = {key: float(column[run]) for key, column in values.items()}
    return design


def _design_as_coordinates(ds, varied):
    """ds with its design variables as coordinates, and the varied keys in
    the order of the sweep file (xarray keeps the file's creation order)."""
    if "cell" not in ds:
        ds = ds.assign(cell=("run", np.zeros(ds.sizes["run"], dtype=np.int32)))
    if "replicate" not in ds:  # a plain run file: its runs are its replicates
        ds = ds.assign(replicate=("run", ds["run"].values.astype(np.int32)))
    ds = ds.set_coords([name for name in DESIGN_VARIABLES if name in ds])
    names = [name for name in ds.variables if name in varied]
    for name in names:
        ds = ds.assign_coords({varied[name]: ds[name]}).drop_vars(name)
    return ds, [varied[name] for name in names]


def _plain(value):
    """An HDF5 attribute value as JSON-able Python."""
    if isinstance(value, (bytes, np.bytes_)):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    return value


def attribute_text(value):
    """An HDF5 text attribute or scalar string as str, however h5py hands it over."""
    if isinstance(value, (bytes, np.bytes_)):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray) and value.shape == ():
        return attribute_text(value[()])
    return str(value)


def _first_line(error):
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
