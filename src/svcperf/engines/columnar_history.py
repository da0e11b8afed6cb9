"""History column-wise: `svcperf.history`'s sweep (see `svcperf.views.history`) over an
Arrow table of jobs.

A job's contribution to the nightly tallies is constant over segments of nights: it
enters on the night after the last cut-off at or before its `closed_at`, leaves `days`
nights later, and changes only on a night when a late fact becomes known (`rated_at`,
`hg_claim_at`, the `decided_at` of a granted dispute on it). Each of those nights is
found for every job at once, by a vectorised bisection of the instants among the sorted
nightly cut-offs. The segments are then grouped by their first night: each group is
folded by the columnar engine's own `fold` as of that night (the levels' column forms,
disputes and all), per account and per last night, and the tallies go into per-account
difference arrays that a running sum turns into each night's tally.

pyarrow is imported inside the functions: ``pip install 'svcperf[columnar]'``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

import attrs

from ..records import DisputeOutcome, JobStatus
from ..tally import Tally
from ..window import Window
from . import values as av
from .acero import group_by
from .columnar import DisputeTable, JobTable, fold
from .columnar_input import _pa
from .memory_pool import using_engine_pool

__all__ = ["nightly_tallies"]

_COUNTS = len(attrs.fields(Tally))


def _microseconds(pa: Any, instants: Sequence[datetime]) -> Any:
    """The instants as UTC microseconds (``int64``), in order."""
    return av.instants(instants).cast(pa.int64())


def _bisect_right(pa: Any, pc: Any, cutoffs: Any, instants: Any) -> Any:
    """For each instant (``timestamp[us, UTC]``, or null), how many `cutoffs` (sorted UTC
    microseconds) are at or before it: `bisect.bisect_right`, for a whole column."""
    values = instants.cast(pa.int64())
    found = pa.nulls(len(values), pa.int64()).fill_null(av.integer(0))
    step = 1
    while step * 2 <= len(cutoffs):
        step *= 2
    padded = pa.concat_arrays([cutoffs, av.integers([None])])
    size = av.integer(len(cutoffs))
    while step:
        probe = pc.add(found, av.integer(step))
        last = pc.take(padded, pc.min_element_wise(pc.subtract(probe, av.integer(1)), size))
        found = pc.if_else(pc.fill_null(pc.and_(pc.less_equal(probe, size),
                                                pc.less_equal(last, values)), av.boolean(False)),
                           probe, found)
        step //= 2
    return pc.if_else(pc.is_null(values), av.null(pa.int64()), found)


def _boundaries(pa: Any, pc: Any, table: Any, disputes: DisputeTable | None, cutoffs: Any,
                days: int) -> tuple[Any, Any]:
    """Per row of `table` (closed jobs), the cut-off index it enters at; and the table of
    distinct (row, first cut-off index of a segment), sorted."""
    rows = av.integers(range(table.num_rows))
    enters = _bisect_right(pa, pc, cutoffs, table.column("closed_at"))
    inside = pc.and_(pc.greater(enters, av.integer(0)), pc.less(enters, av.integer(len(cutoffs))))
    parts = [pa.table({"row": rows.filter(inside), "start": enters.filter(inside)})]
    stamps = [(rows, table.column(name)) for name in ("rated_at", "hg_claim_at")]
    if disputes is not None and disputes.table.num_rows:
        found = disputes.table
        found = found.filter(pc.equal(found.column("outcome"),
                                      av.text(DisputeOutcome.GRANTED.value)))
        on = pc.index_in(found.column("job_id"), value_set=table.column("job_id")).cast(pa.int64())
        kept = pc.is_valid(on)
        stamps.append((on.filter(kept), found.column("decided_at").filter(kept)))
    for on_rows, instants in stamps:
        night = _bisect_right(pa, pc, cutoffs, instants)
        entered = pc.take(enters, on_rows)
        later = pc.fill_null(pc.and_(pc.greater(night, entered),
                                     pc.less(night, pc.add(entered, av.integer(days)))),
                             av.boolean(False))
        parts.append(pa.table({"row": on_rows.filter(later), "start": night.filter(later)}))
    starts = group_by(pa.concat_tables(parts), ["row", "start"])
    return enters, starts.sort_by([("row", "ascending"), ("start", "ascending")])


def _segments(pa: Any, pc: Any, enters: Any, starts: Any, days: int, count: int) -> Any:
    """The segments of nights ``[begin, stop)`` (night indices) with rows, first ordered
    by `begin`: a segment runs from its start to the next start of its row (or the row's
    leaving), shifted from cut-off to night indices and clipped to the range."""
    rows, first = starts.column("row"), starts.column("start")
    following = pa.concat_arrays([rows.slice(1).combine_chunks(), av.integers([None])])
    after = pa.concat_arrays([first.slice(1).combine_chunks(), av.integers([None])])
    same = pc.fill_null(pc.equal(following, rows.combine_chunks()), av.boolean(False))
    end = pc.if_else(same, after, pc.add(pc.take(enters, rows), av.integer(days)))
    begin = pc.max_element_wise(pc.subtract(first, av.integer(days)), av.integer(0))
    stop = pc.min_element_wise(pc.subtract(end, av.integer(days)), av.integer(count))
    segments = pa.table({"row": rows, "begin": begin, "stop": stop})
    segments = segments.filter(pc.less(begin, stop))
    return segments.sort_by([("begin", "ascending")])


def _stop_column(extras: Sequence[str]) -> str:
    """A name for the column of each segment's last night, no extra column of the data."""
    name = "svcperf_history_stop"
    while name in extras:
        name += "_"
    return name


