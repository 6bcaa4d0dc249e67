"""Every module the browser test installs runs on Debian 12's Node.js, 18.19.

usage: check_node_engines.py PACKAGE_LOCK

scripts/setup installs Debian's nodejs on a fresh machine. A module whose
`engines.node` leaves out 18 (playwright-core 1.62 and later ask for 20)
fails there, while passing on a machine with a newer Node.
"""
import json
import re
import sys

DEBIAN_12_NODE = (18, 19, 0)


def admits(requirement, version):
    """Whether `requirement` (">=18", ">=18.0.0 <21", "^18 || >=20") admits `version`."""
    for alternative in requirement.split("||"):
        if all(_holds(term, version) for term in alternative.split()):
            return True
    return False


def _holds(term, version):
    match = re.fullmatch(r"(>=|>|<=|<|=|\^|~)?v?(\d+)(?:\.(\d+))?(?:\.(\d+))?", term)
    if not match:
        raise ValueError(f"cannot read the engines term {term!r}")
    operator = match.group(1) or "="
    bound = tuple(int(part or 0) for part in match.group(2, 3, 4))
    if operator == "^":
        return bound <= version and version[0] == bound[0]
    if operator == "~":
        return bound <= version and version[:2] == bound[:2]
    return {">=": version >= bound, ">": version > bound, "<=": version <= bound,
            "<": version < bound, "=": version[:len(bound)] == bound}[operator]


def main(lock_path):
    with open(lock_path) as handle:
        packages = json.load(handle)["packages"]
    refused = [f"{name} {entry.get('version')} needs Node {entry['engines']['node']}"
               for name, entry in packages.items()
               if name and isinstance(entry.get("engines"), dict) and "node" in entry["engines"]
               and not admits(entry["engines"]["node"], DEBIAN_12_NODE)]
    for line in refused:
        print(f"{lock_path}: {line}; Debian 12 has Node 18.19")
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
