"""Breakdowns: every service level per value of one or more job attributes (SPEC §6).

Each slice gets its own figures, target checks and informational status; none of it
changes the account status, which only `evaluate` (account-wide) sets.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from datetime import date, datetime
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeAlias, cast

import attrs

from ..engine_choice import Engine
from ..errors import InvalidArgumentError
from ..evaluation import Performance, fold, performance
from ..frozen import ByAccount, FrozenMap
from ..inputs import DisputesInput, JobsInput, columnar_dashboard
from ..records import CORE_FIELDS, Job
from ..tabular import Tabular
from ..tally import Tally
from ..targets import SEED_TARGETS, TargetSet
from ..viewer import OWNER, Viewer
from ..window import DEFAULT_DAYS, Window
from .scope import Scoped, scoped

if TYPE_CHECKING:
    import matplotlib.figure

__all__ = ["NONE_KEY", "Breakdown", "SliceValue", "breakdown", "breakdown_of", "slice_key",
           "slice_label", "slice_reader"]

#: How output shows the slice of jobs with no value for an attribute.
NONE_KEY = "(none)"

#: A slice's value: an attribute's value (``None``: no value), or a tuple of values
#: for several attributes at once.
SliceValue: TypeAlias = str | tuple[str | None, ...] | None


def slice_label(value: SliceValue) -> str:
    """How output shows a slice's value.

    >>> slice_label("North"), slice_label(None), slice_label(("North", None))
    ('North', '(none)', 'North × (none)')
    """
    if isinstance(value, tuple):
        return " × ".join(slice_label(part) for part in value)
    return NONE_KEY if value is None else value


def _order(value: SliceValue) -> tuple[tuple[bool, str], ...]:
    parts = value if isinstance(value, tuple) else (value,)
    return tuple((part is None, part or "") for part in parts)


# Core fields whose value is already a text or None.
_TEXT_FIELDS = frozenset({"job_id", "account_id", "coverage_area", "profession",
                          "technician_id", "timezone"})


def _check_attribute(name: object, jobs: Sequence[Job], argument: str = "attribute") -> str:
    """`name` if it is an attribute of `jobs`; else an error naming `argument` (the caller's
    argument that gave it)."""
    if not isinstance(name, str) or not name:
        raise InvalidArgumentError(f"{argument}: expected an attribute name, got {name!r}")
    if name in CORE_FIELDS or not jobs:  # no job in scope: none to say the name is wrong
        return name
    lacking = []
    for job in jobs:
        try:
            job.attribute(name)
        except KeyError:
            lacking.append(job)
    if len(lacking) == len(jobs):
        raise InvalidArgumentError(
            f"{argument}: expected a job field (coverage_area, profession, technician_id, ...) "
            f"or an extra column of the data, got {name!r}")
    if lacking:
        raise InvalidArgumentError(f"{argument}: {lacking[0].name} has no attribute {name!r} "
                                   f"that other jobs have")
    return name


def slice_reader(by: str | Sequence[str], jobs: Sequence[Job], *,
                 argument: str = "attribute") -> Callable[[Job], SliceValue]:
    """Check the attribute name(s) `by` against `jobs`; return a job's slice value.

    One name gives the attribute's value; a sequence of names gives a tuple of values.
    Raises `InvalidArgumentError` naming `argument` for a name no job carries (or only
    some jobs carry).
    """
    if isinstance(by, str):
        name = _check_attribute(by, jobs, argument)
        if name in _TEXT_FIELDS:  # already the text (or None) that `attribute` gives
            return cast(Callable[[Job], SliceValue], attrgetter(name))
        return lambda job: job.attribute(name)
    if not isinstance(by, Sequence) or not by:
        raise InvalidArgumentError(f"by: expected an attribute name or a non-empty sequence "
                                   f"of names, got {by!r}")
    names = tuple(_check_attribute(name, jobs, argument) for name in by)
    return lambda job: tuple(job.attribute(name) for name in names)


def slice_key(by: Sequence[str | Sequence[str]], jobs: Sequence[Job]) -> Callable[[Job],
                                                                          tuple[Any, ...]]:
    """Check the attribute names of each entry of `by` (as `slice_reader`); return a
    job's account id followed by its slice value for each entry."""
    if by and all(isinstance(entry, str) and _check_attribute(entry, jobs) in _TEXT_FIELDS
                  for entry in by):  # (attrgetter of one name gives no tuple)
        return cast(Callable[[Job], tuple[Any, ...]], attrgetter("account_id", *by))
    readers = [slice_reader(entry, jobs) for entry in by]
    return lambda job: (job.account_id, *(value_of(job) for value_of in readers))


