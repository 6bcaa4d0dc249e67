"""Global sensitivity indices from the simulator's sobol sweep designs.

A sweep with `design = "sobol"` runs the radial Saltelli design: for each of
N base samples, the cell A, the cell B, and for each of the k varied
parameters the cell AB_j, which is A with parameter j taken from B. From
the outcome in those cells this module estimates

- first-order Sobol indices S1_j with the estimator of Saltelli et al.
  (2010), "Variance based sensitivity analysis of model output. Design and
  estimator for the total sensitivity index", Comput. Phys. Commun. 181,
  259-270, Table 2 (b): S1_j = mean(f_B (f_AB_j - f_A)) / V;
- total-order indices ST_j with the estimator of Jansen (1999), "Analysis
  of variance designs for model output", Comput. Phys. Commun. 117, 35-43,
  Table 2 (f) of Saltelli et al. (2010): ST_j = mean((f_A - f_AB_j)^2) / (2 V);
- Morris elementary effects on the same cells, read as the radial
  one-at-a-time design of Campolongo, Saltelli and Cariboni (2011), "From
  screening to quantitative sensitivity analysis. A unified approach",
  Comput. Phys. Commun. 182, 978-988: each AB_j is a step in parameter j
  away from the base point A, so EE_j = (f_AB_j - f_A) / step_j with the
  step measured as a share of the parameter's range. mu* (the mean absolute
  effect, Campolongo et al. 2007) ranks parameters like ST at a fraction of
  the samples; sigma says how much a parameter's effect depends on where
  the others are (interactions or non-linearity).

Confidence intervals are percentile intervals of a bootstrap over base
samples (Archer, Saltelli and Sobol 1997): a base sample carries its A, B
and AB_j cells together, so resampling samples keeps the design intact.

The sweep file layout is docs/output-format.md, "Sweep files". The mapping
from `matrix = 2 + j` to a parameter is the order of the `param_` variables
as created (which analysis.load keeps as the order of the varied
parameters), and is checked against the values: in an AB_j cell exactly
parameter j has B's value. That order is [vary]'s with keys grouped by
their table: lines bending.room, problems.spill_rate, bending.backing
count as room, backing, spill_rate, because the TOML reader nests dotted
keys.
"""
import csv
import math
import tomllib
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.load import all_runs_done, attribute_text, load, provenance, varied_parameters

