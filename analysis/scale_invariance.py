"""The same city at any size: per-household outcomes of worlds cut into
neighbourhoods of different sizes and numbers, tested for equivalence with a
reference world by two one-sided tests (TOST).

  /usr/bin/python3 -m analysis.scale_invariance [--quick] [--households N]
                                                [--set KEY=VALUE ...]
                                                [--worlds NxH,...]
                                                [--results DIR] [--fresh]
                                                [--report FILE] [--check]

Each world is the baseline scenario with its own n_neighbourhoods and
households_per_nbh, run with as many replicates as it takes to simulate about
--households households in all (at least MIN_REPLICATES; the reference
world twice as many), so that small worlds, whose outcomes vary more from
run to run, get more runs. Every world has the same burn-in (312 weeks:
the comparison is between sizes, not a calibration) and 260 recorded weeks. A world is
equivalent to the reference when the 90 % confidence interval of the
difference of its mean from the reference's (Welch) lies inside the margin
for every outcome: 10 % of the reference's value, or 2 percentage points for
the waiting share. --quick compares two worlds of the same households and
one district, cut into one and four neighbourhoods, with few replicates (the
test suite's version), and also checks that a world with a quarter fewer
caseworkers is *not* equivalent, so that the test could have failed.
--set applies settings to every world (is the model the same city at any
size under them too?); --worlds compares only the worlds named, as
NEIGHBOURHOODSxHOUSEHOLDS, with the reference."""
import argparse
import math
import os
import sys
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .commands import exit_status
from .load import load
from .replicated_runs import replicated_run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIN_REPLICATES = 10
RELATIVE_MARGIN = 0.10
WAITING_MARGIN = 0.02  # absolute: 2 percentage points


@dataclass(frozen=True)
class World:
    n_neighbourhoods: int
    households_per_nbh: int
    settings: tuple = ()  # further --set KEY=VALUE

    @property
    def households(self):
        return self.n_neighbourhoods * self.households_per_nbh

    @property
    def label(self):
        text = f"{self.n_neighbourhoods} × {self.households_per_nbh:,}"
        return text + "".join(f", {s}" for s in self.settings)

    @property
    def file_name(self):
        suffix = "".join("-" + s.replace("=", "-") for s in self.settings)
        return f"{self.n_neighbourhoods}x{self.households_per_nbh}{suffix}.h5"


REFERENCE = World(4, 2500)
FULL_WORLDS = (World(4, 500), World(4, 1000), REFERENCE, World(4, 5000), World(4, 10000),
               World(2, 2500), World(20, 2500))
# The quick version: the same 2,500 households, one district, cut into one
# neighbourhood or four; and, to show the test has power, the four-way cut
# with a quarter fewer caseworkers.
QUICK_REFERENCE = World(1, 2500)
QUICK_WORLDS = (QUICK_REFERENCE, World(4, 625))
QUICK_UNDERSTAFFED = World(4, 625, ("institutions.caseworkers_per_1000=2.4",))
QUICK_SETTINGS = ("scale.burnin_weeks=312",)
QUICK_WEEKS = 104
FULL_WEEKS = 260
QUICK_HOUSEHOLDS = 150_000
FULL_HOUSEHOLDS = 1_600_000
FULL_SETTINGS = ("scale.burnin_weeks=312",)
REFERENCE_FACTOR = 2  # every world is compared with it: its noise enters every comparison


@dataclass(frozen=True)
class Outcome:
    name: str
    unit: str
    absolute_margin: float = None  # None: RELATIVE_MARGIN of the reference

    def margin(self, reference_mean):
        return self.absolute_margin if self.absolute_margin is not None else RELATIVE_MARGIN * abs(reference_mean)


def in_service(ds):
    """Helpers in service each week (active or on leave, every type)."""
    return ds["type_active"].values.sum(axis=2) + ds["type_on_leave"].values.sum(axis=2)


def per_run_outcomes(path, households):
    """Every outcome of OUTCOMES for each run of a results file, averaged
    over all its recorded weeks; rates per 100 helper-years are the weekly
    events over the helpers in service, times 52 and 100."""
    ds = load(path)

    def mean(name):
        return np.nanmean(ds[name].values.astype(float), axis=1)
    helpers = np.nanmean(in_service(ds).astype(float), axis=1)
    return {
        "multi_problem_share": mean("multi_problem_share"),
        "debt_problem_share": mean("debt_problem_share"),
        "help_coverage": mean("help_coverage"),
        "waiting_share": mean("queue_length") / households,
        "best_persons_per_1000": mean("best_persons_active") * 1000.0 / households,
        "burnouts_per_100_helper_years": mean("burnout_new") * 52.0 * 100.0 / helpers,
        "exits_per_100_helper_years": mean("helper_exits") * 52.0 * 100.0 / helpers,
    }


