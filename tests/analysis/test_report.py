"""scripts/report: one self-contained HTML page per results file, opened in
headless Chromium (Debian's chromium) to check that it renders with every
figure present, on files the simulator writes in the test."""
import html
import re
import shutil
import subprocess
from pathlib import Path

import h5py
import numpy as np
import pytest
from matplotlib import image

from analysis.compare import compare_files
from analysis.report import build_report

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


@pytest.fixture(scope="module")
def plain_report(run_files):
    return build_report(run_files[0])


def test_grid_report_has_heatmaps_comparisons_and_renders(tmp_path, grid_report):
    page = grid_report.read_text(encoding="utf-8")
    assert_self_contained(page)
    for heading in ("What was run", "Headline outcomes", "Compared with the baseline", "Room and backing",
                    "How to read this page"):
        assert f"<h2>{heading}</h2>" in page
    assert "mechanism model, not a forecast" in page
    assert page.count('alt="multi_problem_share over room (across) and backing (up)."') == 1
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
