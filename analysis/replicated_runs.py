"""`wijksim run --replicates N` into a results file, kept when a complete file
of the same shape is there already, so that a long validation picks up where
it stopped."""
import os
import subprocess

from .load import all_runs_done, load


def complete(path, replicates, weeks=None):
    """A results file of `replicates` finished runs (and `weeks` recorded weeks)."""
    if not os.path.exists(path):
        return False
    ds = load(path, empty_ok=True)
    return all_runs_done(ds) and ds.sizes["run"] == replicates and (weeks is None or ds.sizes["week"] == weeks)


def replicated_run(binary, scenario, output, replicates, weeks=None, seed=None, settings=(), fresh=False):
    """The path of a results file of the scenario's replicates, run unless
    there already (or if `fresh`). Raises RuntimeError with the simulator's
    message when the run fails."""
    if not fresh and complete(output, replicates, weeks):
        return output
    if os.path.exists(output):
        os.remove(output)  # an incomplete or stale file of this tool's own
    command = [binary, "-q", "run", scenario, "-o", output, "--replicates", str(replicates)]
    if weeks is not None:
        command += ["--weeks", str(weeks)]
    if seed is not None:
        command += ["--seed", str(seed)]
    for setting in settings:
        command += ["--set", setting]
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{completed.stderr}")
    return output
