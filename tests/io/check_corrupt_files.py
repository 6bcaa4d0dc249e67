"""Damaged, truncated and foreign results files never crash or hang a reader.

usage: check_corrupt_files.py WIJKSIM SOURCE_DIR [COPIES]

Writes a run file, the two shard files of a small sweep and the whole sweep,
then makes COPIES seeded random corruptions of each (bytes overwritten, a span
overwritten, the file cut short) plus a few foreign files. Every command that
reads a results file (info, compare, merge, sweep --resume) and the Python
loader (analysis.load.load) read each copy. Each must end with status 0 or an
error naming the file, within a time limit: never a signal, never a hang.

The Python loader runs in one child that reads the copies in turn and says
which one it is reading, so that a crash names its copy and the rest go on.
"""
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SCENARIO = """\
name = "tiny"

[scale]
n_neighbourhoods = 2
households_per_nbh = 100
burnin_weeks = 8
horizon_weeks = 10
"""

SWEEP = """\
scenario = "tiny.toml"
design = "grid"
replicates = 1
base_seed = 1

[vary]
bending.room = [0, 1]
"""

TIME_LIMIT = 60  # seconds per command: a hang, not a slow read
LOADER = """\
import sys
from analysis.load import load
for line in sys.stdin:
    path = line.strip()
    print("reading", path, flush=True)
    try:
        ds = load(path)
        ds.load()
    except ValueError as error:
        if path not in str(error):
            print("unnamed", path, error, flush=True)
    print("read", path, flush=True)
"""


def corruptions(path, copies, rng):
    """(label, bytes) for each seeded corruption of the file at `path`."""
    with open(path, "rb") as handle:
        original = handle.read()
    size = len(original)
    for index in range(copies):
        data = bytearray(original)
        kind = index % 3
        if kind == 0:
            for _ in range(rng.randint(1, 16)):
                data[rng.randrange(size)] = rng.randrange(256)
            label = "bytes"
        elif kind == 1:
            start = rng.randrange(size)
            length = min(rng.randint(8, 512), size - start)
            data[start:start + length] = bytes(rng.randrange(256) for _ in range(length))
            label = "span"
        else:
            del data[rng.randrange(1, size):]
            label = "cut"
        yield f"{label}{index}", bytes(data)


def foreign_files(tmp):
    """Files that were never wijksim results files."""
    rng = random.Random(7)
    yield "empty", b""
    yield "text", b"name = \"not a results file\"\n"
    yield "noise", bytes(rng.randrange(256) for _ in range(4096))
    import h5py  # a valid HDF5 file that is not ours
    with h5py.File(os.path.join(tmp, "foreign.h5"), "w") as f:
        f["x"] = [1.0, 2.0]
        f.attrs["title"] = "foreign"
    with open(os.path.join(tmp, "foreign.h5"), "rb") as handle:
        yield "foreign", handle.read()


