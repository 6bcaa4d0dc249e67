"""Reading a results file that may be damaged or hostile without risking the
analysis that reads it.

libhdf5, which h5py and h5netcdf wrap, follows structures that carry no
checksum (the global heap behind dimension lists and variable-length text,
version-1 B-trees of chunked variables); a damaged one can make it crash the
interpreter or loop. So a forked child first reads every part of the file the
analysis can reach: the header `load` reads with h5py, and every variable and
attribute through xarray and h5netcdf. Only a file the child read to the end,
within a time limit and without a signal, is read here.
docs/architecture.md ("Damaged and hostile results files") says why this
suffices; wijksim's own commands do the same (sim/io/hdf5_vetting.h).
"""
import faulthandler
import os
import signal
import time

_vetted = set()


def time_limit(size_bytes):
    """Seconds a child may take: generous, as a healthy file reads at hundreds of MB/s."""
    return 20.0 + size_bytes / 20e6


def require_readable(path, read):
    """Runs read(path) in a forked child first; ValueError naming the file when
    the child dies by a signal, outlives the time limit, or meets an error
    (which it sends back as its message). `read` must touch everything the
    caller will read afterwards. A file that passed is remembered by device,
    inode, size and modification time."""
    path = str(path)
    try:
        status = os.stat(path)
    except OSError:
        return  # the reader itself says the file is missing or unreadable
    identity = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
    if identity in _vetted:
        return
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.close(reader)
        faulthandler.disable()  # a crash here is expected news for the parent, not a traceback for the user
        code = 0
        try:
            read(path)
        except BaseException as error:  # everything, to report it rather than die silently
            message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            if path not in message:
                message = f"{path}: damaged results file ({message})"
            os.write(writer, message.encode("utf-8", "replace")[:4000])
            code = 1
        os._exit(code)
    os.close(writer)
    try:
        outcome = _wait(child, time_limit(status.st_size))
        message = _read_all(reader)
    finally:
        os.close(reader)
    if outcome is None:
        raise ValueError(f"{path}: damaged: reading it did not finish within {time_limit(status.st_size):.0f} s")
    if os.WIFSIGNALED(outcome):
        name = signal.Signals(os.WTERMSIG(outcome)).name
        raise ValueError(f"{path}: damaged: reading it made the HDF5 library fail ({name} in the "
                         "process that checks a file before it is read)")
    if os.WEXITSTATUS(outcome) != 0:
        raise ValueError(message or f"{path}: damaged results file")
    _vetted.add(identity)


def _wait(child, limit):
    """The child's wait status, or None when it outlived `limit` seconds (it is then killed)."""
    deadline = time.monotonic() + limit
    pause = 0.0002
    while True:
        pid, status = os.waitpid(child, os.WNOHANG)
        if pid == child:
            return status
        if time.monotonic() >= deadline:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            return None
        time.sleep(pause)
        pause = min(pause * 2, 0.02)


def _read_all(descriptor):
    chunks = []
    while True:
        chunk = os.read(descriptor, 4096)
        if not chunk:
            return b"".join(chunks).decode("utf-8", "replace")
        chunks.append(chunk)
