"""Runs the stylized-fact sweeps of scenarios/facts/ and tests each fact.

  /usr/bin/python3 -m analysis.validate [--scale reduced|full] [--facts SF1,SF3]
                                        [--set KEY=VALUE]... [--replicates N]
                                        [--calibration] [--sensitivity] [--results DIR]
                                        [--scale-invariance] [--classroom] [--lever-effects]
                                        [--fresh] [--report FILE] [--check]

--scale full runs the sweeps as written (the default world, 30 replicates);
reduced runs them on a world of REDUCED_SETTINGS, small enough for the test
suite. Sweeps resume: an interrupted validation picks up where it stopped;
--fresh starts them again. --replicates N runs N replicates per arm. --set
changes a parameter in every sweep. --calibration also measures the
calibration targets on the baseline; --sensitivity reruns the facts at the
low and high end of each parameter in UNCERTAIN. --scale-invariance,
--classroom and --lever-effects add the tests of analysis.scale_invariance
and analysis.classroom_claims and the table of analysis.lever_effects to the
report (their runs go to results/, beside the facts'). --check exits 1 when a
claim fails (facts.verdict: on the reduced world the claims of
facts.NEED_DEFAULT_WORLD need only not be contradicted; the known findings
of facts.KNOWN_FINDINGS fail the check when they start to hold), or when a
claim with a direction also holds with its arms swapped (then the test could
not have failed)."""
import argparse
import datetime
import json
import os
import subprocess
import sys
import time

from . import facts as fact_module
from .commands import exit_status
from .calibration import targets as calibration_targets
from .sweep_data import SweepData

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Two neighbourhoods with the default burn-in: a household fares as in the
# default world (staff per 1,000 households), but a shorter burn-in leaves the
# improvisation-only arm of SF3 unsettled (its single-problem ratio 1.7 at
# 312 weeks, 1.02 at 624).
REDUCED_SETTINGS = ["scale.n_neighbourhoods=2"]
FRESH = False  # --fresh: replace existing sweep files instead of resuming them
REPLICATES = None  # --replicates: fewer replicates than the sweeps ask for
# The defaults before the calibration of access to help (docs/ODD.md §6),
# measured beside the current ones so that the report shows what it changed:
# 8 caseworkers per team of 2,500 households, services stretched by queues.
BEFORE_CALIBRATION = ["institutions.caseworkers_per_1000=3.2", "institutions.cap_sw=20", "institutions.help_eta=0.08",
                      "institutions.seek_0=-5", "problems.need_min=0.4", "problems.recovery_rate=0.02",
                      "problems.shock_rate=0.004", "problems.spill_rate=0.028", "burnout.s0=0.35"]
# docs/ODD.md §9: outcomes are sensitive to spill-over near the multi-problem
# trap, and the density of resident Best Persons has no empirical estimate.
# The ends are those of the plausible ranges of docs/ODD.md, Parameters.
UNCERTAIN = (("problems.spill_rate", 0.015, 0.035), ("best_persons.bp_resident_density", 0.0, 4.0))


def sweep_command(binary, sweep, output, scale, settings):
    command = [binary, "-q", "sweep", os.path.join(ROOT, "scenarios", "facts", sweep), "-o", output,
               "--force" if FRESH else "--resume"]
    for setting in (REDUCED_SETTINGS if scale == "reduced" else []) + list(settings):
        command += ["--set", setting]
    if REPLICATES:
        command += ["--replicates", str(REPLICATES)]
    return command


def shown(command):
    return " ".join(os.path.relpath(c, ROOT) if c.startswith(ROOT) else c for c in command)


def run_sweep(binary, sweep, output, scale, settings):
    command = sweep_command(binary, sweep, output, scale, settings)
    started = time.monotonic()
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{completed.stderr}")
    return shown(command), time.monotonic() - started


def run_fact(key, binary, results, scale, settings=(), log=sys.stderr):
    evaluate, sweep = fact_module.FACTS[key]
    output = os.path.join(results, f"{key.lower()}.h5")
    command, seconds = run_sweep(binary, sweep, output, scale, settings)
    data = SweepData(output)
    fact = evaluate(data)
    fact.command = command
    fact.runs = len(data.seed)
    fact.run_seconds = data.run_seconds  # the runs' own time, also when resumed
    fact.git_commit = data.git_commit
    print(f"{key}{' with ' + ' '.join(settings) if settings else ''}: {fact_module.summary(fact, scale)} "
          f"({seconds:.0f} s)", file=log)
    return fact


