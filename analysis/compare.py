"""Paired comparisons of the key outcomes, the numbers `wijksim compare`
prints: B − A per pair of runs that share their random numbers, with a
95 % t-interval and a sentence that says it in words.

Runs pair by common random numbers: across two files, a run of A with the
run of B in the same design cell with the same seed; within one sweep file,
a cell's replicate with the same replicate of the baseline cell (replicate r
has the same seed in every cell); a sweep against a file of one scenario's
runs, every cell's run with the baseline run of the same seed.
"""
import warnings

import numpy as np
import pandas as pd

from analysis.load import design, load, metric_names, varied_parameters, window_mean
from analysis.outcomes import key_outcomes, sentence
from analysis.paired import mean_interval

COLUMNS = ["outcome", "subject", "unit", "better", "a_mean", "b_mean", "difference",
           "ci_low", "ci_high", "pairs", "text"]


def compare_files(a, b, window=None):
    """Key outcomes of B against A, pairing runs by (cell, seed).

    a and b are paths or datasets from analysis.load.load. ValueError naming
    both files when they cannot be paired: different metrics, recorded
    weeks or sweep designs, or no seed in common. Runs without a partner
    are left out with a warning.

    One row per design cell and key outcome, with a column per varied
    parameter; df.attrs holds a, b (path, scenario, runs), window
    (first_week, last_week), pairs and parameters (the varied keys).
    """
    a, b = _dataset(a), _dataset(b)
    both = f"{_path(a)} and {_path(b)}"
    _check_comparable(a, b, both)
    a_index, b_index = _pair_by_cell_and_seed(a, b, both)
    window = _window(a, window)
    rows = _rows(a, b, a_index, b_index, window)
    return _frame(rows, a, b, window, len(a_index))


def compare_cells(ds, baseline_cell=0, window=None):
    """Key outcomes of each design cell of one file against its baseline
    cell, pairing runs by replicate. Same columns and attrs as
    compare_files; a is the baseline cell, b every other cell in turn."""
    ds = _dataset(ds)
    window = _window(ds, window)
    a_index, b_index = pair_with_cell(ds, baseline_cell)
    rows = _rows(ds, ds, a_index, b_index, window)
    return _frame(rows, ds, ds, window, len(a_index), a_label=f"cell {baseline_cell}", b_label="other cells")


def compare_cells_with_file(baseline, ds, window=None):
    """Key outcomes of each design cell of a sweep (B) against a file of one
    scenario's runs (A), pairing each run of a cell with the baseline run of
    the same seed. Same columns and attrs as compare_files."""
    baseline, ds = _dataset(baseline), _dataset(ds)
    a_index, b_index = pair_with_file(baseline, ds)
    window = _window(ds, window)
    rows = _rows(baseline, ds, a_index, b_index, window, cell_parameters=design(ds))
    return _frame(rows, baseline, ds, window, len(a_index), keys=varied_parameters(ds))


def pair_with_cell(ds, baseline_cell):
    """(baseline run, other run) index arrays pairing every run outside the
    baseline cell with the baseline cell's run of the same replicate, which
    a sweep gives the same seed. ValueError if the seeds differ or nothing
    pairs."""
    cells = np.unique(ds["cell"].values)
    if baseline_cell not in cells:
        raise ValueError(f"{_path(ds)}: no finished run in baseline cell {baseline_cell}; "
                         f"cells are {', '.join(str(c) for c in cells)}")
    cell, replicate, seed = (ds[name].values for name in ("cell", "replicate", "seed"))
    baseline = {int(r): i for i, r in enumerate(replicate) if cell[i] == baseline_cell}
    a_index, b_index = [], []
    for i in np.argsort(cell, kind="stable"):
        partner = baseline.get(int(replicate[i]))
        if cell[i] == baseline_cell or partner is None:
            continue
        if seed[i] != seed[partner]:
            raise ValueError(f"{_path(ds)}: replicate {replicate[i]} has seed {seed[i]} in cell {cell[i]} but "
                             f"{seed[partner]} in cell {baseline_cell}; its runs do not share random numbers")
        a_index.append(partner)
        b_index.append(int(i))
    if not a_index:
        raise ValueError(f"{_path(ds)}: no other cell shares a replicate with baseline cell {baseline_cell}")
    return np.array(a_index), np.array(b_index)