OUTCOMES = (
    Outcome("multi_problem_share", "share"),
    Outcome("debt_problem_share", "share"),
    Outcome("help_coverage", "share"),
    Outcome("waiting_share", "share", WAITING_MARGIN),
    Outcome("best_persons_per_1000", "per 1,000 households"),
    Outcome("burnouts_per_100_helper_years", "per 100 helper-years"),
    Outcome("exits_per_100_helper_years", "per 100 helper-years"),
)
QUICK_OUTCOMES = OUTCOMES[:4]  # the precise ones at the quick version's few runs


@dataclass
class Equivalence:
    outcome: Outcome
    world_mean: float
    reference_mean: float
    low: float  # 90 % CI of world - reference
    high: float
    margin: float
    replicates: tuple

    @property
    def difference(self):
        return self.world_mean - self.reference_mean

    @property
    def equivalent(self):
        return -self.margin < self.low and self.high < self.margin


def tost(outcome, world, reference):
    """Two one-sided tests at 5 % each: the 90 % Welch interval of the
    difference of means inside (-margin, margin)."""
    world, reference = np.asarray(world, float), np.asarray(reference, float)
    va, vb = world.var(ddof=1) / len(world), reference.var(ddof=1) / len(reference)
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va ** 2 / (len(world) - 1) + vb ** 2 / (len(reference) - 1)) if se > 0 else 1.0
    half = float(stats.t.ppf(0.95, df)) * se
    diff = float(world.mean() - reference.mean())
    return Equivalence(outcome, float(world.mean()), float(reference.mean()), diff - half, diff + half,
                       outcome.margin(reference.mean()), (len(world), len(reference)))


def replicates_for(world, budget_households, reference):
    factor = REFERENCE_FACTOR if world == reference else 1
    return max(MIN_REPLICATES, math.ceil(factor * budget_households / world.households))


def run_world(binary, world, replicates, weeks, settings, results, fresh, seed=1):
    shape = (f"scale.n_neighbourhoods={world.n_neighbourhoods}", f"scale.households_per_nbh={world.households_per_nbh}")
    return replicated_run(binary, os.path.join(ROOT, "scenarios", "baseline.toml"),
                          os.path.join(results, world.file_name), replicates, weeks, seed,
                          shape + tuple(settings) + world.settings, fresh)


def compare(worlds, reference, outcomes, paths):
    ref = per_run_outcomes(paths[reference], reference.households)
    table = {}
    for world in worlds:
        if world == reference:
            continue
        values = per_run_outcomes(paths[world], world.households)
        table[world] = [tost(o, values[o.name], ref[o.name]) for o in outcomes]
    return ref, table


def number(value, unit):
    return f"{100 * value:.2f} %" if unit == "share" else f"{value:.3g}"


def difference_text(e):
    if e.outcome.absolute_margin is not None:
        return (f"{100 * e.difference:+.2f} points ({100 * e.low:+.2f} to {100 * e.high:+.2f}; "
                f"margin ±{100 * e.margin:.0f})")
    ref = e.reference_mean
    return (f"{100 * e.difference / ref:+.1f} % ({100 * e.low / ref:+.1f} to {100 * e.high / ref:+.1f}; "
            f"margin ±{100 * RELATIVE_MARGIN:.0f} %)")


def markdown(reference, ref_values, table, outcomes, command, weeks):
    lines = ["## The same city at any size", "",
             f"Each world is the baseline scenario cut into neighbourhoods of a different size or number, "
             f"recorded for {weeks} weeks after a burn-in of 312 weeks, with about as many households in all "
             f"over its replicates as every other world (at least {MIN_REPLICATES} replicates; the reference "
             f"world {REFERENCE_FACTOR} times as many). Each outcome "
             "is averaged over the recorded weeks of a run; a world is compared with the reference "
             f"world ({reference.label} households) by two one-sided tests: the difference of the means "
             "with its 90 % confidence interval (Welch), which must lie inside the margin of ±10 % of the "
             "reference's value (±2 percentage points for the waiting share). Rates are per 100 helper-years "
             "in service (active or on leave, every type).", "",
             "| world (neighbourhoods × households) | replicates | " +
             " | ".join(o.name.replace("_", " ") for o in outcomes) + " | equivalent |",
             "|---|---|" + "---|" * len(outcomes) + "---|"]
    first = next(iter(table.values()))
    lines.append(f"| {reference.label} (reference) | {first[0].replicates[1]} | " +
                 " | ".join(number(float(np.mean(ref_values[o.name])), o.unit) for o in outcomes) + " | — |")
    for world, row in table.items():
        cells = [f"{number(e.world_mean, e.outcome.unit)}: {difference_text(e)}" +
                 ("" if e.equivalent else " **not shown**") for e in row]
        verdict = "yes" if all(e.equivalent for e in row) else "**no**"
        lines.append(f"| {world.label} | {row[0].replicates[0]} | " + " | ".join(cells) + f" | {verdict} |")
    lines += ["", f"Command: `{command}`", ""]
    return "\n".join(lines)


