"""Sobol indices and Morris effects (analysis/sensitivity.py): the estimators
on functions whose indices are known, and the reading of sobol sweep files
that the simulator writes.

The simulator is found through the environment variable WIJKSIM, falling
back to the release build.
"""
import argparse
import csv
import os
import shutil
import subprocess

import h5py
import numpy as np
import pandas as pd
import pytest
from matplotlib.image import imread

from analysis.sensitivity import (COMBINED_FIGSIZE, FIGURE_DPI, SOBOL_FIGSIZE, add_command, morris_effects,
                                  morris_figure, sobol_design, sobol_figure, sobol_from_file, sobol_indices)

WIJKSIM = os.environ.get("WIJKSIM", os.path.join(os.path.dirname(__file__), "..", "..", "build", "release", "sim",
                                                 "wijksim"))

TINY_SCENARIO = """\
name = "tiny"
[scale]
n_neighbourhoods = 2
households_per_nbh = 100
burnin_weeks = 10
horizon_weeks = 26
"""

# The [vary] lines are deliberately not in the order the simulator counts
# them: it groups keys by table (bending.room, bending.backing, then
# problems.spill_rate), and h5py lists the param_ variables alphabetically
# (backing first). Three different orders: only the right one passes.
SOBOL_SWEEP = """\
scenario = "tiny.toml"
design = "sobol"
samples = 8
replicates = 2
base_seed = 1

[vary]
bending.room = { min = 0, max = 1 }
problems.spill_rate = { min = 0.015, max = 0.035 }
bending.backing = { min = 0, max = 1 }
"""
SOBOL_ORDER = ["bending.room", "bending.backing", "problems.spill_rate"]
SAMPLES, REPLICATES = 8, 2

GRID_SWEEP = """\
scenario = "tiny.toml"
design = "grid"
replicates = 1
base_seed = 1

[vary]
bending.room = [0, 1]
"""

# Ishigami (a = 7, b = 0.1) on U(-pi, pi)^3: analytic indices (Ishigami and
# Homma 1990; Saltelli et al. 2010, section 4).
ISHIGAMI_S1 = np.array([0.3139, 0.4424, 0.0])
ISHIGAMI_ST = np.array([0.5576, 0.4424, 0.2437])


def ishigami(x):
    return np.sin(x[..., 0]) + 7.0 * np.sin(x[..., 1]) ** 2 + 0.1 * x[..., 2] ** 4 * np.sin(x[..., 0])


def saltelli_design(rng, n, lower, upper):
    """Plain numpy A, B and the AB_j matrices (A with column j from B)."""
    lower, upper = np.asarray(lower, float), np.asarray(upper, float)
    a = rng.uniform(lower, upper, (n, len(lower)))
    b = rng.uniform(lower, upper, (n, len(lower)))
    ab = np.repeat(a[:, None, :], len(lower), axis=1)
    for j in range(len(lower)):
        ab[:, j, j] = b[:, j]
    return a, b, ab


# ---------------------------------------------------------------------------
# Estimators on known functions


@pytest.fixture(scope="module")
def ishigami_indices():
    a, b, ab = saltelli_design(np.random.default_rng(2010), 20_000, [-np.pi] * 3, [np.pi] * 3)
    # 99 % intervals: six intervals at 95 % would miss a true value in one
    # design out of four even with a correct estimator.
    return sobol_indices(ishigami(a), ishigami(b), ishigami(ab), n_bootstrap=1000, level=0.99, seed=0)


def test_ishigami_true_indices_lie_inside_the_bootstrap_intervals(ishigami_indices):
    df = ishigami_indices
    for column, truth in (("S1", ISHIGAMI_S1), ("ST", ISHIGAMI_ST)):
        low, high = df[f"{column}_low"].to_numpy(), df[f"{column}_high"].to_numpy()
        assert ((low <= truth) & (truth <= high)).all(), f"{column}: true {truth} outside [{low}, {high}]"


def test_ishigami_estimates_are_as_close_as_their_intervals_say(ishigami_indices):
    df = ishigami_indices
    for column, truth in (("S1", ISHIGAMI_S1), ("ST", ISHIGAMI_ST)):
        estimate = df[column].to_numpy()
        # A 99 % percentile interval spans about 5.2 standard errors.
        standard_error = (df[f"{column}_high"] - df[f"{column}_low"]).to_numpy() / 5.15
        # At N = 20,000 the intervals are narrow enough to tell the indices
        # apart (x1's S1 from its ST, x3's zero S1 from its ST); a wrong
        # estimator or a swapped column would miss by far more than 4 SE.
        assert (standard_error < 0.01).all(), f"{column}: standard errors {standard_error}"
        assert (np.abs(estimate - truth) < 4 * standard_error).all(), f"{column}: {estimate} against {truth}"


