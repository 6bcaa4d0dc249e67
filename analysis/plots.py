"""Figures of results files: trajectories over time, a heatmap over two
varied parameters (of means, or of paired differences against a baseline
with their intervals), and a forest plot of paired comparisons. Each figure has
a title, axis labels with units and a fixed default size, and the plotting
functions return the numbers they plot beside the figure, so that a CSV
holds exactly what the figure shows. With reported=True, a key outcome is
shown as the tables of `wijksim compare` and the report show it: in its
words and unit (analysis.outcomes), shares in percent, weekly counts per
year.

Figures are matplotlib Figure objects made without pyplot (no global state,
no display needed); save() writes them as PNG or SVG.
"""
import textwrap
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from scipy import stats

from analysis.load import LEVEL_DIMENSIONS, WEEKS_PER_YEAR, metric, varied_parameters, window_mean
from analysis.outcomes import direction, key_outcome, number

DPI = 100
TRAJECTORY_SIZE = (8.0, 5.0)
HEATMAP_SIZE = (7.0, 5.5)
DIFFERENCE_HEATMAP_SIZE = (10.0, 7.5)
UNCLEAR_HATCH = "//"
UNCLEAR_COLOUR = "#a8a8a8"
MARK = "\u2713"
FOREST_WIDTH = 11.0
# What a line of the forest plot's title holds at its width, so that long scenario names wrap.
FOREST_TITLE_CHARACTERS = 120
BANDS = ("ci", "range")
VERDICT_COLOURS = {"better": "#1a9850", "worse": "#d73027", "unclear": "#7f7f7f"}
VERDICT_LABELS = {"better": "better", "worse": "worse", "unclear": "no clear difference, or no better side"}


@dataclass(frozen=True)
class Quantity:
    """How a figure shows a metric: its name for a title, its label (with
    unit) for an axis, the factor from recorded to shown values, and the
    lowest value a band may reach."""
    name: str
    label: str
    scale: float = 1.0
    floor: float = -np.inf


def quantity(ds, outcome, reported=False):
    """The Quantity of a metric: as recorded (its name, long_name and CF
    units), or, if reported, as the key outcome's tables report it, with
    the band of an outcome that counts cut at zero."""
    if not reported:
        return Quantity(outcome, _quantity_label(ds[outcome]))
    key = key_outcome(outcome)
    return Quantity(key.subject, key.level_label, key.scale, 0.0 if key.counts else -np.inf)


def trajectories(data, outcome, group_by=None, select=None, band="ci", figsize=TRAJECTORY_SIZE, reported=False):
    """Mean trajectory over runs of one metric, with a 95 % t-interval band
    (band="ci") or the min–max range over runs (band="range"). reported
    shows a key outcome in its words and reported unit, its band cut at
    zero if it counts (Quantity).

    data is a dataset of analysis.load.load or {label: dataset}. group_by
    draws one line per value of a varied parameter ("bending.room") or per
    level of the metric's level dimension ("domain"); select keeps only
    some of them ({"domain": "debt"}, {"bending.backing": 1.0}). A metric
    with a level dimension needs one or the other for it.

    Returns (Figure, DataFrame with one row per line and week: series,
    group, week, years, mean, low, high, runs).
    """
    if band not in BANDS:
        raise ValueError(f"band {band!r} is not one of {', '.join(BANDS)}")
    datasets = data if isinstance(data, dict) else {"": data}
    if not datasets:
        raise ValueError("no dataset to plot")
    selections = {label: _selected(ds, outcome, select, keep=group_by) for label, ds in datasets.items()}
    shown = quantity(next(iter(datasets.values())), outcome, reported)
    tables = []
    for label, values in selections.items():
        for group, runs in _groups(values, group_by):
            tables.append(_trajectory_table(runs * shown.scale, band, shown.floor).assign(series=label, group=group))
    columns = ["series", "group", "week", "years", "mean", "low", "high", "runs"]
    table = pd.concat(tables, ignore_index=True)[columns]

    fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    for (series, group), line in table.groupby(["series", "group"], sort=False):
        name = ", ".join(part for part in (str(series), _group_label(group_by, group)) if part)
        drawn = ax.plot(line["years"], line["mean"], label=name or None)[0]
        ax.fill_between(line["years"], line["low"], line["high"], color=drawn.get_color(), alpha=0.2, linewidth=0)
    ax.set_xlabel("years after burn-in")
    ax.set_ylabel(shown.label)
    spread = "95 % CI of the mean" if band == "ci" else "range over runs"
    ax.set_title(f"{shown.name}{_selection_label(select)}: mean over runs, band {spread}")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(title=group_by if group_by else None, fontsize="small")
    ax.grid(alpha=0.3)
    return fig, table


