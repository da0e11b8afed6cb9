"""Run a module as ``python -m MODULE ARGS`` would, then report this process's peak RSS.

``python -m benchmarks.measure RSS_FILE MODULE ARGS...`` writes the peak resident set size
(Linux's VmHWM, in KiB) to RSS_FILE when the module exits: the whole process's peak,
imports included, without counting the parent that started it.
"""

from __future__ import annotations

import runpy
import sys


def _peak_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main() -> None:
    """Run the module; write the peak RSS whatever the exit."""
    rss_file, module, *args = sys.argv[1:]
    sys.argv = [module, *args]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    finally:
        with open(rss_file, "w", encoding="ascii") as out:
            out.write(str(_peak_kib()))


if __name__ == "__main__":
    main()
