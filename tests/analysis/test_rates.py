"""The two rates of analysis.rates on hand-made numbers, where the answer is
known, and on a grid the simulator writes, against h5py."""
import json

import h5py
import numpy as np
import xarray as xr

from analysis import rates
from analysis.load import load
from conftest import DOSE_SETTINGS

WINDOW = 26


def hand_made_dataset(households_per_nbh=None):
    """Two runs of four weeks in a world of 2 x 50 households."""
    incidents = [[1, 0, 2, 1], [0, 0, 0, 4]]
    burnouts = [[0, 1, 0, 1], [0, 0, 1, 0]]
    active = np.zeros((2, 4, 6))
    active[0, :, 0], active[0, :, 1] = 15, 5     # 20 active helpers every week
    active[1, :, 2] = [10, 30, 0, 40]           # 80 helper-weeks in all
    ds = xr.Dataset({"incidents": (("run", "week"), np.array(incidents, dtype=np.float32)),
                     "burnout_new": (("run", "week"), np.array(burnouts, dtype=np.float32)),
                     "type_active": (("run", "week", "helper_type"), active.astype(np.float32))},
                    coords={"run": [0, 1], "week": [1, 2, 3, 4]})
    ds.attrs["base_parameters_json"] = json.dumps({"n_neighbourhoods": 2, "households_per_nbh": 50})
    if households_per_nbh is not None:
        ds = ds.assign_coords({"scale.households_per_nbh": ("run", households_per_nbh)})
    return ds


def test_incidents_per_household_year_on_hand_made_numbers():
    ds = hand_made_dataset()
    # 4 incidents in 4 weeks among 100 households: 4 x 52 / (4 x 100)
    np.testing.assert_allclose(rates.incidents_per_household_year(ds).values, [0.52, 0.52])
    # the last 2 weeks: 3 and 4 incidents in 2 weeks
    np.testing.assert_allclose(rates.incidents_per_household_year(ds, window=2).values,
                               [3 * 52 / 200, 4 * 52 / 200])
    # a sweep that varies the households per neighbourhood: each run its own
    varied = hand_made_dataset(households_per_nbh=[50, 200])
    np.testing.assert_allclose(rates.incidents_per_household_year(varied).values, [0.52, 0.13])


def test_burnouts_per_worker_year_on_hand_made_numbers():
    ds = hand_made_dataset()
    # run 0: 2 burnouts in 80 helper-weeks; run 1: 1 in 80, however unevenly spread
    np.testing.assert_allclose(rates.burnouts_per_worker_year(ds).values, [2 * 52 / 80, 52 / 80])
    # run 1's last two weeks: 1 burnout in 40 helper-weeks
    np.testing.assert_allclose(rates.burnouts_per_worker_year(ds, window=2).values, [52 / 40, 52 / 40])
    assert np.isnan(rates.burnouts_per_worker_year(ds.assign(type_active=ds.type_active * 0)).values).all()


def test_rates_of_a_grid_match_h5py(dose_files):
    grid, _ = dose_files
    households = DOSE_SETTINGS["scale.n_neighbourhoods"] * DOSE_SETTINGS["scale.households_per_nbh"]
    with h5py.File(grid, "r") as f:
        incidents = f["incidents"][:, -WINDOW:].astype(np.float64).sum(axis=1)
        burnouts = f["burnout_new"][:, -WINDOW:].astype(np.float64).sum(axis=1)
        helper_weeks = f["type_active"][:, -WINDOW:, :].astype(np.float64).sum(axis=(1, 2))
    ds = load(grid)
    assert (rates.households(ds).values == households).all()
    np.testing.assert_allclose(rates.incidents_per_household_year(ds, WINDOW).values,
                               incidents * 52 / (WINDOW * households), rtol=1e-12)
    np.testing.assert_allclose(rates.burnouts_per_worker_year(ds, WINDOW).values,
                               burnouts / (helper_weeks / 52), rtol=1e-12)
