"""The classroom's guided experiments, tested as the page states them: every
claim on an experiment card (sim/serve/assets/index.html) at the classroom
world's size, within the weeks a lesson shows, over paired replicates.

  /usr/bin/python3 -m analysis.classroom_claims [--replicates N] [--results DIR]
                                                [--fresh] [--report FILE] [--check]

Each experiment is the classroom scenario with its lever moved at the first
week the class watches (a scenario [[changes]] at recorded week 1, as a
button press at the start of the lesson), run with the same seeds as the
classroom scenario itself (common random numbers: replicate i of both has
the same seed). A claim holds when the 95 % confidence interval of its
paired statistic over the replicates lies on the stated side of zero (or,
for a claim of no change, inside its band). --check exits 1 when a claim
does not hold, or when a claim with a direction also holds with its arms
swapped (the test could not have failed)."""
import argparse
import html
import json
import os
import re
import sys
from dataclasses import dataclass

import numpy as np

from .commands import exit_status
from .load import load
from .paired import Comparison
from .replicated_runs import replicated_run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCENARIO = os.path.join(ROOT, "scenarios", "classroom.toml")
PAGE = os.path.join(ROOT, "sim", "serve", "assets", "index.html")
LESSON_WEEKS = 156  # the most a lesson shows: three years
REPLICATES = 10


@dataclass(frozen=True)
class Experiment:
    key: str
    title: str  # the card's heading
    levers: dict  # what its button sets


@dataclass(frozen=True)
class Claim:
    experiment: str
    text: str  # as the card says it
    metric: str
    first_week: int  # the recorded weeks averaged, first to last
    last_week: int
    kind: str = "difference"  # experiment - classroom, or "ratio"
    rule: str = "above"
    threshold: object = 0.0


EXPERIMENTS = (
    Experiment("backing", "Take away backing", {"bending.backing": 0}),
    Experiment("scouts", "Switch to scouts", {"recruitment.recruit_channel": "scouts"}),
    Experiment("foreign", "Copy a protocol from elsewhere", {"institutions.protocol_source": "foreign"}),
)

# The claims of each card, in its order. Effects the card says come later
# are measured from then on; "over three years" is the whole lesson.
CLAIMS = (
    Claim("backing", "incidents fall", "incidents", 1, LESSON_WEEKS, rule="below"),
    Claim("backing", "exhaustion climbs", "exhaustion_mean", 1, LESSON_WEEKS),
    Claim("backing", "burnouts rise", "burnout_new", 1, LESSON_WEEKS),
    Claim("backing", "multi-problem households rise by a tenth of a point", "multi_problem_share", 1,
          LESSON_WEEKS),
    Claim("scouts", "filling a vacancy takes longer", "time_to_fill_mean", 1, LESSON_WEEKS),
    Claim("scouts", "more vacancies stand open", "vacancies_open", 1, LESSON_WEEKS),
    Claim("scouts", "new hires are more often Best Persons (a higher Best-Person score)", "hire_bp_score_mean", 1,
          LESSON_WEEKS),
    Claim("scouts", "the fit of new hires improves", "hire_fit_mean", 1, LESSON_WEEKS),
    Claim("scouts", "active Best Persons grow over three years", "best_persons_active", 1, LESSON_WEEKS),
    Claim("foreign", "protocol effectiveness falls", "protocol_effectiveness", 1, LESSON_WEEKS, rule="below"),
    Claim("foreign", "multi-problem households rise over the following months", "multi_problem_share", 27,
          LESSON_WEEKS),
    Claim("foreign", "trust falls over the following months", "trust_mean", 27, LESSON_WEEKS, rule="below"),
    Claim("foreign", "Best Persons' improvisation keeps working (changes by less than 5 %)",
          "bp_improvise_effectiveness", 1, LESSON_WEEKS, kind="ratio", rule="within", threshold=(0.95, 1.05)),
    Claim("foreign", "exhaustion climbs", "exhaustion_mean", 1, LESSON_WEEKS),
)

# What the cards used to promise and the model does not show at the
# classroom's size within a lesson (10 replicates, 156 weeks), kept so that
# docs/VALIDATION.md can say so with the numbers.
WITHDRAWN = (
    Claim("backing", "sanctions rise", "sanctions", 1, LESSON_WEEKS),
    Claim("backing", "active Best Persons fall", "best_persons_active", 53, LESSON_WEEKS, rule="below"),
    Claim("backing", "vacancies open", "vacancies_open", 1, LESSON_WEEKS),
    Claim("scouts", "more vacancies are filled by Best Persons", "hire_bp_share", 1, LESSON_WEEKS),
)


def cards(page=PAGE):
    """(title, levers) of every guided-experiment card on the classroom page."""
    with open(page, encoding="utf-8") as f:
        text = f.read()
    found = re.findall(r'<article class="experiment">\s*<h3>(.*?)</h3>.*?data-levers=\'(.*?)\'', text, re.S)
    return [(html.unescape(title), json.loads(levers)) for title, levers in found]


def cards_match(page=PAGE):
    """The page's cards are the experiments tested here, with the same levers."""
    return cards(page) == [(e.title, e.levers) for e in EXPERIMENTS]


