"""python3 -m analysis: figures, tables and comparisons of wijksim results
files from the command line.

  python3 -m analysis plot FILE [FILE ...] --outcome METRIC [--group-by KEY] [--select KEY=VALUE ...]
                           [--band ci|range] -o FIGURE [--csv CSV]
  python3 -m analysis heatmap FILE --outcome METRIC --x KEY --y KEY [--window WEEKS]
                              [--select KEY=VALUE ...] -o FIGURE [--csv CSV]
  python3 -m analysis compare A [B] [--baseline-cell CELL] [--window WEEKS] [-o FIGURE] [--csv CSV]
  python3 -m analysis sobol FILE ...   (analysis/sensitivity.py)
  python3 -m analysis report | validate | scale-invariance | classroom-claims | lever-effects ...
                               (analysis/commands.py: each the same as its module's own command)

A figure is PNG or SVG by its suffix; the CSV holds exactly the numbers
plotted. Bad usage or input of plot, heatmap, compare and sobol ends with
one line "analysis: error: ..." on stderr and exit status 2.
"""
import argparse
import os
import sys
import warnings
from pathlib import Path

from analysis import compare, plots, sensitivity
from analysis.commands import MODULE_COMMANDS, run_module_command
from analysis.load import load

USAGE_ERROR = 2


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, like every other error here."""

    def error(self, message):
        fail(message)


def fail(message):
    print(f"analysis: error: {message}", file=sys.stderr)
    sys.exit(USAGE_ERROR)


def selection(text):
    key, sep, value = text.partition("=")
    if not sep or not key or not value:
        raise argparse.ArgumentTypeError(f"{text!r} is not KEY=VALUE")
    return key.strip(), value.strip()


def positive(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of weeks") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} weeks: the window needs at least one")
    return value


def build_parser():
    parser = Parser(prog="analysis", description="Figures, tables and comparisons of wijksim results files.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    plot = commands.add_parser("plot", help="trajectories over time: mean over runs with a 95 %% band")
    plot.add_argument("files", nargs="+", metavar="FILE", help="results files, one line (set) each")
    plot.add_argument("--outcome", required=True, metavar="METRIC")
    plot.add_argument("--group-by", metavar="KEY", help="a varied parameter or a level dimension (domain, ...)")
    plot.add_argument("--select", type=selection, action="append", default=[], metavar="KEY=VALUE",
                      help="keep one level or parameter value; may be repeated")
    plot.add_argument("--band", choices=plots.BANDS, default="ci",
                      help="ci: 95 %% CI of the mean; range: min to max over runs")
    _outputs(plot, figure_required=True)
    plot.set_defaults(handler=run_plot)

    heat = commands.add_parser("heatmap", help="mean over a window and replicates over two varied parameters")
    heat.add_argument("file", metavar="FILE")
    heat.add_argument("--outcome", required=True, metavar="METRIC")
    heat.add_argument("--x", required=True, metavar="KEY", help="varied parameter across")
    heat.add_argument("--y", required=True, metavar="KEY", help="varied parameter up")
    heat.add_argument("--window", type=positive, metavar="WEEKS", help="last WEEKS recorded weeks (default: all)")
    heat.add_argument("--select", type=selection, action="append", default=[], metavar="KEY=VALUE")
    _outputs(heat, figure_required=True)
    heat.set_defaults(handler=run_heatmap)

    pair = commands.add_parser("compare", help="key outcomes of B against A over paired runs, with 95 %% CIs")
    pair.add_argument("a", metavar="A", help="results file A (the reference)")
    pair.add_argument("b", metavar="B", nargs="?",
                      help="results file B; without it, each cell of A against --baseline-cell")
    pair.add_argument("--baseline-cell", type=int, default=0, metavar="CELL",
                      help="the cell the others are compared with when only A is given (default 0)")
    pair.add_argument("--window", type=positive, metavar="WEEKS",
                      help="last WEEKS recorded weeks (default: every recorded week)")
    _outputs(pair, figure_required=False)
    pair.set_defaults(handler=run_compare)

    sensitivity.add_command(commands)
    for name, (_, summary) in MODULE_COMMANDS.items():  # listed here, parsed by their modules (main)
        commands.add_parser(name, help=summary, add_help=False)
    return parser


def _outputs(command, figure_required):
    command.add_argument("-o", "--output", required=figure_required, metavar="FIGURE",
                         help="figure to write, .png or .svg")
    command.add_argument("--csv", metavar="CSV", help="CSV of the numbers shown")


def run_plot(args):
    labels = _labels(args.files)
    datasets = {label: load(path) for label, path in zip(labels, args.files)}
    fig, table = plots.trajectories(datasets if len(datasets) > 1 else next(iter(datasets.values())),
                                    args.outcome, group_by=args.group_by, select=dict(args.select) or None,
                                    band=args.band)
    _write(fig, table, args)
    ends = table.groupby(["series", "group"], sort=False).agg(
        first_week=("mean", "first"), last_week=("mean", "last"), runs=("runs", "max")).reset_index()
    if len(datasets) == 1:
        ends = ends.drop(columns="series")
    if args.group_by is None:
        ends = ends.drop(columns="group")
    else:
        ends = ends.rename(columns={"group": args.group_by})
    print(f"{args.outcome}: mean over runs in the first and the last recorded week")
    print(ends.to_string(index=False, float_format=lambda v: f"{v:.4g}"))


def run_heatmap(args):
    ds = load(args.file)
    fig, grid = plots.heatmap(ds, args.outcome, args.x, args.y, window=args.window,
                              select=dict(args.select) or None)
    table = grid.to_dataframe().reset_index()[[args.y, args.x, args.outcome]]
    _write(fig, table, args)
    weeks = f"the last {args.window} weeks" if args.window else "every recorded week"
    print(f"{args.outcome}: mean over {weeks} and replicates ({args.y} down, {args.x} across)")
    print(grid.to_pandas().to_string(float_format=lambda v: f"{v:.4g}"))


def run_compare(args):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if args.b is None:
            table = compare.compare_cells(args.a, baseline_cell=args.baseline_cell, window=args.window)
        else:
            table = compare.compare_files(args.a, args.b, window=args.window)
    for warning in caught:
        print(f"analysis: warning: {warning.message}", file=sys.stderr)
    if args.output:
        plots.save(plots.forest(table), args.output)
    if args.csv:
        table.to_csv(args.csv, index=False)
    a, b, window = table.attrs["a"], table.attrs["b"], table.attrs["window"]
    print(f"A: {a['path']} ({a['scenario']}), B: {b['path']} ({b['scenario']})")
    print(f"B − A over weeks {window['first_week']}–{window['last_week']}, paired by common random numbers")
    keys = table.attrs["parameters"]
    for cell, rows in table.groupby("cell", sort=False):
        if keys:
            first = rows.iloc[0]
            print(f"\ncell {cell}: " + ", ".join(f"{key} = {first[key]:g}" for key in keys))
        labels = [_outcome_label(row) for row in rows.itertuples(index=False)]
        width = max(len(label) for label in labels)
        for label, row in zip(labels, rows.itertuples(index=False)):
            print(f"  {label:<{width}}  A {row.a_mean:<9.4g} B {row.b_mean:<9.4g} {row.text}")


def _outcome_label(row):
    """The metric with the unit its A and B means are in (as wijksim compare's table)."""
    unit = {"percentage points": " (%)", "per year": " (per year)"}.get(row.unit, "")
    return row.outcome + unit


def _labels(paths):
    """Legend labels: file stems, or whole paths where stems coincide."""
    stems = [Path(path).stem for path in paths]
    return stems if len(set(stems)) == len(stems) else [str(path) for path in paths]


def _write(fig, table, args):
    plots.save(fig, args.output)
    if args.csv:
        table.to_csv(args.csv, index=False)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in MODULE_COMMANDS:
        return run_module_command(argv[0], argv[1:])
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args) or 0
    except BrokenPipeError:
        # The reader of stdout (head, less) has gone: stop quietly, and keep
        # Python from failing again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (ValueError, OSError) as error:  # bad input; anything else is a bug and keeps its traceback
        fail(str(error))


if __name__ == "__main__":
    sys.exit(main())
