"""What the scale-out benchmarks share: a local Spark session or Dask cluster as they run
it, what they measure of it, and the columnar engine's figures they compare with."""

from __future__ import annotations

import importlib
import json
import threading
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
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


def _descendants(pid: int) -> list[tuple[int, str]]:
    """The processes below `pid` (Linux /proc), with their command lines."""
    import os

    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    parent = int(stat.read().rpartition(")")[2].split()[1])
            except OSError:
                continue
            parents.setdefault(parent, []).append(int(entry))
    found, todo = [], list(parents.get(pid, []))
    while todo:
        child = todo.pop()
        todo.extend(parents.get(child, []))
        try:
            with open(f"/proc/{child}/cmdline", "rb") as line:
                found.append((child, line.read().replace(b"\0", b" ").decode(errors="replace")))
        except OSError:
            continue
    return found


class Peaks:
    """Polls this process's descendants, keeping each one's peak RSS and command."""

    def __init__(self) -> None:
        import os

        self.me = os.getpid()
        self.peaks: dict[int, tuple[str, float]] = {}
        self.running = True
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _poll(self) -> None:
        while self.running:
            self.sample()
            time.sleep(0.25)

    def sample(self) -> None:
        for child, name in _descendants(self.me):
            peak = _peak_mb(child)
            if peak is not None:
                self.peaks[child] = (name[:80], max(peak, self.peaks.get(child, ("", 0))[1]))

    def stop(self) -> dict[str, Any]:
        self.sample()
        self.running = False
        jvm = [peak for name, peak in self.peaks.values() if "java" in name]
        workers = sorted((round(peak) for name, peak in self.peaks.values()
                          if "java" not in name and "python" in name), reverse=True)
        return {"driver_python_mb": _peak_mb(self.me), "jvm_mb": max(jvm, default=None),
                "python_workers_mb": workers}


def shuffle_stages(session: Any) -> list[dict[str, Any]]:
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


@contextmanager
def spark_session(cores: str) -> Iterator[tuple[Any, Peaks]]:
    """A ``local[CORES]`` session with its web UI (for the shuffle bytes), and the poller of
    its processes' peak memory; the session is stopped after."""
    import warnings

    from svcperf.engines import spark

    warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas",
                            FutureWarning)
    peaks = Peaks()
    session = (spark.session_builder(f"local[{cores}]", "svcperf-benchmark")
               .config("spark.ui.enabled", "true").config("spark.driver.memory", "4g")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session, peaks
    finally:
        session.stop()


def spark_measures(session: Any, peaks: Peaks, jobs: str, cores: str,
                   seconds: float) -> dict[str, Any]:
    """What a Spark benchmark prints of a run that took `seconds` (before the session
    stops): the jobs, the time, jobs per second per core, peak memory, shuffle bytes."""
    import pyarrow.parquet as pq

    stages = shuffle_stages(session)
    memory = peaks.stop()
    rows = pq.ParquetFile(jobs).metadata.num_rows if jobs.endswith(".parquet") else None
    return {"jobs": rows, "cores": int(cores), "spark_s": round(seconds, 2),
            "jobs_per_s_per_core": round(rows / seconds / int(cores)) if rows else None,
            **memory, "stages": stages,
            "shuffle_write_bytes": sum(stage["shuffle_write_bytes"] for stage in stages)}


@contextmanager
def dask_client() -> Iterator[Any]:
    """A client of a `LocalCluster` of two single-threaded worker processes, their imports
    done (not counted)."""
    import distributed

    with distributed.LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, threads_per_worker=1, processes=True,
            dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:  # type: ignore[no-untyped-call]
        client.run(importlib.import_module, "svcperf.engines.dask")
        yield client


def split(jobs: Path, parts: int) -> list[Path]:
    import pyarrow.parquet as pq

    folder = jobs.with_name(f"{jobs.stem}-parts-{parts}")
    paths = [folder / f"part-{index:03d}.parquet" for index in range(parts)]
    if all(path.exists() for path in paths):
        return paths
    folder.mkdir(exist_ok=True)
    table = pq.read_table(jobs)
    step = -(-table.num_rows // parts)
    for index, path in enumerate(paths):
        pq.write_table(table.slice(index * step, step), path)
    return paths


def peak_rss() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def sent_bytes(workers: Sequence[str], dask_worker: Any) -> tuple[int, int]:
    """The bytes this worker sent: to the other workers, and to anyone else (the client,
    or the scheduler gathering for it)."""
    to_workers = sum(item["total"] for item in dask_worker.transfer_outgoing_log
                     if item["who"] in workers)
    return to_workers, int(dask_worker.transfer_outgoing_bytes_total) - to_workers


def same_as_columnar(found: dict[str, Any], result: object, compute: Any) -> bool:
    """Whether `compute()` (the columnar engine in this process) gives `result`; its time
    and the answer are put in `found`."""
    start = time.perf_counter()
    reference = compute()
    found["columnar_s"] = round(time.perf_counter() - start, 2)
    same = found["same_as_columnar"] = reference == result
    return bool(same)


def columnar_dashboard(jobs: str, disputes: str, night: date, by: Sequence[str],
                       tz: str) -> Any:
    """The columnar engine's dashboard of the files."""
    from svcperf.engines import columnar

    table = columnar.load_jobs(jobs)
    return columnar.dashboard_from(table, night, by, tz=tz, disputes=columnar.load_disputes(
        disputes, job_ids=table.table.column("job_id")))


def columnar_history(jobs: str, disputes: str, first: date, last: date, tz: str) -> Any:
    """The columnar engine's history of the files."""
    import svcperf

    return svcperf.history(jobs, first, last, disputes=disputes, tz=tz, engine="columnar")
