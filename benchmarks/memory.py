"""Memory of loaded jobs, measured in a fresh interpreter (B4).

``python -m benchmarks.memory MODE JOBS_CSV`` prints one JSON object:

* ``tracemalloc``: bytes allocated and still held per job record after `read_jobs`
  (the list of records included), traced from a fresh start;
* ``rss``: the peak resident set size of the process that loads the file (no tracing);
* ``pandas-rss``: the same for `benchmarks.baseline.load_frames`, for comparison.
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import tracemalloc
from pathlib import Path


def _peak_rss_mb() -> float:
    """This process's peak resident set size, in MiB.

    Linux's VmHWM is that of this program alone; ``ru_maxrss`` would also count the
    parent's memory at fork time (it survives ``exec``), so it is only the fallback.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(mode: str, path: Path) -> dict[str, object]:
    """Measure `mode` on the jobs file at `path`."""
    from svcperf.io import read_jobs

    if mode == "tracemalloc":
        read_jobs(path)  # warm caches (zones, modules) so only the records are counted
        gc.collect()
        tracemalloc.start()
        traced = tracemalloc.get_traced_memory()[0]
        jobs = read_jobs(path)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - traced
        tracemalloc.stop()
        return {"bytes_per_job": held / len(jobs), "jobs_loaded": len(jobs)}
    if mode == "rss":
        before = _peak_rss_mb()
        jobs = read_jobs(path)
        return {"peak_rss_mb": _peak_rss_mb(), "rss_before_load_mb": before,
                "jobs_loaded": len(jobs)}
    if mode == "pandas-rss":
        from benchmarks.baseline import load_frames

        disputes = path.with_name("disputes.csv")
        before = _peak_rss_mb()
        frame, _ = load_frames(path, disputes)
        return {"pandas_peak_rss_mb": _peak_rss_mb(), "pandas_rss_before_load_mb": before,
                "pandas_bytes_per_job": int(frame.memory_usage(deep=True).sum()) / len(frame)}
    raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], Path(sys.argv[2]))))
