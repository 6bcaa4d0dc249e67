"""python3 -m analysis writes the figure and a CSV of exactly the numbers
plotted, prints a short table, and answers bad usage or input with one line
"analysis: error: ..." and exit status 2. Most commands run in this process
(through analysis.__main__.main), since starting Python with xarray and
matplotlib takes seconds; two run as real commands."""
import subprocess
import sys

import h5py
import numpy as np
import pandas as pd
import pytest
from matplotlib.image import imread

from analysis import plots
from analysis.__main__ import main
from analysis.commands import exit_status
from analysis.compare import compare_cells, compare_files
from conftest import REPO, WEEKS


def run(argv, capsys):
    """(exit status, stdout, stderr) of the command line argv."""
    try:
        status = main([str(a) for a in argv])
    except SystemExit as exit:
        status = exit.code
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line_error(status, err, *fragments):
    assert status == 2
    assert err.startswith("analysis: error: ") and err.count("\n") == 1, err
    for fragment in fragments:
        assert fragment in err, (fragment, err)


def test_plot_writes_the_figure_and_the_plotted_numbers(grid_file, grid_ds, tmp_path, capsys):
    figure, csv = tmp_path / "wellbeing.png", tmp_path / "wellbeing.csv"
    status, out, _ = run(["plot", grid_file, "--outcome", "wellbeing_mean", "--group-by", "bending.backing",
                          "-o", figure, "--csv", csv], capsys)
    assert status == 0
    assert imread(figure).shape[:2] == (500, 800)
    written = pd.read_csv(csv)
    _, table = plots.trajectories(grid_ds, "wellbeing_mean", group_by="bending.backing")
    assert len(written) == 3 * WEEKS
    np.testing.assert_allclose(written[["group", "week", "mean", "low", "high"]].to_numpy(dtype=float),
                               table[["group", "week", "mean", "low", "high"]].to_numpy(dtype=float))
    assert "wellbeing_mean" in out and "bending.backing" in out


def test_heatmap_csv_holds_the_means_from_h5py(grid_file, tmp_path, capsys):
    figure, csv = tmp_path / "trust.svg", tmp_path / "trust.csv"
    status, out, _ = run(["heatmap", grid_file, "--outcome", "trust_mean", "--x", "bending.room",
                          "--y", "bending.backing", "--window", 10, "-o", figure, "--csv", csv], capsys)
    assert status == 0 and "<svg" in figure.read_text(encoding="utf-8")
    written = pd.read_csv(csv)
    with h5py.File(grid_file, "r") as f:
        per_run = f["trust_mean"][:, -10:].astype(np.float64).mean(axis=1)
        room, backing = f["param_bending_room"][:], f["param_bending_backing"][:]
    assert len(written) == 6
    for row in written.itertuples(index=False):
        expected = per_run[(room == row[1]) & (backing == row[0])].mean()
        assert row.trust_mean == pytest.approx(expected, rel=1e-12)
    assert "trust_mean" in out


def test_compare_prints_sentences_and_writes_the_forest_and_csv(grid_pair, grid_pair_ds, tmp_path, capsys):
    figure, csv = tmp_path / "forest.png", tmp_path / "compare.csv"
    status, out, _ = run(["compare", *grid_pair, "--window", 13, "-o", figure, "--csv", csv], capsys)
    assert status == 0
    written = pd.read_csv(csv)
    expected = compare_files(*grid_pair_ds, window=13)
    width, height = plots.forest_size(expected.outcome.nunique(), expected.cell.nunique())
    assert imread(figure).shape[:2] == (round(height * plots.DPI), round(width * plots.DPI))
    assert written.columns.tolist() == expected.columns.tolist()
    np.testing.assert_allclose(written[["difference", "ci_low", "ci_high"]], expected[["difference", "ci_low",
                                                                                      "ci_high"]], rtol=1e-12)
    assert written.text.tolist() == expected.text.tolist()
    assert expected.text.iloc[0] in out and "weeks 14–26" in out


