"""scripts/report: one self-contained HTML page per results file, opened in
headless Chromium (Debian's chromium) to check that it renders with every
figure present, on files the simulator writes in the test; and what its
tables and figures say: outcomes in their words and units, legends naming
the scenarios, intervals of counts that stay at or above zero, and labels
that fit their figures."""
import html
import re
import shutil
import subprocess
from pathlib import Path

import h5py
import numpy as np
import pytest
from matplotlib import image
from matplotlib.figure import Figure
from scipy import stats

from analysis.compare import compare_files
from analysis.load import base_parameters, load
from analysis.outcomes import MINUS, key_outcome, key_outcomes, number
from analysis.report import CUT_MARK, Report, build_report
from conftest import RUN_REPLICATES, RUN_SEED, cut_off_parts

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As root, without a GPU or a network: the flags docs/DESIGN's notes name.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                  "--hide-scrollbars"]
REPORT = Path(__file__).resolve().parents[2] / "scripts/report"


def chromium(tmp_path, *args):
    profile = tmp_path / "chromium-profile"
    done = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def rendered(page_path, tmp_path):
    """(figures the page holds, figures the browser decoded, screenshot pixels)."""
    dom = chromium(tmp_path, "--virtual-time-budget=10000", "--dump-dom", page_path.as_uri())
    body = re.search(r"<body([^>]*)>", dom).group(1)
    held = int(re.search(r'data-figures="(\d+)"', body).group(1))
    decoded = re.search(r'data-figures-rendered="(\d+)"', body)
    shot = tmp_path / "screenshot.png"
    chromium(tmp_path, "--window-size=1100,1400", f"--screenshot={shot}", page_path.as_uri())
    return held, int(decoded.group(1)) if decoded else 0, image.imread(shot)


