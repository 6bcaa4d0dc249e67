"""One self-contained HTML page about a results file, for a policy maker who
has no Python: what was run, the headline outcomes, how they compare with a
baseline, the room x backing heatmaps when the file holds that grid, Sobol
indices when it holds a Sobol design, and what the numbers can and cannot
say. Figures are embedded as PNG data, so the page is one file to mail or
open anywhere.

  scripts/report FILE.h5 [-o report.html] [--baseline BASELINE.h5] [--window WEEKS]

The baseline is, in this order: the file given with --baseline (its runs
paired with FILE's by seed, as `wijksim compare` pairs them; a file of one
scenario's runs pairs with every cell of a sweep); for a grid sweep, the
cell whose parameters are the scenario's own, else the cell nearest to
them (which the page names); for plain runs without --baseline, none.

For a grid over room and backing, the page shows the dose–response
(analysis/dose_response.py): each cell against the baseline, paired run by
run, as heat maps with intervals, marking the cells where problems fall
without more incidents or burnouts.

Tables and figures name the key outcomes in the words and units of their
one definition (analysis/outcomes.py), and legends name the scenarios, or a
sweep's cells by their values. A mean of counts or shares cannot be
negative: its t-interval is cut at zero where it would reach below, and
the page says so.
"""
import argparse
import base64
import html
import io
import sys
import tomllib
import warnings
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from analysis import compare, dose_response, plots, rates, sensitivity
from analysis.load import base_parameters, design, load, varied_parameters, window_mean
from analysis.load import provenance as recorded_provenance
from analysis.outcomes import key_outcome, key_outcomes, number
from analysis.paired import cut_at_zero, mean_interval

USAGE_ERROR = 2
# The levers of docs/ODD.md that a manager or a policy sets, in the order a
# reader meets them; the report shows their values in the file.
LEVERS = (
    ("room", "room to deviate from the rules"),
    ("backing", "backing after an incident"),
    ("contact_freq", "manager contact per week"),
    ("burnout_attention", "attention to exhaustion"),
    ("recruit_channel", "recruitment channel"),
    ("protocol_source", "where protocols come from"),
    ("mode_policy", "protocol or improvisation"),
    ("bp_resident_density", "resident Best Persons per 1,000 households"),
    ("init_bp_share_staff", "share of staff who are Best Persons"),
)
LEVER_WORDS = dict(LEVERS)
HEATMAP_AXES = ("bending.room", "bending.backing")
HEATMAP_OUTCOMES = ("multi_problem_share", "trust_mean", "sanctions", "burnout_new")
TRAJECTORY_OUTCOMES = ("multi_problem_share", "trust_mean", "best_persons_active")
SOBOL_OUTCOME = "multi_problem_share"
MAX_TRAJECTORY_GROUPS = 6
# A sweep of more cells than this gets a table of a few outcomes instead of
# sentences per cell, and a forest plot of those outcomes only.
FEW_CELLS = 4
DOSE_HEADING = "Against the baseline: where problems fall without more incidents or burnouts"
LEVELS_HEADING = "The levels themselves"
FOREST_OUTCOMES = ("multi_problem_share", "trust_mean", "sanctions", "burnout_new")
# A legend names two files of one scenario by the parameters they differ in, up to this many.
MAX_LEGEND_PARAMETERS = 3
CUT_MARK = "*"
COUNT_INTERVALS = (f"An outcome that counts households, events or helpers, in number or as a share, cannot be "
                   f"below zero, so where the t-interval reaches below zero its lower end is shown as 0, marked "
                   f"{CUT_MARK}. This happens with few runs of rare events, whose mean is far from normally "
                   "distributed; since only impossible values are cut away, the interval still holds the true "
                   "mean at least as often as the t-interval does.")
# The Morris columns that are differences of the outcome, and so scale with its unit.
MORRIS_EFFECT_COLUMNS = ("mu", "mu_star", "mu_star_low", "mu_star_high", "sigma")


class Report:
    """The page, built section by section."""

    def __init__(self, title):
        self.title = title
        self.sections = []
        self.figures = 0

    def section(self, heading, *parts):
        self.sections.append(f"<section><h2>{html.escape(heading)}</h2>\n" + "\n".join(parts) + "\n</section>")

    def figure(self, fig, caption):
        """A matplotlib figure as an embedded PNG with its caption."""
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=plots.DPI)
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        self.figures += 1
        return (f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(caption)}">'
                f"<figcaption>Figure {self.figures}. {html.escape(caption)}</figcaption></figure>")

    def html(self):
        made = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        return PAGE.format(title=html.escape(self.title), made=made, figures=self.figures,
                           body="\n".join(self.sections))


