"""Runs the stylized-fact sweeps of scenarios/facts/ and tests each fact.

  /usr/bin/python3 -m analysis.validate [--scale reduced|full] [--facts SF1,SF3]
                                        [--results DIR] [--report FILE] [--check]

--scale full runs the sweeps as written (the default world, 30 replicates);
reduced runs them on a world of REDUCED_SETTINGS, small enough for the test
suite. Sweeps resume: an interrupted validation picks up where it stopped.
--check exits 1 when a fact fails, or when a claim with a direction also
holds with its arms swapped (then the test could not have failed)."""
import argparse
import os
import subprocess
import sys
import time

from . import facts as fact_module
from .sweep_data import SweepData

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REDUCED_SETTINGS = ["scale.n_neighbourhoods=2"]


def sweep_command(binary, sweep, output, scale):
    command = [binary, "-q", "sweep", os.path.join(ROOT, "scenarios", "facts", sweep), "-o", output, "--resume"]
    if scale == "reduced":
        for setting in REDUCED_SETTINGS:
            command += ["--set", setting]
    return command


def run_fact(key, binary, results, scale, log=sys.stderr):
    evaluate, sweep = fact_module.FACTS[key]
    output = os.path.join(results, f"{key.lower()}.h5")
    command = sweep_command(binary, sweep, output, scale)
    started = time.monotonic()
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{completed.stderr}")
    seconds = time.monotonic() - started
    fact = evaluate(SweepData(output))
    fact.command = " ".join(os.path.relpath(c, ROOT) if c.startswith(ROOT) else c for c in command)
    fact.seconds = seconds
    print(f"{key}: {'pass' if fact.passed else 'FAIL'} ({seconds:.0f} s)", file=log)
    return fact


def describe(fact):
    lines = [f"{fact.key} {fact.title}: {'pass' if fact.passed else 'FAIL'}"]
    for outcome, arms in fact.arms:
        lines.append("  " + outcome + ": " + ", ".join(f"{label} {i.mean:.4g} [{i.low:.4g}, {i.high:.4g}]"
                                                    for label, i in arms.items()))
    for c in fact.comparisons:
        i = c.interval
        reversed_text = "" if c.reversed_passed is None else ("; SWAPPED ALSO HOLDS" if c.reversed_passed else "")
        lines.append(f"  [{'pass' if c.passed else 'FAIL'}] {c.claim}: {c.statistic_name} = {i.mean:.4g} "
                     f"[{i.low:.4g}, {i.high:.4g}], n = {i.n}; needs {c.criterion}{reversed_text}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m analysis.validate", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("reduced", "full"), default="full")
    parser.add_argument("--facts", default=",".join(fact_module.FACTS))
    parser.add_argument("--results", help="directory for the sweep files (default results/validation-SCALE)")
    parser.add_argument("--wijksim", default=os.path.join(ROOT, "build", "release", "sim", "wijksim"))
    parser.add_argument("--report", help="write the Markdown report (and its figures beside it)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a fact fails")
    args = parser.parse_args(argv)
    results = args.results or os.path.join(ROOT, "results", f"validation-{args.scale}")
    os.makedirs(results, exist_ok=True)
    keys = [k.strip().upper() for k in args.facts.split(",") if k.strip()]
    unknown = [k for k in keys if k not in fact_module.FACTS]
    if unknown:
        parser.error(f"--facts: unknown {', '.join(unknown)} (known: {', '.join(fact_module.FACTS)})")
    evaluated = [run_fact(key, args.wijksim, results, args.scale) for key in keys]
    for fact in evaluated:
        print(describe(fact))
    if args.report:
        from .validation_report import write_report
        write_report(evaluated, args.report, args.scale, results)
    broken = [f.key for f in evaluated if not f.passed]
    vacuous = [f"{f.key}: {c.claim}" for f in evaluated for c in f.comparisons if c.reversed_passed]
    if args.check and (broken or vacuous):
        print(f"failed: {', '.join(broken) or 'none'}; holding both ways: {'; '.join(vacuous) or 'none'}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