class Tally:
    def __init__(self):
        self.calls = 0
        self.problems = []

    def command(self, argv, damaged, cwd):
        self.calls += 1
        try:
            done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=TIME_LIMIT)
        except subprocess.TimeoutExpired:
            self.problems.append(f"{' '.join(argv[1:])}: no answer within {TIME_LIMIT} s")
            return
        if done.returncode < 0:
            name = signal.Signals(-done.returncode).name
            self.problems.append(f"{' '.join(argv[1:])}: killed by {name}")
        elif done.returncode not in (0, 1, 2):
            self.problems.append(f"{' '.join(argv[1:])}: status {done.returncode}: {done.stderr.strip()}")
        elif done.returncode != 0 and os.path.basename(damaged) not in done.stderr:
            self.problems.append(f"{' '.join(argv[1:])}: error does not name the file: {done.stderr.strip()}")

    def loader(self, paths, source_dir):
        """Reads `paths` with analysis.load in children, resuming after a crash."""
        remaining = list(paths)
        env = dict(os.environ, PYTHONPATH=source_dir, PYTHONDONTWRITEBYTECODE="1")
        while remaining:
            child = subprocess.Popen([sys.executable, "-c", LOADER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            deadline = time.monotonic() + TIME_LIMIT * len(remaining)
            try:
                out, err = child.communicate("\n".join(remaining) + "\n",
                                             timeout=max(1.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                out, err = child.communicate()
            lines = out.splitlines()
            read = {line.split(" ", 1)[1] for line in lines if line.startswith("read ")}
            self.calls += len(read)
            for line in lines:
                if line.startswith("unnamed "):
                    self.problems.append(f"analysis.load: error does not name the file: {line}")
            started = [line.split(" ", 1)[1] for line in lines if line.startswith("reading ")]
            if child.returncode == 0:
                return
            culprit = started[-1] if started and started[-1] not in read else None
            if culprit is None:
                self.problems.append(f"analysis.load: failed before reading a file: {err.strip()[-400:]}")
                return
            self.calls += 1
            how = (f"killed by {signal.Signals(-child.returncode).name}" if child.returncode < 0
                   else f"status {child.returncode}: {err.strip()[-400:]}")
            self.problems.append(f"analysis.load {culprit}: {how}")
            remaining = remaining[remaining.index(culprit) + 1:]


def make_originals(binary, source_dir, tmp):
    with open(os.path.join(tmp, "tiny.toml"), "w") as handle:
        handle.write(SCENARIO)
    with open(os.path.join(tmp, "sweep.toml"), "w") as handle:
        handle.write(SWEEP)
    quiet = dict(cwd=tmp, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([binary, "-q", "run", "tiny.toml", "-o", "run.h5", "--replicates", "2"], **quiet)
    subprocess.run([binary, "-q", "run", "tiny.toml", "-o", "other.h5", "--replicates", "2",
                    "--set", "bending.room=1"], **quiet)
    for shard in ("1/2", "2/2"):
        subprocess.run([binary, "-q", "sweep", "sweep.toml", "--shard", shard,
                        "-o", f"shard{shard[0]}.h5"], **quiet)
    subprocess.run([binary, "-q", "sweep", "sweep.toml", "-o", "sweep.h5"], **quiet)


def main(binary, source_dir, copies):
    binary = os.path.abspath(binary)
    source_dir = os.path.abspath(source_dir)
    started = time.monotonic()
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        make_originals(binary, source_dir, tmp)
        damaged_dir = os.path.join(tmp, "damaged")
        os.mkdir(damaged_dir)
        rng = random.Random(20261205)
        loader_paths = []

        def write(name, data):
            path = os.path.join(damaged_dir, name)
            with open(path, "wb") as handle:
                handle.write(data)
            loader_paths.append(path)
            return path

        for label, data in foreign_files(tmp):
            path = write(f"{label}.h5", data)
            tally.command([binary, "info", path], path, tmp)
            tally.command([binary, "compare", os.path.join(tmp, "run.h5"), path], path, tmp)

        for label, data in corruptions(os.path.join(tmp, "run.h5"), copies, rng):
            path = write(f"run-{label}.h5", data)
            tally.command([binary, "info", path], path, tmp)
            tally.command([binary, "compare", os.path.join(tmp, "other.h5"), path], path, tmp)

        for label, data in corruptions(os.path.join(tmp, "shard1.h5"), copies, rng):
            path = write(f"shard-{label}.h5", data)
            merged = os.path.join(tmp, "merged.h5")
            tally.command([binary, "-q", "merge", "--force", merged, path,
                           os.path.join(tmp, "shard2.h5")], path, tmp)

        for label, data in corruptions(os.path.join(tmp, "sweep.h5"), max(1, copies // 3), rng):
            path = write(f"sweep-{label}.h5", data)
            resumed = os.path.join(tmp, "resumed.h5")
            shutil.copyfile(path, resumed)
            tally.command([binary, "-q", "sweep", "sweep.toml", "--resume", "-o", resumed], "resumed.h5", tmp)

        tally.loader(loader_paths, source_dir)

    print(f"{tally.calls} reads of {len(loader_paths)} damaged or foreign files "
          f"in {time.monotonic() - started:.0f} s")
    for problem in tally.problems:
        print("PROBLEM", problem)
    if tally.problems:
        print(f"{len(tally.problems)} reads crashed, hung or gave an unnamed error")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 60))