def paragraph(text):
    return f"<p>{html.escape(text)}</p>"


def table(header, rows, css_class=None):
    """An HTML table of text cells; without a header row if header is None."""
    body = ["<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows]
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<table{attribute}>{_table_head(header)}<tbody>{''.join(body)}</tbody></table>"


def _table_head(header):
    if header is None:
        return ""
    return "<thead><tr>" + "".join(f"<th>{html.escape(str(h))}</th>" for h in header) + "</tr></thead>"


def scenario_labels(datasets):
    """A legend label for each dataset: its sweep's or scenario's name; where
    names coincide, with the parameters in which the files differ, or, when
    they differ in none, with the file's name."""
    names = [ds.attrs.get("sweep_name") or ds.attrs.get("scenario_name", "?") for ds in datasets]
    if len(set(names)) == len(names):
        return names
    differing = _differing_parameters(datasets)[:MAX_LEGEND_PARAMETERS]
    if not differing:
        return [f"{name} from {Path(ds.attrs.get('source_path', '?')).name}" for name, ds in zip(names, datasets)]
    return [f"{name} with {_parameters_text(base_parameters(ds), differing)}" for name, ds in zip(names, datasets)]


def _differing_parameters(datasets):
    """The names of the base parameters whose values are not the same in every dataset."""
    parameters = [base_parameters(ds) for ds in datasets]
    names = [name for name in parameters[0] if all(name in p for p in parameters)]
    return [name for name in names
            if not all(np.array_equal(np.asarray(p[name]), np.asarray(parameters[0][name])) for p in parameters)]


def _parameters_text(parameters, names):
    return ", ".join(f"{name} {_compact_value(parameters[name])}" for name in names)


def _compact_value(value):
    """One value for a value that is the same for every institution or domain."""
    values = np.atleast_1d(np.asarray(value))
    if all(v == values[0] for v in values):
        return _plain_number(values[0])
    return "/".join(_plain_number(v) for v in values)


def build_report(path, baseline=None, window=None):
    """The report on results file `path` as HTML text. ValueError naming the
    file for anything that is not a wijksim results file, or that cannot be
    paired with the baseline."""
    ds = load(path)
    provenance = recorded_provenance(ds)
    sweep = _sweep(provenance)
    baseline_ds = load(baseline) if baseline else None
    weeks = ds.sizes["week"]
    if window is not None and not 1 <= window <= weeks:
        raise ValueError(f"{path}: window {window} is not between 1 and the {weeks} recorded weeks")
    window_text = f"the last {window} recorded weeks" if window else f"all {weeks} recorded weeks"

    title = ds.attrs.get("sweep_name") or ds.attrs.get("scenario_name", Path(path).stem)
    report = Report(f"wijksim: {title}")
    report.section("What was run", *_what_was_run(ds, path, provenance, sweep, baseline_ds, baseline))
    baseline_cell, own_cell = _baseline_cell(ds, sweep)
    report.section("Headline outcomes",
                   *_headline(report, ds, baseline_cell, own_cell, baseline_ds, window, window_text))
    report.section("Compared with the baseline",
                   *_comparison(report, ds, path, sweep, baseline_cell, own_cell, baseline_ds, window, window_text))
    if all(key in varied_parameters(ds) for key in HEATMAP_AXES):
        select = _fixed_others(ds)
        parts = []
        if sweep.get("design", "grid") == "grid" and len(design(ds)) > 1:
            parts += _dose_response(report, ds, select, baseline_cell, own_cell, baseline_ds, baseline,
                                    window, window_text)
        parts += _heatmaps(report, ds, select, window, window_text, headed=bool(parts))
        report.section("Room and backing", *parts)
    if sweep.get("design") == "sobol":
        report.section("Which inputs matter", *_sobol(report, path, window))
    report.section("How to read this page", *CAVEATS)
    return report.html()


def _sweep(provenance):
    """The sweep file's settings ({} for plain runs)."""
    text = provenance.get("sweep_text")
    if not text:
        return {}
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}


