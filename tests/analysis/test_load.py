"""analysis.load reads a results file as xarray with the sweep design as
coordinates, the same values as h5py, only finished runs, and refuses what
is not a wijksim format 1 file with a message naming the file."""
import os
import shutil

import h5py
import numpy as np
import pytest

from analysis.load import base_parameters, by_parameters, design, load, varied_parameters, window_mean
from conftest import BACKINGS, REPLICATES, ROOMS, RUN_REPLICATES, RUN_SEED, WEEKS

RUNS = len(ROOMS) * len(BACKINGS) * REPLICATES


def derive_run_seed(base_seed, replicate):
    """core/rng.h's splitmix64 derivation, the seed of replicate r of a sweep."""
    mask = (1 << 64) - 1
    z = (base_seed + 0x9E3779B97F4A7C15 * (replicate + 1)) & mask
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
    return z ^ (z >> 31)


def copy(path, tmp_path, name="copy.h5"):
    target = tmp_path / name
    shutil.copyfile(path, target)
    return target


def test_grid_has_the_files_dimensions_and_the_design_as_run_coordinates(grid_file, grid_ds):
    ds = grid_ds
    assert dict(ds.sizes) == {"run": RUNS, "week": WEEKS, "neighbourhood": 2, "helper_type": 6, "domain": 5,
                              "complexity": 3, **({"message_char": 500} if "message_char" in ds.sizes else {})}
    for name in ("bending.room", "bending.backing", "cell", "replicate", "seed"):
        assert name in ds.coords and ds[name].dims == ("run",), name
    assert not [name for name in ds.variables if name.startswith("param_")]
    assert varied_parameters(ds) == ["bending.room", "bending.backing"]
    assert ds["bending.room"].attrs["parameter"] == "bending.room"
    with h5py.File(grid_file, "r") as f:
        np.testing.assert_array_equal(ds["bending.room"].values, f["param_bending_room"][:])
        np.testing.assert_array_equal(ds["bending.backing"].values, f["param_bending_backing"][:])
        for name in ("cell", "replicate", "seed"):
            np.testing.assert_array_equal(ds[name].values, f[name][:])
        np.testing.assert_array_equal(ds["wellbeing_mean"].values, f["wellbeing_mean"][:])
        np.testing.assert_array_equal(ds["p_mean"].sel(domain="youth").values, f["p_mean"][:, :, 4])
    assert ds.attrs["runs_left_out_pending"] == 0 and ds.attrs["runs_left_out_failed"] == 0
    assert design(ds)[4] == {"bending.room": 1.0, "bending.backing": 0.5}


def test_base_parameters_are_the_parameters_group(grid_file, grid_ds):
    parameters = base_parameters(grid_ds)
    with h5py.File(grid_file, "r") as f:
        stored = dict(f["parameters"].attrs)
    assert parameters.keys() == stored.keys()
    np.testing.assert_array_equal(parameters["room"], stored["room"])
    assert parameters["n_neighbourhoods"] == 2
    assert parameters["recruit_channel"] == stored["recruit_channel"].decode()


def test_only_finished_runs_are_kept_and_the_rest_counted(grid_file, tmp_path):
    path = copy(grid_file, tmp_path)
    with h5py.File(path, "r+") as f:
        f["status"][1] = 0
        f["status"][4] = 2
    ds = load(path)
    assert ds.sizes["run"] == RUNS - 2
    assert 1 not in ds["run"].values and 4 not in ds["run"].values
    assert ds.attrs["runs_left_out_pending"] == 1 and ds.attrs["runs_left_out_failed"] == 1
    with h5py.File(grid_file, "r") as f:
        np.testing.assert_array_equal(ds["trust_mean"].sel(run=5).values, f["trust_mean"][5])


def test_a_file_without_a_finished_run_is_refused(grid_file, tmp_path):
    path = copy(grid_file, tmp_path)
    with h5py.File(path, "r+") as f:
        f["status"][:] = 0
    with pytest.raises(ValueError, match=f"{path}: no finished run"):
        load(path)


def test_by_parameters_gives_the_grid_axes_and_replicates(grid_file, grid_ds):
    grid = by_parameters(grid_ds, ["bending.room", "bending.backing"])
    assert grid["wellbeing_mean"].dims == ("bending.room", "bending.backing", "replicate", "week")
    assert list(grid["bending.backing"].values) == list(BACKINGS)
    cell = 1 * len(BACKINGS) + 1  # room 1, backing 0.5: the first parameter varies slowest
    with h5py.File(grid_file, "r") as f:
        np.testing.assert_array_equal(
            grid["wellbeing_mean"].sel({"bending.room": 1.0, "bending.backing": 0.5, "replicate": 2}).values,
            f["wellbeing_mean"][cell * REPLICATES + 2])


