"""The Spark engine on a local session: wall time, peak memory, bytes shuffled.

``python -m benchmarks.spark_dashboard JOBS DISPUTES NIGHT TZ CORES [BY...]`` starts a
``local[CORES]`` session (its start not counted), runs
``svcperf.engines.spark.dashboard(JOBS, NIGHT, BY, disputes=DISPUTES, tz=TZ)`` and prints
one JSON object: the jobs, the wall time, jobs per second per core, the peak resident set
size (VmHWM) of the driver's Python, of the JVM and of each Python worker, and the bytes
each Spark stage wrote to and read from the shuffle (the web UI's REST API).
With ``--compare``, the columnar engine in this process gives the same `Dashboard`
(exit 1 if not); its time is printed too.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from datetime import date

from .clusters import columnar_dashboard, same_as_columnar, spark_measures, spark_session


def main(argv: Sequence[str] | None = None) -> int:
    """Print the measurements as JSON; exit 1 if ``--compare`` finds a difference."""
    from svcperf.engines import spark as svcperf_spark

    args = list(argv if argv is not None else sys.argv[1:])
    compare = "--compare" in args
    jobs, disputes, night, tz, cores, *by = [arg for arg in args if arg != "--compare"]
    as_of = date.fromisoformat(night)
    with spark_session(cores) as (session, peaks):
        start = time.perf_counter()
        board = svcperf_spark.dashboard(jobs, as_of, by, disputes=disputes, tz=tz,
                                        session=session)
        found = spark_measures(session, peaks, jobs, cores, time.perf_counter() - start)
    same = not compare or same_as_columnar(
        found, board, lambda: columnar_dashboard(jobs, disputes, as_of, by, tz))
    print(json.dumps(found, indent=2))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
