"""The room x backing dose–response of a grid sweep: every cell against a
baseline, paired run by run, in four outcomes a policy maker weighs against
one another, and the rule that marks the cells where problems fall without
more incidents or burnouts.

Pairing (common random numbers): against a baseline file of one scenario's
runs, each run of a cell pairs with the baseline run of the same seed
(`wijksim run --replicates N --seed S` gives replicate r the seed a sweep
with base_seed S gives replicate r in every cell); against a reference cell
of the sweep itself, replicate r of a cell pairs with replicate r of the
reference cell. The difference cell − baseline is taken per pair, and its
mean gets a 95 % t-interval over the pairs (analysis.paired.mean_interval).
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from analysis import rates
from analysis.compare import pair_with_cell, pair_with_file
from analysis.load import window_mean
from analysis.outcomes import key_outcome
from analysis.paired import mean_interval

AXES = ("bending.room", "bending.backing")


@dataclass(frozen=True)
class Outcome:
    name: str
    subject: str  # what it counts, for a sentence or a figure's title
    unit: str
    per_run: Callable  # (ds, window) -> DataArray over run, in `unit`


def _share(metric):
    outcome = key_outcome(metric)
    return Outcome(metric, outcome.subject, outcome.unit,
                   lambda ds, window: window_mean(ds, metric, window) * outcome.scale)


OUTCOMES = (
    _share("multi_problem_share"),
    _share("debt_problem_share"),
    Outcome("incidents_per_household_year", "incidents from working outside the lines", "per household-year",
            rates.incidents_per_household_year),
    Outcome("burnouts_per_worker_year", "burnouts", "per worker-year", rates.burnouts_per_worker_year),
)
# The marking rule: both of these must fall, clearly ...
MUST_FALL = ("multi_problem_share", "debt_problem_share")
# ... while neither of these may clearly rise.
MUST_NOT_RISE = ("incidents_per_household_year", "burnouts_per_worker_year")

COLUMNS = ["cell", *AXES, "outcome", "subject", "unit", "baseline_mean", "cell_mean", "difference",
           "ci_low", "ci_high", "pairs"]


def meets_rule(intervals):
    """Whether a cell is marked: {outcome name: (ci_low, ci_high)} of the 95 %
    CI of its paired difference cell − baseline.

    Marked when the multi-problem share and the debt share both fall (the
    whole interval below zero) and neither incidents per household-year nor
    burnouts per worker-year rise (the interval's lower end not above zero).
    A cell without a finite interval for any of the four is not marked: with
    fewer than two pairs, nothing can be told from noise.
    """
    bounds = {name: tuple(float(v) for v in intervals[name]) for name in (*MUST_FALL, *MUST_NOT_RISE)}
    if not all(np.isfinite(low) and np.isfinite(high) for low, high in bounds.values()):
        return False
    return (all(bounds[name][1] < 0 for name in MUST_FALL)
            and all(not bounds[name][0] > 0 for name in MUST_NOT_RISE))


def paired_differences(ds, window=None, baseline=None, reference_cell=None):
    """Every outcome of every cell of ds against the baseline: the file
    `baseline` (a dataset of analysis.load.load holding one scenario's
    runs) if given, else the cell `reference_cell` of ds.

    One row per cell and outcome (COLUMNS), the cells of the pairs in cell
    order; the reference cell itself has no row. ValueError when the runs
    cannot be paired (analysis.compare.pair_with_file, pair_with_cell).
    """
    if (baseline is None) == (reference_cell is None):
        raise ValueError("give either a baseline file or a reference cell")
    missing = [key for key in AXES if key not in ds.coords]
    if missing:
        raise ValueError(f"{ds.attrs.get('source_path', 'dataset')}: {', '.join(missing)} not varied; a "
                         "dose–response needs a grid over room and backing")
    if baseline is not None:
        base_index, cell_index = pair_with_file(baseline, ds)
        reference = baseline
    else:
        base_index, cell_index = pair_with_cell(ds, reference_cell)
        reference = ds
    cells = ds["cell"].values[cell_index]
    rows = []
    for outcome in OUTCOMES:
        values = np.asarray(outcome.per_run(ds, window).values, dtype=float)
        base_values = (values if reference is ds else
                       np.asarray(outcome.per_run(reference, window).values, dtype=float))[base_index]
        cell_values = values[cell_index]
        for cell in np.unique(cells):
            run = cell_index[cells == cell]
            pair = (cells == cell) & np.isfinite(base_values) & np.isfinite(cell_values)
            interval = mean_interval(cell_values[pair] - base_values[pair])
            rows.append({"cell": int(cell), **{key: float(ds[key].values[run[0]]) for key in AXES},
                         "outcome": outcome.name, "subject": outcome.subject, "unit": outcome.unit,
                         "baseline_mean": _mean(base_values[pair]), "cell_mean": _mean(cell_values[pair]),
                         "difference": interval.mean, "ci_low": interval.low, "ci_high": interval.high,
                         "pairs": interval.n})
    return pd.DataFrame(rows, columns=COLUMNS)


def marked_cells(differences):
    """Per cell of a paired_differences table: its axes and whether
    meets_rule marks it, as a DataFrame with columns cell, room, backing,
    marked."""
    rows = []
    for cell, table in differences.groupby("cell", sort=True):
        by_outcome = table.set_index("outcome")
        intervals = {name: (by_outcome.at[name, "ci_low"], by_outcome.at[name, "ci_high"])
                     for name in (*MUST_FALL, *MUST_NOT_RISE)}
        rows.append({"cell": int(cell), **{key: table[key].iloc[0] for key in AXES},
                     "marked": meets_rule(intervals)})
    return pd.DataFrame(rows, columns=["cell", *AXES, "marked"])


def _mean(values):
    return float(values.mean()) if len(values) else float("nan")