def heatmap(ds, outcome, x, y, window=None, select=None, figsize=HEATMAP_SIZE, reported=False, xlabel=None,
            ylabel=None):
    """Mean of a metric over the last `window` weeks (every week if None) and
    over replicates, for each combination of two varied parameters.

    Other varied parameters must be fixed by select ({"bending.x": 0.5});
    a metric with a level dimension needs its level in select. reported
    shows a key outcome in its words and reported unit (Quantity); xlabel
    and ylabel replace the parameters' keys and units on the axes.
    Returns (Figure, DataArray [y, x] in the unit shown; NaN where no run
    has that pair).
    """
    for key in (x, y):
        if key not in varied_parameters(ds):
            raise ValueError(f"{_path(ds)}: {key!r} is not a varied parameter; varied are "
                             f"{', '.join(varied_parameters(ds)) or 'none'}")
    if x == y:
        raise ValueError(f"x and y are both {x!r}; a heatmap needs two parameters")
    selected = _selected(ds, outcome, select, keep=None)
    others = [key for key in varied_parameters(ds)
              if key not in (x, y) and len(np.unique(selected[key].values)) > 1]
    if others:
        raise ValueError(f"{_path(ds)}: {', '.join(others)} also vary; fix them with select "
                         "(--select KEY=VALUE) to plot a heatmap over " f"{x} and {y}")
    shown = quantity(ds, outcome, reported)
    per_run = window_mean(selected.to_dataset(name=outcome), outcome, window) * shown.scale
    runs = pd.DataFrame({y: per_run[y].values, x: per_run[x].values, outcome: per_run.values})
    # The mean skips runs without a value; a pair no run has stays NaN.
    table = runs.groupby([y, x])[outcome].mean().unstack(x)
    x_values, y_values, means = table.columns.values, table.index.values, table.values
    # Scaled values no longer have the recorded CF units.
    attrs = {"long_name": shown.label} if reported else dict(ds[outcome].attrs)
    grid = xr.DataArray(means, dims=(y, x), coords={y: y_values, x: x_values}, name=outcome, attrs=attrs)

    fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    image = ax.imshow(means, origin="lower", aspect="auto", cmap="viridis")
    with np.errstate(invalid="ignore", divide="ignore"):
        shade = np.asarray(image.norm(means))
    for i, j in zip(*np.nonzero(np.isfinite(means))):
        # viridis is light at its top: dark text there, light text below
        ax.text(j, i, f"{means[i, j]:.3g}", ha="center", va="center", fontsize="small",
                color="black" if shade[i, j] > 0.6 else "white")
    ax.set_xticks(range(len(x_values)), [f"{v:g}" for v in x_values])
    ax.set_yticks(range(len(y_values)), [f"{v:g}" for v in y_values])
    ax.set_xlabel(xlabel or _parameter_label(ds, x))
    ax.set_ylabel(ylabel or _parameter_label(ds, y))
    colourbar = fig.colorbar(image, ax=ax)
    colourbar.set_label(textwrap.fill(shown.label, 50))
    weeks = f"the last {window} weeks" if window else "every recorded week"
    ax.set_title(textwrap.fill(f"{shown.name}{_selection_label(select)}: mean over {weeks} and replicates", 70))
    return fig, grid