def test_ishigami_ranks_the_parameters():
    a, b, ab = saltelli_design(np.random.default_rng(1), 2000, [-np.pi] * 3, [np.pi] * 3)
    df = sobol_indices(ishigami(a), ishigami(b), ishigami(ab), n_bootstrap=200, parameters=["x1", "x2", "x3"])
    assert list(df.columns) == ["parameter", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"]
    assert df["parameter"].tolist() == ["x1", "x2", "x3"]
    # x3 acts only through its interaction with x1: no first-order effect, a large total one.
    assert df.loc[2, "S1_low"] < 0.0 < df.loc[2, "S1_high"]
    assert df.loc[2, "ST_low"] > 0.15
    assert df.loc[0, "ST_low"] > df.loc[0, "S1_high"]


# Linear and additive: f = x1 - x2 + x3 on [0, 1] x [-1, 1] x [10, 13].
# Each term moves f by coefficient x range over its range: 1, -2 and 3; its
# variance is that squared over 12, so S1 = ST = (1, 4, 9) / 14.
LINEAR_LOWER, LINEAR_UPPER = [0.0, -1.0, 10.0], [1.0, 1.0, 13.0]
LINEAR_COEFFICIENTS = np.array([1.0, -1.0, 1.0])
LINEAR_SHARES = np.array([1.0, 4.0, 9.0]) / 14.0
LINEAR_SWING = np.array([1.0, -2.0, 3.0])


def linear(x):
    return x @ LINEAR_COEFFICIENTS


def test_linear_additive_first_and_total_indices_agree_with_the_variance_shares():
    a, b, ab = saltelli_design(np.random.default_rng(3), 20_000, LINEAR_LOWER, LINEAR_UPPER)
    df = sobol_indices(linear(a), linear(b), linear(ab), level=0.99, seed=4)
    for column in ("S1", "ST"):
        low, high = df[f"{column}_low"].to_numpy(), df[f"{column}_high"].to_numpy()
        assert ((low <= LINEAR_SHARES) & (LINEAR_SHARES <= high)).all(), f"{column}: {low}, {high}"
        assert (high - low < 0.05).all()
    # No interactions: the total effect is the first-order one.
    assert np.abs(df["ST"] - df["S1"]).max() < 0.02


def test_linear_morris_mu_star_is_the_coefficient_times_the_range():
    a, b, ab = saltelli_design(np.random.default_rng(5), 500, LINEAR_LOWER, LINEAR_UPPER)
    df = morris_effects(a, b, linear(a), linear(ab), LINEAR_LOWER, LINEAR_UPPER, parameters=["x1", "x2", "x3"])
    assert list(df.columns) == ["parameter", "mu", "mu_star", "mu_star_low", "mu_star_high", "sigma",
                                "n_effects", "lower", "upper"]
    np.testing.assert_allclose(df["mu"], LINEAR_SWING, rtol=1e-9)
    np.testing.assert_allclose(df["mu_star"], np.abs(LINEAR_SWING), rtol=1e-9)
    np.testing.assert_allclose(df["sigma"], 0.0, atol=1e-9)  # a linear effect is the same everywhere
    np.testing.assert_allclose(df["mu_star_low"], np.abs(LINEAR_SWING), rtol=1e-9)
    np.testing.assert_allclose(df["mu_star_high"], np.abs(LINEAR_SWING), rtol=1e-9)
    assert df["n_effects"].tolist() == [500, 500, 500]


def test_morris_skips_samples_where_a_and_b_share_the_value():
    x_A = np.array([[0.2, 0.5], [0.4, 0.5], [0.6, 0.1]])
    x_B = np.array([[0.7, 0.5], [0.4, 0.9], [0.1, 0.3]])
    f = lambda x: 2.0 * x[..., 0] + 10.0 * x[..., 0] * x[..., 1]
    x_AB = np.stack([np.column_stack([x_B[:, 0], x_A[:, 1]]), np.column_stack([x_A[:, 0], x_B[:, 1]])], axis=1)
    df = morris_effects(x_A, x_B, f(x_A), f(x_AB), [0.0, 0.0], [1.0, 1.0])
    assert df["n_effects"].tolist() == [2, 2]
    # x1's effect is 2 + 10 x2: 7 at x2 = 0.5 (sample 0) and 3 at x2 = 0.1 (sample 2);
    # x2's is 10 x1: 4 at x1 = 0.4 (sample 1) and 6 at x1 = 0.6 (sample 2).
    np.testing.assert_allclose(df["mu_star"], [5.0, 5.0])
    np.testing.assert_allclose(df["sigma"], [np.std([7.0, 3.0], ddof=1), np.std([4.0, 6.0], ddof=1)])


def test_bootstrap_is_deterministic_for_a_seed_and_varies_with_it():
    a, b, ab = saltelli_design(np.random.default_rng(6), 300, [-np.pi] * 3, [np.pi] * 3)
    fa, fb, fab = ishigami(a), ishigami(b), ishigami(ab)
    first = sobol_indices(fa, fb, fab, n_bootstrap=300, seed=11)
    pd.testing.assert_frame_equal(first, sobol_indices(fa, fb, fab, n_bootstrap=300, seed=11))
    other = sobol_indices(fa, fb, fab, n_bootstrap=300, seed=12)
    pd.testing.assert_series_equal(first["S1"], other["S1"])  # the estimates do not depend on the seed
    assert not np.allclose(first["S1_low"], other["S1_low"])
    morris = lambda seed: morris_effects(a, b, fa, fab, [-np.pi] * 3, [np.pi] * 3, n_bootstrap=300, seed=seed)
    pd.testing.assert_frame_equal(morris(11), morris(11))
    assert not np.allclose(morris(11)["mu_star_low"], morris(12)["mu_star_low"])


def test_estimators_refuse_what_they_cannot_estimate():
    a, b, ab = saltelli_design(np.random.default_rng(7), 50, [0.0] * 2, [1.0] * 2)
    with pytest.raises(ValueError, match="no variance"):
        sobol_indices(np.ones(50), np.ones(50), np.ones((50, 2)))
    with pytest.raises(ValueError, match="not finite"):
        sobol_indices(np.r_[np.nan, a[1:, 0]], b[:, 0], ab[:, :, 0])
    with pytest.raises(ValueError, match="shape"):
        sobol_indices(a[:, 0], b[:, 0], ab[:40, :, 0])


# ---------------------------------------------------------------------------
# Sweep files written by the simulator


@pytest.fixture(scope="module")
def sweeps(tmp_path_factory):
    """A finished sobol sweep and a grid sweep of a tiny world."""
    if not os.access(WIJKSIM, os.X_OK):
        pytest.fail(f"no simulator at {WIJKSIM}: build it or set WIJKSIM")
    directory = tmp_path_factory.mktemp("sensitivity")
    (directory / "tiny.toml").write_text(TINY_SCENARIO, encoding="utf-8")
    paths = {}
    for name, text in (("sobol", SOBOL_SWEEP), ("grid", GRID_SWEEP)):
        (directory / f"{name}.toml").write_text(text, encoding="utf-8")
        paths[name] = directory / f"{name}.h5"
        subprocess.run([WIJKSIM, "sweep", str(directory / f"{name}.toml"), "-o", str(paths[name]), "-q"],
                       check=True, timeout=120)
    paths["directory"] = directory
    return paths


def per_cell_means(path, metric, window, level=None):
    """Straight from h5py: each run's mean over the last `window` weeks,
    averaged over replicates, keyed by (sample, matrix), with the cell's
    parameter values by name."""
    with h5py.File(path, "r") as f:
        values = f[metric][:, -window:] if level is None else f[metric][:, -window:, level]
        per_run = np.nanmean(values.astype(np.float64), axis=1)
        sample, matrix = f["sample"][:], f["matrix"][:]
        params = {f[name].attrs["parameter"].decode(): f[name][:] for name in f if name.startswith("param_")}
    cells = {}
    for s, m in set(zip(sample.tolist(), matrix.tolist())):
        runs = (sample == s) & (matrix == m)
        assert runs.sum() == REPLICATES
        cells[s, m] = (per_run[runs].mean(), {key: v[runs][0] for key, v in params.items()})
    return cells


def test_sweep_design_arranges_cells_by_sample_and_swapped_parameter(sweeps):
    design = sobol_design(sweeps["sobol"], "wellbeing_mean", window=13)
    cells = per_cell_means(sweeps["sobol"], "wellbeing_mean", 13)
    assert design.parameters == SOBOL_ORDER
    assert design.f_AB.shape == (SAMPLES, 3) and design.x_A.shape == (SAMPLES, 3)
    assert (design.replicates, design.weeks, design.samples) == (REPLICATES, 13, SAMPLES)
    swapped_somewhere = set()
    for s in range(SAMPLES):
        assert design.f_A[s] == pytest.approx(cells[s, 0][0], rel=1e-12)
        assert design.f_B[s] == pytest.approx(cells[s, 1][0], rel=1e-12)
        x_A = np.array([cells[s, 0][1][key] for key in SOBOL_ORDER])
        x_B = np.array([cells[s, 1][1][key] for key in SOBOL_ORDER])
        np.testing.assert_array_equal(design.x_A[s], x_A)
        np.testing.assert_array_equal(design.x_B[s], x_B)
        for j, key in enumerate(SOBOL_ORDER):
            # AB_j is the cell whose values are A's with parameter j's from B,
            # found by value rather than by the matrix number.
            wanted = x_A.copy()
            wanted[j] = x_B[j]
            matches = [m for m in range(2, 5)
                       if np.array_equal([cells[s, m][1][key2] for key2 in SOBOL_ORDER], wanted)]
            assert matches, f"sample {s}: no cell is A with {key} from B"
            assert design.f_AB[s, j] == pytest.approx(cells[s, matches[0]][0], rel=1e-12)
            if len(matches) == 1:
                swapped_somewhere.add(j)
                assert matches[0] == 2 + j, "matrix 2 + j swaps the j-th parameter"
    assert swapped_somewhere == {0, 1, 2}, "every parameter's matrix was identified by value at least once"


def test_sweep_ranges_come_from_the_sweep_file(sweeps):
    design = sobol_design(sweeps["sobol"], "wellbeing_mean")
    np.testing.assert_array_equal(design.lower, [0.0, 0.0, 0.015])
    np.testing.assert_array_equal(design.upper, [1.0, 1.0, 0.035])
    assert design.range_source == ["sweep"] * 3
    assert design.weeks == 26


def test_sweep_level_metric_is_selected_by_label(sweeps):
    design = sobol_design(sweeps["sobol"], "p_mean", window=10, index={"domain": "debt"})
    cells = per_cell_means(sweeps["sobol"], "p_mean", 10, level=0)  # debt is the first domain
    np.testing.assert_allclose(design.f_A, [cells[s, 0][0] for s in range(SAMPLES)], rtol=1e-12)
    assert design.outcome == "p_mean[domain=debt]"


def test_sobol_from_file_gives_finite_indices_for_every_parameter(sweeps):
    sobol, morris = sobol_from_file(sweeps["sobol"], "p_mean", index={"domain": "debt"}, n_bootstrap=200)
    assert sobol["parameter"].tolist() == SOBOL_ORDER == morris["parameter"].tolist()
    numbers = sobol.drop(columns="parameter").to_numpy()
    assert np.isfinite(numbers).all()
    assert (sobol["S1_low"] <= sobol["S1_high"]).all() and (sobol["ST_low"] <= sobol["ST_high"]).all()
    assert np.isfinite(morris[["mu", "mu_star", "sigma"]].to_numpy()).all()
    # Spill-over drives debt problems: its total index dwarfs the two levers'.
    assert sobol.loc[2, "ST_low"] > sobol.loc[[0, 1], "ST_high"].max()
    assert morris.loc[2, "mu_star"] > 10 * morris.loc[[0, 1], "mu_star"].max()


def test_sobol_figure_is_saved_at_its_fixed_size_and_is_not_blank(sweeps):
    sobol, morris = sobol_from_file(sweeps["sobol"], "wellbeing_mean", n_bootstrap=100)
    for name, figure, size in (("sobol.png", sobol_figure(sobol, "wellbeing_mean"), SOBOL_FIGSIZE),
                               ("morris.png", morris_figure(morris), None)):
        path = sweeps["directory"] / name
        figure.savefig(path)
        pixels = imread(path)
        if size is not None:
            assert pixels.shape[:2] == (round(size[1] * FIGURE_DPI), round(size[0] * FIGURE_DPI))
        rgb = pixels[..., :3].reshape(-1, 3)
        # Bars, markers, text and a white background: many colours, mostly white.
        assert len(np.unique(np.round(rgb * 255).astype(int), axis=0)) > 20
        assert 0.5 < (rgb.min(axis=1) > 0.98).mean() < 0.99


def run_command(argv):
    parser = argparse.ArgumentParser(prog="analysis")
    add_command(parser.add_subparsers())
    args = parser.parse_args(argv)
    return args.handler(args)


def test_command_prints_the_table_and_writes_the_same_numbers_to_csv(sweeps, capsys):
    figure = sweeps["directory"] / "command.png"
    table = sweeps["directory"] / "indices.csv"
    assert run_command(["sobol", str(sweeps["sobol"]), "--outcome", "p_mean", "--select", "domain=debt",
                        "--window", "13", "--bootstrap", "200", "-o", str(figure), "--csv", str(table)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("p_mean[domain=debt]: mean over the last 13 recorded weeks")
    assert printed[1].split()[0] == "parameter" and "mu*" in printed[1] and "sigma" in printed[1]
    with open(table, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [row["parameter"] for row in rows] == SOBOL_ORDER
    assert list(rows[0]) == ["parameter", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high", "mu_star", "sigma"]
    for row, line in zip(rows, printed[2:], strict=True):
        assert line.split() == [row["parameter"], row["S1"], f"[{row['S1_low']},", f"{row['S1_high']}]",
                                row["ST"], f"[{row['ST_low']},", f"{row['ST_high']}]", row["mu_star"], row["sigma"]]
    sobol, morris = sobol_from_file(sweeps["sobol"], "p_mean", window=13, index={"domain": "debt"},
                                    n_bootstrap=200)
    np.testing.assert_allclose([float(row["ST"]) for row in rows], sobol["ST"], atol=5e-4)
    np.testing.assert_allclose([float(row["mu_star"]) for row in rows], morris["mu_star"], rtol=1e-3)
    assert imread(figure).shape[:2] == (round(COMBINED_FIGSIZE[1] * FIGURE_DPI),
                                        round(COMBINED_FIGSIZE[0] * FIGURE_DPI))


def test_command_refuses_bad_arguments_with_a_message(sweeps):
    path = str(sweeps["sobol"])
    with pytest.raises(ValueError, match="DIM=LEVEL"):
        run_command(["sobol", path, "--outcome", "p_mean", "--select", "domain"])
    with pytest.raises(ValueError, match="has a value per domain"):
        run_command(["sobol", path, "--outcome", "p_mean"])
    with pytest.raises(ValueError, match="'rent' is not one of debt"):
        run_command(["sobol", path, "--outcome", "p_mean", "--select", "domain=rent"])
    with pytest.raises(ValueError, match="window 27"):
        run_command(["sobol", path, "--outcome", "wellbeing_mean", "--window", "27"])
    with pytest.raises(ValueError, match=r"\.png"):
        run_command(["sobol", path, "--outcome", "wellbeing_mean", "-o", str(sweeps["directory"] / "x.jpg")])


def test_grid_sweep_is_not_a_sobol_sweep(sweeps):
    with pytest.raises(ValueError, match="not a sobol sweep") as error:
        sobol_from_file(sweeps["grid"], "wellbeing_mean")
    assert str(sweeps["grid"]) in str(error.value)


def test_missing_metric_is_named(sweeps):
    with pytest.raises(ValueError, match="no metric 'wellbeing_median'") as error:
        sobol_from_file(sweeps["sobol"], "wellbeing_median")
    assert str(sweeps["sobol"]) in str(error.value)
    with pytest.raises(ValueError, match="not an outcome metric"):
        sobol_from_file(sweeps["sobol"], "seed")


def test_runs_not_done_are_counted(sweeps):
    unfinished = sweeps["directory"] / "unfinished.h5"
    shutil.copyfile(sweeps["sobol"], unfinished)
    with h5py.File(unfinished, "r+") as f:
        status = f["status"][:]
        status[[3, 7, 11]] = [0, 0, 2]
        f["status"][:] = status
    with pytest.raises(ValueError, match=r"3 of 80 runs are not done \(2 pending, 1 failed\)") as error:
        sobol_from_file(unfinished, "wellbeing_mean")
    assert str(unfinished) in str(error.value)