def run_calibration(binary, results, settings=()):
    """The targets are for the default world, at every --scale: ten runs with
    the current defaults and ten with those before calibration."""
    output = os.path.join(results, "calibration.h5")
    command, _ = run_sweep(binary, "calibration.toml", output, "full", settings)
    before = os.path.join(results, "calibration-before.h5")
    before_command, _ = run_sweep(binary, "calibration.toml", before, "full", list(settings) + BEFORE_CALIBRATION)
    return (calibration_targets(SweepData(output)), command, calibration_targets(SweepData(before)),
            before_command)


def run_sensitivity(keys, binary, results, scale):
    # results: the directory of this scale's sweeps.
    """Every fact at the low and high end of each uncertain parameter."""
    rows = []
    defaults = {entry["key"]: entry["default"] for entry in json.loads(
        subprocess.run([binary, "params", "--format", "json"], capture_output=True, text=True, check=True).stdout)}
    for parameter, low, high in UNCERTAIN:
        default = defaults[parameter]
        for value in (low, high):
            setting = f"{parameter}={value:g}"
            directory = os.path.join(results, "sensitivity", setting.replace("=", "-"))
            os.makedirs(directory, exist_ok=True)
            outcome = {key: fact_module.summary(run_fact(key, binary, directory, scale, [setting]), scale) for key in keys}
            rows.append((parameter, value, default, outcome))
    lines = ["## Sensitivity of the conclusions", "",
             f"Each fact rerun ({scale} scale) with one uncertain parameter (docs/ODD.md §9) at the low or high end "
             "of its plausible range (docs/ODD.md, Parameters), everything else as above.", "",
             "| parameter | value (default) | " + " | ".join(keys) + " |", "|---|---|" + "---|" * len(keys)]
    for parameter, value, default, outcome in rows:
        lines.append(f"| `{parameter}` | {value:g} ({default}) | " + " | ".join(outcome[k] for k in keys) + " |")
    lines.append("")
    return "\n".join(lines)


def extra_sections(args):
    """The Markdown of the tests and tables asked for beside the facts, and
    which of them failed their check."""
    sections, failures = [], []
    binary = ["--wijksim", args.wijksim]
    for wanted, module, name in ((args.scale_invariance, "scale_invariance", "scale invariance"),
                                 (args.classroom, "classroom_claims", "classroom claims"),
                                 (args.lever_effects, "lever_effects", None)):
        if not wanted:
            continue
        report = os.path.join(ROOT, "results", f"{module}.md")
        command = [sys.executable, "-m", f"analysis.{module}", "--report", report] + binary
        if name:
            command.append("--check")
        if FRESH:
            command.append("--fresh")
        completed = subprocess.run(command, cwd=ROOT, text=True)
        if completed.returncode not in (0, 1):
            raise RuntimeError(f"{' '.join(command)} failed (exit {completed.returncode})")
        if completed.returncode == 1:
            failures.append(f"{name} failed")
        with open(report, encoding="utf-8") as f:
            sections.append(f.read())
    return sections, failures


def describe(fact, scale):
    lines = [f"{fact.key} {fact.title}: {fact_module.summary(fact, scale)}"]
    for outcome, arms in fact.arms:
        lines.append("  " + outcome + ": " + ", ".join(f"{label} {i.mean:.4g} [{i.low:.4g}, {i.high:.4g}]"
                                                    for label, i in arms.items()))
    for c in fact.comparisons:
        i = c.interval
        reversed_text = "" if c.reversed_passed is None else ("; SWAPPED ALSO HOLDS" if c.reversed_passed else "")
        lines.append(f"  [{fact_module.verdict(fact, c, scale)}] {c.claim}: {c.statistic_name} = {i.mean:.4g} "
                     f"[{i.low:.4g}, {i.high:.4g}], n = {i.n}; needs {c.criterion}{reversed_text}")
    return "\n".join(lines)


def preface(args, evaluated):
    seconds = sum(f.run_seconds for f in evaluated)
    commit = ", ".join(sorted({f.git_commit for f in evaluated}))  # of the wijksim that made the runs
    world = ("the default world (20 × 2,500 households)" if args.scale == "full"
             else "a reduced world (" + ", ".join(REDUCED_SETTINGS) + ")")
    flags = " ".join(["--scale", args.scale] + [f"--set {s}" for s in args.set] +
                     ([f"--replicates {args.replicates}"] if args.replicates else []) +
                     (["--calibration"] if args.calibration else []) + (["--sensitivity"] if args.sensitivity else []) +
                     ([f"--sensitivity-scale {args.sensitivity_scale}"] if args.sensitivity_scale else []) +
                     (["--scale-invariance"] if args.scale_invariance else []) +
                     (["--classroom"] if args.classroom else []) + (["--lever-effects"] if args.lever_effects else []))
    return "\n".join([
        "# Validation: stylized facts and calibration targets", "",
        "Written by `scripts/validate` (`/usr/bin/python3 -m analysis.validate " + flags + " --report "
        "docs/VALIDATION.md`) on " + datetime.date.today().isoformat() + " from runs of wijksim at commit " + commit + ", on "
        + world + f"; the facts' runs took {seconds / 3600:.1f} core-hours.", "",
        "Protocol (docs/ODD.md §1): each fact is a sweep in `scenarios/facts/` whose arms share seeds "
        "replicate by replicate (common random numbers). Outcomes are averaged over recorded weeks 261–520 "
        "unless a fact says otherwise; rates are per 100 years of their exposure (open case-years, "
        "Best-Person-years, FTE-years). A claim holds when the 95 % confidence interval of its paired "
        "statistic (t-interval over replicates) lies on the stated side of its threshold. Every claim with "
        "a direction is also tested with its arms swapped, which must fail: otherwise the test could not "
        "have failed.", "", "A fact that does not hold is a finding, explained under its table and in "
        "docs/ODD.md.", ""])


