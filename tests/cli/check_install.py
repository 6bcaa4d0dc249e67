"""`cmake --install` gives a wijksim that runs and serves from any directory.

usage: check_install.py BUILD_DIR

Installs the build into a temporary prefix, then, from a directory that has
no scenarios/ of its own: `wijksim serve` finds the installed classroom
scenario and answers the page, `wijksim run` runs an installed scenario, and
wijksim-mpi (where built) is installed beside it.
"""
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request


def main(build_dir):
    with tempfile.TemporaryDirectory() as tmp:
        prefix = os.path.join(tmp, "prefix")
        subprocess.run(["cmake", "--install", build_dir, "--prefix", prefix], check=True,
                       stdout=subprocess.DEVNULL)
        binary = os.path.join(prefix, "bin", "wijksim")
        scenarios = os.path.join(prefix, "share", "wijksim", "scenarios")
        assert os.path.isfile(os.path.join(scenarios, "classroom.toml")), os.listdir(prefix)
        if os.path.exists(os.path.join(build_dir, "sim", "wijksim-mpi")):
            assert os.path.isfile(os.path.join(prefix, "bin", "wijksim-mpi"))
        elsewhere = os.path.join(tmp, "elsewhere")
        os.mkdir(elsewhere)

        subprocess.run([binary, "-q", "run", os.path.join(scenarios, "classroom.toml"), "--weeks", "2",
                        "--set", "scale.burnin_weeks=2", "-o", "out.h5"], cwd=elsewhere, check=True)
        assert os.path.getsize(os.path.join(elsewhere, "out.h5")) > 0

        server = subprocess.Popen([binary, "serve", "--port", "0"], cwd=elsewhere, stderr=subprocess.PIPE,
                                  text=True)
        try:
            line = ""
            deadline = time.monotonic() + 120
            while "serving" not in line and time.monotonic() < deadline and server.poll() is None:
                line = server.stderr.readline()
            assert "serving classroom at http://" in line, line or f"serve ended with {server.returncode}"
            address = line.split(" at ", 1)[1].split(" ", 1)[0]
            with urllib.request.urlopen(address + "api/world", timeout=30) as reply:
                assert reply.status == 200
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=60)

        # A copy without share/ beside it, run where there is no scenarios/, says where it looked.
        bare = os.path.join(tmp, "bare")
        os.makedirs(os.path.join(bare, "bin"))
        copy = os.path.join(bare, "bin", "wijksim")
        with open(binary, "rb") as source, open(copy, "wb") as target:
            target.write(source.read())
        os.chmod(copy, 0o755)
        refused = subprocess.run([copy, "serve", "--port", "0"], cwd=elsewhere, capture_output=True, text=True,
                                 timeout=60)
        assert refused.returncode == 2, (refused.returncode, refused.stderr)
        assert "classroom.toml is not in the ready scenarios" in refused.stderr, refused.stderr
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
