"""Results files for the analysis tests, made once per session by the
simulator on a tiny world (2 neighbourhoods of 250 households, 26 recorded
weeks), so that every file takes a fraction of a second.

The simulator is found through the environment variable WIJKSIM, falling
back to the release build. Fixtures:

- grid_file: a grid sweep over bending.room (0, 1) and bending.backing
  (0, 0.5, 1), 3 replicates, base_seed 1, of the scenario "tiny";
- grid_pair: grid_file and the same sweep of the scenario "tiny_protocol"
  (forced protocol, no Best Persons), so its runs pair cell by cell;
- run_files: `wijksim run --replicates 4 --seed 1` of "tiny" and of
  "tiny_protocol", whose replicates pair by seed;
- single_run_file: one plain `wijksim run --seed 5` of "tiny";
- dose_files: the room x backing grid of scenarios/sweeps/room_backing_grid.toml
  cut to 3 x 3 cells (DOSE_ROOMS x DOSE_BACKINGS, which do not hold the
  baseline's room 0.3) and DOSE_REPLICATES replicates on a small world
  (DOSE_SETTINGS), and `wijksim run scenarios/baseline.toml --replicates
  DOSE_REPLICATES --seed 1` on the same world, whose runs pair with every
  cell's by seed;
- wijksim: a function that runs the simulator with arguments and fails the
  test with its message if it fails;
- grid_ds, grid_pair_ds, run_ds: those files loaded by analysis.load.

cut_off_parts(fig) lists what of a figure reaches past its edges.
"""
import os
import subprocess
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from analysis.load import load

REPO = Path(__file__).resolve().parent.parent.parent
WIJKSIM = Path(os.environ.get("WIJKSIM", REPO / "build/release/sim/wijksim"))

WEEKS = 26
# Staff per 1,000 households at the defaults would give 500 households nine
# caseworkers and hardly a Best Person; the tiny worlds are staffed as
# densely as the parameter table allows (10 per team, and in "tiny" five
# resident Best Persons) so that their few weeks show the levers.
STAFF = """\
[institutions.caseworkers_per_1000]
social_services = 20.0
employment = 20.0
health_care = 20.0
police = 20.0
youth_care = 20.0
"""
SCENARIOS = {
    "tiny": f"""\
name = "tiny"
[scale]
n_neighbourhoods = 2
households_per_nbh = 250
burnin_weeks = 10
horizon_weeks = {WEEKS}
[best_persons]
bp_resident_density = 10.0
{STAFF}""",
    # The policy contrast: forced protocol and no Best Persons against the
    # defaults, which differs in key outcomes even on a tiny world.
    "tiny_protocol": f"""\
name = "tiny_protocol"
[scale]
n_neighbourhoods = 2
households_per_nbh = 250
burnin_weeks = 10
horizon_weeks = {WEEKS}
[institutions]
mode_policy = "force_protocol"
[best_persons]
init_bp_share_staff = 0.0
bp_resident_density = 0.0
bp_emergence = 0.0
{STAFF}""",
}

ROOMS, BACKINGS, REPLICATES = (0.0, 1.0), (0.0, 0.5, 1.0), 3
RUN_REPLICATES, RUN_SEED = 4, 1

# A world just large and long enough for some helpers to burn out.
DOSE_SETTINGS = {"scale.n_neighbourhoods": 2, "scale.households_per_nbh": 250, "scale.burnin_weeks": 104,
                 "scale.horizon_weeks": 52}
DOSE_ROOMS, DOSE_BACKINGS, DOSE_REPLICATES = (0.0, 0.25, 1.0), (0.0, 0.5, 1.0), 4


def grid_sweep(scenario, base_seed=1, backings=BACKINGS):
    return f"""\
scenario = "{scenario}.toml"
design = "grid"
replicates = {REPLICATES}
base_seed = {base_seed}

[vary]
bending.room = [{", ".join(f"{v:g}" for v in ROOMS)}]
bending.backing = [{", ".join(f"{v:g}" for v in backings)}]
"""


