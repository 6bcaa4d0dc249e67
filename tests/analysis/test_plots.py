"""Every kind of figure is written at its fixed size, is not blank, is
labelled, and plots numbers that equal a direct computation from h5py."""
import h5py
import numpy as np
import pandas as pd
import pytest
from matplotlib.image import imread
from scipy import stats

from analysis import plots
from analysis.compare import compare_cells, compare_files
from conftest import BACKINGS, REPLICATES, ROOMS, cut_off_parts

WINDOW = 13


def pixels(fig, path):
    """The saved PNG's pixels, checked to be figsize × dpi and not one colour."""
    plots.save(fig, path)
    image = imread(path)
    width, height = fig.get_size_inches() * plots.DPI
    assert image.shape[:2] == (round(height), round(width))
    rgba = (image * 255).astype(np.uint8).reshape(-1, 4).view(np.uint32)  # one number per colour
    assert len(np.unique(rgba)) > 10, "the figure is (nearly) blank"
    return image


def assert_labelled(ax):
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_trajectories_by_parameter_plot_the_mean_and_t_interval_over_runs(grid_file, grid_ds, tmp_path):
    fig, table = plots.trajectories(grid_ds, "wellbeing_mean", group_by="bending.room")
    image = pixels(fig, tmp_path / "trajectories.png")
    assert image.shape[:2] == (500, 800)
    assert_labelled(fig.axes[0])
    assert fig.axes[0].get_xlabel() == "years after burn-in"
    assert sorted(set(table.group)) == list(ROOMS)
    with h5py.File(grid_file, "r") as f:
        values = f["wellbeing_mean"][:].astype(np.float64)
        room = f["param_bending_room"][:]
    runs = values[room == 1.0]
    line = table[table.group == 1.0]
    np.testing.assert_allclose(line["mean"], runs.mean(axis=0), rtol=1e-12)
    half = stats.t.ppf(0.975, len(runs) - 1) * runs.std(axis=0, ddof=1) / np.sqrt(len(runs))
    np.testing.assert_allclose(line["high"] - line["mean"], half, rtol=1e-9)
    np.testing.assert_allclose(line["years"], np.arange(1, runs.shape[1] + 1) / 52)
    assert (line["runs"] == len(BACKINGS) * REPLICATES).all()


def test_trajectories_of_several_files_by_level_with_a_selection(grid_file, grid_pair_ds, tmp_path):
    a, b = grid_pair_ds
    fig, table = plots.trajectories({"defaults": a, "protocol": b}, "p_mean", group_by="domain",
                                    select={"bending.backing": "0.5"}, band="range")
    pixels(fig, tmp_path / "levels.png")
    assert len(fig.axes[0].get_lines()) == 2 * 5
    assert set(table.series) == {"defaults", "protocol"}
    debt = table[(table.series == "defaults") & (table.group == "debt")]
    with h5py.File(grid_file, "r") as f:
        runs = f["p_mean"][:, :, 0][f["param_bending_backing"][:] == 0.5].astype(np.float64)
    np.testing.assert_allclose(debt["low"], runs.min(axis=0))
    np.testing.assert_allclose(debt["high"], runs.max(axis=0))


def test_trajectories_need_a_level_chosen_for_a_metric_per_level(grid_ds):
    with pytest.raises(ValueError, match="p_mean is recorded per domain; group by it or select one"):
        plots.trajectories(grid_ds, "p_mean")
    with pytest.raises(ValueError, match="has no domain 'rent'"):
        plots.trajectories(grid_ds, "p_mean", select={"domain": "rent"})
    with pytest.raises(ValueError, match="no run has bending.room = 0.25"):
        plots.trajectories(grid_ds, "trust_mean", select={"bending.room": 0.25})
    with pytest.raises(ValueError, match="band 'sd' is not one of ci, range"):
        plots.trajectories(grid_ds, "trust_mean", band="sd")


def test_heatmap_values_are_the_means_over_window_and_replicates(grid_file, grid_ds, tmp_path):
    fig, grid = plots.heatmap(grid_ds, "improvise_share", x="bending.room", y="bending.backing", window=WINDOW)
    pixels(fig, tmp_path / "heatmap.png")
    assert grid.dims == ("bending.backing", "bending.room")
    with h5py.File(grid_file, "r") as f:
        per_run = np.nanmean(f["improvise_share"][:, -WINDOW:].astype(np.float64), axis=1)
        room, backing = f["param_bending_room"][:], f["param_bending_backing"][:]
    for i, y in enumerate(BACKINGS):
        for j, x in enumerate(ROOMS):
            expected = per_run[(room == x) & (backing == y)].mean()
            assert grid.values[i, j] == pytest.approx(expected, rel=1e-12)
    image_ax, colourbar_ax = fig.axes
    assert_labelled(image_ax)
    assert "share of open institutional cases in IMPROVISE mode" in colourbar_ax.get_ylabel().replace("\n", " ")
    annotations = {text.get_text() for text in image_ax.texts}
    assert f"{grid.values[0, 0]:.3g}" in annotations and len(annotations) >= 2


