"""The room x backing dose–response: the marking rule on hand-made numbers,
the paired differences against a direct computation that pairs runs by seed
or replicate, and the report's heat maps, intervals and marks, on a small
grid the simulator writes in the test (conftest.dose_files)."""
import html
import re
import shutil

import h5py
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis import plots, rates
from analysis.dose_response import AXES, COLUMNS, OUTCOMES, marked_cells, meets_rule, paired_differences
from analysis.load import load
from analysis.outcomes import number
from analysis.plots import difference_heatmap
from analysis.report import build_report
from conftest import DOSE_BACKINGS, DOSE_REPLICATES, DOSE_ROOMS

WINDOW = 26
NAMES = [outcome.name for outcome in OUTCOMES]
# The scenario's own room (0.3) is not in DOSE_ROOMS; 0.25 is the nearest.
REFERENCE = (0.25, 0.5)


# --- the marking rule on hand-made numbers ---------------------------------

MARKED = {"multi_problem_share": (-2.0, -0.5), "debt_problem_share": (-1.0, -0.1),
          "incidents_per_household_year": (-0.01, 0.02), "burnouts_per_worker_year": (0.0, 0.0)}


def test_a_cell_where_both_problems_fall_and_nothing_clearly_rises_is_marked():
    assert meets_rule(MARKED)
    # A lower end at zero is no clear rise.
    assert meets_rule({**MARKED, "incidents_per_household_year": (0.0, 0.05)})
    assert meets_rule({**MARKED, "burnouts_per_worker_year": (-0.3, -0.1)})


@pytest.mark.parametrize("outcome, interval", [
    ("multi_problem_share", (-2.0, 0.1)),       # not clearly down
    ("debt_problem_share", (-1.0, 0.0)),        # its interval reaches zero
    ("debt_problem_share", (0.2, 1.0)),         # clearly up
    ("incidents_per_household_year", (0.001, 0.02)),   # clearly up
    ("burnouts_per_worker_year", (1e-6, 0.3)),  # clearly up, if only just
    ("multi_problem_share", (np.nan, np.nan)),  # one pair: no interval
    ("burnouts_per_worker_year", (np.nan, np.nan)),
])
def test_a_cell_is_not_marked_when_one_condition_fails(outcome, interval):
    assert not meets_rule({**MARKED, outcome: interval})


def test_marked_cells_apply_the_rule_to_each_cell_of_a_table():
    rows = []
    for cell, room, incidents in ((3, 0.5, (-0.01, 0.02)), (7, 1.0, (0.004, 0.02))):
        for name in NAMES:
            low, high = incidents if name == "incidents_per_household_year" else MARKED[name]
            rows.append({"cell": cell, "bending.room": room, "bending.backing": 1.0, "outcome": name,
                         "ci_low": low, "ci_high": high})
    marks = marked_cells(pd.DataFrame(rows))
    assert marks.to_dict("records") == [
        {"cell": 3, "bending.room": 0.5, "bending.backing": 1.0, "marked": True},
        {"cell": 7, "bending.room": 1.0, "bending.backing": 1.0, "marked": False},
    ]


# --- against a direct computation from h5py ----------------------------------

def direct_per_run(path, window=WINDOW):
    """Per finished run, from h5py: the four outcomes over the last `window`
    weeks, and its cell, replicate, seed and axes."""
    with h5py.File(path, "r") as f:
        done = f["status"][:] == 1
        last = slice(-window, None)
        households = int(f["parameters"].attrs["n_neighbourhoods"]) * int(f["parameters"].attrs["households_per_nbh"])
        read = {name: f[name][:].astype(np.float64) for name in
                ("multi_problem_share", "debt_problem_share", "incidents", "burnout_new", "type_active")}
        runs = {
            "multi_problem_share": 100 * read["multi_problem_share"][:, last].mean(axis=1),
            "debt_problem_share": 100 * read["debt_problem_share"][:, last].mean(axis=1),
            "incidents_per_household_year": read["incidents"][:, last].sum(axis=1) * 52 / (window * households),
            "burnouts_per_worker_year": read["burnout_new"][:, last].sum(axis=1)
                                        / (read["type_active"][:, last].sum(axis=(1, 2)) / 52),
            "cell": f["cell"][:] if "cell" in f else np.zeros(len(done), dtype=int),
            "replicate": f["replicate"][:],
            "seed": f["seed"][:],
        }
        for key in AXES:
            name = "param_" + key.replace(".", "_")
            runs[key] = f[name][:] if name in f else np.full(len(done), np.nan)
    return {key: values[done] for key, values in runs.items()}


