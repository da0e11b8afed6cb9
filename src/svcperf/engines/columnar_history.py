"""History column-wise: `svcperf.history`'s sweep (see `svcperf.views.history`) over an
Arrow table of jobs.

A job's contribution to the nightly tallies is constant over segments of nights: it
enters on the night after the last cut-off at or before its `closed_at`, leaves `days`
nights later, and changes only on a night when a late fact becomes known (`rated_at`,
`hg_claim_at`, the first grant of a dispute on one of its issues). Each of those nights
is found for every job at once, among the sorted nightly cut-offs. Every segment is then
assessed in one pass, as of its first night (an as-of column: the levels' column forms,
disputes and all, as the columnar engine's `fold` uses them), and the tallies per account
and per first and after-last night go into per-account difference arrays that a running
sum turns into each night's tally.

pyarrow is imported inside the functions: ``pip install 'svcperf[columnar]'``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any, cast

import attrs

from ..records import JobStatus
from ..tally import Tally
from . import values as av
from .columnar import (
    _FACT_FIELDS,
    DisputeTable,
    JobTable,
    _all_rows,
    _counted,
    _fact_inputs,
    _facts,
    _first_grants,
    _tallies,
)
from .columnar_input import _pa, dictionary_codes
from .memory_pool import using_engine_pool

__all__ = ["nightly_tallies"]

_COUNTS = len(attrs.fields(Tally))
#: The column of each segment's as-of (its first night's cut-off).
_AS_OF = "as_of"


def _bisect_right(pa: Any, pc: Any, cutoffs: Any, instants: Any) -> Any:
    """For each instant (``timestamp[us, UTC]``, or null), how many `cutoffs` (sorted UTC
    microseconds) are at or before it: `bisect.bisect_right`, for a whole column.

    Each row starts from a guess by the cut-offs' mean spacing (nightly cut-offs are a day
    apart, give or take a daylight-saving hour, so the guess is a step or two off at
    most) and moves a step at a time until no row moves: exact for any sorted cut-offs."""
    values = instants.cast(pa.int64())
    size = len(cutoffs)
    found = pa.nulls(len(values), pa.int64()).fill_null(av.integer(0))
    if size:
        first = cutoffs[0].as_py()
        spacing = max((cutoffs[size - 1].as_py() - first) // max(size - 1, 1), 1)
        guess = pc.add(pc.divide(pc.subtract(values, av.integer(first)), av.integer(spacing)),
                       av.integer(1))
        found = pc.fill_null(pc.min_element_wise(pc.max_element_wise(
            guess, av.integer(0)), av.integer(size)), av.integer(0))
    nothing = av.integers([None])
    at = pa.concat_arrays([cutoffs, nothing])  # at[k]: cut-off k, null past the last
    before = pa.concat_arrays([nothing, cutoffs])  # before[k]: cut-off k - 1
    no = av.boolean(False)
    while True:
        up = pc.fill_null(pc.less_equal(pc.take(at, found), values), no)
        down = pc.fill_null(pc.greater(pc.take(before, found), values), no)
        if not (pc.any(up).as_py() or pc.any(down).as_py()):
            break
        found = pc.subtract(pc.add(found, up.cast(pa.int64())), down.cast(pa.int64()))
    return pc.if_else(pc.is_null(values), av.null(pa.int64()), found)


def _boundaries(pa: Any, pc: Any, table: Any, first_grants: Any, cutoffs: Any,
                days: int) -> tuple[Any, Any]:
    """Per row of `table` (closed jobs), the cut-off index it enters at; and the table of
    distinct (row, first cut-off index of a segment), sorted. A segment starts when the
    job enters, and when its rating, its HG claim or the first grant of a dispute on one
    of its issues (`first_grants`, per row) becomes known."""
    rows = _all_rows(pa, pc, table.num_rows)
    enters = _bisect_right(pa, pc, cutoffs, table.column("closed_at"))
    inside = pc.and_(pc.greater(enters, av.integer(0)), pc.less(enters, av.integer(len(cutoffs))))
    width = av.integer(len(cutoffs) + 1)
    # Each (row, start) as one number, row * width + start: distinct and sorted, cheaply.
    parts = [pc.add(pc.multiply(rows.filter(inside), width), enters.filter(inside))]
    for stamps in [table.column("rated_at"), table.column("hg_claim_at"),
                   *first_grants.columns]:
        given = pc.is_valid(stamps)
        on_rows, instants = rows.filter(given), stamps.filter(given)
        night = _bisect_right(pa, pc, cutoffs, instants)
        entered = pc.take(enters, on_rows)
        later = pc.fill_null(pc.and_(pc.greater(night, entered),
                                     pc.less(night, pc.add(entered, av.integer(days)))),
                             av.boolean(False))
        parts.append(pc.add(pc.multiply(on_rows.filter(later), width), night.filter(later)))
    keys = pc.unique(pa.chunked_array([chunk for part in parts for chunk in (
        part.chunks if isinstance(part, pa.ChunkedArray) else [part])], pa.int64()))
    keys = pc.take(keys, pc.sort_indices(keys))
    row = pc.divide(keys, width)
    return enters, pa.table({"row": row, "start": pc.subtract(keys, pc.multiply(row, width))})


def _segments(pa: Any, pc: Any, enters: Any, starts: Any, days: int, count: int) -> Any:
    """The segments of nights ``[begin, stop)`` (night indices) with rows: a segment runs
    from its start to the next start of its row (or the row's leaving), shifted from
    cut-off to night indices and clipped to the range."""
    rows, first = starts.column("row"), starts.column("start")
    following = pa.concat_arrays([rows.slice(1).combine_chunks(), av.integers([None])])
    after = pa.concat_arrays([first.slice(1).combine_chunks(), av.integers([None])])
    same = pc.fill_null(pc.equal(following, rows.combine_chunks()), av.boolean(False))
    end = pc.if_else(same, after, pc.add(pc.take(enters, rows), av.integer(days)))
    begin = pc.max_element_wise(pc.subtract(first, av.integer(days)), av.integer(0))
    stop = pc.min_element_wise(pc.subtract(end, av.integer(days)), av.integer(count))
    segments = pa.table({"row": rows, "begin": begin, "stop": stop})
    return segments.filter(pc.less(begin, stop))


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
    last: every segment's job is assessed in one pass, as of its first night."""
    from ..views.history import night_cutoffs

    count = len(nights)
    cutoffs = av.instants(night_cutoffs(nights[0], count, tz, days))
    table = data.table
    closed = pc.fill_null(pc.and_(
        pc.not_equal(table.column("status"), av.text(JobStatus.OPEN.value)),
        pc.is_valid(table.column("closed_at"))), av.boolean(False))
    jobs = table.select(sorted({*_FACT_FIELDS, "job_id", "account_id"})).filter(closed)
    first_grants = _first_grants(pa, pc, disputes, jobs.column("job_id"))
    enters, starts = _boundaries(pa, pc, jobs, first_grants, cutoffs.cast(pa.int64()), days)
    if not starts.num_rows:  # no job in any window of the range
        return
    segments = _segments(pa, pc, enters, starts, days, count)
    rows, begin = segments.column("row"), segments.column("begin")
    inputs = _fact_inputs(pa, pc, jobs, first_grants).take(rows).append_column(
        _AS_OF, pc.take(cutoffs, pc.add(begin, av.integer(days))))
    pattern = _facts(pa, pc, inputs, _AS_OF).column("pattern")
    accounts, labels = dictionary_codes(pa, pc, pc.take(jobs.column("account_id"), rows))
    width = count + 1
    for night, sign in ((begin, 1), (segments.column("stop"), -1)):
        codes = pc.add(pc.multiply(accounts, av.integer(width)), night)
        tallies = _tallies(_counted(pc, codes, pattern), lambda code: divmod(code, width))
        for key, tally in tallies.items():
            account, on = cast(tuple[int, int], key)
            changes = diffs[labels[account]][on]
            for place, value in enumerate(attrs.astuple(tally)):
                changes[place] += sign * value
