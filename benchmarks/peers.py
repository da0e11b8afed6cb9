"""What the independent peer scripts (`polars_script`, `duckdb_script`) share: the seed
targets, the figures' counters, the nightly window's bounds and the canonical form their
results are compared in. Written from SPEC §3–§5; never imports svcperf.

A canonical dashboard maps ``(account_id, attribute, value)`` to the numerator and
denominator of each of the seven figures and the defect-free rate, then the status:
attribute ``""`` (value ``None``) is the account-wide row; a slice with no value has
value ``None``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

__all__ = ["BY", "COUNTERS", "canonical_row", "first_instant", "from_json", "to_json"]

BY = ("coverage_area", "profession", "technician_id")
#: Per-job counters, summed per group.
COUNTERS = ("jobs", "rated", "stars", "negative_feedback", "hg_claim", "cancellation",
            "reschedule", "outside_arrival_window", "late_completion", "with_issues")
_RATIOS = (
    ("customer_feedback_rating", "stars", "rated", ">=", 47, 10),
    ("hg_claim_rate", "hg_claim", "jobs", "<=", 1, 100),
    ("negative_feedback_rate", "negative_feedback", "rated", "<=", 1, 100),
    ("cancellation_rate", "cancellation", "jobs", "<=", 1, 100),
    ("reschedule_rate", "reschedule", "jobs", "<=", 1, 100),
    ("outside_arrival_window_rate", "outside_arrival_window", "jobs", "<=", 10, 100),
    ("late_completion_rate", "late_completion", "jobs", "<=", 1, 100),
)


def first_instant(day: date, tz: str) -> datetime:
    """The first instant of the local `day` in `tz`, in UTC (where midnight falls in a DST
    gap, the end of the gap)."""
    zone = ZoneInfo(tz)
    wall = datetime(day.year, day.month, day.day)
    instant = wall.replace(tzinfo=zone).astimezone(timezone.utc)
    if instant.astimezone(zone).replace(tzinfo=None) == wall:
        # An ambiguous midnight (fold=0) is the earlier instant: the first.
        return instant
    # In a gap: the first instant whose wall time is at or after midnight.
    low, high = instant - timedelta(hours=3), instant + timedelta(hours=3)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return high


def canonical_row(sums: Mapping[str, int]) -> tuple[Any, ...]:
    """The numerators, denominators and status of summed counters."""
    row: list[Any] = []
    good = True
    for _, numerator, denominator, comparison, top, bottom in _RATIOS:
        n, d = int(sums[numerator]), int(sums[denominator])
        row += [n, d]
        if d:
            good &= n * bottom >= top * d if comparison == ">=" else n * bottom <= top * d
    row += [int(sums["jobs"]) - int(sums["with_issues"]), int(sums["jobs"])]
    row.append("good_standing" if good else "attention")
    return tuple(row)


def to_json(rows: Iterable[tuple[tuple[str, str, str | None], tuple[Any, ...]]]) -> str:
    """A canonical dashboard as JSON text (the peer scripts' output)."""
    return json.dumps({"\t".join([account, attribute, "" if value is None else value]): row
                       for (account, attribute, value), row in rows}, sort_keys=True)


def from_json(text: str) -> dict[tuple[str, str, str | None], tuple[Any, ...]]:
    """The canonical dashboard `to_json` wrote."""
    out = {}
    for key, row in json.loads(text).items():
        account, attribute, value = key.split("\t")
        out[(account, attribute, value or None)] = tuple(row)
    return out