def direct_differences(grid, baseline=None, reference=None):
    """{(room, backing): {outcome: (mean, low, high, pairs)}} of each cell
    against the baseline runs of the same seed, or against the reference
    cell's run of the same replicate."""
    runs = direct_per_run(grid)
    if baseline is not None:
        base = direct_per_run(baseline)
        partner = {seed: i for i, seed in enumerate(base["seed"])}
        key = "seed"
    else:
        in_reference = (runs[AXES[0]] == reference[0]) & (runs[AXES[1]] == reference[1])
        base = runs
        partner = {runs["replicate"][i]: i for i in np.flatnonzero(in_reference)}
        key = "replicate"
    result = {}
    for cell in np.unique(runs["cell"]):
        members = [i for i in np.flatnonzero(runs["cell"] == cell) if runs[key][i] in partner]
        axes = (float(runs[AXES[0]][members[0]]), float(runs[AXES[1]][members[0]]))
        if baseline is None and axes == tuple(reference):
            continue
        pairs = [(i, partner[runs[key][i]]) for i in members]
        result[axes] = {}
        for name in NAMES:
            d = np.array([runs[name][i] - base[name][j] for i, j in pairs])
            half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
            result[axes][name] = (d.mean(), d.mean() - half, d.mean() + half, len(d))
    return result


def rule(cell):
    """The marking rule, written out again from its words."""
    falls = cell["multi_problem_share"][2] < 0 and cell["debt_problem_share"][2] < 0
    no_rise = cell["incidents_per_household_year"][1] <= 0 and cell["burnouts_per_worker_year"][1] <= 0
    return bool(falls and no_rise)


def assert_matches(df, expected):
    assert list(df.columns) == COLUMNS
    assert len(df) == len(expected) * len(NAMES)
    for row in df.to_dict("records"):
        mean, low, high, pairs = expected[(row[AXES[0]], row[AXES[1]])][row["outcome"]]
        np.testing.assert_allclose([row["difference"], row["ci_low"], row["ci_high"]], [mean, low, high],
                                   rtol=1e-9, atol=1e-12, err_msg=f"cell {row['cell']}, {row['outcome']}")
        assert row["pairs"] == pairs


def test_cells_pair_with_the_baseline_file_by_seed(dose_files):
    grid, baseline = dose_files
    df = paired_differences(load(grid), WINDOW, baseline=load(baseline))
    assert set(df.cell) == set(range(len(DOSE_ROOMS) * len(DOSE_BACKINGS)))  # every cell, none left as reference
    assert (df.pairs == DOSE_REPLICATES).all()
    assert_matches(df, direct_differences(grid, baseline=baseline))


def test_a_baseline_run_missing_leaves_its_seed_unpaired_in_every_cell(dose_files, tmp_path):
    grid, baseline = dose_files
    partial = tmp_path / "baseline_without_replicate_0.h5"
    shutil.copyfile(baseline, partial)
    with h5py.File(partial, "r+") as f:
        f["status"][0] = 2  # replicate 0 failed: the runs after it move up one place
    with pytest.warns(UserWarning, match=f"{len(DOSE_ROOMS) * len(DOSE_BACKINGS)} runs of the second have no "
                                         "partner with the same seed"):
        df = paired_differences(load(grid), WINDOW, baseline=load(partial))
    assert (df.pairs == DOSE_REPLICATES - 1).all()
    assert_matches(df, direct_differences(grid, baseline=partial))


def test_cells_pair_with_a_reference_cell_by_replicate(dose_files):
    grid, _ = dose_files
    ds = load(grid)
    reference = int(ds["cell"].values[(ds[AXES[0]].values == REFERENCE[0]) & (ds[AXES[1]].values == REFERENCE[1])][0])
    df = paired_differences(ds, WINDOW, reference_cell=reference)
    assert reference not in set(df.cell)
    assert_matches(df, direct_differences(grid, reference=REFERENCE))


def test_a_baseline_file_of_several_cells_is_refused(dose_files):
    grid, _ = dose_files
    with pytest.raises(ValueError, match="the baseline .* varies bending.room, bending.backing over 9 cells"):
        paired_differences(load(grid), WINDOW, baseline=load(grid))


# --- the report ------------------------------------------------------------

# Cells whose runs the test rewrites: MARK_CELL so that both problems fall
# and nothing else moves, NO_MARK_CELL the same but with more incidents.
MARK_CELL, NO_MARK_CELL = (1.0, 1.0), (1.0, 0.5)


@pytest.fixture(scope="module")
def engineered_grid(dose_files, tmp_path_factory):
    """A copy of the dose grid in which two cells have known answers: their
    runs are the reference cell's runs of the same replicate, with both
    problem shares lowered by a different amount per replicate; NO_MARK_CELL
    also has 1 or 2 more incidents every week. The numbers need not be
    plausible, only known."""
    path = tmp_path_factory.mktemp("dose") / "engineered.h5"
    shutil.copyfile(dose_files[0], path)
    with h5py.File(path, "r+") as f:
        room, backing, replicate = f["param_bending_room"][:], f["param_bending_backing"][:], f["replicate"][:]
        reference = {int(replicate[i]): i for i in np.flatnonzero((room == REFERENCE[0]) & (backing == REFERENCE[1]))}
        for target, extra_incidents in ((MARK_CELL, 0.0), (NO_MARK_CELL, 1.0)):
            for i in np.flatnonzero((room == target[0]) & (backing == target[1])):
                r = int(replicate[i])
                j = reference[r]
                for name in ("incidents", "burnout_new", "type_active"):
                    f[name][i] = f[name][j]
                for name in ("multi_problem_share", "debt_problem_share"):
                    f[name][i] = f[name][j] - np.float32(0.002 * (1 + r))
                f["incidents"][i] = f["incidents"][j] + np.float32(extra_incidents * (1 + r % 2))
    return path


