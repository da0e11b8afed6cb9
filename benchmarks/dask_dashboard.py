"""The Dask engine against the columnar engine on the same files, wall time of each.

``python -m benchmarks.dask_dashboard DIR PARTS NIGHT TZ [BY...]`` splits ``DIR/jobs.csv``
(e.g. written by ``svcperf sample --out DIR``) into PARTS Parquet files and one whole
Parquet file, then times ``columnar.dashboard_from`` on the whole file and
``svcperf.engines.dask.dashboard`` on the parts with a `LocalCluster` of two worker
processes (cluster start not counted), checks that both give the same `Dashboard` and
prints the times as JSON.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    """Print ``{"jobs", "columnar_s", "dask_s", "parts"}``; exit 1 if they disagree."""
    import distributed
    import pyarrow.parquet as pq

    from svcperf.engines import columnar
    from svcperf.engines import dask as svcperf_dask

    folder, parts, night, tz, *by = argv if argv is not None else sys.argv[1:]
    jobs, disputes = Path(folder) / "jobs.csv", Path(folder) / "disputes.csv"
    raw = columnar.load_jobs(jobs).table
    step = -(-raw.num_rows // int(parts))
    paths = []
    for index in range(int(parts)):
        path = Path(folder) / f"part-{index}.parquet"
        pq.write_table(raw.slice(index * step, step), path)
        paths.append(path)
    whole = Path(folder) / "whole.parquet"
    pq.write_table(raw, whole)
    as_of = date.fromisoformat(night)
    start = time.perf_counter()
    data = columnar.load_jobs(whole)
    board = columnar.dashboard_from(data, as_of, by, disputes=columnar.load_disputes(
        disputes, job_ids=data.table.column("job_id")), tz=tz)
    columnar_s = time.perf_counter() - start
    with distributed.LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, threads_per_worker=1, processes=True,
            dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:  # type: ignore[no-untyped-call]
        start = time.perf_counter()
        ours = svcperf_dask.dashboard(paths, as_of, by, disputes=disputes, tz=tz,
                                      client=client)
        dask_s = time.perf_counter() - start
    print(json.dumps({"jobs": raw.num_rows, "parts": int(parts), "columnar_s": columnar_s,
                      "dask_s": dask_s}))
    return 0 if ours == board else 1


if __name__ == "__main__":
    sys.exit(main())
