"""The Dask engine at scale: wall time, peak memory per worker and bytes moved.

``python -m benchmarks.dask_scale JOBS.parquet DISPUTES PARTS NIGHT TZ [BY...]`` splits
JOBS.parquet into PARTS Parquet files (by row slices, beside it in ``JOBS-parts/``, kept
for a rerun), starts a `LocalCluster` of two single-threaded worker processes, and runs
``svcperf.engines.dask.dashboard`` on the parts (the cluster's start is not counted).
Prints JSON: the wall time, jobs per second per core, each worker's peak resident
memory (``ru_maxrss``), the bytes the workers sent (each worker's ``get_data`` log, as
Dask sizes the data: to the other workers, and to the client or the scheduler), the job
ids' own bytes (what a client-side duplicate check would receive), and the size of a
partition's and the summed partial table. With ``--compare``, the columnar engine in this
process (after the cluster is closed) gives the same `Dashboard` on the whole file (exit 1
if not); its time is printed too.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from datetime import date
from functools import partial
from operator import attrgetter, methodcaller
from pathlib import Path
from typing import Any

from .clusters import columnar_dashboard, dask_client, peak_rss, same_as_columnar, sent_bytes, split


def _on_worker(client: Any, table: Any, *steps: Any) -> Any:
    """The futures of `steps` applied in turn to `table`, on its worker."""
    for step in steps:
        table = client.submit(step, table, pure=False)
    return table


def _size(found: Any) -> int:
    return int(found.tallies.nbytes + found.warnings.nbytes)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the measures as JSON; exit 1 when ``--compare`` finds the dashboards differ."""
    from svcperf.engines import dask as svcperf_dask
    from svcperf.window import window_for

    args = list(argv if argv is not None else sys.argv[1:])
    compare = "--compare" in args
    jobs, disputes, parts, night, tz, *by = (arg for arg in args if arg != "--compare")
    paths = split(Path(jobs), int(parts))
    with dask_client() as client:
        start = time.perf_counter()
        data = svcperf_dask.load(paths, disputes=disputes, client=client)
        loaded_s = time.perf_counter() - start
        board = svcperf_dask.dashboard(data, date.fromisoformat(night), by, tz=tz)
        wall_s = time.perf_counter() - start
        peaks = client.run(peak_rss)
        sent = client.run(partial(sent_bytes, sorted(client.scheduler_info()["workers"])))
        counts = client.gather([_on_worker(client, table, attrgetter("num_rows"))
                                for table in data.tables])
        id_bytes = sum(client.gather([_on_worker(
            client, table, attrgetter("table"), methodcaller("column", "job_id"),
            attrgetter("nbytes")) for table in data.tables]))
        fold = partial(svcperf_dask._fold, window=window_for(date.fromisoformat(night), tz),
                       by=by, areas=frozenset())
        one = client.submit(fold, data.tables[0], data.disputes, pure=False).result()
        summed = svcperf_dask._reduce(data, fold, svcperf_dask._sum)
        jobs_count = sum(counts)
    found: dict[str, object] = {
        "jobs": jobs_count, "parts": len(paths), "workers": 2, "by": by,
        "load_s": round(loaded_s, 2), "wall_s": round(wall_s, 2),
        "jobs_per_s_per_core": round(jobs_count / wall_s / 2),
        "peak_rss_mb_per_worker": [round(peak / 2**20) for peak in peaks.values()],
        "bytes_between_workers": sum(pair[0] for pair in sent.values()),
        "bytes_to_client": sum(pair[1] for pair in sent.values()),
        "job_id_bytes": id_bytes,
        "accounts": len(board.evaluation.accounts),
        "breakdown_slices": sum(len(slices) for part in board.breakdowns
                                for slices in part.accounts.values()),
        "partial_table_rows_bytes_one_part": [one.tallies.num_rows, _size(one)],
        "partial_table_rows_bytes_summed": [summed.tallies.num_rows, _size(summed)],
    }
    same = not compare or same_as_columnar(found, board, lambda: columnar_dashboard(
        jobs, disputes, date.fromisoformat(night), by, tz))
    print(json.dumps(found))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