def numbers_table(page):
    """The rows of the report's table of dose–response numbers, as text."""
    body = re.search(r'<table class="dose-response">.*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    return [[html.unescape(cell) for cell in re.findall(r"<td>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body)]


def interval_text(mean, low, high):
    return f"{number(mean, signed=True)} ({number(low)} to {number(high)})"


def assert_table(page, expected):
    rows = numbers_table(page)
    assert len(rows) == len(expected)
    marked = set()
    for row in rows:
        axes = (float(row[0]), float(row[1]))
        cell = expected[axes]
        assert row[2] == str(DOSE_REPLICATES)
        assert row[3:7] == [interval_text(*cell[name][:3]) for name in NAMES], axes
        assert row[7] in ("\u2713", "")
        if row[7]:
            marked.add(axes)
    assert marked == {axes for axes, cell in expected.items() if rule(cell)}
    return marked


@pytest.fixture(scope="module")
def engineered_report(engineered_grid):
    """(page, the squares of each difference heat map the page holds, by
    title), the squares as plots.difference_heatmap returns them."""
    drawn = {}

    def recording(differences, *args, **kwargs):
        fig, squares = difference_heatmap(differences, *args, **kwargs)
        drawn[args[2]] = squares
        return fig, squares

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plots, "difference_heatmap", recording)
        page = build_report(engineered_grid, window=WINDOW)
    return page, drawn


def test_report_marks_the_cells_the_rule_marks(engineered_grid, engineered_report):
    page, drawn = engineered_report
    expected = direct_differences(engineered_grid, reference=REFERENCE)
    assert rule(expected[MARK_CELL]) and not rule(expected[NO_MARK_CELL])  # the engineering worked
    marked = assert_table(page, expected)
    assert MARK_CELL in marked and NO_MARK_CELL not in marked
    listed = re.search(r"<p>Marked: ([^<]*)\.</p>", page).group(1).split("; ")
    assert listed == [f"room {number(r)} with backing {number(b)}" for r, b in sorted(marked)]
    # The same cells are marked on every map.
    assert len(drawn) == len(OUTCOMES)
    for squares in drawn.values():
        assert {(row[AXES[0]], row[AXES[1]]) for row in squares.to_dict("records") if row["marked"]} == marked


def test_report_draws_a_difference_heat_map_per_outcome_with_intervals(engineered_grid, engineered_report):
    page, drawn = engineered_report
    expected = direct_differences(engineered_grid, reference=REFERENCE)
    for outcome in OUTCOMES:
        title = next(title for title in drawn if title.startswith(f"{outcome.subject}: difference from the baseline"))
        squares = drawn[title]
        assert len(squares) == len(expected)  # every cell but the reference
        for row in squares.to_dict("records"):
            mean, low, high, _ = expected[(row[AXES[0]], row[AXES[1]])][outcome.name]
            assert row["label"] == f"{number(mean, signed=True)}\n({number(low)} to {number(high)})"
            assert row["clear"] == (low > 0 or high < 0)
    page = html.unescape(page)
    assert "<h3>Against the baseline: where problems fall without more incidents or burnouts</h3>" in page
    for outcome in OUTCOMES:
        assert page.count(f'alt="{outcome.subject} ({outcome.unit}): difference from the baseline over room '
                          "(across) and backing (up), with 95 % confidence intervals.") == 1
    # No baseline file, and the scenario's room 0.3 is no cell: the nearest cell stands in, and the page says so.
    assert ("The baseline policy itself, room 0.3 with backing 0.5 (the scenario's values), is not a combination "
            "of this grid, so the nearest one, room 0.25 with backing 0.5, marked 'reference', stands in for it"
            in page)
    assert "both clearly (the whole 95 % interval below zero)" in page
    assert "the lower end of their interval is not above zero" in page
    assert rates.IN_WORDS["burnouts_per_worker_year"] in page


def test_report_against_a_baseline_file_pairs_every_cell_with_it(dose_files):
    grid, baseline = dose_files
    page = build_report(grid, baseline=baseline, window=WINDOW)
    assert html.escape(f"The baseline is the runs of the file {baseline} (scenario baseline)") in page
    assert_table(page, direct_differences(grid, baseline=baseline))


def test_a_baseline_sweep_leaves_the_maps_on_the_reference_cell(dose_files):
    grid, _ = dose_files
    page = html.unescape(build_report(grid, baseline=grid, window=WINDOW))
    assert "The baseline file is itself a sweep of several cells" in page
    assert "so the nearest one, room 0.25 with backing 0.5, marked 'reference', stands in for it" in page
    assert len(numbers_table(page)) == len(DOSE_ROOMS) * len(DOSE_BACKINGS) - 1  # all but the reference cell