@attrs.frozen(kw_only=True, eq=True)  # eq: by value, not Mapping's (see `Performance`)
class Breakdown(ByAccount[Mapping[SliceValue, Performance]], Tabular):
    """Per account, the `Performance` of every slice with at least one job in the window.

    `by` is the attribute (or tuple of attributes) sliced by; slices are ordered by
    value, the no-value slice (``None``) last. Every account the viewer sees is listed,
    possibly with no slice. A read-only mapping of account id to its slices (the same
    as `accounts`).
    """

    window: Window
    targets: TargetSet
    by: str | tuple[str, ...]
    accounts: Mapping[str, Mapping[SliceValue, Performance]]

    def plot(self, metric: str, account: str | None = None) -> matplotlib.figure.Figure:
        """A bar per slice (of every account, or of the one `account`) for `metric`, the
        target line, misses in red. Returns the matplotlib `Figure` (needs
        ``svcperf[plot]``)."""
        from ..output.charts import breakdown_chart
        return breakdown_chart(self, metric, account)

    def __repr__(self) -> str:
        by = self.by if isinstance(self.by, str) else " × ".join(self.by)
        slices = sum(map(len, self.accounts.values()))
        return (f"<Breakdown by {by} as of {self.window.end.isoformat()}: "
                f"{len(self.accounts)} accounts, {slices} slices>")


def breakdown(
    jobs: JobsInput,
    as_of: Window | datetime | date,
    by: str | Sequence[str],
    *,
    disputes: DisputesInput = (),
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
    engine: Engine = "auto",
) -> Breakdown:
    """Every service level per value of the attribute(s) `by`, in one pass over the jobs.

    The arguments before `by` and the keywords are those of `svcperf.evaluate`. `by` is a
    name (``"coverage_area"``, ``"technician_id"``, an extra column) or a sequence of
    names (the cross product: each slice's value is a tuple).

    >>> from datetime import timezone
    >>> from svcperf import Job, JobStatus
    >>> def job(job_id, technician):
    ...     return Job(job_id=job_id, account_id="A", coverage_area="North",
    ...                profession="Plumbing", technician_id=technician, timezone="UTC",
    ...                appointment_date=date(2026, 9, 14), status=JobStatus.COMPLETED,
    ...                closed_at=datetime(2026, 9, 14, 15, tzinfo=timezone.utc),
    ...                reschedule_attributed=technician is None)
    >>> result = breakdown([job("J1", "tech-1"), job("J2", None)], date(2026, 9, 14),
    ...                    "technician_id", tz="UTC")
    >>> {value: slice.status.value for value, slice in result["A"].items()}
    {'tech-1': 'good_standing', None: 'attention'}
    """
    board = columnar_dashboard(jobs, as_of, [by], disputes=disputes, tz=tz, days=days,
                               targets=targets, viewer=viewer, engine=engine)
    if board is not None:
        return board.breakdowns[0]
    data = scoped(jobs, as_of, disputes=disputes, tz=tz, days=days, targets=targets,
                  viewer=viewer, engine=engine)
    folded = fold(data.jobs, data.window, data.disputes, slice_key([by], data.jobs))
    return breakdown_of(data, by, folded.tallies())


def breakdown_of(data: Scoped, by: str | Sequence[str],
                 tallies: Mapping[Hashable, Tally]) -> Breakdown:
    """The `Breakdown` by `by` made of `tallies` keyed ``(account_id, value)`` (from `fold`
    with a `slice_key`)."""
    slices: dict[str, dict[SliceValue, Performance]] = {
        account_id: {} for account_id in data.account_ids}
    found = [(cast(tuple[str, SliceValue], key), tally) for key, tally in tallies.items()
             if tally.jobs]
    for (account_id, value), tally in sorted(found, key=lambda item: (item[0][0],
                                                                      _order(item[0][1]))):
        slices[account_id][value] = performance(tally, data.targets)
    return Breakdown(window=data.window, targets=data.targets,
                     by=by if isinstance(by, str) else tuple(by),
                     accounts=FrozenMap({account_id: FrozenMap(values)
                                                for account_id, values in slices.items()}))
