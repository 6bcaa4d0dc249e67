"""docs/VALIDATION.md: a table and a figure per stylized fact, the
calibration targets, and the sensitivity of the facts to the uncertain
parameters, with the commands that reproduce every number."""
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend is chosen first)
import numpy as np  # noqa: E402

from .facts import KNOWN_FINDINGS, summary, verdict  # noqa: E402


def _number(value):
    if value is None or not np.isfinite(value):
        return "–"
    magnitude = abs(value)
    if magnitude != 0 and (magnitude < 0.01 or magnitude >= 10000):
        return f"{value:.3g}"
    return f"{value:.3f}" if magnitude < 10 else f"{value:.1f}"


def _interval(i):
    return f"{_number(i.mean)} ({_number(i.low)} to {_number(i.high)})"


def fact_figure(fact, path):
    """One panel per outcome: each arm's mean with its 95 % interval."""
    panels = len(fact.arms)
    figure, axes = plt.subplots(1, panels, figsize=(3.2 * panels, 3.0), squeeze=False)
    for axis, (outcome, arms) in zip(axes[0], fact.arms):
        labels = list(arms)
        means = np.array([arms[k].mean for k in labels])
        low = means - np.array([arms[k].low for k in labels])
        high = np.array([arms[k].high for k in labels]) - means
        axis.errorbar(range(len(labels)), means, yerr=[low, high], fmt="o", capsize=4, color="#1f5f8b")
        axis.set_xticks(range(len(labels)), labels, rotation=30 if len(labels) > 2 else 0, ha="right"
                        if len(labels) > 2 else "center", fontsize=8)
        axis.set_title(outcome, fontsize=8, wrap=True)
        axis.tick_params(axis="y", labelsize=8)
        axis.margins(x=0.3)
    figure.suptitle(f"{fact.key} {fact.title}: {'holds' if fact.passed else 'does not hold'}", fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _result(fact, comparison, scale):
    v = verdict(fact, comparison, scale)
    if v == "holds":
        return "pass"
    if v == "known finding":
        return "**fail** — known finding: " + KNOWN_FINDINGS[(fact.key, comparison.claim)]
    if v == "undecided":
        return "undecided on the reduced world (needs the default world)"
    return f"**{v}**"


def fact_section(fact, figure_name, scale):
    lines = [f'<a id="{fact.key.lower()}"></a>', "",
             f"## {fact.key}: {fact.title} — {'holds' if fact.passed else '**does not hold**'}", "",
             fact.statement, "", "| outcome | " + " | ".join(next(iter(fact.arms))[1]) + " |",
             "|---|" + "---|" * len(next(iter(fact.arms))[1])]
    for outcome, arms in fact.arms:
        lines.append(f"| {outcome} | " + " | ".join(_interval(i) for i in arms.values()) + " |")
    lines += ["", "Arm means with 95 % confidence intervals over replicates.", "",
              "| claim | statistic | paired mean (95 % CI) | replicates | needs | result |",
              "|---|---|---|---|---|---|"]
    for c in fact.comparisons:
        result = _result(fact, c, scale)
        lines.append(f"| {c.claim} | {c.statistic_name} | {_interval(c.interval)} | {c.interval.n} | "
                     f"{c.criterion} | {result} |")
    lines += ["", f"![{fact.key}]({figure_name})", "",
              f"Command ({fact.runs} runs, {fact.run_seconds / 60:.0f} core-minutes): `{fact.command}`", ""]
    return "\n".join(lines)


def calibration_section(targets, command, before, before_command):
    lines = ["## Calibration targets (docs/ODD.md §6)", "",
             "The baseline scenario on the default world, recorded weeks 261–520, mean over 10 replicates "
             "(95 % CI); *before* is the same with the defaults before the calibration of access to help "
             "(8 caseworkers per team of 2,500 households; docs/ODD.md §6), *after* with the current ones. "
             "Both have staff per 1,000 households, districts and the burn-in of 624 weeks.", "",
             "| target | source | range | before | after | met |", "|---|---|---|---|---|---|"]
    for t, b in zip(targets, before):
        lines.append(f"| {t.name} | {t.source} | {_number(t.low)} to {_number(t.high)} {t.unit} | "
                     f"{_interval(b.interval)} | {_interval(t.interval)} | {'yes' if t.met else '**no**'} |")
    lines += ["", f"Commands: `{command}` (after), `{before_command}` (before)", ""]
    return "\n".join(lines)


def write_report(facts, report_path, scale, results, calibration=None, sensitivity=None, preface="", sections=()):
    """sections: further Markdown sections (scale invariance, the classroom's
    claims, the levers' effects), after the calibration targets."""
    directory = os.path.dirname(os.path.abspath(report_path))
    figures = os.path.join(directory, "validation")
    os.makedirs(figures, exist_ok=True)
    parts = [preface]
    parts.append("| fact | result | claims holding |\n|---|---|---|")
    for fact in facts:
        held = sum(c.passed for c in fact.comparisons)
        parts.append(f"| [{fact.key} {fact.title}](#{fact.key.lower()}) | {summary(fact, scale)} | "
                     f"{held} of {len(fact.comparisons)} |")
    parts.append("")
    for fact in facts:
        name = f"{fact.key.lower()}.png"
        fact_figure(fact, os.path.join(figures, name))
        parts.append(fact_section(fact, f"validation/{name}", scale))
    if calibration is not None:
        parts.append(calibration_section(*calibration))
    parts.extend(sections)
    if sensitivity is not None:
        parts.append(sensitivity)
    with open(report_path, "w") as out:
        out.write("\n".join(parts))
