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
import threading
import time
import urllib.request
from collections.abc import Sequence
from datetime import date
from typing import Any


def _peak_mb(pid: int) -> float | None:
    """The peak resident set size of process `pid` (VmHWM), in MiB; None if it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class _Peaks:
    """Polls this process's descendants, keeping each one's peak RSS and command."""

    def __init__(self) -> None:
        import psutil

        self.me = psutil.Process()
        self.peaks: dict[int, tuple[str, float]] = {}
        self.running = True
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _poll(self) -> None:
        while self.running:
            self.sample()
            time.sleep(0.25)

    def sample(self) -> None:
        for child in self.me.children(recursive=True):
            try:
                name = " ".join(child.cmdline()[:3])
            except Exception:  # gone meanwhile
                continue
            peak = _peak_mb(child.pid)
            if peak is not None:
                self.peaks[child.pid] = (name, max(peak, self.peaks.get(child.pid, ("", 0))[1]))

    def stop(self) -> dict[str, Any]:
        self.sample()
        self.running = False
        jvm = [peak for name, peak in self.peaks.values() if "java" in name]
        workers = sorted((peak for name, peak in self.peaks.values() if "python" in name),
                         reverse=True)
        return {"driver_python_mb": _peak_mb(self.me.pid), "jvm_mb": max(jvm, default=None),
                "python_workers_mb": workers}


def _shuffle(session: Any) -> list[dict[str, Any]]:
    """Each completed stage's shuffle bytes, written and read."""
    url = session.sparkContext.uiWebUrl
    app = session.sparkContext.applicationId
    with urllib.request.urlopen(f"{url}/api/v1/applications/{app}/stages?status=complete") \
            as answer:
        stages = json.load(answer)
    return [{"stage": stage["stageId"], "name": stage["name"][:60],
             "tasks": stage["numTasks"], "input_bytes": stage["inputBytes"],
             "shuffle_write_bytes": stage["shuffleWriteBytes"],
             "shuffle_read_bytes": stage["shuffleReadBytes"]}
            for stage in sorted(stages, key=lambda stage: stage["stageId"])]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the measurements as JSON; exit 1 if ``--compare`` finds a difference."""
    import warnings

    import pyarrow.parquet as pq

    from svcperf.engines import columnar
    from svcperf.engines import spark as svcperf_spark

    warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas",
                            FutureWarning)
    args = list(argv if argv is not None else sys.argv[1:])
    compare = "--compare" in args
    jobs, disputes, night, tz, cores, *by = [arg for arg in args if arg != "--compare"]
    as_of = date.fromisoformat(night)
    peaks = _Peaks()
    session = (svcperf_spark.session_builder(f"local[{cores}]", "svcperf-benchmark")
               .config("spark.ui.enabled", "true").config("spark.driver.memory", "4g")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    try:
        start = time.perf_counter()
        board = svcperf_spark.dashboard(jobs, as_of, by, disputes=disputes, tz=tz,
                                        session=session)
        spark_s = time.perf_counter() - start
        stages = _shuffle(session)
        memory = peaks.stop()
    finally:
        session.stop()
    rows = pq.ParquetFile(jobs).metadata.num_rows if jobs.endswith(".parquet") else None
    found: dict[str, Any] = {
        "jobs": rows, "cores": int(cores), "spark_s": round(spark_s, 2),
        "jobs_per_s_per_core": round(rows / spark_s / int(cores)) if rows else None,
        **memory, "stages": stages,
        "shuffle_write_bytes": sum(stage["shuffle_write_bytes"] for stage in stages)}
    same = True
    if compare:
        start = time.perf_counter()
        data = columnar.load_jobs(jobs)
        reference = columnar.dashboard_from(data, as_of, by, disputes=columnar.load_disputes(
            disputes, job_ids=data.table.column("job_id")), tz=tz)
        found["columnar_s"] = round(time.perf_counter() - start, 2)
        same = reference == board
        found["same_dashboard"] = same
    print(json.dumps(found, indent=2))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
