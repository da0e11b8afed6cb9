"""The Spark engine's history on a local session: wall time, peak memory, bytes shuffled.

``python -m benchmarks.spark_history JOBS DISPUTES FIRST LAST TZ CORES`` starts a
``local[CORES]`` session (its start not counted), runs
``svcperf.engines.spark.history(JOBS, FIRST, LAST, disputes=DISPUTES, tz=TZ)`` and prints
one JSON object with the measures of `benchmarks.spark_dashboard` (wall time, jobs per
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
from typing import Any

from .spark_dashboard import _Peaks, _shuffle


def main(argv: Sequence[str] | None = None) -> int:
    """Print the measurements as JSON; exit 1 if ``--compare`` finds a difference."""
    import warnings

    import pyarrow.parquet as pq

    import svcperf
    from svcperf.engines import spark as svcperf_spark

    warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas",
                            FutureWarning)
    args = list(argv if argv is not None else sys.argv[1:])
    compare = "--compare" in args
    jobs, disputes, first_text, last_text, tz, cores = (arg for arg in args
                                                        if arg != "--compare")
    first, last = date.fromisoformat(first_text), date.fromisoformat(last_text)
    peaks = _Peaks()
    session = (svcperf_spark.session_builder(f"local[{cores}]", "svcperf-benchmark")
               .config("spark.ui.enabled", "true").config("spark.driver.memory", "4g")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    try:
        start = time.perf_counter()
        trend = svcperf_spark.history(jobs, first, last, disputes=disputes, tz=tz,
                                      session=session)
        spark_s = time.perf_counter() - start
        stages = _shuffle(session)
        memory = peaks.stop()
    finally:
        session.stop()
    rows = pq.ParquetFile(jobs).metadata.num_rows if jobs.endswith(".parquet") else None
    found: dict[str, Any] = {
        "jobs": rows, "cores": int(cores), "nights": len(trend.nights),
        "spark_s": round(spark_s, 2),
        "jobs_per_s_per_core": round(rows / spark_s / int(cores)) if rows else None,
        **memory, "stages": stages,
        "shuffle_write_bytes": sum(stage["shuffle_write_bytes"] for stage in stages)}
    same = True
    if compare:
        start = time.perf_counter()
        reference = svcperf.history(jobs, first, last, disputes=disputes, tz=tz,
                                    engine="columnar")
        found["columnar_s"] = round(time.perf_counter() - start, 2)
        same = found["same_history"] = reference == trend
    print(json.dumps(found, indent=2))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