def pair_with_file(baseline, ds):
    """(baseline run, run of ds) index arrays pairing every run of ds, in
    whatever cell, with the run of the baseline file that has its seed:
    `wijksim run --replicates N --seed S` gives replicate r the seed that a
    sweep with base_seed S gives replicate r in every cell.

    ValueError naming both files when the baseline holds several cells,
    they recorded different metrics or weeks, or share no seed. Runs of ds
    without a partner are left out with a warning."""
    both = f"{_path(baseline)} and {_path(ds)}"
    _check_same_outputs(baseline, ds, both)
    if len(design(baseline)) > 1:
        raise ValueError(f"{both}: the baseline {_design_text(baseline)}; give a file of one scenario's runs "
                         "(wijksim run SCENARIO --replicates N), or a sweep of the same design")
    partners = _run_keys(baseline, both)
    seeds = ds["seed"].values.tolist()
    b_index = [i for i in np.argsort(ds["cell"].values, kind="stable") if (0, seeds[i]) in partners]
    if not b_index:
        raise ValueError(f"{both} share no seeds, so no run of one pairs with a run of the other; run the "
                         "baseline with the sweep's base_seed as --seed and its replicates as --replicates")
    unpaired = len(seeds) - len(b_index)
    if unpaired:
        warnings.warn(f"{both}: {unpaired} runs of the second have no partner with the same seed in the first; "
                      f"comparing the {len(b_index)} pairs they share", stacklevel=3)
    return np.array([partners[(0, seeds[i])] for i in b_index]), np.array(b_index, dtype=int)


def comparison_json(df):
    """The comparisons as `wijksim compare --format json` writes them (NaN as None)."""
    keys = df.attrs["parameters"]
    comparisons = []
    for row in df.to_dict("records"):
        item = {"cell": int(row["cell"]), "parameters": {key: row[key] for key in keys}}
        item.update({column: row[column] for column in COLUMNS})
        comparisons.append({k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in item.items()})
    return {"a": df.attrs["a"], "b": df.attrs["b"], "window": df.attrs["window"], "pairs": df.attrs["pairs"],
            "comparisons": comparisons}


def _dataset(source):
    return source if hasattr(source, "data_vars") else load(source)


def _path(ds):
    return ds.attrs.get("source_path", "dataset")


def _check_comparable(a, b, both):
    _check_same_outputs(a, b, both)
    a_design, b_design = design(a), design(b)
    if (len(a_design) > 1 or len(b_design) > 1) and a_design != b_design:
        raise ValueError(f"different sweeps: {_design_text(a)}, {_design_text(b)}; runs pair only cell by cell "
                         "within one design")


def _check_same_outputs(a, b, both):
    a_metrics, b_metrics = set(metric_names(a)), set(metric_names(b))
    if a_metrics != b_metrics:
        only = sorted(a_metrics - b_metrics), sorted(b_metrics - a_metrics)
        raise ValueError(f"{both} hold different metrics (only in the first: {', '.join(only[0]) or 'none'}; "
                         f"only in the second: {', '.join(only[1]) or 'none'}); were they written by different "
                         "versions of wijksim?")
    if a.sizes["week"] != b.sizes["week"]:
        raise ValueError(f"{both} recorded different numbers of weeks ({a.sizes['week']} and "
                         f"{b.sizes['week']}); compare runs of the same horizon")


def _design_text(ds):
    keys = varied_parameters(ds)
    cells = ds.attrs["design_cells"]
    what = f"sweep {ds.attrs['sweep_name']}" if ds.attrs.get("sweep_name") else \
        f"runs of scenario {ds.attrs.get('scenario_name', '?')}"
    return (f"{_path(ds)} ({what}) varies {', '.join(keys) or 'no parameter'} over {cells} "
            f"{'cell' if cells == 1 else 'cells'}")


