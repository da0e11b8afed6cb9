"""The outlook's `Basis` by the columnar engine (SPEC §9): what `svcperf.outlook` works
out from, taken from the columnar engine's tables rather than from records.

The evaluations and the slices are the columnar fold's; the nightly tallies of the data
as known at `as_of` are the columnar history's sweep over `known_at_columns` (the column
form of `forecast.known_at`, side by side with it here and held equal to it by
`tests/test_outlook_engines.py`); the nights each missed level's jobs age out on are
counted from the fold's per-job facts, with `outlook.counted_against` and the zone
code's `local_date`, on the few rows that can count.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from ..engine_choice import Columns
from ..evaluation import Evaluation
from ..outlook import Basis, counted_against, missed_figures
from ..records import JobStatus
from ..tally import ISSUE_BITS
from ..targets import TargetSet, target_set_in_force
from ..viewer import Viewer, as_viewer
from ..window import window_for
from ..zones import local_date
from . import values as av
from .columnar import (
    DisputeTable,
    JobTable,
    check_disputes,
    fold,
    folded_evaluation,
    pattern_columns,
    pattern_facts,
)
from .columnar_history import nightly_tallies
from .columnar_input import _pa, dictionary_codes, known_ids, text_equal
from .memory_pool import using_engine_pool

__all__ = ["columnar_basis", "known_at_columns"]

#: The instant fields `known_at` takes off a job when stamped at or after `as_of`, each
#: with the fields that go with it.
_LATE_FACTS = (("rated_at", ("rating", "rated_at")), ("hg_claim_at", ("hg_claim_at",)))


def known_at_columns(data: JobTable, disputes: DisputeTable | None,
                     as_of: datetime) -> tuple[JobTable, DisputeTable | None]:
    """`forecast.known_at` over columns: the jobs closed at or after `as_of` (open ones
    stay) left out, ratings received and HG claims filed at or after it taken off their
    jobs (with their offsets), and only the disputes decided before it on a job kept."""
    pa = _pa()
    import pyarrow.compute as pc

    at = av.instant(as_of)
    table = data.table
    later = pc.fill_null(pc.and_(
        pc.invert(text_equal(pa, pc, table.column("status"), JobStatus.OPEN.value)),
        pc.greater_equal(table.column("closed_at"), at)), av.boolean(False))
    if pc.any(later).as_py():
        data = data.rows(pc.indices_nonzero(pc.invert(later)))
    table, offsets = data.table, data.offsets
    for stamp, fields in _LATE_FACTS:
        late = pc.fill_null(pc.greater_equal(table.column(stamp), at), av.boolean(False))
        if not pc.any(late).as_py():
            continue
        for name in fields:
            table = _without(pa, pc, table, name, late)
        offsets = _without(pa, pc, offsets, stamp, late)
    known = JobTable(table, offsets, data.extras, data.lacking)
    if disputes is None:
        return known, None
    found = disputes.table
    kept = pc.and_(pc.fill_null(pc.less(found.column("decided_at"), at), av.boolean(False)),
                   known_ids(pa, pc, found.column("job_id"), table.column("job_id")))
    return known, DisputeTable(found.filter(kept), disputes.offsets.filter(kept))


def _without(pa: Any, pc: Any, table: Any, name: str, late: Any) -> Any:
    """`table` with its column `name` null where `late` is true."""
    column = table.column(name)
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    position = table.schema.get_field_index(name)
    return table.set_column(position, name, pc.if_else(
        late, av.null(column.type), column))


@using_engine_pool
def columnar_basis(columns: Columns, as_of: date | datetime, tz: str, days: int,
                   lengths: Iterable[int], targets: TargetSet | Iterable[TargetSet],
                   first_night: date, last_night: date, by: Sequence[str],
                   viewer: Viewer) -> Basis:
    """The `Basis` of the outlook of `columns` (the jobs `viewer` sees) as of `as_of`:
    what `outlook`'s reference engine works out from records, the same."""
    data, disputes = columns.jobs, columns.disputes
    check_disputes(data, disputes)
    areas = as_viewer(viewer).areas
    window = window_for(as_of, tz, days)
    folded = fold(data, window, disputes, by, areas, jobs=True)
    current = folded_evaluation(window, target_set_in_force(targets, window.end), folded)
    shorts = {}
    for length in lengths:
        short = window_for(as_of, tz, length)
        shorts[length] = folded_evaluation(short, target_set_in_force(targets, short.end),
                                           fold(data, short, disputes, (), areas))
    known, known_disputes = known_at_columns(data, disputes, window.end)
    nights = [first_night + timedelta(days=offset)
              for offset in range((last_night - first_night).days + 1)]
    return Basis(
        current=current, shorts=shorts,
        known=nightly_tallies(known, nights, tz, days, known_disputes, areas),
        stars=folded.account_stars,
        ages_out=_ages_out(folded.jobs, current, tz, days),
        slices={attribute: {key: (tally, stars.get(key, {})) for key, tally in found.items()}
                for attribute, found, stars in zip(by, folded.breakdowns,
                                                   folded.breakdown_stars, strict=True)})


def _ages_out(jobs: Any, current: Evaluation, tz: str,
              days: int) -> dict[tuple[str, str], tuple[tuple[date, int], ...]]:
    """`Basis.ages_out` from the window's jobs and their facts (`fold`'s `jobs`): the rows
    that can count against a missed figure are found column-wise (an issue bit of a level
    it misses, or a rating of R below the account's missed rating target), then each is
    decided by `counted_against`."""
    pa = _pa()
    import pyarrow.compute as pc

    missed: dict[str, list[Any]] = {}
    for account_id, level, figure in missed_figures(current):
        missed.setdefault(account_id, []).append((level, figure))
    found: dict[tuple[str, str], Counter[date]] = {
        (account_id, level.key): Counter()
        for account_id, figures in missed.items() for level, _ in figures}
    if not found:
        return {}
    codes, labels = dictionary_codes(pa, pc, jobs.column("account_id"))
    bits, below = [0] * len(labels), [0] * len(labels)
    for code, account_id in enumerate(labels):
        for level, figure in missed.get(account_id, ()):
            if level.issue is None and figure.target is not None:
                below[code] = math.ceil(figure.target.threshold)
            elif level.issue is not None:
                bits[code] |= ISSUE_BITS[level.issue]
    pattern = jobs.column("pattern")
    rated, stars, mask = pattern_columns(pc, pattern)
    issues = pc.bit_wise_and(mask, pc.take(av.integers(bits), codes))
    low = pc.and_(rated, pc.less(stars, pc.take(av.integers(below), codes)))
    rows = pc.indices_nonzero(pc.or_(pc.not_equal(issues, av.integer(0)), low))
    dates: dict[datetime, date] = {}
    for code, closed, packed in zip(pc.take(codes, rows).to_pylist(),
                                    av.pylist(pc.take(jobs.column("closed_at"), rows)),
                                    pc.take(pattern, rows).to_pylist(), strict=True):
        _, counted, issue_mask = pattern_facts(packed)
        account_id = labels[code]
        for level, figure in missed.get(account_id, ()):
            if counted_against(level, figure, counted, issue_mask):
                if closed not in dates:
                    dates[closed] = local_date(closed, tz) + timedelta(days=days)
                found[account_id, level.key][dates[closed]] += 1
    return {key: tuple(sorted(nights.items())) for key, nights in found.items()}

