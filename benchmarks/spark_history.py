"""The Spark engine's history on a local session: wall time, peak memory, bytes shuffled.

``python -m benchmarks.spark_history JOBS DISPUTES FIRST LAST TZ CORES`` starts a
``local[CORES]`` session (its start not counted), runs
``svcperf.engines.spark.history(JOBS, FIRST, LAST, disputes=DISPUTES, tz=TZ)`` and prints
one JSON object with the measures of `benchmarks.clusters.spark_measures` (wall time, jobs per
second per core, peak memory of the driver, the JVM and each Python worker, bytes each
stage shuffled). With ``--compare``, the columnar engine in this process gives the same
`History` (exit 1 if not); its time is printed too.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from datetime import date

from .clusters import columnar_history, same_as_columnar, spark_measures, spark_session


def main(argv: Sequence[str] | None = None) -> int:
    """Print the measurements as JSON; exit 1 if ``--compare`` finds a difference."""
    from svcperf.engines import spark as svcperf_spark

    args = list(argv if argv is not None else sys.argv[1:])
    compare = "--compare" in args
    jobs, disputes, first_text, last_text, tz, cores = (arg for arg in args
                                                        if arg != "--compare")
    first, last = date.fromisoformat(first_text), date.fromisoformat(last_text)
    with spark_session(cores) as (session, peaks):
        start = time.perf_counter()
        trend = svcperf_spark.history(jobs, first, last, disputes=disputes, tz=tz,
                                      session=session)
        found = spark_measures(session, peaks, jobs, cores, time.perf_counter() - start)
    found["nights"] = len(trend.nights)
    same = not compare or same_as_columnar(
        found, trend, lambda: columnar_history(jobs, disputes, first, last, tz))
    print(json.dumps(found, indent=2))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