def test_difference_heatmap_shows_intervals_hatches_unclear_cells_and_frames_marked_ones(tmp_path):
    """A hand-made 2 x 2 grid: a reference cell, a clear fall (marked), a
    clear rise and one whose interval includes zero."""
    differences = pd.DataFrame({
        "cell": [1, 2, 3],
        "bending.room": [1.0, 0.0, 1.0],
        "bending.backing": [0.0, 1.0, 1.0],
        "difference": [-1.2, 0.3, 2.0],
        "ci_low": [-1.5, -0.1, 1.2],
        "ci_high": [-0.9, 0.7, 2.8],
    })
    fig, table = plots.difference_heatmap(differences, "bending.room", "bending.backing", "test outcome",
                                          "percentage points", marked=[1], reference=(0.0, 0.0))
    pixels(fig, tmp_path / "differences.png")
    ax = fig.axes[0]
    assert_labelled(ax)
    assert table["label"].tolist() == ["\u22121.2\n(\u22121.5 to \u22120.9)", "+0.3\n(\u22120.1 to 0.7)",
                                       "+2\n(1.2 to 2.8)"]
    assert table["clear"].tolist() == [True, False, True]
    assert table["marked"].tolist() == [True, False, False]
    texts = {(round(t.get_position()[0]), round(t.get_position()[1])): t.get_text() for t in ax.texts
             if t.get_text() != plots.MARK}
    assert texts == {(0, 0): "reference", (1, 0): table["label"][0], (0, 1): table["label"][1],
                     (1, 1): table["label"][2]}
    marks = [t for t in ax.texts if t.get_text() == plots.MARK]
    assert len(marks) == 1 and round(marks[0].get_position()[0]) == 1 and round(marks[0].get_position()[1]) == 0
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert [(p.get_x() + 0.5, p.get_y() + 0.5) for p in hatched] == [(0, 1)]  # the unclear cell only
    frames = [p for p in ax.patches if not p.get_fill() and p.get_linewidth() > 2]
    assert [(round(p.get_x() + p.get_width() / 2), round(p.get_y() + p.get_height() / 2)) for p in frames] == [(1, 0)]
    # blue for the fall, red for the rise, on a scale centred at zero
    image = ax.images[0]
    fall, rise = image.cmap(image.norm(-1.2)), image.cmap(image.norm(2.0))
    assert fall[2] > fall[0] and rise[0] > rise[2]
    assert image.norm.vmin == -image.norm.vmax == -2.0


def test_heatmap_refuses_what_is_not_two_varied_parameters(grid_ds):
    with pytest.raises(ValueError, match="'bending.nothing' is not a varied parameter"):
        plots.heatmap(grid_ds, "trust_mean", x="bending.nothing", y="bending.room")
    with pytest.raises(ValueError, match="a heatmap needs two parameters"):
        plots.heatmap(grid_ds, "trust_mean", x="bending.room", y="bending.room")
    with pytest.raises(ValueError, match="recorded per domain"):
        plots.heatmap(grid_ds, "p_mean", x="bending.room", y="bending.backing")


def test_forest_of_two_files_colours_by_the_better_side(grid_pair_ds, tmp_path):
    comparisons = compare_files(*grid_pair_ds)
    fig = plots.forest(comparisons)
    image = pixels(fig, tmp_path / "forest.png")
    width, height = plots.forest_size(comparisons.outcome.nunique(), comparisons.cell.nunique())
    assert image.shape[:2] == (round(height * plots.DPI), round(width * plots.DPI))
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in panels] == list(dict.fromkeys(comparisons.subject))
    assert all(ax.get_xlabel().startswith("B − A") for ax in panels)
    assert fig._suptitle.get_text()
    # best_persons_active: higher is better, and the protocol arm has none, so it is worse (red)
    bp = panels[list(dict.fromkeys(comparisons.outcome)).index("best_persons_active")]
    colours = {line.get_color() for line in bp.get_lines() if line.get_linestyle() == "None"}
    assert colours == {plots.VERDICT_COLOURS["worse"]}