def main(argv=None, prog="python3 -m analysis.validate"):
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("reduced", "full"), default="full")
    parser.add_argument("--facts", default=",".join(fact_module.FACTS))
    parser.add_argument("--results", help="directory for the sweep files (default results/validation-SCALE)")
    parser.add_argument("--wijksim", default=os.path.join(ROOT, "build", "release", "sim", "wijksim"))
    parser.add_argument("--report", help="write the Markdown report (and its figures beside it)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="change a parameter in every sweep")
    parser.add_argument("--calibration", action="store_true", help="also measure the calibration targets")
    parser.add_argument("--sensitivity", action="store_true",
                        help="also rerun the facts at the ends of the uncertain parameters")
    parser.add_argument("--sensitivity-scale", choices=("reduced", "full"),
                        help="the scale of the sensitivity runs (default: --scale)")
    parser.add_argument("--fresh", action="store_true", help="run every sweep again instead of resuming it")
    parser.add_argument("--replicates", type=int, help="run this many replicates per arm instead of the sweeps' own")
    parser.add_argument("--scale-invariance", action="store_true",
                        help="also test that outcomes agree across world sizes (analysis.scale_invariance)")
    parser.add_argument("--classroom", action="store_true",
                        help="also test the classroom's guided experiments (analysis.classroom_claims)")
    parser.add_argument("--lever-effects", action="store_true",
                        help="also measure each lever's effect on households (analysis.lever_effects)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a fact fails")
    args = parser.parse_args(argv)
    global FRESH, REPLICATES
    FRESH = args.fresh
    if args.replicates is not None and args.replicates < 2:
        parser.error("--replicates: at least 2, for a confidence interval")
    REPLICATES = args.replicates
    results = args.results or os.path.join(ROOT, "results", f"validation-{args.scale}")
    os.makedirs(results, exist_ok=True)
    keys = [k.strip().upper() for k in args.facts.split(",") if k.strip()]
    unknown = [k for k in keys if k not in fact_module.FACTS]
    if unknown:
        parser.error(f"--facts: unknown {', '.join(unknown)} (known: {', '.join(fact_module.FACTS)})")
    evaluated = [run_fact(key, args.wijksim, results, args.scale, args.set) for key in keys]
    for fact in evaluated:
        print(describe(fact, args.scale))
    calibration = run_calibration(args.wijksim, results, args.set) if args.calibration else None
    if calibration:
        for t in calibration[0]:
            print(f"calibration: {t.name}: {t.interval.mean:.4g} (target {t.low:g} to {t.high:g}) "
                  f"{'met' if t.met else 'MISSED'}")
    sections, section_failures = extra_sections(args)
    sensitivity = None
    if args.sensitivity:
        scale = args.sensitivity_scale or args.scale
        directory = results if scale == args.scale else os.path.join(ROOT, "results", f"validation-{scale}")
        sensitivity = run_sensitivity(keys, args.wijksim, directory, scale)
    if args.report:
        from .validation_report import write_report
        write_report(evaluated, args.report, args.scale, results, calibration, sensitivity,
                     preface(args, evaluated), sections)
    broken = [f"{f.key}: {c.claim} ({fact_module.verdict(f, c, args.scale)})" for f in evaluated
              for c in f.comparisons if fact_module.verdict(f, c, args.scale) not in fact_module.ACCEPTABLE]
    vacuous = [f"{f.key}: {c.claim}" for f in evaluated for c in f.comparisons if c.reversed_passed]
    stale = fact_module.unknown_policies(evaluated)
    if args.check and (broken or vacuous or stale or section_failures):
        print(f"failed: {'; '.join(broken) or 'none'}; holding both ways: {'; '.join(vacuous) or 'none'}; "
              f"policies naming no claim: {stale or 'none'}; "
              f"{'; '.join(section_failures) or 'scale invariance and classroom claims as required'}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(exit_status(main, "validate"))