SOBOL_COLUMNS = ["parameter", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"]
MORRIS_COLUMNS = ["parameter", "mu", "mu_star", "mu_star_low", "mu_star_high", "sigma", "n_effects",
                  "lower", "upper"]

# A bootstrap chunk holds at most this many draws, so that a thousand
# resamples of N = 100,000 base samples do not need gigabytes at once.
BOOTSTRAP_CHUNK_VALUES = 4_000_000

# Figure sizes in inches at FIGURE_DPI: fixed so that figures of different
# sweeps line up side by side in a report.
FIGURE_DPI = 100
SOBOL_FIGSIZE = (7.0, 4.0)
MORRIS_FIGSIZE = (6.0, 4.5)
COMBINED_FIGSIZE = (13.0, 4.5)
FIGURE_FORMATS = (".png", ".svg", ".pdf")


# --------------------------------------------------------------------------
# Estimators on arrays


def _parameter_names(parameters, k):
    if parameters is None:
        return [f"x{j + 1}" for j in range(k)]
    names = [str(p) for p in parameters]
    if len(names) != k:
        raise ValueError(f"{len(names)} parameter names given for {k} parameters")
    return names


def _check_bootstrap(n_bootstrap, level):
    if int(n_bootstrap) != n_bootstrap or n_bootstrap < 1:
        raise ValueError(f"the number of bootstrap resamples must be a positive whole number, not {n_bootstrap}")
    if not 0.0 < level < 1.0:
        raise ValueError(f"the confidence level must lie between 0 and 1, not {level}")


def _sample_terms(f_A, f_B, f_AB):
    """Per-base-sample terms whose weighted means give both estimators.

    The outcome is first centred on the mean of f_A and f_B. Saltelli's
    mean(f_B (f_AB - f_A)) has sampling error proportional to the outcome's
    mean (it includes mean(f_B) * mean(f_AB - f_A), zero only in
    expectation): for a simulated share near 0.7 that varies by 0.01 across
    the design, S1's interval would span many times [-1, 1]. Centring
    removes that term and leaves the estimand unchanged (SALib standardises
    the output for the same reason).

    Columns: f_B (f_AB_j - f_A) for each j, f_AB_j - f_A for each j,
    (f_A - f_AB_j)^2 for each j, (f_A + f_B) / 2 and (f_A^2 + f_B^2) / 2.
    """
    centre = np.mean(np.concatenate([f_A, f_B]))
    f_A, f_B, f_AB = f_A - centre, f_B - centre, f_AB - centre
    step = f_AB - f_A[:, None]
    return np.column_stack([f_B[:, None] * step, step, step ** 2,
                            (f_A + f_B) / 2.0, (f_A ** 2 + f_B ** 2) / 2.0])


def _sobol_estimates(weights, terms, k):
    """S1 and ST for each row of `weights`, a distribution over base samples.

    Uniform weights give the estimates; the multiplicities of a bootstrap
    resample divided by N give that resample's. Writing every mean as a
    weighted sum lets one matrix product serve a thousand resamples.
    """
    means = weights @ terms
    product, step, squared = means[:, :k], means[:, k:2 * k], means[:, 2 * k:3 * k]
    mean, mean_square = means[:, 3 * k:3 * k + 1], means[:, 3 * k + 1:]
    variance = mean_square - mean ** 2  # of f_A and f_B together, as np.var (ddof = 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        variance = np.where(variance > 0, variance, np.nan)  # a resample of one repeated sample has none
        first = (product - mean * step) / variance  # Saltelli et al. (2010) on the centred outcome
        total = 0.5 * squared / variance  # Jansen (1999)
    return first, total


def _percentile_interval(estimates, level):
    """Percentile interval along axis 0; resamples with no variance (NaN) are left out."""
    tail = (1.0 - level) / 2.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns give NaN, as they should
        return (np.nanquantile(estimates, tail, axis=0), np.nanquantile(estimates, 1.0 - tail, axis=0))


def sobol_indices(f_A, f_B, f_AB, n_bootstrap=1000, level=0.95, seed=0, parameters=None):
    """First-order and total Sobol indices with bootstrap confidence intervals.

    f_A, f_B: the outcome at the N base samples of matrices A and B, shape (N,);
    f_AB: the outcome at A with parameter j taken from B, shape (N, k).
    S1 is Saltelli et al. (2010)'s estimator, ST Jansen (1999)'s, both over
    V, the variance of f_A and f_B together. The intervals are percentile
    intervals of `n_bootstrap` resamples of the base samples, the same for
    the same `seed`. `parameters` names the k columns (x1 ... xk if None).

    Returns a DataFrame with columns parameter, S1, S1_low, S1_high, ST,
    ST_low, ST_high, one row per parameter.
    """
    f_A = np.asarray(f_A, dtype=float)
    f_B = np.asarray(f_B, dtype=float)
    f_AB = np.asarray(f_AB, dtype=float)
    if f_A.ndim != 1 or f_B.shape != f_A.shape:
        raise ValueError(f"f_A and f_B must be vectors of the same length, not of shapes {f_A.shape} and {f_B.shape}")
    if f_AB.ndim == 1:
        f_AB = f_AB[:, None]
    n = len(f_A)
    if f_AB.ndim != 2 or f_AB.shape[0] != n:
        raise ValueError(f"f_AB must have shape (N, k) = ({n}, k), not {f_AB.shape}")
    if n < 2:
        raise ValueError(f"Sobol indices need at least 2 base samples, not {n}")
    for name, values in (("f_A", f_A), ("f_B", f_B), ("f_AB", f_AB)):
        if not np.isfinite(values).all():
            raise ValueError(f"{name} holds {int((~np.isfinite(values)).sum())} values that are not finite numbers")
    _check_bootstrap(n_bootstrap, level)
    names = _parameter_names(parameters, f_AB.shape[1])
    if np.var(np.concatenate([f_A, f_B])) == 0.0:
        raise ValueError("the outcome has the same value in every A and B cell: with no variance "
                         "there is nothing to apportion, and Sobol indices are undefined")

    k = f_AB.shape[1]
    terms = _sample_terms(f_A, f_B, f_AB)
    first, total = (values[0] for values in _sobol_estimates(np.full((1, n), 1.0 / n), terms, k))

    rng = np.random.default_rng(seed)
    chunk = max(1, BOOTSTRAP_CHUNK_VALUES // n)
    boot_first, boot_total = [], []
    for start in range(0, n_bootstrap, chunk):
        rows = min(chunk, n_bootstrap - start)
        drawn = rng.integers(0, n, size=(rows, n))
        # How often each base sample is drawn, row by row, in one bincount.
        counts = np.bincount((drawn + n * np.arange(rows)[:, None]).ravel(), minlength=rows * n)
        first_b, total_b = _sobol_estimates(counts.reshape(rows, n) / n, terms, k)
        boot_first.append(first_b)
        boot_total.append(total_b)
    first_low, first_high = _percentile_interval(np.concatenate(boot_first), level)
    total_low, total_high = _percentile_interval(np.concatenate(boot_total), level)

    return pd.DataFrame({"parameter": names, "S1": first, "S1_low": first_low, "S1_high": first_high,
                         "ST": total, "ST_low": total_low, "ST_high": total_high}, columns=SOBOL_COLUMNS)


def morris_effects(x_A, x_B, f_A, f_AB, lower, upper, n_bootstrap=1000, level=0.95, seed=0, parameters=None):
    """Elementary effects of the radial design (Campolongo et al. 2011).

    x_A, x_B: parameter values of the base points A and B, shape (N, k);
    f_A: outcome at A, shape (N,); f_AB: outcome at A with parameter j
    from B, shape (N, k); lower, upper: each parameter's range, shape (k,).
    EE_j = (f_AB_j - f_A) / ((x_B_j - x_A_j) / (upper_j - lower_j)): the
    change in outcome per whole range of parameter j. Samples in which A
    and B share parameter j's value (a step of ~0) carry no effect of j and
    are left out; n_effects counts the rest.

    Returns a DataFrame with columns parameter, mu (mean EE), mu_star (mean
    |EE|), mu_star_low, mu_star_high (bootstrap percentile interval over the
    effects), sigma (standard deviation of EE), n_effects, lower, upper.
    """
    x_A = np.atleast_2d(np.asarray(x_A, dtype=float))
    x_B = np.atleast_2d(np.asarray(x_B, dtype=float))
    f_A = np.asarray(f_A, dtype=float)
    f_AB = np.asarray(f_AB, dtype=float)
    if f_AB.ndim == 1:
        f_AB = f_AB[:, None]
    lower = np.atleast_1d(np.asarray(lower, dtype=float))
    upper = np.atleast_1d(np.asarray(upper, dtype=float))
    n, k = f_AB.shape
    if f_A.shape != (n,) or x_A.shape != (n, k) or x_B.shape != (n, k) or lower.shape != (k,) or upper.shape != (k,):
        raise ValueError(f"shapes do not fit N = {n} samples of k = {k} parameters: x_A {x_A.shape}, "
                         f"x_B {x_B.shape}, f_A {f_A.shape}, lower {lower.shape}, upper {upper.shape}")
    if not (upper > lower).all():
        raise ValueError(f"every range needs upper above lower: lower {lower.tolist()}, upper {upper.tolist()}")
    _check_bootstrap(n_bootstrap, level)
    names = _parameter_names(parameters, k)

    step = (x_B - x_A) / (upper - lower)
    # Sobol points that coincide in A and B differ by exactly 0; the
    # tolerance also absorbs rounding in values stored as float64 text.
    moved = np.abs(step) > 1e-9
    rng = np.random.default_rng(seed)
    rows = []
    for j in range(k):
        effects = (f_AB[moved[:, j], j] - f_A[moved[:, j]]) / step[moved[:, j], j]
        count = len(effects)
        if count == 0:
            rows.append((names[j], np.nan, np.nan, np.nan, np.nan, np.nan, 0, lower[j], upper[j]))
            continue
        mu_star = float(np.mean(np.abs(effects)))
        resampled = np.abs(effects)[rng.integers(0, count, size=(int(n_bootstrap), count))].mean(axis=1)
        low, high = _percentile_interval(resampled, level)
        sigma = float(np.std(effects, ddof=1)) if count > 1 else np.nan
        rows.append((names[j], float(np.mean(effects)), mu_star, float(low), float(high), sigma, count,
                     lower[j], upper[j]))
    return pd.DataFrame(rows, columns=MORRIS_COLUMNS)


# --------------------------------------------------------------------------
# Sweep files


@dataclass
class SobolDesign:
    """The outcome and parameter values of a sobol sweep, arranged by base sample.

    f_AB[:, j] and x_A[:, j] belong to parameters[j]; parameters are in the
    order of the sweep's [vary] table, as the file records it.
    """
    path: str
    outcome: str
    parameters: list  # dotted keys, "bending.room"
    f_A: np.ndarray  # (N,)
    f_B: np.ndarray  # (N,)
    f_AB: np.ndarray  # (N, k)
    x_A: np.ndarray  # (N, k)
    x_B: np.ndarray  # (N, k)
    lower: np.ndarray  # (k,) each parameter's range, for the elementary effects
    upper: np.ndarray
    range_source: list  # per parameter: "sweep" (its {min, max}) or "observed" (min, max of A and B)
    replicates: int
    weeks: int  # recorded weeks averaged per run

    @property
    def samples(self):
        return len(self.f_A)


def _check_sobol_sweep(ds, path):
    if "sample" not in ds.coords or "matrix" not in ds.coords:
        kind = "a sweep of another design (grid or lhs)" if "sweep_name" in ds.attrs else "a single-scenario results file"
        raise ValueError(f"{path}: not a sobol sweep: it is {kind}, without the sample and matrix variables "
                         f"of design = \"sobol\"")
    if not all_runs_done(ds):
        pending, failed = ds.attrs["runs_left_out_pending"], ds.attrs["runs_left_out_failed"]
        counts = ", ".join(f"{count} {name}" for count, name in ((pending, "pending"), (failed, "failed")) if count)
        raise ValueError(f"{path}: {pending + failed} of {ds.attrs['runs_in_file']} runs are not done ({counts}); "
                         "Sobol indices need every run of the design: finish the sweep "
                         "(wijksim sweep --resume) or rerun the failed runs")


def _outcome_values(ds, path, outcome, window, index):
    """Per-run mean of the outcome over the last `window` recorded weeks."""
    if outcome not in ds.variables:
        raise ValueError(f"{path}: no metric {outcome!r} (wijksim info {path} lists the metrics)")
    variable = ds[outcome]
    dims = list(variable.dims)
    if dims[:2] != ["run", "week"]:
        raise ValueError(f"{path}: {outcome!r} is not an outcome metric (its dimensions are {dims}, "
                         "not (run, week, ...))")
    weeks = variable.shape[1]
    if window is None:
        window = weeks
    if int(window) != window or not 1 <= window <= weeks:
        raise ValueError(f"{path}: window {window} must be a whole number of weeks from 1 to {weeks}, "
                         "the weeks the file records")
    window = int(window)
    index = dict(index or {})
    selection = {"week": slice(weeks - window, weeks)}
    label = outcome
    if len(dims) == 3:
        level = dims[2]
        labels = [attribute_text(v) for v in ds[level].values]
        if set(index) != {level}:
            raise ValueError(f"{path}: {outcome!r} has a value per {level}: select one, "
                             f"e.g. {level}={labels[0]}" +
                             (f" (not {', '.join(sorted(index))})" if index else ""))
        wanted = str(index[level])
        if wanted not in labels:
            raise ValueError(f"{path}: {level} {wanted!r} is not one of {', '.join(labels)}")
        selection[level] = labels.index(wanted)
        label = f"{outcome}[{level}={wanted}]"
    elif index:
        raise ValueError(f"{path}: {outcome!r} is a city-wide metric; it has no {', '.join(sorted(index))} "
                         "to select")
    values = variable.isel(selection).values.astype(np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a run without a value in the window is reported below
        per_run = np.nanmean(values, axis=1)
    empty = np.flatnonzero(np.isnan(per_run))
    if len(empty):
        raise ValueError(f"{path}: {label} has no value in the last {window} recorded weeks of "
                         f"{len(empty)} runs (first: run {int(empty[0])}); choose a longer window or "
                         "another metric")
    return per_run, label, window


def _declared_range(sweep_text, key):
    """A parameter's {min, max} in the sweep's [vary] table, or None.

    The key is looked up by its table path ("bending.room", including a
    per-institution selector) and by bare name, the two ways a sweep file
    may name it.
    """
    try:
        vary = tomllib.loads(sweep_text).get("vary", {})
    except tomllib.TOMLDecodeError:
        return None
    parts = key.split(".")
    for path in (parts, parts[1:]):
        node = vary
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict) and isinstance(node.get("min"), (int, float)) \
                and isinstance(node.get("max"), (int, float)) and node["max"] > node["min"]:
            return float(node["min"]), float(node["max"])
    return None


def _assign_matrices(x_A, x_B, x_AB, names, path):
    """Which parameter each AB matrix swaps: the column j of x_AB[:, :, m].

    The file's order says AB matrix m swaps parameter m; that is accepted
    where the values agree (parameter m from B, every other from A) and
    otherwise the one parameter the values allow is taken.
    """
    k = len(names)
    same = lambda u, v: np.isclose(u, v, rtol=1e-12, atol=1e-12).all()
    assignment = []
    for m in range(k):
        allowed = [j for j in range(k)
                   if same(x_AB[:, m, j], x_B[:, j])
                   and all(same(x_AB[:, m, i], x_A[:, i]) for i in range(k) if i != j)]
        if m in allowed:
            assignment.append(m)
        elif len(allowed) == 1:
            assignment.append(allowed[0])
        else:
            raise ValueError(f"{path}: the cells of matrix {m + 2} are not A with one parameter taken from B "
                             f"(parameters that fit: {[names[j] for j in allowed]}); not a Saltelli design")
    if sorted(assignment) != list(range(k)):
        raise ValueError(f"{path}: the AB matrices do not swap each parameter once "
                         f"({[names[j] for j in assignment]})")
    return assignment


def sobol_design(path, outcome, window=None, index=None):
    """The sobol sweep in `path` arranged as f_A, f_B, f_AB and x_A, x_B.

    `outcome` is a metric; one with a level dimension needs `index`, e.g.
    {"domain": "debt"}. Each run's value is its mean over the last `window`
    recorded weeks (all weeks if None), ignoring weeks without a value;
    a cell's value is the mean over its replicates. Raises ValueError
    naming the file if it is not a finished sobol sweep or lacks the metric.
    """
    path = str(path)
    ds = load(path, empty_ok=True)
    _check_sobol_sweep(ds, path)
    per_run, label, window = _outcome_values(ds, path, outcome, window, index)
    cell, sample, matrix, replicate = (ds[name].values for name in ("cell", "sample", "matrix", "replicate"))
    parameters = varied_parameters(ds)
    x_run = np.column_stack([ds[key].values.astype(np.float64) for key in parameters]) if parameters \
        else np.empty((len(cell), 0))
    sweep_text = provenance(ds).get("sweep_text", "")

    k = len(parameters)
    if k == 0:
        raise ValueError(f"{path}: a sobol sweep without param_ variables: nothing was varied")
    cells = int(cell.max()) + 1
    samples = int(sample.max()) + 1
    replicates = int(replicate.max()) + 1
    if cells != samples * (k + 2) or len(cell) != cells * replicates:
        raise ValueError(f"{path}: {len(cell)} runs in {cells} cells do not make {samples} base samples of "
                         f"{k} + 2 cells with {replicates} replicates each")

    # Runs are cell-major, replicate-minor; sorting makes that explicit
    # rather than assumed, so a merged file in any row order reads the same.
    order = np.lexsort((replicate, cell))
    if not (np.bincount(cell, minlength=cells) == replicates).all():
        raise ValueError(f"{path}: the cells do not all hold {replicates} replicates")
    by_cell = per_run[order].reshape(cells, replicates).mean(axis=1)
    first_run = order[::replicates]
    cell_sample, cell_matrix = sample[first_run], matrix[first_run]
    x_cell = x_run[first_run]
    spread = np.ptp(x_run[order].reshape(cells, replicates, k), axis=1)
    if (spread > 0).any():
        raise ValueError(f"{path}: the replicates of a cell ran with different parameter values")

    position = np.full((samples, k + 2), -1)
    position[cell_sample, cell_matrix] = np.arange(cells)
    if (position < 0).any() or len(np.unique(cell_sample * (k + 2) + cell_matrix)) != cells:
        raise ValueError(f"{path}: the cells do not hold each (sample, matrix) pair of the design once")
    f_cell = by_cell[position]  # (N, k + 2)
    x_design = x_cell[position]  # (N, k + 2, k)
    x_A, x_B = x_design[:, 0, :], x_design[:, 1, :]
    assignment = _assign_matrices(x_A, x_B, x_design[:, 2:, :], parameters, path)
    f_AB = np.empty((samples, k))
    f_AB[:, assignment] = f_cell[:, 2:]

    lower, upper, sources = np.empty(k), np.empty(k), []
    for j, key in enumerate(parameters):
        declared = _declared_range(sweep_text, key)
        if declared is None:
            observed = np.concatenate([x_A[:, j], x_B[:, j]])
            declared = (float(observed.min()), float(observed.max()))
            sources.append("observed")
        else:
            sources.append("sweep")
        lower[j], upper[j] = declared

    return SobolDesign(path=path, outcome=label, parameters=parameters,
                       f_A=f_cell[:, 0], f_B=f_cell[:, 1], f_AB=f_AB, x_A=x_A, x_B=x_B,
                       lower=lower, upper=upper, range_source=sources, replicates=replicates, weeks=window)


def sobol_from_file(path, outcome, window=None, index=None, n_bootstrap=1000, level=0.95, seed=0):
    """Sobol indices and Morris elementary effects of `outcome` in a sobol sweep file.

    See sobol_design for `outcome`, `window` and `index`. Returns the
    DataFrames of sobol_indices and morris_effects, one row per varied
    parameter in [vary] order. A parameter whose value is the same in A and
    B in every sample has no elementary effect (NaN).
    """
    design = sobol_design(path, outcome, window, index)
    try:
        sobol = sobol_indices(design.f_A, design.f_B, design.f_AB, n_bootstrap, level, seed, design.parameters)
    except ValueError as error:
        raise ValueError(f"{design.path}: {design.outcome}: {error}") from None
    morris = morris_effects(design.x_A, design.x_B, design.f_A, design.f_AB, design.lower, design.upper,
                            n_bootstrap, level, seed, design.parameters)
    return sobol, morris


# --------------------------------------------------------------------------
# Figures


def _new_axes(ax, figsize):
    if ax is not None:
        return ax.figure, ax
    figure = Figure(figsize=figsize, dpi=FIGURE_DPI, layout="constrained")
    return figure, figure.add_subplot()


def _error_bars(estimate, low, high):
    """Distances to a CI's ends, never negative: a percentile interval need not contain its estimate."""
    estimate, low, high = (np.asarray(v, dtype=float) for v in (estimate, low, high))
    return np.vstack([np.clip(estimate - low, 0, None), np.clip(high - estimate, 0, None)])


def sobol_figure(df, title, ax=None):
    """Bar chart of S1 and ST per parameter with their confidence intervals.

    Draws into `ax` if given; otherwise into a new Figure of SOBOL_FIGSIZE
    inches at FIGURE_DPI. Returns the Figure.
    """
    figure, ax = _new_axes(ax, SOBOL_FIGSIZE)
    positions = np.arange(len(df))
    width = 0.38
    for offset, column, colour, name in ((-width / 2, "S1", "#4c72b0", "first order S1"),
                                         (width / 2, "ST", "#dd8452", "total ST")):
        ax.bar(positions + offset, df[column], width, color=colour, label=name,
               yerr=_error_bars(df[column], df[f"{column}_low"], df[f"{column}_high"]),
               error_kw={"ecolor": "#333333", "capsize": 3, "linewidth": 1})
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.set_xticks(positions, df["parameter"], rotation=30 if len(df) > 3 else 0,
                  ha="right" if len(df) > 3 else "center")
    ax.set_xlabel("parameter")
    ax.set_ylabel("Sobol index (share of variance)")
    ax.set_title(title)
    ax.legend(frameon=False)
    return figure


def morris_figure(df, title="Morris elementary effects", ax=None):
    """mu* against sigma per parameter, labelled, with mu*'s confidence interval.

    Draws into `ax` if given; otherwise into a new Figure of MORRIS_FIGSIZE
    inches at FIGURE_DPI. Returns the Figure.
    """
    figure, ax = _new_axes(ax, MORRIS_FIGSIZE)
    shown = df[np.isfinite(df["mu_star"]) & np.isfinite(df["sigma"])]
    ax.errorbar(shown["mu_star"], shown["sigma"],
                xerr=_error_bars(shown["mu_star"], shown["mu_star_low"], shown["mu_star_high"]),
                fmt="o", color="#4c72b0", ecolor="#999999", capsize=3)
    for _, row in shown.iterrows():
        ax.annotate(row["parameter"], (row["mu_star"], row["sigma"]), textcoords="offset points",
                    xytext=(5, 4), fontsize=8)
    # Room on the right and top for the labels of the largest effects.
    ax.margins(x=0.25, y=0.15)
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    ax.set_xlabel("mu* (mean |elementary effect| per whole range)")
    ax.set_ylabel("sigma (sd of elementary effects)")
    ax.set_title(title)
    return figure


def sensitivity_figure(sobol, morris, title):
    """Both figures side by side in one Figure of COMBINED_FIGSIZE inches."""
    figure = Figure(figsize=COMBINED_FIGSIZE, dpi=FIGURE_DPI, layout="constrained")
    left, right = figure.subplots(1, 2)
    sobol_figure(sobol, title, ax=left)
    morris_figure(morris, ax=right)
    return figure


# --------------------------------------------------------------------------
# Command line


def _parse_select(text):
    if text is None:
        return None
    dim, sep, level = text.partition("=")
    if not sep or not dim.strip() or not level.strip():
        raise ValueError(f"--select {text!r}: expected DIM=LEVEL, e.g. domain=debt")
    return {dim.strip(): level.strip()}


def _number(value, digits=4):
    return "nan" if not math.isfinite(value) else f"{value:.{digits}g}"


def _index(value):
    if not math.isfinite(value):
        return "nan"
    text = f"{value:.3f}"
    return "0.000" if text == "-0.000" else text  # a sign on a rounded zero says nothing


def summary_table(sobol, morris):
    """The printed numbers, as text, one row per parameter.

    Indices get three decimals (they are shares of variance, and the
    bootstrap CI is rarely narrower than 0.01); mu* and sigma are in the
    outcome's units, so they get four significant digits.
    """
    rows = []
    for (_, s), (_, m) in zip(sobol.iterrows(), morris.iterrows()):
        rows.append({"parameter": s["parameter"],
                     "S1": _index(s["S1"]), "S1_low": _index(s["S1_low"]), "S1_high": _index(s["S1_high"]),
                     "ST": _index(s["ST"]), "ST_low": _index(s["ST_low"]), "ST_high": _index(s["ST_high"]),
                     "mu_star": _number(m["mu_star"]), "sigma": _number(m["sigma"])})
    return rows


def format_table(rows, level):
    percent = f"{100 * level:g} %"
    header = ["parameter", f"S1 [{percent} CI]", f"ST [{percent} CI]", "mu*", "sigma"]
    body = [[r["parameter"], f"{r['S1']} [{r['S1_low']}, {r['S1_high']}]",
             f"{r['ST']} [{r['ST_low']}, {r['ST_high']}]", r["mu_star"], r["sigma"]] for r in rows]
    widths = [max(len(line[i]) for line in [header] + body) for i in range(len(header))]
    lines = []
    for line in [header] + body:
        cells = [line[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(line[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def run_sobol(args):
    """The `sobol` subcommand: indices of one outcome of a sobol sweep file."""
    if args.bootstrap < 1:
        raise ValueError(f"--bootstrap {args.bootstrap}: needs at least 1 resample")
    if args.output is not None and not str(args.output).lower().endswith(FIGURE_FORMATS):
        raise ValueError(f"-o {args.output}: the figure must be {', '.join(FIGURE_FORMATS)}")
    index = _parse_select(args.select)
    level = 0.95
    design = sobol_design(args.file, args.outcome, args.window, index)
    try:
        sobol = sobol_indices(design.f_A, design.f_B, design.f_AB, args.bootstrap, level, 0, design.parameters)
    except ValueError as error:
        raise ValueError(f"{design.path}: {design.outcome}: {error}") from None
    morris = morris_effects(design.x_A, design.x_B, design.f_A, design.f_AB, design.lower, design.upper,
                            args.bootstrap, level, 0, design.parameters)

    rows = summary_table(sobol, morris)
    print(f"{design.outcome}: mean over the last {design.weeks} recorded weeks; {design.samples} base samples "
          f"x {len(design.parameters) + 2} cells, {design.replicates} "
          f"{'replicate' if design.replicates == 1 else 'replicates'} per cell; "
          f"{args.bootstrap} bootstrap resamples")
    print(format_table(rows, level))
    if args.csv is not None:
        with open(args.csv, "w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    if args.output is not None:
        figure = sensitivity_figure(sobol, morris, f"{design.outcome} ({design.samples} base samples)")
        figure.savefig(args.output)
    return 0


def add_command(subparsers):
    """Registers `sobol` on the analysis command line's subparsers."""
    parser = subparsers.add_parser(
        "sobol", help="Sobol indices and Morris effects of an outcome in a sobol sweep file",
        description="First-order (Saltelli 2010) and total (Jansen 1999) Sobol indices, with bootstrap "
                    "95 %% CIs, and Morris mu* and sigma (radial design, Campolongo et al. 2011) of one "
                    "outcome of a finished `design = \"sobol\"` sweep file.")
    parser.add_argument("file", help="results file written by wijksim sweep with design = \"sobol\"")
    parser.add_argument("--outcome", required=True, metavar="NAME", help="outcome metric, e.g. wellbeing_mean")
    parser.add_argument("--window", type=int, metavar="WEEKS",
                        help="average each run over its last WEEKS recorded weeks (default: all)")
    parser.add_argument("--select", metavar="DIM=LEVEL",
                        help="level of a metric with a level dimension, e.g. domain=debt")
    parser.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                        help="bootstrap resamples of the base samples (default 1000)")
    parser.add_argument("-o", "--output", metavar="FIGURE", help="write the figure (.png, .svg or .pdf)")
    parser.add_argument("--csv", metavar="FILE", help="write the printed numbers as CSV")
    parser.set_defaults(handler=run_sobol)
    return parser
