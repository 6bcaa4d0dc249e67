"""Each lever's effect on the headline household outcomes at the default
world, as a relative change against the baseline with its 95 % confidence
interval: the numbers a policy maker asks for first.

  /usr/bin/python3 -m analysis.lever_effects [--replicates N] [--results DIR]
                                             [--fresh] [--report FILE]

Every lever setting is the baseline scenario with one lever moved for the
whole run, run with the baseline's seeds (common random numbers: replicate i
of each has the same seed). A run's outcome is its mean over recorded weeks
261-520 (as the stylized facts); the effect is the mean over replicates of
(lever / baseline - 1), with its t-interval."""
import argparse
import os
import sys
from dataclasses import dataclass

from .commands import exit_status
from .load import load
from .paired import mean_interval
from .replicated_runs import replicated_run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCENARIO = os.path.join(ROOT, "scenarios", "baseline.toml")
REPLICATES = 10
SEED = 9001
WINDOW = (261, 520)  # recorded weeks, first and last


@dataclass(frozen=True)
class LeverSetting:
    label: str
    settings: tuple  # --set KEY=VALUE

    @property
    def file_name(self):
        return "-".join(s.replace("=", "-").replace(".", "_") for s in self.settings) + ".h5"


# The managers' levers at both ends from the baseline (room 0.3, backing 0.5,
# contact 0.25 a week, attention 0.5), and the recruitment and protocol levers.
LEVERS = (
    LeverSetting("no room (0 from 0.3)", ("bending.room=0",)),
    LeverSetting("full room (1 from 0.3)", ("bending.room=1",)),
    LeverSetting("no backing (0 from 0.5)", ("bending.backing=0",)),
    LeverSetting("full backing (1 from 0.5)", ("bending.backing=1",)),
    LeverSetting("full room and backing", ("bending.room=1", "bending.backing=1")),
    LeverSetting("weekly contact (1 from 0.25 a week)", ("bending.contact_freq=1",)),
    LeverSetting("full attention to exhaustion (1 from 0.5)", ("bending.burnout_attention=1",)),
    LeverSetting("recruiting by scouts (not ads)", ("recruitment.recruit_channel=scouts",)),
    LeverSetting("local protocols (not the city's)", ("institutions.protocol_source=local",)),
    LeverSetting("foreign protocols (not the city's)", ("institutions.protocol_source=foreign",)),
)

# The headline household outcomes (sim/engine/key_outcomes.def's first
# ones) and whether lower is better.
OUTCOMES = (
    ("multi_problem_share", "multi-problem households", "lower"),
    ("debt_problem_share", "problematic debt", "lower"),
    ("wellbeing_mean", "wellbeing", "higher"),
    ("trust_mean", "trust in institutions", "higher"),
    ("help_coverage", "households in need with a helper", "higher"),
    ("queue_length", "households waiting", "lower"),
)


def window_mean(ds, metric):
    return ds[metric].values[:, WINDOW[0] - 1:WINDOW[1]].astype(float).mean(axis=1)


def effects(paths):
    """{lever label: {metric: Interval of the relative change}}."""
    datasets = {label: load(path) for label, path in paths.items()}
    table = {}
    for lever in LEVERS:
        row = {}
        for metric, _, _ in OUTCOMES:
            base = window_mean(datasets["baseline"], metric)
            moved = window_mean(datasets[lever.label], metric)
            row[metric] = mean_interval(moved / base - 1.0)
        table[lever.label] = row
    return table


def percent(interval):
    return f"{100 * interval.mean:+.1f} % ({100 * interval.low:+.1f} to {100 * interval.high:+.1f})"


def markdown(table, baseline_means, replicates, command, settings=()):
    world = "the default world (20 × 2,500 households)" + \
            (" with " + ", ".join(f"`{s}`" for s in settings) if settings else "")
    lines = ["## Each lever's effect on households", "",
             f"The baseline scenario on {world} with one lever moved for the "
             f"whole run, against the baseline, {replicates} paired replicates (common random numbers), recorded "
             f"weeks {WINDOW[0]}–{WINDOW[1]}: the relative change of each outcome's mean, with its 95 % "
             "confidence interval. An interval that includes 0 % means no effect is shown.", "",
             "| lever | " + " | ".join(label for _, label, _ in OUTCOMES) + " |",
             "|---|" + "---|" * len(OUTCOMES),
             "| baseline level | " + " | ".join(_level(metric, baseline_means[metric]) for metric, _, _ in OUTCOMES) +
             " |"]
    for label, row in table.items():
        lines.append(f"| {label} | " + " | ".join(percent(row[metric]) for metric, _, _ in OUTCOMES) + " |")
    lines += ["", f"Command: `{command}`", ""]
    return "\n".join(lines)


def _level(metric, value):
    if metric == "queue_length":
        return f"{value:,.0f} households"
    if metric.endswith("_share") or metric == "help_coverage":
        return f"{100 * value:.1f} %"
    return f"{value:.3f}"


def main(argv=None, prog="python3 -m analysis.lever_effects"):
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=REPLICATES)
    parser.add_argument("--results", help="directory for the runs (default results/lever-effects)")
    parser.add_argument("--wijksim", default=os.path.join(ROOT, "build", "release", "sim", "wijksim"))
    parser.add_argument("--fresh", action="store_true", help="run everything again")
    parser.add_argument("--report", help="write the Markdown table to this file")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="change a parameter in every run (e.g. a smaller world for a quick look)")
    args = parser.parse_args(argv)
    if args.replicates < 2:
        parser.error("--replicates: at least 2, for a confidence interval")
    results = args.results or os.path.join(ROOT, "results", "lever-effects")
    os.makedirs(results, exist_ok=True)
    paths = {"baseline": replicated_run(args.wijksim, SCENARIO, os.path.join(results, "baseline.h5"),
                                        args.replicates, seed=SEED, settings=args.set, fresh=args.fresh)}
    for lever in LEVERS:
        print(f"{lever.label} ...", file=sys.stderr)
        paths[lever.label] = replicated_run(args.wijksim, SCENARIO, os.path.join(results, lever.file_name),
                                            args.replicates, seed=SEED, settings=tuple(args.set) + lever.settings,
                                            fresh=args.fresh)
    table = effects(paths)
    for label, row in table.items():
        print(f"{label}: " + "; ".join(f"{metric} {percent(row[metric])}" for metric, _, _ in OUTCOMES))
    if args.report:
        baseline = load(paths["baseline"])
        baseline_means = {metric: float(window_mean(baseline, metric).mean()) for metric, _, _ in OUTCOMES}
        command = "/usr/bin/python3 -m analysis.lever_effects" + \
                  (f" --replicates {args.replicates}" if args.replicates != REPLICATES else "") + \
                  "".join(f" --set {s}" for s in args.set)
        with open(args.report, "w", encoding="utf-8") as out:
            out.write(markdown(table, baseline_means, args.replicates, command, args.set))
    return 0


if __name__ == "__main__":
    sys.exit(exit_status(main, "lever_effects"))