def changed_scenario(experiment, directory):
    """The classroom scenario with the experiment's levers from recorded week 1."""
    with open(SCENARIO, encoding="utf-8") as f:
        text = f.read()
    lines = [text.rstrip(), "", "[[changes]]", "week = 1"]
    for key, value in experiment.levers.items():
        lines.append(f"{key} = {value!r}".replace("'", '"'))
    path = os.path.join(directory, f"classroom-{experiment.key}.toml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


def window_means(ds, metric, first_week, last_week):
    """Each run's mean over the weeks given, leaving out weeks without a
    value (no hire, no improvised case-week that week)."""
    values = ds[metric].values[:, first_week - 1:last_week].astype(float)
    weeks = np.isfinite(values).sum(axis=1)
    return np.where(weeks > 0, np.nansum(values, axis=1) / np.maximum(weeks, 1), np.nan)


def evaluate(paths, claims=CLAIMS):
    """Comparison of every claim: experiment against the classroom scenario."""
    datasets = {name: load(path) for name, path in paths.items()}
    results = []
    for claim in claims:
        moved = window_means(datasets[claim.experiment], claim.metric, claim.first_week, claim.last_week)
        still = window_means(datasets["classroom"], claim.metric, claim.first_week, claim.last_week)
        results.append((claim, Comparison(claim.text, claim.experiment, "classroom", moved, still,
                                          kind=claim.kind, rule=claim.rule, threshold=claim.threshold)))
    return results


def markdown(results, withdrawn, replicates, command):
    titles = {e.key: e.title for e in EXPERIMENTS}
    lines = ["## The classroom's guided experiments", "",
             f"Every claim of the guided experiments on the classroom page, at the classroom world's size "
             f"(`scenarios/classroom.toml`, 4 × 500 households), over the {LESSON_WEEKS} weeks a lesson shows at "
             f"most: the lever moves at the first week the class watches, and each claim compares the mean of "
             f"its outcome over the weeks given with the classroom scenario left alone, replicate by replicate "
             f"({replicates} paired replicates, 95 % confidence intervals).", "",
             "| experiment | claim | outcome (weeks) | experiment − classroom (95 % CI) | holds |",
             "|---|---|---|---|---|"]
    for claim, c in results:
        i = c.interval
        statistic = "experiment / classroom" if claim.kind == "ratio" else "difference"
        lines.append(f"| {titles[claim.experiment]} | {claim.text} | `{claim.metric}` "
                     f"({claim.first_week}–{claim.last_week}) | {statistic} {i.mean:.3g} ({i.low:.3g} to "
                     f"{i.high:.3g}) | {'yes' if c.passed else '**no**'} |")
    lines += ["", "Claims the cards made before and the model does not show at this size within a lesson, "
              "so the cards no longer make them:", "",
              "| experiment | withdrawn claim | outcome (weeks) | experiment − classroom (95 % CI) |",
              "|---|---|---|---|"]
    for claim, c in withdrawn:
        i = c.interval
        lines.append(f"| {titles[claim.experiment]} | {claim.text} | `{claim.metric}` "
                     f"({claim.first_week}–{claim.last_week}) | {i.mean:.3g} ({i.low:.3g} to {i.high:.3g}) |")
    lines += ["", f"Command: `{command}`", ""]
    return "\n".join(lines)


def main(argv=None, prog="python3 -m analysis.classroom_claims"):
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=REPLICATES)
    parser.add_argument("--results", help="directory for the runs (default results/classroom-claims)")
    parser.add_argument("--wijksim", default=os.path.join(ROOT, "build", "release", "sim", "wijksim"))
    parser.add_argument("--fresh", action="store_true", help="run everything again")
    parser.add_argument("--report", help="write the Markdown table to this file")
    parser.add_argument("--check", action="store_true", help="exit 1 unless every claim holds")
    args = parser.parse_args(argv)
    if args.replicates < 2:
        parser.error("--replicates: at least 2, for a confidence interval")
    results_dir = args.results or os.path.join(ROOT, "results", "classroom-claims")
    os.makedirs(results_dir, exist_ok=True)
    paths = {"classroom": replicated_run(args.wijksim, SCENARIO, os.path.join(results_dir, "classroom.h5"),
                                         args.replicates, LESSON_WEEKS, fresh=args.fresh)}
    for experiment in EXPERIMENTS:
        scenario = changed_scenario(experiment, results_dir)
        paths[experiment.key] = replicated_run(args.wijksim, scenario,
                                               os.path.join(results_dir, f"{experiment.key}.h5"), args.replicates,
                                               LESSON_WEEKS, fresh=args.fresh)
    results = evaluate(paths)
    failures = [] if cards_match() else [f"the guided experiments on {os.path.relpath(PAGE, ROOT)} are not "
                                        "those tested here: update EXPERIMENTS and CLAIMS with the cards"]
    for claim, c in results:
        i = c.interval
        print(f"{claim.experiment}: {claim.text}: {c.statistic_name} = {i.mean:.4g} [{i.low:.4g}, {i.high:.4g}] "
              f"needs {c.criterion}: {'holds' if c.passed else 'DOES NOT HOLD'}"
              f"{'; SWAPPED ALSO HOLDS' if c.reversed_passed else ''}")
        if not c.passed:
            failures.append(f"{claim.experiment}: {claim.text}")
        if c.reversed_passed:
            failures.append(f"{claim.experiment}: {claim.text} also holds with its arms swapped")
    if args.report:
        command = "/usr/bin/python3 -m analysis.classroom_claims" + \
                  (f" --replicates {args.replicates}" if args.replicates != REPLICATES else "")
        with open(args.report, "w", encoding="utf-8") as out:
            out.write(markdown(results, evaluate(paths, WITHDRAWN), args.replicates, command))
    if failures:
        print("classroom claims: " + "; ".join(failures), file=sys.stderr)
        return 1 if args.check else 0
    return 0


if __name__ == "__main__":
    sys.exit(exit_status(main, "classroom_claims"))