def _what_was_run(ds, path, provenance, sweep, baseline_ds, baseline):
    parameters = base_parameters(ds)
    replicates = int(ds["replicate"].values.max()) + 1
    cells = int(ds.attrs["design_cells"])
    rows = [("results file", path),
            ("scenario", f"{ds.attrs.get('scenario_name', '?')} (SHA-256 {ds.attrs.get('scenario_sha256', '?')[:12]}…)")]
    if sweep or cells > 1:
        rows.append(("sweep", f"{ds.attrs.get('sweep_name', '?')}: {sweep.get('design', 'grid')} design, "
                              f"{cells} cells x {replicates} replicates"))
        for key in varied_parameters(ds):
            values = np.unique(ds[key].values)
            shown = ", ".join(number(v) for v in values) if len(values) <= 8 else \
                f"{len(values)} values from {number(values.min())} to {number(values.max())}"
            rows.append((f"varied: {key}", shown))
    else:
        rows.append(("replicates", str(replicates)))
    left_out = ds.attrs["runs_left_out_pending"] + ds.attrs["runs_left_out_failed"]
    rows.append(("runs", f"{ds.sizes['run']} finished" + (f", {left_out} left out (pending or failed)" if left_out else "")))
    rows.append(("world", f"{parameters.get('n_neighbourhoods')} neighbourhoods x "
                          f"{parameters.get('households_per_nbh')} households, "
                          f"{parameters.get('burnin_weeks')} weeks of burn-in, then "
                          f"{ds.sizes['week']} recorded weeks"))
    for name, meaning in LEVERS:
        if name in parameters:
            rows.append((f"{name}: {meaning}", _parameter_text(parameters[name])))
    if baseline_ds is not None:
        rows.append(("baseline", f"{baseline} (scenario {baseline_ds.attrs.get('scenario_name', '?')})"))
    rows += [("made by", f"{ds.attrs.get('source', '?')} at commit {ds.attrs.get('git_commit', '?')}"),
             ("created", ds.attrs.get("created", "?")),
             ("command", provenance.get("command_line", "?"))]
    parts = [table(None, rows)]
    if sweep or cells > 1:
        parts.append(paragraph("A lever varied by the sweep takes the values listed under 'varied'; the value "
                               "shown for it among the levers is the scenario's own."))
    return parts


def _parameter_text(value):
    if isinstance(value, np.ndarray):
        values = value.tolist()
        if all(v == values[0] for v in values):
            return f"{_plain_number(values[0])} (every institution or domain)"
        return ", ".join(_plain_number(v) for v in values)
    return _plain_number(value)


def _plain_number(value):
    return number(value) if isinstance(value, (int, float, np.number)) else str(value)


def _baseline_cell(ds, sweep):
    """For a grid: (cell, True) for the cell whose varied values are the
    scenario's own (the policy as it is), else (cell, False) for the cell
    nearest to them (_nearest_cell), or for the first cell when an own value
    is not one number. (None, False) for other designs."""
    if len(design(ds)) <= 1 or sweep.get("design", "grid") != "grid":
        return None, False
    nearest = _nearest_cell(ds, varied_parameters(ds))
    return nearest if nearest is not None else (int(ds["cell"].values.min()), False)


def _nearest_cell(ds, keys):
    """(cell, exact) of the finished cell whose values of `keys` are nearest
    the scenario's own: each key's distance in units of its range over the
    cells, ties to the lower cell number; exact when the cell holds the own
    values. None when a key's own value is not one number (a choice, or
    values that differ between institutions)."""
    parameters = base_parameters(ds)
    own = {key: _own_value(parameters, key) for key in keys}
    if any(value is None for value in own.values()):
        return None
    cell = ds["cell"].values
    cells = np.unique(cell)
    values = {key: np.array([float(ds[key].values[cell == c][0]) for c in cells]) for key in keys}
    distance = np.zeros(len(cells))
    for key in keys:
        spread = np.ptp(values[key]) or 1.0
        distance += ((values[key] - own[key]) / spread) ** 2
    best = int(np.argmin(distance))  # the first of equals: the lower cell number
    return int(cells[best]), bool(distance[best] < 1e-18)