def parse_worlds(text):
    worlds = []
    for part in text.split(","):
        try:
            n, h = (int(x) for x in part.strip().lower().split("x"))
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{part}' is not NEIGHBOURHOODSxHOUSEHOLDS, e.g. 4x500")
        worlds.append(World(n, h))
    return worlds


def main(argv=None, prog="python3 -m analysis.scale_invariance"):
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the test suite's small version")
    parser.add_argument("--households", type=int,
                        help="households simulated per world over its replicates (default 1,600,000; quick 150,000)")
    parser.add_argument("--results", help="directory for the runs (default results/scale-invariance)")
    parser.add_argument("--wijksim", default=os.path.join(ROOT, "build", "release", "sim", "wijksim"))
    parser.add_argument("--fresh", action="store_true", help="run every world again")
    parser.add_argument("--report", help="write the Markdown table to this file")
    parser.add_argument("--check", action="store_true", help="exit 1 unless every world is equivalent")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a setting for every world (repeatable)")
    parser.add_argument("--worlds", type=parse_worlds, metavar="NxH,...",
                        help="compare only these worlds with the reference, e.g. 4x500,4x5000")
    args = parser.parse_args(argv)
    results = args.results or os.path.join(ROOT, "results", "scale-invariance" + ("-quick" if args.quick else ""))
    os.makedirs(results, exist_ok=True)
    understaffed = QUICK_UNDERSTAFFED
    if args.quick:
        worlds, reference, outcomes, weeks, settings = (QUICK_WORLDS + (QUICK_UNDERSTAFFED,), QUICK_REFERENCE,
                                                       QUICK_OUTCOMES, QUICK_WEEKS, QUICK_SETTINGS)
    else:
        worlds, reference, outcomes, weeks, settings = FULL_WORLDS, REFERENCE, OUTCOMES, FULL_WEEKS, FULL_SETTINGS
    if args.worlds:
        worlds = (reference,) + tuple(w for w in args.worlds if w != reference)
    if args.set:
        # A world's own settings name its results file, so runs under other
        # settings never reuse these.
        def with_settings(w):
            return World(w.n_neighbourhoods, w.households_per_nbh, w.settings + tuple(args.set))
        worlds, reference = tuple(with_settings(w) for w in worlds), with_settings(reference)
        understaffed = with_settings(understaffed)
    budget = args.households or (QUICK_HOUSEHOLDS if args.quick else FULL_HOUSEHOLDS)
    paths = {}
    for world in worlds:
        replicates = replicates_for(world, budget, reference)
        print(f"{world.label}: {replicates} replicates", file=sys.stderr)
        paths[world] = run_world(args.wijksim, world, replicates, weeks, settings, results, args.fresh)
    ref_values, table = compare(worlds, reference, outcomes, paths)
    failures = []
    for world, row in table.items():
        for e in row:
            status = "equivalent" if e.equivalent else "NOT SHOWN"
            print(f"{world.label}: {e.outcome.name} {e.world_mean:.4g} vs {e.reference_mean:.4g}, "
                  f"difference 90 % CI [{e.low:.4g}, {e.high:.4g}], margin {e.margin:.4g}: {status}")
        expect_equivalent = world != understaffed
        if expect_equivalent and not all(e.equivalent for e in row):
            failures.append(f"{world.label} is not shown to be equivalent")
        if not expect_equivalent and all(e.equivalent for e in row):
            failures.append(f"{world.label} passes as equivalent: the test could not have failed")
    if args.report:
        command = "/usr/bin/python3 -m analysis.scale_invariance" + (" --quick" if args.quick else "") + \
                  (f" --households {args.households}" if args.households else "") + \
                  "".join(f" --set {s}" for s in args.set) + \
                  (" --worlds " + ",".join(f"{w.n_neighbourhoods}x{w.households_per_nbh}" for w in args.worlds)
                   if args.worlds else "")
        shown = {w: r for w, r in table.items() if w != understaffed}
        with open(args.report, "w", encoding="utf-8") as out:
            out.write(markdown(reference, ref_values, shown, outcomes, command, weeks))
    if failures:
        print("scale invariance: " + "; ".join(failures), file=sys.stderr)
        return 1 if args.check else 0
    return 0


if __name__ == "__main__":
    sys.exit(exit_status(main, "scale_invariance"))