def difference_heatmap(differences, x, y, title, unit, marked=(), reference=None, xlabel=None, ylabel=None,
                       figsize=DIFFERENCE_HEATMAP_SIZE):
    """Paired differences cell − baseline over two varied parameters, x
    across and y up: one square per cell, coloured by the mean difference
    on a scale centred at zero (blue: lower than the baseline, red: higher),
    annotated with the mean and its 95 % CI, hatched where the CI includes
    zero (or is unknown), and framed thickly with a check mark where the cell
    is in `marked`. `reference`, an (x, y) pair, names the square of a
    reference cell, labelled as such.

    differences is a DataFrame with columns cell, x, y, difference, ci_low
    and ci_high, one row per cell. Returns (Figure, DataFrame of the squares
    drawn: cell, x, y, difference, ci_low, ci_high, label, clear, marked).
    """
    if len(differences) == 0:
        raise ValueError("no difference to plot")
    marked = {int(cell) for cell in marked}
    x_values = np.unique(np.concatenate([differences[x].values, [reference[0]] if reference else []]))
    y_values = np.unique(np.concatenate([differences[y].values, [reference[1]] if reference else []]))
    means = np.full((len(y_values), len(x_values)), np.nan)
    squares = []
    for row in differences.to_dict("records"):
        i, j = int(np.searchsorted(y_values, row[y])), int(np.searchsorted(x_values, row[x]))
        means[i, j] = row["difference"]
        clear = bool(row["ci_low"] > 0 or row["ci_high"] < 0)
        label = number(row["difference"], signed=True)
        if np.isfinite(row["ci_low"]):
            label += f"\n({number(row['ci_low'])} to {number(row['ci_high'])})"
        squares.append({"cell": int(row["cell"]), x: row[x], y: row[y], "difference": row["difference"],
                        "ci_low": row["ci_low"], "ci_high": row["ci_high"], "label": label, "clear": clear,
                        "marked": int(row["cell"]) in marked, "row": i, "column": j})

    fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
    # A last, thin row holds the legend, so that the layout makes room for it.
    grid = fig.add_gridspec(2, 1, height_ratios=[1.0, 0.07])
    ax = fig.add_subplot(grid[0])
    fontsize = _label_size(squares, len(x_values), figsize[0])
    largest = np.nanmax(np.abs(means)) if np.isfinite(means).any() else 0.0
    norm = Normalize(-largest, largest) if largest > 0 else Normalize(-1.0, 1.0)
    image = ax.imshow(means, origin="lower", aspect="auto", cmap="RdBu_r", norm=norm)
    for square in squares:
        i, j = square["row"], square["column"]
        if not square["clear"]:
            # A white veil mutes the colour, the hatching says why: not told from noise.
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="white", alpha=0.6, linewidth=0))
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch=UNCLEAR_HATCH,
                                   edgecolor=UNCLEAR_COLOUR, linewidth=0))
        dark = square["clear"] and np.isfinite(means[i, j]) and abs(norm(means[i, j]) - 0.5) > 0.3
        ax.text(j, i, square["label"], ha="center", va="center", fontsize=fontsize,
                color="white" if dark else "black",
                bbox=None if dark else {"facecolor": "white", "alpha": 0.6, "linewidth": 0, "pad": 1})
        if square["marked"]:
            ax.add_patch(Rectangle((j - 0.46, i - 0.46), 0.92, 0.92, fill=False, edgecolor="black", linewidth=3.5))
            ax.text(j + 0.4, i + 0.4, MARK, ha="right", va="top", fontsize=14, fontweight="bold",
                    color="white" if dark else "black")
    if reference is not None:
        i, j = int(np.searchsorted(y_values, reference[1])), int(np.searchsorted(x_values, reference[0]))
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="#d9d9d9", linewidth=0))
        ax.text(j, i, "reference", ha="center", va="center", fontsize=fontsize, fontstyle="italic")
    ax.set_xticks(range(len(x_values)), [f"{v:g}" for v in x_values])
    ax.set_yticks(range(len(y_values)), [f"{v:g}" for v in y_values])
    ax.set_xlabel(xlabel or x)
    ax.set_ylabel(ylabel or y)
    colourbar = fig.colorbar(image, ax=ax)
    colourbar.set_label(textwrap.fill(f"difference from the baseline ({unit})", 50))
    ax.set_title(textwrap.fill(title, 80))
    handles = [Patch(facecolor="white", hatch=UNCLEAR_HATCH, edgecolor=UNCLEAR_COLOUR,
                     label="95 % CI includes zero: no clear difference"),
               Patch(fill=False, edgecolor="black", linewidth=2.5, label=f"{MARK} meets the rule in the text")]
    legend = fig.add_subplot(grid[1])
    legend.axis("off")
    legend.legend(handles=handles, loc="center", ncols=2, fontsize="small", frameon=False)
    table = pd.DataFrame(squares, columns=["cell", x, y, "difference", "ci_low", "ci_high", "label", "clear",
                                           "marked"])
    return fig, table


