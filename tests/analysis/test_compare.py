"""Paired comparisons (analysis.compare) against a direct computation from
h5py, numpy and scipy, and against `wijksim compare --format json`; the key
outcomes and their sentences; and the files that cannot be paired."""
import json
import shutil
import subprocess

import h5py
import numpy as np
import pytest
from scipy import stats

from analysis.compare import comparison_json, compare_cells, compare_cells_with_file, compare_files
from analysis.outcomes import key_outcome, key_outcomes, number, sentence
from conftest import REPLICATES, RUN_REPLICATES, WEEKS, WIJKSIM, grid_sweep, sweep_into

WINDOW = 13


def direct_window_means(path, metric, window):
    """Per run: the NaN-ignoring mean of the last `window` weeks, from h5py."""
    with h5py.File(path, "r") as f:
        values = f[metric][:, -window:].astype(np.float64)
        cell = f["cell"][:] if "cell" in f else np.zeros(len(values), dtype=int)
        seed = f["seed"][:]
    means = np.array([np.nanmean(row) if np.isfinite(row).any() else np.nan for row in values])
    return means, cell, seed


def direct_interval(differences):
    n = len(differences)
    mean = differences.mean()
    half = stats.t.ppf(0.975, n - 1) * differences.std(ddof=1) / np.sqrt(n)
    return mean, mean - half, mean + half