def _own_value(parameters, key):
    """The scenario's value of a varied key as one number, or None."""
    parts = key.split(".")
    name = parts[1] if len(parts) > 1 else parts[0]
    if name not in parameters:
        return None
    values = np.atleast_1d(np.asarray(parameters[name], dtype=object))
    try:
        numbers = [float(v) for v in values]
    except (TypeError, ValueError):
        return None
    return numbers[0] if all(abs(v - numbers[0]) < 1e-9 for v in numbers) else None


def _matches(parameters, key, value):
    own = _own_value(parameters, key)
    return own is not None and abs(own - value) < 1e-9


def _reference_text(ds, cell, exact):
    """The baseline cell in words, saying when it only stands in for the
    scenario's own values."""
    text = _cell_text(ds, cell)
    if exact:
        return f"{text} (the scenario's own values)"
    parameters = base_parameters(ds)
    own = {key: _own_value(parameters, key) for key in design(ds).get(cell, {})}
    if any(value is None for value in own.values()):
        return f"{text} (the first cell: the scenario's own values are not one number each)"
    own_text = ", ".join(f"{key} = {number(value)}" for key, value in own.items())
    return f"{text} (nearest to the scenario's own {own_text}, which the grid does not hold)"


def _headline(report, ds, baseline_cell, own_cell, baseline_ds, window, window_text):
    runs = ds if baseline_cell is None else ds.isel(run=np.flatnonzero(ds["cell"].values == baseline_cell))
    where = "" if baseline_cell is None else \
        f" in the baseline cell {_reference_text(ds, baseline_cell, own_cell)}"
    rows = [_headline_row(outcome, window_mean(runs, outcome.metric, window).values * outcome.scale)
            for outcome in key_outcomes()]
    parts = [paragraph(f"Means over {window_text} and over the {runs.sizes['run']} runs{where}, with the 95 % "
                       "confidence interval of the mean over runs (a t-interval). " + COUNT_INTERVALS),
             table(("outcome", "unit", "mean", "95 % CI"), rows)]
    series, group_by = _trajectory_series(ds, baseline_ds)
    lines_by = _trajectory_grouping(ds)
    for metric in TRAJECTORY_OUTCOMES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fig, _ = plots.trajectories(series, metric, group_by=group_by, reported=True)
        parts.append(report.figure(fig, _trajectory_caption(key_outcome(metric), lines_by)))
    return parts


def _headline_row(outcome, values):
    interval = mean_interval(values)
    shown = cut_at_zero(interval) if outcome.counts else interval
    if not np.isfinite(shown.low):
        return outcome.subject, outcome.level_unit, number(shown.mean), "n/a"
    low = number(shown.low) + (CUT_MARK if shown.low != interval.low else "")
    return outcome.subject, outcome.level_unit, number(shown.mean), f"{low} to {number(shown.high)}"


def _trajectory_series(ds, baseline_ds):
    """(what plots.trajectories draws: a dataset or {legend label: dataset},
    the varied parameter that splits it into lines, or None)."""
    group_by = _trajectory_grouping(ds)
    if baseline_ds is None:
        return (ds, group_by) if group_by else ({scenario_labels([ds])[0]: ds}, None)
    baseline_label, label = scenario_labels([baseline_ds, ds])
    if group_by is None or group_by in baseline_ds.coords:
        return {baseline_label: baseline_ds, label: ds}, group_by
    # The baseline does not vary the grouping parameter: one line of its own
    # beside one per value of it in this file.
    series = {baseline_label: baseline_ds}
    for value in np.unique(ds[group_by].values):
        runs = np.flatnonzero(ds[group_by].values == value)
        series[f"{label}, {group_by} = {number(value)}"] = ds.isel(run=runs)
    return series, None


def _trajectory_caption(outcome, lines_by):
    grouping = f", one line per value of {lines_by} (averaged over the other cells)" if lines_by else ""
    cut = ", cut at zero, which a count cannot go below" if outcome.counts else ""
    return (f"{outcome.level_label} week by week after burn-in{grouping}: mean over runs with its 95 % "
            f"confidence band{cut}.")


def _trajectory_grouping(ds):
    """The first varied parameter with few values, so that lines stay readable."""
    for key in varied_parameters(ds):
        if len(np.unique(ds[key].values)) <= MAX_TRAJECTORY_GROUPS:
            return key
    return None


def _cell_text(ds, cell):
    values = design(ds).get(cell, {})
    return ", ".join(f"{key} = {number(value)}" for key, value in values.items()) or f"cell {cell}"


