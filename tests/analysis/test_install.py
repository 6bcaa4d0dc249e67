"""The analysis package installs (pyproject.toml) and works outside the
source tree: it ships the data it reads and reads no C++ source."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


def test_the_installed_package_runs_away_from_the_source_tree(tmp_path):
    # setuptools builds in the tree it is given: a copy keeps its build/ and
    # egg-info out of the repository, where CMake builds in build/.
    source = tmp_path / "source"
    shutil.copytree(REPO / "analysis", source / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                    "--no-cache-dir", "--target", str(target), str(source)],
                   check=True, capture_output=True, text=True, cwd=tmp_path)
    assert (target / "analysis" / "key_outcomes.json").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    environment = {**os.environ, "PYTHONPATH": str(target)}
    script = ("import analysis, analysis.outcomes as o; "
              "print(analysis.__file__); print(len(o.key_outcomes()), o.key_outcome('burnout_new').unit)")
    done = subprocess.run([sys.executable, "-c", script], cwd=elsewhere, env=environment,
                          check=True, capture_output=True, text=True)
    where, outcomes = done.stdout.splitlines()
    assert Path(where).is_relative_to(target)
    assert outcomes == "14 per year"
    usage = subprocess.run([sys.executable, "-m", "analysis", "--help"], cwd=elsewhere, env=environment,
                           capture_output=True, text=True)
    assert usage.returncode == 0 and "compare" in usage.stdout