def wijksim_compare(a, b, *options):
    done = subprocess.run([str(WIJKSIM), "compare", str(a), str(b), "--format", "json", *options],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# --- key outcomes and their sentences ---------------------------------------

def test_key_outcomes_are_read_from_the_shipped_table_with_scales_and_units():
    outcomes = key_outcomes()
    assert [o.metric for o in outcomes][:3] == ["multi_problem_share", "debt_problem_share", "wellbeing_mean"]
    assert len(outcomes) == 14
    share, level, per_year = key_outcome("multi_problem_share"), key_outcome("wellbeing_mean"), \
        key_outcome("burnout_new")
    assert (share.scale, share.unit) == (100.0, "percentage points")
    assert (level.scale, level.unit) == (1.0, "")
    assert (per_year.scale, per_year.unit) == (52.0, "per year")
    assert (share.subject, share.wording, share.better) == ("multi-problem households", "count", "lower")


def test_sentences_say_the_direction_number_unit_and_interval():
    share, level = key_outcome("multi_problem_share"), key_outcome("wellbeing_mean")
    assert sentence(share, (-1.8, -2.3, -1.3)) == \
        "fewer multi-problem households: −1.8 percentage points, 95 % CI −2.3 to −1.3"
    assert sentence(share, (0.51234, 0.1, 0.9)) == \
        "more multi-problem households: +0.512 percentage points, 95 % CI 0.1 to 0.9"
    assert sentence(level, (0.0123, 0.01, 0.0145)) == "higher household wellbeing: +0.0123, 95 % CI 0.01 to 0.0145"
    assert sentence(level, (-0.5, -1.0, -0.25)) == "lower household wellbeing: −0.5, 95 % CI −1 to −0.25"
    assert sentence(key_outcome("burnout_new"), (0.0, -2.5, 2.5)) == \
        "no clear difference in burnouts: 0 per year, 95 % CI −2.5 to 2.5"
    assert sentence(share, (0.5, float("nan"), float("nan"))) == \
        "no clear difference in multi-problem households: +0.5 percentage points " \
        "(one pair: no confidence interval)"


def test_numbers_have_three_digits_a_true_minus_and_whole_thousands():
    assert number(1.11e-17, signed=True) == "0"  # the rounding of a difference of equal numbers
    assert number(-3e-12) == "0"
    assert number(-0.000123456) == "−0.000123"
    assert number(1.75e-5) == "1.75e-05"
    assert number(-1.75e-5) == "−1.75e-05"
    assert number(1234.6, signed=True) == "+1235"
    assert number(0.0, signed=True) == "0"
    assert number(float("nan")) == "n/a"


# --- two files -------------------------------------------------------------

def test_grid_comparison_matches_a_direct_computation(grid_pair, grid_pair_ds):
    a_path, b_path = grid_pair
    df = compare_files(*grid_pair_ds, window=WINDOW)
    assert df.attrs["window"] == {"first_week": WEEKS - WINDOW + 1, "last_week": WEEKS}
    assert df.attrs["parameters"] == ["bending.room", "bending.backing"]
    assert len(df) == 6 * len(key_outcomes())
    for row in df.itertuples(index=False):
        outcome = key_outcome(row.outcome)
        a, a_cell, a_seed = direct_window_means(a_path, row.outcome, WINDOW)
        b, b_cell, b_seed = direct_window_means(b_path, row.outcome, WINDOW)
        b_run = {(c, s): i for i, (c, s) in enumerate(zip(b_cell, b_seed))}
        pairs = [(i, b_run[(c, s)]) for i, (c, s) in enumerate(zip(a_cell, a_seed)) if c == row.cell]
        x = np.array([a[i] for i, _ in pairs]) * outcome.scale
        y = np.array([b[j] for _, j in pairs]) * outcome.scale
        known = np.isfinite(x) & np.isfinite(y)
        assert row.pairs == known.sum() == REPLICATES
        mean, low, high = direct_interval(y[known] - x[known])
        np.testing.assert_allclose([row.a_mean, row.b_mean], [x[known].mean(), y[known].mean()], rtol=1e-12)
        np.testing.assert_allclose([row.difference, row.ci_low, row.ci_high], [mean, low, high],
                                   rtol=1e-9, atol=1e-12)
        assert row.text == sentence(outcome, (row.difference, row.ci_low, row.ci_high))


def test_the_protocol_arm_has_fewer_cases_outside_the_lines(grid_pair_ds):
    """A comparison that can fail: forced protocol means no improvising."""
    df = compare_files(*grid_pair_ds)
    improvising = df[(df.outcome == "improvise_share") & (df["bending.room"] == 1.0)]
    assert (improvising.ci_high < 0).all()
    assert improvising.text.str.startswith("fewer cases handled outside the lines: −").all()


def test_replicate_runs_pair_by_seed(run_ds):
    df = compare_files(*run_ds)
    assert df.attrs["pairs"] == RUN_REPLICATES and df.attrs["parameters"] == []
    assert df.attrs["window"] == {"first_week": 1, "last_week": WEEKS}
    assert (df.cell == 0).all() and (df.pairs == RUN_REPLICATES).all()
    assert df.outcome.tolist() == [o.metric for o in key_outcomes()]


@pytest.mark.parametrize("window", [None, WINDOW])
def test_wijksim_compare_gives_the_same_numbers(run_files, run_ds, grid_pair, grid_pair_ds, window):
    options = [] if window is None else ["--window", str(window)]
    for paths, datasets in ((run_files, run_ds), (grid_pair, grid_pair_ds)):
        expected = wijksim_compare(*paths, *options)
        ours = comparison_json(compare_files(*datasets, window=window))
        assert ours["window"] == expected["window"]
        assert ours["pairs"] == expected["pairs"]
        assert [ours[side]["runs"] for side in "ab"] == [expected[side]["runs"] for side in "ab"]
        assert len(ours["comparisons"]) == len(expected["comparisons"])
        for mine, theirs in zip(ours["comparisons"], expected["comparisons"]):
            for key in ("cell", "parameters", "outcome", "subject", "unit", "better", "pairs", "text"):
                assert mine[key] == theirs[key], (key, mine, theirs)
            numbers = ("a_mean", "b_mean", "difference", "ci_low", "ci_high")
            # Boost's and scipy's t quantiles differ by ~4e-11, relative to the
            # interval's width, which a bound near zero does not share.
            size = max(abs(theirs[key]) for key in numbers if theirs[key] is not None)
            for key in numbers:
                if theirs[key] is None:
                    assert mine[key] is None, (key, mine)
                else:
                    assert mine[key] == pytest.approx(theirs[key], rel=1e-9, abs=1e-9 * size), (key, mine, theirs)


# --- one file: cells against a baseline cell -------------------------------

def test_cells_are_compared_with_the_baseline_cell_replicate_by_replicate(grid_file, grid_ds):
    df = compare_cells(grid_ds, baseline_cell=0, window=WINDOW)
    assert sorted(set(df.cell)) == [1, 2, 3, 4, 5] and (df.pairs == REPLICATES).all()
    row = df[(df.cell == 5) & (df.outcome == "trust_mean")].iloc[0]
    values, cell, _ = direct_window_means(grid_file, "trust_mean", WINDOW)
    mean, low, high = direct_interval(values[cell == 5] - values[cell == 0])  # runs are replicate-minor
    np.testing.assert_allclose([row.difference, row.ci_low, row.ci_high], [mean, low, high], rtol=1e-9)
    assert (row["bending.room"], row["bending.backing"]) == (1.0, 1.0)
    with pytest.raises(ValueError, match="no finished run in baseline cell 9"):
        compare_cells(grid_ds, baseline_cell=9)


# --- one scenario's runs against every cell of a sweep ---------------------

def test_every_cell_of_a_sweep_pairs_with_a_file_of_one_scenario_by_seed(run_files, run_ds, grid_file, grid_ds):
    # The run file has RUN_REPLICATES replicates of seed 1, the sweep REPLICATES of base_seed 1:
    # the sweep's replicates pair with the run file's first ones.
    df = compare_cells_with_file(run_ds[0], grid_ds, window=WINDOW)
    assert sorted(set(df.cell)) == [0, 1, 2, 3, 4, 5] and (df.pairs == REPLICATES).all()
    assert set(df.attrs["parameters"]) == {"bending.room", "bending.backing"}
    a, _, a_seed = direct_window_means(run_files[0], "trust_mean", WINDOW)
    b, b_cell, b_seed = direct_window_means(grid_file, "trust_mean", WINDOW)
    baseline = dict(zip(a_seed.tolist(), a))
    differences = np.array([b[i] - baseline[b_seed[i]] for i in np.flatnonzero(b_cell == 5)])
    row = df[(df.cell == 5) & (df.outcome == "trust_mean")].iloc[0]
    np.testing.assert_allclose([row.difference, row.ci_low, row.ci_high], direct_interval(differences), rtol=1e-9)
    assert (row["bending.room"], row["bending.backing"]) == (1.0, 1.0)
    with pytest.raises(ValueError, match="the baseline .* over 6 cells; give a file of one scenario's runs"):
        compare_cells_with_file(grid_ds, grid_ds)


# --- files that cannot be paired -------------------------------------------

@pytest.fixture(scope="module")
def unpairable(wijksim, sim_dir):
    """Files that differ from grid_file in seeds, design, horizon or metrics."""
    directory = sim_dir / "unpairable"
    directory.mkdir()
    for name in ("tiny", "tiny_protocol"):
        shutil.copyfile(sim_dir / f"{name}.toml", directory / f"{name}.toml")
    files = {
        "other_seed": sweep_into(wijksim, directory, "other_seed", grid_sweep("tiny", base_seed=2)),
        "other_design": sweep_into(wijksim, directory, "other_design", grid_sweep("tiny", backings=(0.0, 1.0))),
    }
    short = directory / "short.h5"
    wijksim("run", directory / "tiny.toml", "--replicates", 2, "--seed", 1, "--weeks", 20, "-o", short, "-q")
    files["short"] = short
    return files


def test_files_without_a_shared_seed_are_refused(grid_file, grid_ds, unpairable):
    with pytest.raises(ValueError, match=f"{grid_file} and {unpairable['other_seed']} share no seeds"):
        compare_files(grid_ds, unpairable["other_seed"])


def test_different_sweeps_are_refused(grid_file, grid_ds, unpairable):
    with pytest.raises(ValueError, match="different sweeps") as refused:
        compare_files(grid_ds, unpairable["other_design"])
    assert str(grid_file) in str(refused.value) and str(unpairable["other_design"]) in str(refused.value)


def test_different_horizons_are_refused(run_files, run_ds, unpairable):
    with pytest.raises(ValueError, match=f"{run_files[0]} and {unpairable['short']} recorded different "
                                         "numbers of weeks"):
        compare_files(run_ds[0], unpairable["short"])


def test_different_metric_sets_are_refused(run_files, run_ds, tmp_path):
    fewer = tmp_path / "fewer_metrics.h5"
    shutil.copyfile(run_files[1], fewer)
    with h5py.File(fewer, "r+") as f:
        del f["wellbeing_gap"]
    with pytest.raises(ValueError, match=r"hold different metrics \(only in the first: wellbeing_gap"):
        compare_files(run_ds[0], fewer)


def test_runs_without_a_partner_are_left_out_with_a_warning(grid_pair, grid_ds, tmp_path):
    partial = tmp_path / "partial.h5"
    shutil.copyfile(grid_pair[1], partial)
    with h5py.File(partial, "r+") as f:
        f["status"][0] = 0  # cell 0, replicate 0 not done
        f["status"][4] = 2  # cell 1, replicate 1 failed
    with pytest.warns(UserWarning, match="2 runs of the first and 0 of the second have no partner"):
        df = compare_files(grid_ds, partial)
    assert df.attrs["pairs"] == 6 * REPLICATES - 2
    assert df.groupby("cell").pairs.max().tolist() == [2, 2, 3, 3, 3, 3]


@pytest.mark.parametrize("other", ["other_seed", "other_design"])
def test_wijksim_compare_refuses_the_same_files(grid_file, unpairable, other):
    done = subprocess.run([str(WIJKSIM), "compare", str(grid_file), str(unpairable[other])],
                          capture_output=True, text=True)
    assert done.returncode != 0 and done.stderr.strip()


def test_a_foreign_file_is_refused_before_pairing(grid_ds, tmp_path):
    foreign = tmp_path / "foreign.h5"
    with h5py.File(foreign, "w") as f:
        f["x"] = np.zeros(3)
    with pytest.raises(ValueError, match="foreign.h5: not a wijksim results file"):
        compare_files(grid_ds, foreign)
