"""Event rates per unit of exposure, one definition each, for comparing
worlds and policies whose numbers of households or workers differ.

Both are computed per run over a window of recorded weeks (the last
`window` weeks, every recorded week if None), as ratios of totals over the
window, so a week with many workers weighs more than a week with few:

- incidents per household-year: the incidents from working outside the
  lines (metric `incidents`, events per week) summed over the window,
  divided by the household-years of the window: households x weeks / 52,
  where households = n_neighbourhoods x households_per_nbh (the run's
  parameters; the model's number of households does not change over a
  run). Equivalently: mean weekly incidents x 52 / households.
- burnouts per worker-year: the helpers who burnt out (metric
  `burnout_new`, events per week) summed over the window, divided by the
  worker-years of active service in it: the weekly number of active helpers
  of every type (`type_active` summed over `helper_type`, which counts
  standard workers as well as Best Persons, and leaves out helpers on
  burnout leave) summed over the window's weeks, / 52. Helpers on leave are
  left out of the denominator because they cannot burn out again while on
  leave: the rate is burnouts per year of being at risk of one.
"""
import warnings

import numpy as np
import xarray as xr

from analysis.load import WEEKS_PER_YEAR, base_parameters, last_weeks, metric

# The definitions in words, for a reader of a report.
IN_WORDS = {
    "incidents_per_household_year":
        "incidents per household-year: the incidents from working outside the lines in the weeks averaged, "
        "times 52, divided by the number of weeks and by the number of households (neighbourhoods times "
        "households per neighbourhood)",
    "burnouts_per_worker_year":
        "burnouts per worker-year: the helpers who burnt out in the weeks averaged, divided by the years of "
        "active service in them (each week's active helpers of every type, standard workers and Best Persons "
        "alike, added up over the weeks and divided by 52); helpers on burnout leave are not counted, since "
        "they cannot burn out again while on leave",
}

INCIDENTS = "incidents"
BURNOUTS = "burnout_new"
ACTIVE_HELPERS = "type_active"
# Keys of the parameters that set the number of households, as a sweep varies them.
HOUSEHOLD_PARAMETERS = ("scale.n_neighbourhoods", "scale.households_per_nbh")


def households(ds):
    """Households of each run: n_neighbourhoods x households_per_nbh, from the
    run's own values where a sweep varies them, else the file's parameters."""
    parameters = base_parameters(ds)
    counts = []
    for key in HOUSEHOLD_PARAMETERS:
        if key in ds.coords and ds[key].dims == ("run",):
            counts.append(ds[key].values.astype(np.float64))
        else:
            name = key.split(".")[-1]
            if name not in parameters:
                raise ValueError(f"{ds.attrs.get('source_path', 'dataset')}: no parameter {name}, needed for "
                                 "the number of households")
            counts.append(np.full(ds.sizes["run"], float(parameters[name])))
    return xr.DataArray(counts[0] * counts[1], dims=("run",), coords=ds["run"].coords)


def incidents_per_household_year(ds, window=None):
    """Incidents per household-year of each run over the window (see the
    module's docstring). A DataArray over run with the design's coordinates."""
    weekly = last_weeks(metric(ds, INCIDENTS), window)
    return _per_year(weekly.sum("week"), _weeks_recorded(weekly) * households(ds))


def burnouts_per_worker_year(ds, window=None):
    """Burnouts per worker-year of active service of each run over the
    window (see the module's docstring). A DataArray over run with the
    design's coordinates; NaN for a run without any active helper."""
    burnouts = last_weeks(metric(ds, BURNOUTS), window)
    active = last_weeks(metric(ds, ACTIVE_HELPERS), window).sum("helper_type", skipna=False)
    both = np.isfinite(burnouts) & np.isfinite(active)
    return _per_year(burnouts.where(both).sum("week"), active.where(both).sum("week"))


def _weeks_recorded(weekly):
    return np.isfinite(weekly).sum("week")


def _per_year(events, unit_weeks):
    """Events per year of exposure, given the exposure in unit-weeks."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return events * WEEKS_PER_YEAR / unit_weeks.where(unit_weeks > 0)