def _comparison(report, ds, path, sweep, baseline_cell, own_cell, baseline_ds, window, window_text):
    if baseline_ds is not None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if len(design(ds)) > 1 and len(design(baseline_ds)) == 1:
                df = compare.compare_cells_with_file(baseline_ds, ds, window)
            else:
                df = compare.compare_files(baseline_ds, ds, window)
        notes = [paragraph(str(w.message)) for w in caught]
        _name_sides(df, *scenario_labels([baseline_ds, ds]))
        intro = (f"{df.attrs['b']['scenario']} (B, this file) against {df.attrs['a']['scenario']} (A, the "
                 f"baseline), over {window_text}: the difference B − A per pair of runs that share a seed "
                 f"({df.attrs['pairs']} pairs), its mean and 95 % confidence interval.")
    elif baseline_cell is not None:
        df = compare.compare_cells(ds, baseline_cell, window)
        notes = []
        _name_sides(df, _cell_text(ds, baseline_cell), f"the other cells of {scenario_labels([ds])[0]}")
        intro = (f"Each cell of the sweep (B) against the baseline cell {_reference_text(ds, baseline_cell, own_cell)}"
                 f" (A), over {window_text}, paired replicate by replicate (replicate r has the same seed in "
                 "every cell).")
    else:
        reason = ("a Latin hypercube or Sobol design has no baseline cell" if sweep.get("design") in ("lhs", "sobol")
                  else "this file holds runs of one scenario")
        return [paragraph(f"No comparison: {reason}. To compare two scenarios, run both with the same seed and "
                          f"replicates (wijksim run SCENARIO --replicates 20) and give the baseline's file: "
                          f"scripts/report {path} --baseline BASELINE.h5")]
    parts = [paragraph(intro), *notes]
    cells = df["cell"].nunique()
    if cells <= FEW_CELLS:
        for cell, rows in df.groupby("cell", sort=True):
            if df.attrs["parameters"]:
                parts.append(f"<h3>{html.escape(_cell_text(ds, int(cell)))}</h3>")
            parts.append(_sentences(rows))
        shown = df
    else:
        parts.append(_difference_table(ds, df))
        parts.append(f"<details><summary>Every outcome of every cell in words</summary>{_sentences(df)}</details>")
        shown = df[df["outcome"].isin(FOREST_OUTCOMES)].copy()
        shown.attrs = dict(df.attrs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig = plots.forest(shown)
    parts.append(report.figure(fig, "Paired differences B − A with 95 % confidence intervals. Green: better, "
                                    "red: worse, grey: no clear difference or no better side."))
    return parts


def _name_sides(comparisons, a, b):
    """Name A and B as the forest plot's title shows them."""
    comparisons.attrs["a"] = {**comparisons.attrs["a"], "scenario": a}
    comparisons.attrs["b"] = {**comparisons.attrs["b"], "scenario": b}


def _sentences(rows):
    items = "".join(f'<li class="{_verdict(row)}">{html.escape(row.text)}</li>' for row in rows.itertuples(index=False))
    return f"<ul>{items}</ul>"


def _difference_table(ds, df):
    """Cells down, a few outcomes across: B − A and its interval, coloured
    by whether it is better or worse."""
    header = ["cell"] + [f"{o.subject} ({o.unit or 'level'})" for o in key_outcomes() if o.metric in FOREST_OUTCOMES]
    body = []
    for cell, rows in df.groupby("cell", sort=True):
        entries = [f"<td>{html.escape(_cell_text(ds, int(cell)))}</td>"]
        for row in rows[rows["outcome"].isin(FOREST_OUTCOMES)].itertuples(index=False):
            interval = (f" ({number(row.ci_low)} to {number(row.ci_high)})" if np.isfinite(row.ci_low) else "")
            entries.append(f'<td class="{_verdict(row)}">{html.escape(number(row.difference, signed=True) + interval)}</td>')
        body.append("<tr>" + "".join(entries) + "</tr>")
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _verdict(row):
    if row.ci_low > 0:
        side = "higher"
    elif row.ci_high < 0:
        side = "lower"
    else:
        return "unclear"
    if row.better == "neither":
        return "unclear"
    return "better" if side == row.better else "worse"


def _fixed_others(ds):
    """Varied parameters other than room and backing, fixed for the heat maps
    at the scenario's own value, or the first of the sweep's."""
    parameters = base_parameters(ds)
    select = {}
    for key in varied_parameters(ds):
        if key in HEATMAP_AXES:
            continue
        values = np.unique(ds[key].values)
        own = [v for v in values if _matches(parameters, key, v)]
        select[key] = float(own[0] if own else values[0])
    return select


def _fixed_text(select):
    return " (" + ", ".join(f"{k} = {number(v)}" for k, v in select.items()) + ")" if select else ""


def _dose_response(report, ds, select, baseline_cell, own_cell, baseline_ds, baseline, window, window_text):
    """Heat maps of every room x backing cell against the baseline, paired
    run by run, with intervals, and the cells the rule marks."""
    runs = np.arange(ds.sizes["run"])
    for key, value in select.items():
        runs = runs[np.isclose(ds[key].values[runs], value)]
    grid = ds.isel(run=runs)
    notes = []
    if baseline_ds is not None and len(design(baseline_ds)) == 1:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            differences = dose_response.paired_differences(grid, window, baseline=baseline_ds)
        notes = [paragraph(str(w.message)) for w in caught]
        against = (f"The baseline is the runs of the file {baseline} (scenario "
                   f"{baseline_ds.attrs.get('scenario_name', '?')}): each run of a combination is paired with the "
                   "baseline run that has the same seed.")
        reference = None
    else:
        if baseline_cell in np.unique(grid["cell"].values):
            cell, exact = baseline_cell, own_cell
        else:
            cell, exact = _nearest_cell(grid, HEATMAP_AXES) or (int(grid["cell"].values.min()), False)
        differences = dose_response.paired_differences(grid, window, reference_cell=cell)
        reference = tuple(float(grid[key].values[grid["cell"].values == cell][0]) for key in HEATMAP_AXES)
        reference_text = _axes_text(dict(zip(HEATMAP_AXES, reference)))
        pairing = (f"run r of each combination is paired with run r of {reference_text}, which has the same seed.")
        own = {key: _own_value(base_parameters(ds), key) for key in HEATMAP_AXES}
        if exact:
            against = (f"The baseline is the scenario's own combination, {reference_text}, marked 'reference': "
                       + pairing)
        elif all(value is not None for value in own.values()):
            against = (f"The baseline policy itself, {_axes_text(own)} (the scenario's values), is not a "
                       f"combination of this grid, so the nearest one, {reference_text}, marked 'reference', "
                       f"stands in for it: {pairing} To compare with the baseline policy itself, run its scenario "
                       "with the sweep's base_seed and number of replicates (wijksim run SCENARIO --seed S "
                       "--replicates N) and give that file to scripts/report with --baseline.")
        else:
            against = (f"The scenario's room and backing are not one number each, so the reference is "
                       f"{reference_text}, marked 'reference': {pairing}")
        if baseline_ds is not None:
            notes.append(paragraph("The baseline file is itself a sweep of several cells, so these maps compare "
                                   "each combination with a cell of this file instead."))
    marks = dose_response.marked_cells(differences)
    marked = marks[marks["marked"]]
    pairs = differences.groupby("cell")["pairs"].min()
    pairs_text = (f"{pairs.min()} pairs" if pairs.min() == pairs.max() else f"{pairs.min()} to {pairs.max()} pairs")
    if pairs.min() < 2:
        notes.append(paragraph("A cell with a single pair of runs has no confidence interval, so it cannot be "
                               "marked; run the sweep with more replicates."))
    parts = [f"<h3>{html.escape(DOSE_HEADING)}</h3>",
             paragraph(f"Each square of the four maps below is one combination of the room managers give to "
                       f"deviate from the rules (across) and the backing they give after an incident (up)"
                       f"{_fixed_text(select)}. Its number is how much that combination changes an outcome against "
                       f"the baseline: the mean difference over {pairs_text} of runs that share their random "
                       f"numbers, over {window_text}. Below it, in brackets, is the 95 % confidence interval of that "
                       "difference. Blue squares are lower than the baseline, red ones higher; a faded, hatched "
                       "square's interval includes zero, so these runs cannot tell its difference from chance."),
             paragraph(against),
             *notes,
             paragraph(f"A thick black frame and a {plots.MARK} mark each combination that does what a policy would "
                       "want on all four counts at once: fewer multi-problem households and fewer households with "
                       "problematic debt, both clearly (the whole 95 % interval below zero), while neither "
                       "incidents per household per year nor burnouts per worker per year clearly go up (the lower "
                       "end of their interval is not above zero). The same squares are marked on all four maps. "
                       "'Not clearly up' means these runs show no rise; a small rise may still be hidden by the "
                       "noise, and more replicates would narrow the intervals."),
             paragraph("How the two rates are counted: " + "; ".join(rates.IN_WORDS.values()) + "."),
             paragraph(("Marked: " + "; ".join(_axes_text(row) for row in marked.to_dict("records")) + ".")
                       if len(marked) else "No combination meets the rule in these runs.")]
    for outcome in dose_response.OUTCOMES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fig, _ = plots.difference_heatmap(
                differences[differences["outcome"] == outcome.name], *HEATMAP_AXES, f"{outcome.subject}: difference from the baseline ({outcome.unit}), mean over "
                f"pairs of runs with its 95 % CI", outcome.unit, marked=marked["cell"], reference=reference,
                xlabel=_lever_label(HEATMAP_AXES[0]), ylabel=_lever_label(HEATMAP_AXES[1]))
        parts.append(report.figure(fig, f"{outcome.subject} ({outcome.unit}): difference from the baseline over "
                                        "room (across) and backing (up), with 95 % confidence intervals."))
    parts.append(_dose_table(differences, marks))
    return parts


def _lever_label(key):
    """A varied lever in words, with its key: "room to deviate from the rules (bending.room)"."""
    words = LEVER_WORDS.get(key.split(".")[-1])
    return f"{words} ({key})" if words else key


def _axes_text(row):
    return " with ".join(f"{key.split('.')[-1]} {number(row[key])}" for key in HEATMAP_AXES)


def _dose_table(differences, marks):
    """The numbers behind the dose–response maps, one row per combination."""
    header = ["room", "backing", "pairs",
              *[f"{o.subject} ({o.unit})" for o in dose_response.OUTCOMES], "meets the rule"]
    rows = []
    for mark in marks.to_dict("records"):
        cell = differences[differences["cell"] == mark["cell"]].set_index("outcome")
        entries = [number(mark[HEATMAP_AXES[0]]), number(mark[HEATMAP_AXES[1]]), str(int(cell["pairs"].min()))]
        for outcome in dose_response.OUTCOMES:
            row = cell.loc[outcome.name]
            entries.append(number(row["difference"], signed=True)
                           + (f" ({number(row['ci_low'])} to {number(row['ci_high'])})"
                              if np.isfinite(row["ci_low"]) else ""))
        entries.append(plots.MARK if mark["marked"] else "")
        rows.append(entries)
    return (f"<details><summary>The numbers behind the maps: difference from the baseline (95 % CI)</summary>"
            f"{table(header, rows, css_class='dose-response')}</details>")


def _heatmaps(report, ds, select, window, window_text, headed=False):
    parts = [f"<h3>{html.escape(LEVELS_HEADING)}</h3>"] if headed else []
    parts += [paragraph(f"Each square is the mean over {window_text} and over the replicates of one combination "
                        "of the room and the backing managers give" + _fixed_text(select) + ".")]
    x, y = HEATMAP_AXES
    for metric in HEATMAP_OUTCOMES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fig, _ = plots.heatmap(ds, metric, x, y, window, select or None, reported=True,
                                   xlabel=_lever_label(x), ylabel=_lever_label(y))
        parts.append(report.figure(fig, f"{key_outcome(metric).level_label} over room (across) and backing (up)."))
    return parts


def _sobol(report, path, window):
    outcome = key_outcome(SOBOL_OUTCOME)
    sobol_df, morris_df = sensitivity.sobol_from_file(path, SOBOL_OUTCOME, window=window)
    rows = [(row.parameter, f"{row.S1:.2f} ({row.S1_low:.2f} to {row.S1_high:.2f})",
             f"{row.ST:.2f} ({row.ST_low:.2f} to {row.ST_high:.2f})") for row in sobol_df.itertuples(index=False)]
    fig = _sensitivity_figure(sobol_df, morris_df, outcome)
    return [paragraph(f"How much of the spread in {outcome.subject} across the design each varied input explains: "
                      "alone (first-order S1) and with its interactions (total ST), with bootstrap 95 % intervals."),
            table(("parameter", "S1 (95 % CI)", "ST (95 % CI)"), rows),
            report.figure(fig, f"{outcome.subject}: Sobol indices (left) and Morris elementary effects (right), "
                               f"the effects in {outcome.unit or 'the outcome as recorded'} per whole range of "
                               "each input.")]


def _sensitivity_figure(sobol_df, morris_df, outcome):
    """Sobol indices beside Morris effects, the effects in the outcome's
    reported unit (indices are shares of variance, the same in any unit)."""
    fig = Figure(figsize=sensitivity.COMBINED_FIGSIZE, dpi=sensitivity.FIGURE_DPI, layout="constrained")
    left, right = fig.subplots(1, 2)
    sensitivity.sobol_figure(sobol_df, f"{outcome.subject}: Sobol indices", ax=left)
    reported = morris_df.copy()
    for column in MORRIS_EFFECT_COLUMNS:
        reported[column] = reported[column] * outcome.scale
    sensitivity.morris_figure(reported, f"{outcome.subject}: Morris elementary effects", ax=right)
    unit = f" ({outcome.unit})" if outcome.unit else ""
    right.set_xlabel(f"mu*: mean |effect| per whole range{unit}")
    right.set_ylabel(f"sigma: sd of the effects{unit}")
    return fig


CAVEATS = (
    paragraph("wijksim is a mechanism model, not a forecast. Its numbers describe the model's households, "
              "institutions and Best Persons, not any real neighbourhood: use them to compare policies with one "
              "another, not to predict what a city will see."),
    paragraph("The confidence intervals measure the noise of the simulation (different random numbers), not "
              "how uncertain the model's parameters or structure are. Several parameters have no empirical "
              "estimate (docs/ODD.md §9); a difference that holds here may shrink or grow with them."),
    paragraph("Some stylized facts the model was built to show do not all hold in every world; the known "
              "findings are in docs/ODD.md §9 and docs/VALIDATION.md."),
    paragraph("Runs that share a seed share their random numbers, so a difference between two scenarios is "
              "measured pair by pair. Two files pair only when they were run with the same seed and replicates."),
)


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em;
       color: #222; line-height: 1.4; }}
h1 {{ font-size: 1.6em; }} h2 {{ border-bottom: 1px solid #ccc; margin-top: 2em; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
td, th {{ border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }}
th {{ background: #f3f3f3; }}
figure {{ margin: 1.5em 0; }} figure img {{ max-width: 100%; height: auto; }}
figcaption {{ font-size: 0.9em; color: #555; }}
.better {{ color: #1a7a3f; }} .worse {{ color: #b2241b; }} li.unclear {{ color: #555; }}
.made {{ color: #666; font-size: 0.9em; }}
</style>
</head>
<body data-figures="{figures}">
<h1>{title}</h1>
<p class="made">Report made {made} by scripts/report.</p>
{body}
<script>
// Marks how many figures the browser could decode, for the report's test.
window.addEventListener("load", () => {{
  const drawn = Array.from(document.images).filter(img => img.complete && img.naturalWidth > 0);
  document.body.dataset.figuresRendered = String(drawn.length);
}});
</script>
</body>
</html>
"""


def main(argv=None, prog="scripts/report"):
    parser = argparse.ArgumentParser(prog=prog,
                                     description="One self-contained HTML page about a wijksim results file.")
    parser.add_argument("file", metavar="FILE.h5")
    parser.add_argument("-o", "--output", metavar="REPORT.html", help="default: FILE with the suffix .html")
    parser.add_argument("--baseline", metavar="BASELINE.h5",
                        help="results file to compare against, its runs paired with FILE's by seed")
    parser.add_argument("--window", type=int, metavar="WEEKS",
                        help="average over the last WEEKS recorded weeks (default: every recorded week)")
    parser.error = lambda message: _fail(prog, message)
    args = parser.parse_args(argv)
    output = Path(args.output) if args.output else Path(args.file).with_suffix(".html")
    try:
        page = build_report(args.file, args.baseline, args.window)
        output.write_text(page, encoding="utf-8")
    except (ValueError, OSError) as error:
        _fail(prog, str(error))
    print(f"wrote {output}", file=sys.stderr)
    return 0


def _fail(prog, message):
    print(f"{prog}: error: {message}", file=sys.stderr)
    sys.exit(USAGE_ERROR)


if __name__ == "__main__":
    sys.exit(main())
