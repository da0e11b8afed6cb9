"""The Dask engine's history at scale: wall time, peak memory per worker and bytes moved.

``python -m benchmarks.dask_history JOBS.parquet DISPUTES PARTS FIRST LAST TZ`` splits
JOBS.parquet into PARTS Parquet files (as `benchmarks.dask_scale` does, and reusing its
parts), starts a `LocalCluster` of two single-threaded worker processes, loads the parts
(`svcperf.engines.dask.load`) and runs ``svcperf.engines.dask.history`` from night FIRST
to LAST (the cluster's start is not counted). Prints JSON: the load and history times,
jobs per second per core over the whole run, each worker's peak resident memory, the
bytes the workers sent, and the size of a partition's and the summed nightly table.
With ``--compare``, the columnar engine in this process gives the same `History` on the
whole file (exit 1 if not); its time is printed too.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from datetime import date
from functools import partial
from pathlib import Path

from .clusters import columnar_history, dask_client, peak_rss, same_as_columnar, sent_bytes, split


def main(argv: Sequence[str] | None = None) -> int:
    """Print the measures as JSON; exit 1 when ``--compare`` finds the histories differ."""
    import svcperf
    from svcperf.engines import dask as svcperf_dask

    args = list(argv if argv is not None else sys.argv[1:])
    compare = "--compare" in args
    jobs, disputes, parts, first_text, last_text, tz = (arg for arg in args
                                                        if arg != "--compare")
    first, last = date.fromisoformat(first_text), date.fromisoformat(last_text)
    paths = split(Path(jobs), int(parts))
    with dask_client() as client:
        start = time.perf_counter()
        data = svcperf_dask.load(paths, disputes=disputes, client=client)
        loaded_s = time.perf_counter() - start
        trend = svcperf_dask.history(data, first, last, tz=tz)
        wall_s = time.perf_counter() - start
        peaks = client.run(peak_rss)
        sent = client.run(partial(sent_bytes, sorted(client.scheduler_info()["workers"])))
        nightly = partial(svcperf_dask._nightly, first_night=first, last_night=last, tz=tz,
                          days=60, viewer=svcperf.OWNER)
        one = client.submit(nightly, data.tables[0], data.disputes, pure=False).result()
        summed = svcperf_dask._reduce(data, nightly, svcperf_dask._sum_nightly)
        jobs_count = sum(client.gather([client.submit(lambda table: table.table.num_rows,
                                                      table, pure=False)
                                        for table in data.tables]))
    found: dict[str, object] = {
        "jobs": jobs_count, "parts": len(paths), "workers": 2,
        "nights": len(trend.nights), "load_s": round(loaded_s, 2),
        "history_s": round(wall_s - loaded_s, 2), "wall_s": round(wall_s, 2),
        "jobs_per_s_per_core": round(jobs_count / wall_s / 2),
        "peak_rss_mb_per_worker": [round(peak / 2**20) for peak in peaks.values()],
        "bytes_between_workers": sum(pair[0] for pair in sent.values()),
        "bytes_to_client": sum(pair[1] for pair in sent.values()),
        "accounts": len(trend.accounts),
        "nightly_table_rows_bytes_one_part": [one.num_rows, one.nbytes],
        "nightly_table_rows_bytes_summed": [summed.num_rows, summed.nbytes],
    }
    same = not compare or same_as_columnar(
        found, trend, lambda: columnar_history(jobs, disputes, first, last, tz))
    print(json.dumps(found))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