def test_compare_of_one_file_takes_each_cell_against_the_baseline(grid_file, grid_ds, tmp_path, capsys):
    csv = tmp_path / "cells.csv"
    status, out, _ = run(["compare", grid_file, "--baseline-cell", 2, "--csv", csv], capsys)
    assert status == 0
    written = pd.read_csv(csv)
    assert sorted(set(written.cell)) == [0, 1, 3, 4, 5]
    assert written.text.tolist() == compare_cells(grid_ds, baseline_cell=2).text.tolist()
    assert "cell 3: bending.room = 1, bending.backing = 0" in out


def test_bad_input_is_one_line_with_exit_status_2(grid_file, sim_dir, tmp_path, capsys):
    foreign = tmp_path / "foreign.h5"
    with h5py.File(foreign, "w") as f:
        f["x"] = np.zeros(2)
    figure = tmp_path / "never.png"
    cases = [
        (["plot", tmp_path / "absent.h5", "--outcome", "trust_mean", "-o", figure], ["absent.h5: no such file"]),
        (["plot", sim_dir / "tiny.toml", "--outcome", "trust_mean", "-o", figure], ["not an HDF5 file"]),
        (["plot", foreign, "--outcome", "trust_mean", "-o", figure], ["not a wijksim results file"]),
        (["plot", grid_file, "--outcome", "happiness", "-o", figure], ["no metric 'happiness'"]),
        (["plot", grid_file, "--outcome", "trust_mean", "--select", "room", "-o", figure],
         ["'room' is not KEY=VALUE"]),
        (["plot", grid_file, "--outcome", "trust_mean", "-o", tmp_path / "figure.jpg"], ["not .jpg"]),
        (["heatmap", grid_file, "--outcome", "trust_mean", "--x", "bending.room", "-o", figure], ["--y"]),
        (["compare", grid_file, "--window", "0"], ["at least one"]),
        (["compare", grid_file, foreign], ["foreign.h5: not a wijksim results file"]),
        (["frobnicate"], ["invalid choice: 'frobnicate'"]),
    ]
    for argv, fragments in cases:
        status, _, err = run(argv, capsys)
        assert_one_line_error(status, err, *fragments)
    assert not figure.exists()


def test_files_of_different_designs_are_an_error_naming_both(grid_file, run_files, capsys):
    status, _, err = run(["compare", run_files[0], grid_file], capsys)
    assert_one_line_error(status, err, "different sweeps", str(run_files[0]), str(grid_file))


def test_the_module_runs_as_a_command_that_fails_without_a_traceback(grid_file, tmp_path):
    """The real command, on input found bad only after the file is read; the
    commands above show the same code succeeding in this process."""
    figure = tmp_path / "command.png"
    failed = subprocess.run([sys.executable, "-m", "analysis", "plot", str(grid_file), "--outcome", "p_mean",
                             "-o", str(figure)], cwd=REPO, capture_output=True, text=True)
    assert failed.returncode == 2 and "Traceback" not in failed.stderr
    assert failed.stderr == (f"analysis: error: {grid_file}: p_mean is recorded per domain; group by it or "
                             "select one of its levels (debt, work, health, safety, youth)\n")
    assert not figure.exists()


def test_the_commands_of_other_modules_run_under_the_one_command_line(grid_file, tmp_path, capsys):
    """report, validate and the other validation commands keep their own
    options and messages; only the name they go by is the subcommand's."""
    page = tmp_path / "grid.html"
    status, _, err = run(["report", grid_file, "-o", page], capsys)
    assert (status, err) == (0, f"wrote {page}\n")
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    absent = tmp_path / "absent.h5"
    status, _, err = run(["report", absent], capsys)
    assert (status, err) == (2, f"python3 -m analysis report: error: {absent}: no such file\n")


def test_a_failed_simulator_run_is_one_line_and_status_2(capsys):
    def failing(argv, prog):
        raise RuntimeError(f"wijksim run failed ({prog}, {argv})")
    assert exit_status(failing, "lever_effects", ["--fresh"], prog="p") == 2
    assert capsys.readouterr().err == "lever_effects: wijksim run failed (p, ['--fresh'])\n"
