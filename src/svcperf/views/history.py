"""History: the account-wide figures and status for every night of a date range (SPEC §6),
computed in one sweep, not one evaluation per night.

A job's contribution to the nightly tallies is piecewise constant: it enters on the
first night whose cut-off comes after its `closed_at` (the night of its local date in
the evaluation zone) and leaves `days` nights later; in between it changes only on a
night when a late fact becomes known (its `rated_at`, its `hg_claim_at`, the
`decided_at` of a granted dispute on it): a fact stamped at t is known on night N iff
``t < as_of_night(N)``. The nights are found by bisecting the sorted cut-offs, so no
instant is converted to local time. For each such segment the job's facts are computed
once, as of the segment's first night, and added to (then taken from) per-account
difference arrays of tallies, which a prefix sum turns into each night's tally.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

import attrs

from ..dataset import Dataset
from ..engine_choice import Engine, choose
from ..errors import InvalidArgumentError
from ..evaluation import Figure, Performance, performance
from ..facts import NO_ISSUES, assessment
from ..frozen import ByAccount, FrozenMap
from ..inputs import DisputesInput, JobsInput, columns_of, dataset_of
from ..metrics import defect_free_rate
from ..records import Job, JobStatus
from ..status import Status
from ..tabular import Tabular
from ..tally import Tally, TallyCounter
from ..targets import SEED_TARGETS, TargetSet, target_set_in_force
from ..viewer import OWNER, Viewer, as_viewer
from ..window import DEFAULT_DAYS, Window
from ..zones import first_instant, in_fixed_offset
from .explain import METRIC_KEYS

if TYPE_CHECKING:
    import matplotlib.figure

__all__ = ["History", "check_nights", "history", "history_of", "night_cutoffs",
           "nightly_tallies"]


@attrs.frozen(kw_only=True, eq=True)  # eq: by value, not Mapping's (see `Performance`)
class History(ByAccount[tuple[Performance, ...]], Tabular):
    """One `Performance` per night and per account, aligned with `nights`.

    Each night's figures and status are those of ``evaluate(jobs, night, ...)``. A
    read-only mapping of account id to its nightly results (the same as `accounts`).
    """

    nights: tuple[date, ...]
    zone: str
    days: int
    accounts: Mapping[str, tuple[Performance, ...]]


    def __repr__(self) -> str:
        span = f"{self.nights[0]} to {self.nights[-1]}" if self.nights else "no night"
        return (f"<History {span} in {self.zone} ({self.days}-day windows): "
                f"{len(self.accounts)} accounts>")

    def _nightly(self, account_id: str) -> tuple[Performance, ...]:
        if account_id not in self.accounts:
            raise InvalidArgumentError(f"account: expected an account of the data "
                                       f"({', '.join(self.accounts)}), got {account_id!r}")
        return self.accounts[account_id]

    def series(self, account_id: str, key: str) -> tuple[Figure, ...]:
        """The figure `key` (a service level key or ``"defect_free_rate"``) night by night."""
        if key not in METRIC_KEYS:
            raise InvalidArgumentError(f"key: expected one of {', '.join(METRIC_KEYS)}, "
                                       f"got {key!r}")
        nightly = self._nightly(account_id)
        if key == defect_free_rate.KEY:
            return tuple(result.defect_free for result in nightly)
        return tuple(result[key] for result in nightly)

    def plot(self, metric: str | None = None,
             account: str | None = None) -> matplotlib.figure.Figure:
        """The Chart View: one panel per service level (or the one `metric`), the value
        per night of each account (or the one `account`), the target line, missed nights
        marked. Returns the matplotlib `Figure` (needs ``svcperf[plot]``)."""
        from ..output.charts import history_chart
        return history_chart(self, metric, account)

    def status_changes(self, account_id: str) -> tuple[tuple[date, Status], ...]:
        """The status on the first night, then each night the status differs from the
        night before."""
        changes: list[tuple[date, Status]] = []
        for night, result in zip(self.nights, self._nightly(account_id), strict=True):
            if not changes or changes[-1][1] is not result.status:
                changes.append((night, result.status))
        return tuple(changes)


class _Cutoffs:
    """The nights' cut-offs (UTC), and the same shown in each fixed UTC offset the jobs
    use: a job's instants are bisected among the cut-offs in its `closed_at`'s offset,
    where datetimes compare fastest (and exactly in any offset)."""

    __slots__ = ("_in", "utc")

    def __init__(self, utc: list[datetime]) -> None:
        self.utc = utc
        self._in: dict[tzinfo | None, list[datetime]] = {}

    def in_offset(self, offset: tzinfo | None) -> list[datetime]:
        """The cut-offs shown in `offset` (a fixed `timezone`), else in UTC."""
        found = self._in.get(offset)
        if found is None:
            found = self._in[offset] = [in_fixed_offset(cutoff, offset) for cutoff in self.utc]
        return found


def _segments(job: Job, closed: datetime, decided: Iterable[datetime],
              cutoffs: list[datetime], days: int) -> list[tuple[int, int]]:
    """The nights `[start, end)` (indices into `cutoffs`) over which the job's
    contribution is constant; none when it is in no window of the range. `decided`
    holds the decision instants of the granted disputes on the job.

    Night ``i`` has the cut-off ``cutoffs[i]``; a fact stamped at t is known on night ``i``
    iff ``t < cutoffs[i]``, i.e. from night ``bisect_right(cutoffs, t)`` on. The job is
    in night ``i``'s window iff ``cutoffs[i - days] <= closed_at < cutoffs[i]``, i.e. for
    ``enters <= i < enters + days`` with ``enters = bisect_right(cutoffs, closed_at)``.
    """
    enters = bisect_right(cutoffs, closed)
    leaves = enters + days
    if enters == 0 or enters == len(cutoffs):
        return []
    starts = [enters]
    for stamp in (job.rated_at, job.hg_claim_at, *decided):
        if stamp is not None and enters < (night := bisect_right(cutoffs, stamp)) < leaves:
            starts.append(night)
    if len(starts) == 1:
        return [(enters, leaves)]
    ordered = sorted(set(starts))
    return list(zip(ordered, [*ordered[1:], leaves], strict=True))


def _nights(first_night: date, last_night: date, tz: str | None,
            days: int) -> tuple[tuple[date, ...], str, _Cutoffs]:
    """The nights of the range, the zone's name and the cut-offs of the nights
    ``first_night - days ... last_night``; raises `InvalidArgumentError` for bad arguments."""
    zone_name = Window.for_night(first_night, tz, days).zone  # checks the arguments
    Window.for_night(last_night, zone_name, days)
    if last_night < first_night:
        raise InvalidArgumentError(f"last_night: expected a night on or after first_night "
                                   f"({first_night}), got {last_night}")
    count = (last_night - first_night).days + 1
    nights = tuple(first_night + timedelta(days=offset) for offset in range(count))
    return nights, zone_name, _Cutoffs(night_cutoffs(first_night, count, zone_name, days))


def night_cutoffs(first_night: date, count: int, zone_name: str, days: int) -> list[datetime]:
    """The cut-offs (UTC) of the nights ``first_night - days`` ... ``first_night + count -
    1``: night ``first_night + j`` is index ``days + j``, and index ``j`` is the start of
    its window. (Night N's cut-off, `as_of_night(N)`, is the first instant of N + 1: found
    that way, the first one needs no date before the first window's first day, which may
    be 0001-01-01.)"""
    return [first_instant(first_night + timedelta(days=offset + 1), zone_name)
            for offset in range(-days, count)]


def check_nights(first_night: date, last_night: date, tz: str | None = None,
                 days: int = DEFAULT_DAYS) -> str:
    """The zone's name, once the range's arguments are checked (`InvalidArgumentError`
    otherwise): what a history checks before it reads any data."""
    return _nights(first_night, last_night, tz, days)[1]


def nightly_tallies(data: Dataset, first_night: date, last_night: date, *,
                    tz: str | None = None,
                    days: int = DEFAULT_DAYS) -> dict[str, tuple[Tally, ...]]:
    """Each account's account-wide tally on every night from `first_night` to
    `last_night`, aligned with the nights: every account of `data` (open jobs included),
    in sorted order. The tallies of disjoint data sets add up night by night.

    >>> nightly_tallies(Dataset(), date(2026, 9, 1), date(2026, 9, 2), tz="UTC")
    {}
    """
    nights, _, cutoffs = _nights(first_night, last_night, tz, days)
    count = len(nights)
    job_list, index = data.jobs, data.dispute_index
    # How many jobs of each account contribute the same facts over the same nights.
    spans: dict[tuple[str, int, int, bool, int | None, int], int] = {}
    granted_to, disputed = index.granted, index.job_ids
    open_status, completed_status = JobStatus.OPEN, JobStatus.COMPLETED
    for job in job_list:
        closed = job.closed_at
        if closed is None or job.status is open_status:
            continue
        # The cut-offs in the job's own offset: its instants compare with them fastest.
        local = cutoffs.in_offset(closed.tzinfo)
        has_disputes = job.job_id in disputed
        segments = _segments(job, closed, index.decision_times(job.job_id) if has_disputes
                             else (), local, days)
        completed = job.status is completed_status
        for start, end in segments:
            begin = max(start - days, 0)
            stop = min(end - days, count)
            if begin >= stop:
                continue
            as_of = local[begin + days]
            _, stars, mask = assessment(
                job, as_of, granted_to(job.job_id, as_of) if has_disputes else NO_ISSUES)
            span = (job.account_id, begin, stop, completed, stars, mask)
            spans[span] = spans.get(span, 0) + 1
    changes: dict[str, list[TallyCounter]] = {
        account_id: [TallyCounter() for _ in range(count + 1)] for account_id in data.account_ids}
    for (account_id, begin, stop, completed, stars, mask), jobs_alike in spans.items():
        diffs = changes[account_id]
        diffs[begin].add(completed, stars, mask, times=jobs_alike)
        diffs[stop].add(completed, stars, mask, times=-jobs_alike)
    result = {}
    for account_id, diffs in changes.items():
        running = TallyCounter()
        nightly: list[Tally] = []
        for change in diffs[:count]:
            if nightly and not any(change.counts):
                nightly.append(nightly[-1])  # nothing changed since the night before
                continue
            running.merge(change)
            nightly.append(running.tally())
        result[account_id] = tuple(nightly)
    return result


def history_of(tallies: Mapping[str, Sequence[Tally]], first_night: date, last_night: date,
               *, tz: str | None = None, days: int = DEFAULT_DAYS,
               targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS) -> History:
    """The `History` of nightly tallies (`nightly_tallies`' shape: per account, a tally
    per night of the range), judged by the target set in force each night.

    Raises `InvalidArgumentError` for an account without one tally per night.
    """
    nights, zone_name, cutoffs = _nights(first_night, last_night, tz, days)
    target_sets = [target_set_in_force(targets, cutoff) for cutoff in cutoffs.utc[days:]]
    accounts = {}
    for account_id, series in tallies.items():
        if len(series) != len(nights):
            raise InvalidArgumentError(
                f"tallies: expected {len(nights)} nightly tallies for account "
                f"{account_id!r}, got {len(series)}")
        nightly: list[Performance] = []
        for position, (tally, target_set) in enumerate(zip(series, target_sets, strict=True)):
            if nightly and target_set is target_sets[position - 1] and (
                    tally is series[position - 1] or tally == series[position - 1]):
                nightly.append(nightly[-1])  # nothing changed since the night before
                continue
            nightly.append(performance(tally, target_set))
        accounts[account_id] = tuple(nightly)
    return History(nights=nights, zone=zone_name, days=days, accounts=FrozenMap(accounts))


def history(
    jobs: JobsInput,
    first_night: date,
    last_night: date,
    *,
    disputes: DisputesInput = (),
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
    engine: Engine = "auto",
) -> History:
    """The account-wide figures and status of every night from `first_night` to
    `last_night` (both included), as `evaluate(jobs, night, ...)` gives them.

    The columnar engine sweeps the nights column-wise
    (`svcperf.engines.columnar_history`); the result is the same.

    >>> result = history([], date(2026, 9, 1), date(2026, 9, 30), tz="UTC")
    >>> len(result.nights), dict(result.accounts)
    (30, {})
    """
    nights, zone_name, _ = _nights(first_night, last_night, tz, days)  # arguments first
    if choose(engine, jobs) == "columnar":
        from ..engines.columnar_history import nightly_tallies as columnar_nightly_tallies

        columns = columns_of(jobs, disputes)
        tallies = columnar_nightly_tallies(columns.jobs, nights, zone_name, days,
                                           columns.disputes, as_viewer(viewer).areas)
    else:
        data = dataset_of(jobs, disputes, engine).restrict(viewer)
        tallies = nightly_tallies(data, first_night, last_night, tz=tz, days=days)
    return history_of(tallies, first_night, last_night, tz=tz, days=days, targets=targets)