def _pair_by_cell_and_seed(a, b, both):
    a_keys = _run_keys(a, both)
    b_keys = _run_keys(b, both)
    shared = [key for key in a_keys if key in b_keys]
    if not shared:
        raise ValueError(f"{both} share no seeds, so no run of one pairs with a run of the other; run both "
                         "with the same --seed and --replicates (or sweeps with the same base_seed)")
    unpaired_a, unpaired_b = len(a_keys) - len(shared), len(b_keys) - len(shared)
    if unpaired_a or unpaired_b:
        warnings.warn(f"{both}: {unpaired_a} runs of the first and {unpaired_b} of the second have no partner "
                      f"with the same cell and seed; comparing the {len(shared)} pairs they share", stacklevel=3)
    shared.sort()
    return np.array([a_keys[key] for key in shared]), np.array([b_keys[key] for key in shared])


def _run_keys(ds, both):
    keys = {}
    for i, key in enumerate(zip(ds["cell"].values.tolist(), ds["seed"].values.tolist())):
        if key in keys:
            raise ValueError(f"{both}: {_path(ds)} holds two runs of cell {key[0]} with seed {key[1]}, "
                             "so its runs cannot be paired")
        keys[key] = i
    return keys


def _window(ds, window):
    weeks = ds.sizes["week"]
    if window is None:
        return weeks
    window = int(window)
    if not 1 <= window <= weeks:
        raise ValueError(f"{_path(ds)}: window {window} is not between 1 and the {weeks} recorded weeks")
    return window


def _rows(a, b, a_index, b_index, window, cell_parameters=None):
    """One row per cell of the pairs (cell of B's run) and key outcome,
    with the cell's parameters as A's file gives them (as wijksim compare),
    unless cell_parameters says otherwise."""
    cell_parameters = design(a) if cell_parameters is None else cell_parameters
    cells = b["cell"].values[b_index]
    rows = []
    for outcome in key_outcomes():
        if outcome.metric not in a.data_vars:
            raise ValueError(f"{_path(a)}: no metric {outcome.metric}, a key outcome of compare")
        a_values = window_mean(a, outcome.metric, window).values[a_index] * outcome.scale
        b_values = window_mean(b, outcome.metric, window).values[b_index] * outcome.scale
        for cell in np.unique(cells):
            in_cell = cells == cell
            both_known = in_cell & np.isfinite(a_values) & np.isfinite(b_values)
            interval = mean_interval(b_values[both_known] - a_values[both_known])
            row = {"cell": int(cell), **cell_parameters.get(int(cell), {})}
            row.update({
                "outcome": outcome.metric, "subject": outcome.subject, "unit": outcome.unit,
                "better": outcome.better,
                "a_mean": _mean(a_values[both_known]), "b_mean": _mean(b_values[both_known]),
                "difference": interval.mean, "ci_low": interval.low, "ci_high": interval.high,
                "pairs": interval.n, "text": sentence(outcome, interval),
            })
            rows.append(row)
    return rows


def _mean(values):
    return float(values.mean()) if len(values) else float("nan")


def _frame(rows, a, b, window, pairs, a_label=None, b_label=None, keys=None):
    keys = varied_parameters(a) if keys is None else keys
    df = pd.DataFrame(rows, columns=["cell", *keys, *COLUMNS])
    df = df.sort_values(["cell"], kind="stable").reset_index(drop=True)
    weeks = b.sizes["week"]
    df.attrs.update({
        "a": _side(a, a_label), "b": _side(b, b_label),
        "window": {"first_week": weeks - window + 1, "last_week": weeks},
        "pairs": int(pairs), "parameters": keys,
    })
    return df


def _side(ds, label=None):
    scenario = ds.attrs.get("scenario_name", "")
    return {"path": _path(ds), "scenario": f"{scenario} ({label})" if label else scenario,
            "runs": int(ds.sizes["run"])}
