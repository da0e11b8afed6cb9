"""Where one columnar file-to-dashboard process spends its CPU time, part by part.

``taskset -c 0 python -m benchmarks.columnar_profile JOBS DISPUTES`` runs what
`benchmarks.columnar_evaluate` runs (the 2026-11-15 dashboard in America/Chicago, three
breakdowns, the JSON text) and prints the user CPU time (``getrusage``) of each part, by
wrapping the engine's reading and checking functions: the imports, the CSV or Parquet
reading, the instant columns, the other checks, the fold, the rest; then the process's
user and system time. (The wrapping costs a few microseconds per call: nothing at this
grain.) With ``--wall`` after the files, each part's wall time (``time.perf_counter``)
instead: finer than the CPU clock's ticks, and it counts the page faults of memory first
touched, which a fresh process pays.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable
from datetime import date
from typing import Any


def _user_cpu() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_utime


_user = time.perf_counter if "--wall" in sys.argv[3:] else _user_cpu


def main() -> None:
    """Print the parts' user CPU seconds."""
    jobs, disputes_path = sys.argv[1:3]
    start = _user()
    import pyarrow
    import pyarrow.compute

    arrow = _user()
    from svcperf.engines import columnar, columnar_input
    from svcperf.output import evaluation_json, json_text

    ours = _user()
    spent: dict[str, float] = {}

    def timed(module: Any, name: str, part: str) -> None:
        function: Callable[..., Any] = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            begun = _user()
            try:
                return function(*args, **kwargs)
            finally:
                spent[part] = spent.get(part, 0.0) + _user() - begun
        setattr(module, name, wrapper)

    timed(columnar_input, "_read_csv_text", "read")
    timed(columnar_input, "_read_parquet", "read")
    timed(columnar_input, "_instant_column", "instants")
    began = _user()
    data = columnar.load_jobs(jobs)
    loaded = _user()
    disputes = columnar.load_disputes(disputes_path, job_ids=data.table.column("job_id"))
    both = _user()
    timed(columnar, "fold", "fold")
    board = columnar.dashboard_from(data, date(2026, 11, 15),
                                    ["coverage_area", "profession", "technician_id"],
                                    disputes=disputes, tz="America/Chicago")
    shown = _user()
    json_text(evaluation_json(board.evaluation, list(board.breakdowns)))
    end = _user()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    rows = [
        ("the whole process (user CPU)" if _user is _user_cpu
         else "from the first import to the JSON text (wall)",
         usage.ru_utime if _user is _user_cpu else end - start),
        ("  imports: pyarrow and pyarrow.compute", arrow - start),
        ("  imports: svcperf (the engine and the JSON output)", ours - arrow),
        ("  reading both files (pyarrow: the floor)", spent.get("read", 0.0)),
        ("  the instant columns (both files)", spent.get("instants", 0.0)),
        ("  the other checks (both files)", both - began - spent.get("read", 0.0)
         - spent.get("instants", 0.0)),
        ("    of which the disputes file, all of it", both - loaded),
        ("  fold", spent["fold"]),
        ("  the rest of the dashboard", shown - both - spent["fold"]),
        ("  the JSON text", end - shown),
        ("system CPU (page faults, not steady)", usage.ru_stime),
    ]
    for label, seconds in rows:
        print(f"{seconds:7.3f} s  {label}")
    del pyarrow


if __name__ == "__main__":
    main()