def write_report(tmp_path, name, *args):
    output = tmp_path / f"{name}.html"
    done = subprocess.run([str(REPORT), *map(str, args), "-o", str(output)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return output


def assert_self_contained(page):
    sources = re.findall(r'<img src="([^"]*)"', page)
    assert sources, "no figure"
    assert all(s.startswith("data:image/png;base64,") for s in sources)
    assert "http://" not in page and "https://" not in page and "<link" not in page


def assert_renders(page_path, tmp_path, figures):
    held, decoded, pixels = rendered(page_path, tmp_path)
    assert held == figures
    assert decoded == figures, "the browser could not draw every figure"
    assert pixels.shape[:2] == (1400, 1100)
    colours = np.unique(pixels.reshape(-1, pixels.shape[-1]).round(3), axis=0)
    assert len(colours) > 20, "the screenshot is (nearly) blank"


@pytest.fixture(scope="module")
def grid_report(tmp_path_factory, grid_file):
    """The report of a copy of the grid file, written by scripts/report to
    its default place beside the file."""
    directory = tmp_path_factory.mktemp("grid-report")
    copy = directory / "grid.h5"
    shutil.copy(grid_file, copy)
    done = subprocess.run([str(REPORT), str(copy)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return copy.with_suffix(".html")


def report_with_figures(path, baseline=None):
    """(page, [(Figure, caption)]): build_report's page and the figures it embeds."""
    figures = []
    embed = Report.figure

    def keep(report, fig, caption):
        figures.append((fig, caption))
        return embed(report, fig, caption)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Report, "figure", keep)
        page = build_report(path, baseline)
    return page, figures


@pytest.fixture(scope="module")
def plain(run_files):
    return report_with_figures(run_files[0])


@pytest.fixture(scope="module")
def plain_report(plain):
    return plain[0]


@pytest.fixture(scope="module")
def against_baseline(run_files):
    """tiny_protocol's runs against tiny's."""
    return report_with_figures(run_files[1], run_files[0])


@pytest.fixture(scope="module")
def grid(grid_file):
    return report_with_figures(grid_file)


@pytest.fixture(scope="module")
def no_backing_file(wijksim, sim_dir):
    """The scenario tiny without backing, its runs paired by seed with run_files' tiny."""
    output = sim_dir / "tiny_no_backing.h5"
    wijksim("run", sim_dir / "tiny.toml", "--replicates", RUN_REPLICATES, "--seed", RUN_SEED,
            "--set", "bending.backing=0", "-o", output, "-q")
    return output


@pytest.fixture(scope="module", params=["plain", "against_baseline", "grid"])
def any_report(request):
    return request.getfixturevalue(request.param)


def table_rows(page):
    return re.findall(r"<tr>(.*?)</tr>", page, flags=re.S)


def text_of(fragment):
    return html.unescape(re.sub(r"<[^>]*>", "", fragment)).strip()


def headline_rows(page):
    """{subject: (unit, mean, 95 % CI)} of the headline table."""
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>",
                      page.split("<h2>Headline outcomes</h2>")[1].split("</table>")[0])
    return {html.unescape(subject): (unit, mean, ci) for subject, unit, mean, ci in rows}


def reported_number(text):
    return float(text.rstrip(CUT_MARK).replace(MINUS, "-"))


def figure_texts(fig):
    """Every title and axis label of a figure, colour bars' included."""
    texts = [fig._suptitle.get_text()] if fig._suptitle else []
    for ax in fig.axes:
        texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    return [text for text in texts if text]


def legend_texts(fig):
    return [text.get_text() for ax in fig.axes if ax.get_legend() for text in ax.get_legend().get_texts()]


def test_grid_report_has_heatmaps_comparisons_and_renders(tmp_path, grid_report):
    page = grid_report.read_text(encoding="utf-8")
    assert_self_contained(page)
    for heading in ("What was run", "Headline outcomes", "Compared with the baseline", "Room and backing",
                    "How to read this page"):
        assert f"<h2>{heading}</h2>" in page
    assert "mechanism model, not a forecast" in page
    assert page.count('alt="multi-problem households (%) over room (across) and backing (up)."') == 1
    assert "<h3>Against the baseline: where problems fall without more incidents or burnouts</h3>" in page
    # 3 trajectories, 1 forest plot, 4 heat maps of differences from the baseline, 4 of levels.
    assert_renders(grid_report, tmp_path, figures=12)


def test_report_against_a_baseline_file_says_what_compare_says(tmp_path, run_files):
    baseline, policy = run_files
    path = write_report(tmp_path, "policy", policy, "--baseline", baseline, "--window", 13)
    page = path.read_text(encoding="utf-8")
    expected = compare_files(baseline, policy, window=13)
    for text in expected["text"]:
        assert html.escape(text) in page
    assert "Room and backing" not in page  # no grid in these files
    assert f"({expected.attrs['pairs']} pairs)" in page
    assert_renders(path, tmp_path, figures=4)


def test_plain_runs_without_a_baseline_say_how_to_get_one(plain_report):
    assert "No comparison: this file holds runs of one scenario" in plain_report
    assert "--baseline BASELINE.h5" in plain_report
    assert plain_report.count("<img ") == 3


def test_headline_table_matches_a_direct_computation(plain_report, run_files):
    with h5py.File(run_files[0], "r") as f:
        trust = f["trust_mean"][:].astype(np.float64).mean(axis=1)
    row = re.search(r"<td>trust in institutions</td><td></td><td>([^<]*)</td>", plain_report)
    assert row, "no trust row"
    assert float(row.group(1)) == pytest.approx(trust.mean(), rel=2e-3)


def test_sobol_file_gets_its_indices(wijksim, sim_dir):
    sweep = sim_dir / "report_sobol.toml"
    sweep.write_text('scenario = "tiny.toml"\ndesign = "sobol"\nsamples = 6\nreplicates = 1\nbase_seed = 1\n'
                     "[vary]\nbending.room = { min = 0, max = 1 }\nproblems.spill_rate = { min = 0.015, max = 0.035 }\n",
                     encoding="utf-8")
    output = sim_dir / "report_sobol.h5"
    wijksim("sweep", sweep, "-o", output, "-q")
    page = build_report(output)
    assert "<h2>Which inputs matter</h2>" in page
    assert "a Latin hypercube or Sobol design has no baseline cell" in page
    assert "<td>problems.spill_rate</td>" in page


def test_bad_input_is_one_line_and_writes_nothing(tmp_path, grid_file):
    foreign = tmp_path / "foreign.h5"
    with h5py.File(foreign, "w") as f:
        f["x"] = [1, 2]
    done = subprocess.run([str(REPORT), str(foreign)], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "foreign.h5: not a wijksim results file" in done.stderr
    assert not (tmp_path / "foreign.html").exists()

    done = subprocess.run([str(REPORT), str(grid_file), "--window", "999", "-o", str(tmp_path / "w.html")],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "window 999 is not between 1 and the 26 recorded weeks" in done.stderr
    assert not (tmp_path / "w.html").exists()


def test_no_table_has_a_header_row_or_cell_without_text(any_report):
    page, _ = any_report
    assert "<th></th>" not in page
    rows = table_rows(page)
    assert rows, "no table"
    assert all(text_of(row) for row in rows), "a table row without text"
    for header in re.findall(r"<thead>(.*?)</thead>", page, flags=re.S):
        assert all(text_of(cell) for cell in re.findall(r"<th>(.*?)</th>", header))


def test_the_sentence_about_sweeps_is_only_on_a_sweeps_page(plain_report, grid, single_run_file):
    sentence = "A lever varied by the sweep takes the values listed under"
    assert sentence not in plain_report
    assert sentence not in build_report(single_run_file)
    assert sentence in grid[0]


def test_figures_speak_in_the_outcomes_words_and_units(any_report):
    page, figures = any_report
    # Identifiers such as trust_mean; "sanctions" is a metric's name and its words alike.
    raw_names = {outcome.metric for outcome in key_outcomes() if "_" in outcome.metric}
    for fig, caption in figures:
        for text in figure_texts(fig) + [caption]:
            named = {name for name in raw_names if name in text}
            assert not named, f"{text!r} names the metric {named} instead of saying it in words"
    trajectories = [fig for fig, caption in figures if "week by week" in caption]
    assert [fig.axes[0].get_ylabel() for fig in trajectories] == [
        "multi-problem households (%)", "trust in institutions", "active Best Persons"]
    assert headline_rows(page)["multi-problem households"][0] == "%"  # the unit the figure's axis says


def test_heat_maps_of_levels_show_percent_and_counts_per_year(grid, grid_file):
    _, figures = grid
    levels = {caption: fig for fig, caption in figures if caption.endswith("over room (across) and backing (up).")}
    assert list(levels) == [f"{key_outcome(m).level_label} over room (across) and backing (up)."
                            for m in ("multi_problem_share", "trust_mean", "sanctions", "burnout_new")]
    share = levels["multi-problem households (%) over room (across) and backing (up)."]
    image_ax, colourbar_ax = share.axes
    assert colourbar_ax.get_ylabel() == "multi-problem households (%)"
    assert image_ax.get_xlabel() == "room to deviate from the rules (bending.room)"
    assert image_ax.get_ylabel() == "backing after an incident (bending.backing)"
    with h5py.File(grid_file, "r") as f:
        cell = (f["param_bending_room"][:] == 0.0) & (f["param_bending_backing"][:] == 0.0)
        percent = 100 * f["multi_problem_share"][:][cell].astype(np.float64).mean()
    # the square of room 0 and backing 0 (bottom left) holds the percentage
    corner = [t for t in image_ax.texts if np.allclose(t.get_position(), (0, 0))]
    assert [t.get_text() for t in corner] == [f"{percent:.3g}"]
    burnouts = levels["burnouts (per year) over room (across) and backing (up)."]
    assert burnouts.axes[1].get_ylabel() == "burnouts (per year)"


def test_legends_and_titles_name_the_scenarios(plain, against_baseline):
    for fig, caption in plain[1]:
        assert legend_texts(fig) == ["tiny"]
    page, figures = against_baseline
    trajectories = [fig for fig, caption in figures if "week by week" in caption]
    assert len(trajectories) == 3
    for fig in trajectories:
        assert legend_texts(fig) == ["tiny", "tiny_protocol"]
    forest = figures[-1][0]
    assert forest._suptitle.get_text().startswith("tiny_protocol (B) against tiny (A)")
    assert "tiny_protocol (B, this file) against tiny (A, the baseline)" in html.unescape(page)
    for fig, _ in figures:
        assert not {"this file", "baseline"} & set(legend_texts(fig))


def test_legends_tell_two_files_of_one_scenario_apart_by_their_parameters(run_files, no_backing_file):
    _, figures = report_with_figures(no_backing_file, run_files[0])
    own = base_parameters(load(run_files[0]))["backing"]
    assert np.all(own == own[0]) and own[0] != 0
    expected = [f"tiny with backing {number(own[0])}", "tiny with backing 0"]
    for fig, caption in figures:
        if "week by week" in caption:
            assert legend_texts(fig) == expected
    assert figures[-1][0]._suptitle.get_text().startswith(f"{expected[1]} (B) against {expected[0]} (A)")


def test_sweep_lines_are_named_by_the_cells_parameter_values(grid):
    _, figures = grid
    for fig, caption in figures:
        if "week by week" in caption:
            assert legend_texts(fig) == ["bending.room = 0", "bending.room = 1"]


def test_intervals_of_counts_do_not_go_below_zero_and_say_where_they_are_cut(plain_report, run_files):
    rows = headline_rows(plain_report)
    cut = []
    with h5py.File(run_files[0], "r") as f:
        for outcome in key_outcomes():
            per_run = f[outcome.metric][:].astype(np.float64).mean(axis=1) * outcome.scale
            half = stats.t.ppf(0.975, len(per_run) - 1) * per_run.std(ddof=1) / np.sqrt(len(per_run))
            t_low = per_run.mean() - half
            low, high = rows[outcome.subject][2].split(" to ")
            assert reported_number(high) == pytest.approx(per_run.mean() + half, rel=5e-3, abs=1e-9)
            if outcome.counts and t_low < 0:
                assert low == "0" + CUT_MARK
                cut.append(outcome.subject)
            else:
                assert low == number(t_low)
                assert not outcome.counts or reported_number(low) >= 0
    # The tiny world's rare events give some t-intervals that reach below zero.
    assert {"incidents from working outside the lines", "sanctions"} <= set(cut)
    assert f"its lower end is shown as 0, marked {CUT_MARK}" in html.unescape(plain_report)


def test_bands_of_counts_in_the_reports_figures_do_not_go_below_zero(any_report):
    _, figures = any_report
    for fig, caption in figures:
        if "week by week" not in caption or "cut at zero" not in caption:
            continue
        for band in fig.axes[0].collections:
            assert band.get_paths()[0].vertices[:, 1].min() >= 0, caption


def test_no_label_title_or_tick_is_cut_off(any_report):
    _, figures = any_report
    for fig, caption in figures:
        assert not cut_off_parts(fig), f"a label or title of {caption!r} reaches past the figure's edge"


def test_cut_off_labels_and_titles_are_found():
    """The check above finds a y-label and a title that a figure cuts off."""
    fig = Figure(figsize=(3, 2), dpi=100)
    ax = fig.add_axes((0.02, 0.2, 0.9, 0.7))
    ax.set_ylabel("a label left of the figure's edge", fontsize=20)
    title = fig.suptitle("a title far wider than the figure it is the title of")
    assert cut_off_parts(fig) == [ax, title]