def test_by_parameters_names_the_keys_when_the_runs_are_no_full_grid(grid_ds):
    ds = grid_ds
    with pytest.raises(ValueError, match="not a full grid over bending.room and replicate"):
        by_parameters(ds, ["bending.room"])  # backing varies too
    with pytest.raises(ValueError, match="bending.room, bending.backing"):
        by_parameters(ds.isel(run=slice(1, None)), ["bending.room", "bending.backing"])
    with pytest.raises(ValueError, match="no varied parameter bending.nothing"):
        by_parameters(ds, ["bending.nothing"])


@pytest.mark.parametrize("window", [None, 1, 13])
def test_window_mean_is_the_nan_ignoring_mean_of_the_last_weeks(grid_file, grid_ds, window):
    with h5py.File(grid_file, "r") as f:
        values = f["hire_fit_mean"][:].astype(np.float64)  # NaN in weeks without hires
    values = values if window is None else values[:, -window:]
    expected = np.array([np.nanmean(row) if np.isfinite(row).any() else np.nan for row in values])
    np.testing.assert_allclose(window_mean(grid_ds, "hire_fit_mean", window).values, expected, rtol=1e-12)


def test_window_mean_refuses_a_window_outside_the_recorded_weeks(grid_ds):
    with pytest.raises(ValueError, match="window 27 is not between 1 and the 26"):
        window_mean(grid_ds, "trust_mean", 27)
    with pytest.raises(ValueError, match="no metric 'nothing'"):
        window_mean(grid_ds, "nothing")


def test_a_plain_run_is_cell_0_replicate_0(single_run_file):
    ds = load(single_run_file)
    assert ds.sizes["run"] == 1
    assert ds["cell"].values.tolist() == [0] and ds["replicate"].values.tolist() == [0]
    assert ds["seed"].values.tolist() == [5]
    assert varied_parameters(ds) == [] and design(ds) == {0: {}}


def test_replicates_of_a_run_have_the_seeds_of_a_sweeps_replicates(run_files, grid_ds):
    ds = load(run_files[0])
    assert ds["replicate"].values.tolist() == list(range(RUN_REPLICATES))
    assert ds["cell"].values.tolist() == [0] * RUN_REPLICATES
    expected = [derive_run_seed(RUN_SEED, r) for r in range(RUN_REPLICATES)]
    assert [int(s) for s in ds["seed"].values] == expected
    for r in range(REPLICATES):  # the grid's base_seed is RUN_SEED: its replicate r has the same seed
        assert set(grid_ds["seed"].values[grid_ds["replicate"].values == r].tolist()) == {expected[r]}


def test_a_text_file_is_not_hdf5(sim_dir):
    with pytest.raises(ValueError, match=r"tiny.toml: not an HDF5 file or damaged \("):
        load(sim_dir / "tiny.toml")


def test_a_truncated_file_is_damaged(grid_file, tmp_path):
    path = tmp_path / "truncated.h5"
    data = grid_file.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match=r"truncated.h5: not an HDF5 file or damaged"):
        load(path)


def test_a_foreign_hdf5_file_is_not_a_wijksim_results_file(tmp_path):
    path = tmp_path / "foreign.h5"
    with h5py.File(path, "w") as f:
        f["status"] = np.ones(3, dtype=np.int8)
        f.attrs["title"] = "someone else's data"
    with pytest.raises(ValueError, match=r"foreign.h5: not a wijksim results file \(no wijksim_format"):
        load(path)


def test_an_unknown_format_version_is_refused(grid_file, tmp_path):
    path = copy(grid_file, tmp_path)
    with h5py.File(path, "r+") as f:
        f.attrs["wijksim_format"] = np.bytes_("2")
    with pytest.raises(ValueError, match=r"copy.h5: unknown wijksim_format '2'"):
        load(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ValueError, match=r"absent.h5: no such file"):
        load(tmp_path / "absent.h5")


DAMAGED = os.path.join(os.path.dirname(__file__), "..", "fuzz", "corpus", "results", "damaged-link-index.h5")


def test_a_file_that_crashes_hdf5_is_refused_as_damaged(tmp_path):
    # Its damaged link index made libhdf5 free memory it never set; reading
    # it in this process could crash the interpreter.
    path = tmp_path / "damaged.h5"
    shutil.copyfile(DAMAGED, path)
    with pytest.raises(ValueError, match=f"{path}: damaged"):
        load(path)


def test_a_damaged_chunk_is_refused_when_loading_not_later(single_run_file, tmp_path):
    # A run file's variables are compressed chunks. xarray reads lazily:
    # without the check, the bad chunk would surface as an OSError in whatever
    # computation first touched it, without the file's name.
    path = tmp_path / "damaged-chunk.h5"
    with open(single_run_file, "rb") as source:
        data = bytearray(source.read())
    with h5py.File(single_run_file, "r") as f:
        chunk = f["wellbeing_mean"].id.get_chunk_info(0)
    assert chunk.size > 16
    data[chunk.byte_offset:chunk.byte_offset + chunk.size] = bytes(i % 251 for i in range(chunk.size))
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match=f"{path}: damaged"):
        load(path)
