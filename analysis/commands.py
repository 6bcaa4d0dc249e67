"""The commands of `python3 -m analysis` that live in modules of their own:
each module parses its own arguments and keeps its messages and exit
codes, so `python3 -m analysis validate ...` and the documented
`python3 -m analysis.validate ...` are one command."""
import importlib
import sys

# subcommand: (module, what it does, for the list of commands)
MODULE_COMMANDS = {
    "report": ("analysis.report", "one self-contained HTML page about a results file (as scripts/report)"),
    "validate": ("analysis.validate", "the stylized facts and calibration targets; writes docs/VALIDATION.md"),
    "scale-invariance": ("analysis.scale_invariance", "whether worlds of other sizes give the same outcomes"),
    "classroom-claims": ("analysis.classroom_claims", "whether the classroom's guided experiments show their claims"),
    "lever-effects": ("analysis.lever_effects", "each lever's effect on households, against the baseline"),
}


def run_module_command(name, argv):
    """The exit status of subcommand `name` with arguments argv."""
    module = importlib.import_module(MODULE_COMMANDS[name][0])
    return exit_status(module.main, module.__name__.rpartition(".")[2], argv, prog=f"python3 -m analysis {name}")


def exit_status(main, label, argv=None, **options):
    """main(argv)'s exit status; a simulator run that failed (RuntimeError,
    its command and message) is one line on stderr and status 2."""
    try:
        return main(argv, **options)
    except RuntimeError as error:
        print(f"{label}: {error}", file=sys.stderr)
        return 2
