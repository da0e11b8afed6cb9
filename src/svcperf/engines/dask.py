"""The Dask engine: per partition the columnar engine's validation and fold, as partial
tallies (`svcperf.engines.partials`), then a tree reduction summing them (SPEC §10).

Disputes are small: validated once against every job id, then broadcast to the workers.
Needs ``pip install 'svcperf[dask]'``; dask, distributed and pyarrow are imported inside
the functions.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from ..errors import InvalidArgumentError, InvalidInputError
from ..extras import require
from ..schema import duplicate_job_problem
from ..targets import SEED_TARGETS, TargetSet, target_set_in_force
from ..viewer import OWNER, Viewer, as_viewer
from ..views.dashboard import Dashboard
from ..window import DEFAULT_DAYS, Window, window_for
from . import columnar, partials

__all__ = ["dashboard"]


def _paths(source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]) -> list[str]:
    """The files a path, a glob or a list of them names, in order (a glob's sorted)."""
    given = [source] if isinstance(source, str | os.PathLike) else list(source)
    found: list[str] = []
    for entry in given:
        text = os.fspath(entry)
        matched = sorted(glob.glob(text)) if glob.has_magic(text) else [text]
        if not matched:
            raise InvalidArgumentError(f"source: no file matches {text!r}")
        found.extend(matched)
    return found


def _fold(data: columnar.JobTable, window: Window, disputes: columnar.DisputeTable | None,
          by: Sequence[str], areas: frozenset[str]) -> partials.Partials:
    """One partition's partial tallies (run on a worker)."""
    return partials.to_partials(columnar.fold(data, window, disputes, by, areas), by)


def _job_ids(data: columnar.JobTable) -> Any:
    return data.table.column("job_id").combine_chunks()


def _sum(*parts: partials.Partials) -> partials.Partials:
    return partials.sum_partials(parts)


def _first_duplicate(pa: Any, ids: Sequence[Any], names: Sequence[str]) -> None:
    """Raise the reference's problem for a job id found in two partitions."""
    import pyarrow.compute as pc

    every = pa.chunked_array(ids, pa.string()) if ids else pa.chunked_array([], pa.string())
    counts = pc.value_counts(every)
    repeated = counts.filter(pc.greater(counts.field("counts"), 1)).field("values")
    if not len(repeated):
        return
    job_id = repeated[0].as_py()
    places = []
    for name, column in zip(names, ids, strict=True):
        for row in pc.indices_nonzero(pc.equal(column, job_id)).to_pylist():
            places.append(f"{name}, row {row + 1}")
    raise InvalidInputError([duplicate_job_problem(job_id, places[0]).located(places[1], None)])


def dashboard(
    source: Any,
    as_of: Window | datetime | date,
    by: Sequence[str] = (),
    *,
    disputes: Any = None,
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
    client: Any = None,
) -> Dashboard:
    """`svcperf.dashboard` over a Dask DataFrame, or a path, glob or list of CSV / JSON
    Lines / Parquet files (a partition each), on the Dask `client` (the current one, or
    an in-process cluster when there is none).

    `disputes` is a path or a frame, read by the columnar engine. Bad input fails the
    run with the columnar engine's messages: per file for files (its lines or rows); for
    a Dask DataFrame, rows of the whole frame.
    """
    require("dask.dataframe", "svcperf.engines.dask")
    distributed = require("distributed", "svcperf.engines.dask")
    pa = require("pyarrow", "svcperf.engines.dask")
    window = window_for(as_of, tz, days)
    areas = frozenset(as_viewer(viewer).areas)
    target_set = target_set_in_force(targets, window.end)
    names = list(by)
    partials.single_attributes(names)
    own = None
    if client is None:
        try:
            client = distributed.get_client()
        except ValueError:
            own = client = distributed.Client(processes=False, dashboard_address=None)
    try:
        tables, labels = _load(client, source)
        ids = client.gather([client.submit(_job_ids, table, pure=False) for table in tables])
        try:
            _first_duplicate(pa, ids, labels)
        except InvalidInputError:
            if _is_frame(source):  # the whole frame's messages, rows numbered in it
                columnar.load_jobs(source.compute())
            raise
        dispute_table = None
        if disputes is not None:
            every = pa.chunked_array(ids, pa.string()) if ids else pa.array([], pa.string())
            dispute_table = columnar.load_disputes(disputes, job_ids=every)
            dispute_table = client.scatter(dispute_table, broadcast=True)
        parts = [client.submit(_fold, table, window, dispute_table, names, areas, pure=False)
                 for table in tables]
        while len(parts) > 1:  # a tree reduction: pairs, then pairs of pairs
            parts = [client.submit(_sum, *parts[start:start + 2], pure=False)
                     for start in range(0, len(parts), 2)]
        summed = parts[0].result() if parts else partials.sum_partials([])
    finally:
        if own is not None:
            own.close()
    return partials.dashboard_of(partials.from_partials(summed), window, target_set, names)


def _is_frame(source: Any) -> bool:
    return hasattr(source, "to_delayed") and hasattr(source, "npartitions")


def _load(client: Any, source: Any) -> tuple[list[Any], list[str]]:
    """Futures of the validated `JobTable` of each partition, and each one's name."""
    if _is_frame(source):
        frames = client.compute(source.to_delayed())
        tables = [client.submit(columnar.load_jobs, frame, pure=False) for frame in frames]
        try:
            client.gather(tables)
        except InvalidInputError:  # the whole frame's messages, rows numbered in it
            columnar.load_jobs(source.compute())
            raise
        return tables, [f"partition {index}" for index in range(len(tables))]
    paths = _paths(source)
    tables = [client.submit(columnar.load_jobs, path, pure=False) for path in paths]
    for table in tables:  # the first bad file's messages, in file order
        exception = table.exception()
        if exception is not None:
            raise exception
    return tables, paths
