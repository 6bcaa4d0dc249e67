"""A sweep results file as arrays: which run is which cell and replicate,
and any metric summed or averaged over a window of recorded weeks."""
import warnings

import numpy as np

from .load import all_runs_done, attribute_text, base_parameters, load, varied_parameters

HELPER_TYPES = ("standard_worker", "frontline_worker", "bridge_builder_inside",
                "bridge_builder_outside", "everyday_doer", "social_entrepreneur")
COMPLEXITIES = ("one", "two", "three_or_more")


class SweepData:
    """Runs of one sweep file arranged as [cell, replicate]."""

    def __init__(self, path):
        self.path = str(path)
        self._ds = load(self.path, empty_ok=True)
        if not all_runs_done(self._ds):
            left_out = self._ds.attrs["runs_left_out_pending"] + self._ds.attrs["runs_left_out_failed"]
            raise ValueError(f"{self.path}: {left_out} runs are not done; finish the sweep with --resume first")
        self.cell = self._ds["cell"].values
        self.replicate = self._ds["replicate"].values
        self.seed = self._ds["seed"].values
        self.run_seconds = float(self._ds["wall_seconds"].values.sum())
        self.weeks = self._ds.sizes["week"]
        self.base_parameters = base_parameters(self._ds)
        self.git_commit = attribute_text(self._ds.attrs.get("git_commit", "unknown"))  # of the wijksim that ran it
        self.parameters = {key: self._ds[key].values for key in varied_parameters(self._ds)}
        self.cells = int(self.cell.max()) + 1
        self.replicates = int(self.replicate.max()) + 1
        self._order = np.lexsort((self.replicate, self.cell))
        self._cache = {}

    def parameter(self, name):
        """A parameter of the sweep's base scenario (the same in every run)."""
        value = self.base_parameters[name]
        return float(value) if np.ndim(value) == 0 else np.asarray(value, dtype=float)

    def metric(self, name):
        """All of a metric's values, [run, week, ...] in file order."""
        if name not in self._cache:
            self._cache[name] = self._ds[name].values.astype(np.float64)
        return self._cache[name]

    def by_cell(self, per_run):
        """A per-run array reshaped to [cell, replicate, ...]."""
        values = np.asarray(per_run)[self._order]
        return values.reshape((self.cells, self.replicates) + values.shape[1:])

    def cell_value(self, parameter, cell):
        values = self.by_cell(self.parameters[parameter])
        return float(values[cell, 0])


def weeks(first, last):
    """Recorded weeks first..last (1-based, inclusive) as an index slice."""
    return slice(first - 1, last)


def window_sum(data, name, window, index=None):
    values = data.metric(name)[:, window]
    if index is not None:
        values = values[..., index]
    return np.nansum(values, axis=1)


def window_mean(data, name, window, index=None):
    """Mean over the window's recorded (non-NaN) weeks; NaN for a run with none."""
    values = data.metric(name)[:, window]
    if index is not None:
        values = values[..., index]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a run without any value gives NaN, as it should
        return np.nanmean(values, axis=1)


def rate_per_100_years(data, events, exposure, window, index=None):
    """Events per 100 years of exposure: exposure is a weekly stock (open
    cases, active Best Persons, FTE), so a year of it is 52 weekly units."""
    years = window_sum(data, exposure, window, index) / 52.0
    return 100.0 * window_sum(data, events, window, index) / np.where(years > 0, years, np.nan)


def weighted_mean(data, value, weight, window, index=None):
    """Mean of a weekly mean, weighted by the weekly count behind it."""
    v = data.metric(value)[:, window]
    w = data.metric(weight)[:, window]
    if index is not None:
        v, w = v[..., index], w[..., index]
    v = np.where(np.isnan(v), 0.0, v)
    total = w.sum(axis=1)
    return (v * w).sum(axis=1) / np.where(total > 0, total, np.nan)