@using_engine_pool
def nightly_tallies(data: JobTable, nights: Sequence[date], tz: str, days: int,
                    disputes: DisputeTable | None = None,
                    areas: Collection[str] = frozenset()) -> dict[str, tuple[Tally, ...]]:
    """Each night's tally of every account (the jobs in `areas`, when given: a scoped
    viewer), aligned with `nights` (consecutive dates), as `svcperf.evaluate` gives it
    for each night in zone `tz` over `days`-day windows.

    Every account with a job in `data` (in `areas`) is listed, sorted. The disputes must
    name jobs of `data` (as the readers check).
    """
    pa = _pa()
    import pyarrow.compute as pc

    if areas:
        data = data.rows(pc.indices_nonzero(pc.fill_null(pc.is_in(
            data.table.column("coverage_area").cast(pa.string()),
            value_set=av.texts(sorted(areas))), av.boolean(False))))
    account_ids = sorted(pc.unique(data.table.column("account_id").cast(pa.string()))
                         .to_pylist())
    count = len(nights)
    diffs = {account_id: [[0] * _COUNTS for _ in range(count + 1)]
             for account_id in account_ids}
    if count:
        _sweep(pa, pc, data, nights, tz, days, disputes, diffs)
    found = {}
    for account_id, changes in diffs.items():
        running = [0] * _COUNTS
        nightly = []
        for change in changes[:count]:
            running = [total + more for total, more in zip(running, change, strict=True)]
            nightly.append(Tally(*running))
        found[account_id] = tuple(nightly)
    return found


def _sweep(pa: Any, pc: Any, data: JobTable, nights: Sequence[date], tz: str, days: int,
           disputes: DisputeTable | None, diffs: dict[str, list[list[int]]]) -> None:
    """Add each segment's tally to `diffs` at its first night and take it away after its
    last."""
    from ..views.history import night_cutoffs

    count = len(nights)
    cutoffs = night_cutoffs(nights[0], count, tz, days)
    closed = pc.indices_nonzero(pc.fill_null(pc.and_(
        pc.not_equal(data.table.column("status"), av.text(JobStatus.OPEN.value)),
        pc.is_valid(data.table.column("closed_at"))), av.boolean(False)))
    jobs = data.rows(closed)
    enters, starts = _boundaries(pa, pc, jobs.table, disputes, _microseconds(pa, cutoffs), days)
    if not starts.num_rows:  # no job in any window of the range
        return
    segments = _segments(pa, pc, enters, starts, days, count)
    stop_name = _stop_column(jobs.extras)
    runs = pc.run_end_encode(segments.column("begin").combine_chunks())  # (sorted)
    offset = 0
    for begin, end in zip(runs.values.to_pylist(), runs.run_ends.to_pylist(), strict=True):
        part = segments.slice(offset, end - offset)
        offset = end
        rows = jobs.rows(part.column("row").combine_chunks())
        group = JobTable(rows.table.append_column(stop_name, part.column("stop").cast(
            pa.string())), rows.offsets, (*rows.extras, stop_name), rows.lacking)
        window = Window(cutoffs[begin], cutoffs[begin + days], tz, days,
                        nights[begin])
        folded = fold(group, window, disputes, [stop_name])
        for (account_id, stop), tally in folded.breakdowns[0].items():
            counts = attrs.astuple(tally)
            added, taken = diffs[account_id][begin], diffs[account_id][int(str(stop))]
            for place, value in enumerate(counts):
                added[place] += value
                taken[place] -= value