@pytest.fixture(scope="session")
def wijksim():
    if not os.access(WIJKSIM, os.X_OK):
        pytest.fail(f"no simulator at {WIJKSIM}: build it or set WIJKSIM")

    def simulate(*args):
        done = subprocess.run([str(WIJKSIM), *map(str, args)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.fail(f"wijksim {' '.join(map(str, args))} failed ({done.returncode}): {done.stderr.strip()}")
        return done

    return simulate


@pytest.fixture(scope="session")
def sim_dir(tmp_path_factory):
    """A directory holding the scenarios, beside which the sweeps are written."""
    directory = tmp_path_factory.mktemp("wijksim")
    for name, text in SCENARIOS.items():
        (directory / f"{name}.toml").write_text(text, encoding="utf-8")
    return directory


def sweep_into(wijksim, directory, name, text):
    (directory / f"{name}.toml").write_text(text, encoding="utf-8")
    output = directory / f"{name}.h5"
    wijksim("sweep", directory / f"{name}.toml", "-o", output, "-q")
    return output


@pytest.fixture(scope="session")
def grid_file(wijksim, sim_dir):
    return sweep_into(wijksim, sim_dir, "grid", grid_sweep("tiny"))


@pytest.fixture(scope="session")
def grid_pair(wijksim, sim_dir, grid_file):
    return grid_file, sweep_into(wijksim, sim_dir, "grid_protocol", grid_sweep("tiny_protocol"))


@pytest.fixture(scope="session")
def run_files(wijksim, sim_dir):
    paths = []
    for name in ("tiny", "tiny_protocol"):
        output = sim_dir / f"{name}_replicates.h5"
        wijksim("run", sim_dir / f"{name}.toml", "--replicates", RUN_REPLICATES, "--seed", RUN_SEED,
                "-o", output, "-q")
        paths.append(output)
    return tuple(paths)


@pytest.fixture(scope="session")
def single_run_file(wijksim, sim_dir):
    output = sim_dir / "tiny_single.h5"
    wijksim("run", sim_dir / "tiny.toml", "--seed", 5, "-o", output, "-q")
    return output


@pytest.fixture(scope="session")
def dose_files(wijksim, sim_dir):
    """(grid, baseline): see the module's docstring."""
    grid_sweep_file = REPO / "scenarios/sweeps/room_backing_grid.toml"
    text = grid_sweep_file.read_text(encoding="utf-8")
    for old, new in (('scenario = "../baseline.toml"', f'scenario = "{REPO / "scenarios/baseline.toml"}"'),
                     ("replicates = 20", f"replicates = {DOSE_REPLICATES}"),
                     ("bending.room = { start = 0, stop = 1, step = 0.25 }",
                      f"bending.room = [{', '.join(f'{v:g}' for v in DOSE_ROOMS)}]"),
                     ("bending.backing = { start = 0, stop = 1, step = 0.25 }",
                      f"bending.backing = [{', '.join(f'{v:g}' for v in DOSE_BACKINGS)}]")):
        assert old in text, f"{grid_sweep_file} no longer holds {old!r}"
        text = text.replace(old, new)
    sweep = sim_dir / "dose_grid.toml"
    sweep.write_text(text, encoding="utf-8")
    settings = [arg for key, value in DOSE_SETTINGS.items() for arg in ("--set", f"{key}={value}")]
    grid, baseline = sim_dir / "dose_grid.h5", sim_dir / "dose_baseline.h5"
    wijksim("sweep", sweep, "-o", grid, "-q", *settings)
    wijksim("run", REPO / "scenarios/baseline.toml", "--replicates", DOSE_REPLICATES, "--seed", 1, "-o", baseline,
            "-q", *settings)
    return grid, baseline


def cut_off_parts(fig):
    """The axes (with their labels, ticks and titles) and figure titles that
    reach past a figure's edges."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    edge = fig.bbox
    titles = [text for text in fig.texts if text.get_text()]  # suptitle among them
    boxes = [(ax, ax.get_tightbbox(renderer)) for ax in fig.axes]
    boxes += [(text, text.get_window_extent(renderer)) for text in titles]
    return [part for part, box in boxes
            if box.x0 < edge.x0 - 0.5 or box.y0 < edge.y0 - 0.5 or box.x1 > edge.x1 + 0.5 or box.y1 > edge.y1 + 0.5]


# The files loaded once each, since opening one with h5netcdf takes ~0.4 s.
# Tests must not modify them (xarray operations return new objects).

@pytest.fixture(scope="session")
def grid_ds(grid_file):
    return load(grid_file)


@pytest.fixture(scope="session")
def grid_pair_ds(grid_pair, grid_ds):
    return grid_ds, load(grid_pair[1])


@pytest.fixture(scope="session")
def run_ds(run_files):
    return tuple(load(path) for path in run_files)