def _label_size(squares, columns, width):
    """A font size (points) at which the longest line of the squares' labels
    fits the width of a square: digits are about 0.62 em wide, and the
    colour bar and axis labels take about 1.8 inches of the figure."""
    longest = max((len(line) for square in squares for line in square["label"].split("\n")), default=1)
    square_points = (width - 1.8) * 72.0 / max(columns, 1)
    return float(np.clip(0.9 * square_points / (0.62 * longest), 5.5, 9.0))


def forest_size(outcomes, cells):
    """(width, height) in inches of a forest plot: two panels across, each
    tall enough for its rows of cells to keep their labels apart."""
    panel_rows = -(-outcomes // (2 if outcomes > 1 else 1))
    return FOREST_WIDTH, panel_rows * (0.7 + 0.25 * cells) + 1.2


def forest(comparisons, figsize=None):
    """Paired differences B − A with their 95 % CI (a DataFrame of
    analysis.compare): one panel per outcome, in its own unit, one row per
    design cell, a zero line, and green/red where the outcome's `better`
    says the difference is better/worse (grey: no clear difference, or no
    side is better). The default size is forest_size's. Returns the Figure."""
    if len(comparisons) == 0:
        raise ValueError("no comparison to plot")
    outcomes = list(dict.fromkeys(comparisons["outcome"]))
    keys = comparisons.attrs.get("parameters", [])
    columns = 2 if len(outcomes) > 1 else 1
    rows = -(-len(outcomes) // columns)
    figsize = figsize or forest_size(len(outcomes), comparisons["cell"].nunique())
    fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
    # A last, thin row holds the legend, so that the layout makes room for it.
    grid = fig.add_gridspec(rows + 1, columns, height_ratios=[1.0] * rows + [0.25])
    panels = [fig.add_subplot(grid[i // columns, i % columns]) for i in range(len(outcomes))]
    for ax, outcome in zip(panels, outcomes):
        table = comparisons[comparisons["outcome"] == outcome].reset_index(drop=True)
        positions = np.arange(len(table))[::-1]  # the first cell on top
        for position, row in zip(positions, table.itertuples(index=False)):
            verdict = direction(row.better, row.ci_low, row.ci_high)
            colour = VERDICT_COLOURS[verdict]
            if np.isfinite(row.ci_low):
                ax.plot([row.ci_low, row.ci_high], [position, position], color=colour, linewidth=2)
            ax.plot([row.difference], [position], "o", color=colour)
        ax.axvline(0.0, color="black", linewidth=0.8)
        ax.set_yticks(positions, [_cell_label(row, keys) for row in table.to_dict("records")], fontsize="small")
        ax.set_ylim(-0.7, len(table) - 0.3)
        unit = table["unit"].iloc[0]
        ax.set_xlabel(f"B − A ({unit})" if unit else "B − A")
        ax.set_title(table["subject"].iloc[0], fontsize="medium")
        ax.grid(axis="x", alpha=0.3)
    handles = [Line2D([], [], color=colour, marker="o", label=VERDICT_LABELS[verdict])
               for verdict, colour in VERDICT_COLOURS.items()]
    legend = fig.add_subplot(grid[rows, :])
    legend.axis("off")
    legend.legend(handles=handles, loc="center", ncols=3, fontsize="small", frameon=False)
    a, b = comparisons.attrs.get("a", {}), comparisons.attrs.get("b", {})
    window = comparisons.attrs.get("window")
    weeks = f", weeks {window['first_week']}–{window['last_week']}" if window else ""
    fig.suptitle(textwrap.fill(f"{b.get('scenario', 'B')} (B) against {a.get('scenario', 'A')} (A): paired "
                               f"difference B − A with 95 % CI{weeks}", FOREST_TITLE_CHARACTERS))
    return fig


def save(fig, path):
    """Write a figure as PNG or SVG, chosen by the file's suffix."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ValueError(f"{path}: write a .png or .svg file, not {suffix or 'one without a suffix'}")
    fig.savefig(path, dpi=fig.dpi, format=suffix[1:])


def _selected(ds, outcome, select, keep):
    """The metric's runs and levels that select picks, as (run, week[, keep])."""
    values = metric(ds, outcome)
    if keep is not None and keep in (select or {}):
        raise ValueError(f"cannot both group by {keep!r} and select one of its values")
    for key, wanted in (select or {}).items():
        if key in LEVEL_DIMENSIONS and key in values.dims:
            levels = [str(level) for level in values[key].values]
            match = [i for i, level in enumerate(levels) if level == str(wanted)]
            if not match:
                raise ValueError(f"{_path(ds)}: {outcome} has no {key} {wanted!r}; {key} is one of "
                                 f"{', '.join(levels)}")
            values = values.isel({key: match[0]})
        elif key in ds.coords and ds[key].dims == ("run",):
            values = values.isel(run=_matching_runs(ds, key, wanted))
        else:
            raise ValueError(f"{_path(ds)}: cannot select {key!r}: it is neither a level dimension of "
                             f"{outcome} ({', '.join(values.dims[2:]) or 'none'}) nor a varied parameter "
                             f"({', '.join(varied_parameters(ds)) or 'none'})")
    left = [dim for dim in values.dims[2:] if dim != keep]
    if left:
        raise ValueError(f"{_path(ds)}: {outcome} is recorded per {left[0]}; group by it or select one "
                         f"of its levels ({', '.join(str(v) for v in values[left[0]].values)})")
    if keep is not None and keep not in values.dims and keep not in values.coords:
        raise ValueError(f"{_path(ds)}: cannot group by {keep!r}: it is neither a level dimension of "
                         f"{outcome} nor a varied parameter ({', '.join(varied_parameters(ds)) or 'none'})")
    return values


def _matching_runs(ds, key, wanted):
    values = ds[key].values
    if np.issubdtype(values.dtype, np.number):
        try:
            wanted = float(wanted)
        except (TypeError, ValueError):
            raise ValueError(f"{_path(ds)}: {key} is a number, not {wanted!r}") from None
        runs = np.flatnonzero(np.isclose(values, wanted, rtol=1e-9, atol=1e-12))
    else:
        runs = np.flatnonzero(values.astype(str) == str(wanted))
    if len(runs) == 0:
        raise ValueError(f"{_path(ds)}: no run has {key} = {wanted}; it takes "
                         f"{', '.join(f'{v:g}' if isinstance(v, float) else str(v) for v in np.unique(values))}")
    return runs


def _groups(values, group_by):
    """(group value, runs × weeks array) for each group, in order."""
    if group_by is None:
        yield "", values.values
    elif group_by in values.dims:
        for level in values[group_by].values:
            yield level, values.sel({group_by: level}).values
    else:
        coordinate = values[group_by].values
        for level in np.unique(coordinate):
            yield level, values.values[coordinate == level]


def _trajectory_table(runs, band, floor=-np.inf):
    weeks = np.arange(1, runs.shape[1] + 1)
    finite = np.isfinite(runs)
    n = finite.sum(axis=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # weeks without any value stay NaN
        mean = np.nanmean(runs, axis=0)
        if band == "ci":
            sd = np.nanstd(runs, axis=0, ddof=1)
            half = np.where(n >= 2, stats.t.ppf(0.975, np.maximum(n - 1, 1)) * sd / np.sqrt(np.maximum(n, 1)),
                            np.nan)
            low, high = np.maximum(mean - half, floor), mean + half
        else:
            low, high = np.nanmin(runs, axis=0), np.nanmax(runs, axis=0)
    return pd.DataFrame({"week": weeks, "years": weeks / WEEKS_PER_YEAR, "mean": mean, "low": low,
                         "high": high, "runs": n})


def _cell_label(row, keys):
    if keys:
        return ", ".join(f"{key.split('.')[-1]} = {row[key]:g}" for key in keys)
    return "B − A" if row["cell"] == 0 else f"cell {row['cell']}"


def _group_label(group_by, group):
    if group_by is None:
        return ""
    return f"{group_by} = {group:g}" if isinstance(group, (float, np.floating)) else f"{group_by} = {group}"


def _selection_label(select):
    if not select:
        return ""
    return " (" + ", ".join(f"{key} = {value}" for key, value in select.items()) + ")"


def _quantity_label(variable):
    name = variable.attrs.get("long_name", variable.name)
    units = variable.attrs.get("units", "")
    # CF's "1" marks a dimensionless count or share: there is no unit to show.
    label = f"{name} ({units})" if units not in ("", "1") else f"{name} (dimensionless)"
    return textwrap.fill(label, 50)


def _parameter_label(ds, key):
    units = ds[key].attrs.get("units", "-")
    return f"{key} ({units})" if units not in ("", "-") else f"{key} (dimensionless)"


def _path(ds):
    return ds.attrs.get("source_path", "dataset")