def test_forest_of_cells_has_a_row_per_cell_in_each_panel(grid_ds):
    comparisons = compare_cells(grid_ds, window=WINDOW)
    fig = plots.forest(comparisons)
    assert fig.get_size_inches()[1] > plots.forest_size(comparisons.outcome.nunique(), 1)[1]  # room for the rows
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert len(panels) == comparisons.outcome.nunique()
    labels = [label.get_text() for label in panels[0].get_yticklabels()]
    assert sorted(labels) == sorted(f"room = {r:g}, backing = {b:g}" for r in ROOMS for b in BACKINGS
                                    if (r, b) != (ROOMS[0], BACKINGS[0]))


def test_forest_title_of_long_scenario_names_wraps_inside_the_figure(grid_pair_ds):
    comparisons = compare_files(*grid_pair_ds)
    for side in ("a", "b"):
        comparisons.attrs[side] = {**comparisons.attrs[side], "scenario": f"a scenario named at length, side {side}"}
    fig = plots.forest(comparisons)
    assert fig._suptitle.get_text().count("\n") >= 1
    assert not cut_off_parts(fig)


def test_save_writes_svg_at_the_figure_size(grid_ds, tmp_path):
    fig, _ = plots.trajectories(grid_ds, "trust_mean")
    path = tmp_path / "trust.svg"
    plots.save(fig, path)
    text = path.read_text(encoding="utf-8")
    assert "<svg" in text and 'width="576pt"' in text and 'height="360pt"' in text  # 8 × 5 inches at 72 pt


def test_save_refuses_other_formats(grid_ds, tmp_path):
    fig, _ = plots.trajectories(grid_ds, "trust_mean")
    with pytest.raises(ValueError, match="write a .png or .svg file, not .pdf"):
        plots.save(fig, tmp_path / "figure.pdf")


def test_reported_trajectories_say_a_share_in_its_words_and_percent(run_files, run_ds):
    fig, table = plots.trajectories(run_ds[0], "multi_problem_share", reported=True)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "multi-problem households (%)"
    assert ax.get_title().startswith("multi-problem households: mean over runs")
    with h5py.File(run_files[0], "r") as f:
        runs = f["multi_problem_share"][:].astype(np.float64)
    np.testing.assert_allclose(table["mean"], 100 * runs.mean(axis=0), rtol=1e-12)
    recorded, _ = plots.trajectories(run_ds[0], "multi_problem_share")
    assert recorded.axes[0].get_ylabel().startswith("share of households")


def test_reported_band_of_a_count_is_the_t_interval_cut_at_zero(grid_file, grid_ds):
    _, recorded = plots.trajectories(grid_ds, "incidents")
    _, reported = plots.trajectories(grid_ds, "incidents", reported=True)
    below = recorded["low"] < 0
    assert below.any(), "the tiny world's incidents no longer give a t-interval below zero"
    assert (reported["low"] >= 0).all()
    assert (reported["low"][below] == 0).all()
    np.testing.assert_allclose(reported["low"][~below], 52 * recorded["low"][~below], rtol=1e-12)
    np.testing.assert_allclose(reported["high"], 52 * recorded["high"], rtol=1e-12)
    # a level that is not a count keeps its whole t-interval
    _, trust = plots.trajectories(grid_ds, "trust_mean", reported=True)
    _, trust_recorded = plots.trajectories(grid_ds, "trust_mean")
    np.testing.assert_allclose(trust["low"], trust_recorded["low"], rtol=1e-12)


def test_reported_heatmap_counts_per_year_with_axes_in_words(grid_file, grid_ds, tmp_path):
    fig, grid = plots.heatmap(grid_ds, "sanctions", x="bending.room", y="bending.backing", window=WINDOW,
                              reported=True, xlabel="room to deviate from the rules",
                              ylabel="backing after an incident")
    pixels(fig, tmp_path / "sanctions.png")
    image_ax, colourbar_ax = fig.axes
    assert colourbar_ax.get_ylabel() == "sanctions (per year)"
    assert image_ax.get_title().startswith("sanctions: mean over the last 13 weeks")
    assert (image_ax.get_xlabel(), image_ax.get_ylabel()) == ("room to deviate from the rules",
                                                              "backing after an incident")
    with h5py.File(grid_file, "r") as f:
        per_run = f["sanctions"][:, -WINDOW:].astype(np.float64).mean(axis=1)
        room, backing = f["param_bending_room"][:], f["param_bending_backing"][:]
    for i, y in enumerate(BACKINGS):
        for j, x in enumerate(ROOMS):
            expected = 52 * per_run[(room == x) & (backing == y)].mean()
            assert grid.values[i, j] == pytest.approx(expected, rel=1e-12)
