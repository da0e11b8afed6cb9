"""The data a recovery forecast evaluates on later nights (SPEC §9): the data as known at
`as_of`, and the issue-free jobs that "clean work continues" assumes.

*Nothing else happens*: no job closed at or after `as_of`, and no fact stamped at or
after it (a rating, an HG claim, a dispute decision) — as if the data stopped there.
*Clean work continues*: the same, plus the jobs `assumed_jobs` makes: issue-free
completed jobs at the window's average daily volume, rated 5 stars at the window's
share of rated completed jobs. Both volumes are fractional, so they are counted
exactly: after k nights, ``floor(k·|W| / days)`` assumed jobs have closed, and of the
first j assumed jobs, ``floor(j·|R| / |C|)`` are rated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from operator import itemgetter

import attrs

from .dataset import Dataset
from .records import Dispute, Job, JobStatus, with_job_id
from .tally import Tally
from .views.history import nightly_tallies
from .window import as_of_night

__all__ = ["ASSUMED", "assumed_batches", "assumed_count", "assumed_jobs", "assumed_tallies",
           "known_at"]

#: The coverage area, profession and job id prefix of every assumed job.
ASSUMED = "(assumed)"


def known_at(jobs: Iterable[Job], disputes: Iterable[Dispute],
             as_of: datetime) -> tuple[list[Job], list[Dispute]]:
    """The jobs and disputes as known at `as_of`: jobs closed at or after it are left
    out (open jobs stay: they count nowhere), ratings received and HG claims filed at or
    after it are taken off their jobs, and disputes decided at or after it (or pending,
    or naming a job left out) are left out. An account all of whose jobs closed at or
    after `as_of` is left out with them.

    >>> from datetime import timezone
    >>> from svcperf import Job, JobStatus
    >>> job = Job(job_id="J1", account_id="A", coverage_area="North", profession="Plumbing",
    ...           timezone="UTC", appointment_date=date(2026, 9, 14), status=JobStatus.COMPLETED,
    ...           closed_at=datetime(2026, 9, 14, 15, tzinfo=timezone.utc),
    ...           rating=5, rated_at=datetime(2026, 9, 16, tzinfo=timezone.utc))
    >>> [j.rating for j in known_at([job], [], datetime(2026, 9, 15, tzinfo=timezone.utc))[0]]
    [None]
    """
    kept = []
    for job in jobs:
        if job.status is not JobStatus.OPEN and job.closed_at is not None \
                and job.closed_at >= as_of:
            continue
        late_rating = job.rated_at is not None and job.rated_at >= as_of
        late_claim = job.hg_claim_at is not None and job.hg_claim_at >= as_of
        if late_rating or late_claim:
            job = attrs.evolve(
                job, rating=None if late_rating else job.rating,
                rated_at=None if late_rating else job.rated_at,
                hg_claim_at=None if late_claim else job.hg_claim_at)
        kept.append(job)
    kept_ids = {job.job_id for job in kept}
    decided = [dispute for dispute in disputes if dispute.job_id in kept_ids
               and dispute.decided_at is not None and dispute.decided_at < as_of]
    return kept, decided


def assumed_count(nights: int, jobs: int, days: int) -> int:
    """How many assumed jobs have closed after `nights` nights at ``jobs / days`` a night.

    >>> [assumed_count(k, 10, 60) for k in (0, 5, 6, 12, 60)]
    [0, 0, 1, 2, 10]
    """
    return nights * jobs // days if nights > 0 else 0


def assumed_batches(account_id: str, first_night: date, nights: int, tally: Tally, tz: str,
                    days: int) -> list[tuple[Job, tuple[int, ...]]]:
    """The jobs `assumed_jobs` makes, in batches of jobs alike but for their ids: per
    night, its first unrated and its first rated job (the one of the lowest number), each
    with the numbers of the night's jobs like it (its own first)."""
    made = []
    for k in range(1, nights + 1):
        night = first_night + timedelta(days=k - 1)
        closed_at = as_of_night(night, tz) - timedelta(seconds=1)
        numbers: dict[bool, list[int]] = {False: [], True: []}
        for number in range(assumed_count(k - 1, tally.jobs, days) + 1,
                            assumed_count(k, tally.jobs, days) + 1):
            numbers[tally.completed > 0 and number * tally.rated // tally.completed
                    > (number - 1) * tally.rated // tally.completed].append(number)
        for rated, alike in numbers.items():
            if alike:
                made.append((Job(
                    job_id=_assumed_id(account_id, alike[0]), account_id=account_id,
                    coverage_area=ASSUMED, profession=ASSUMED, timezone=tz,
                    appointment_date=night, status=JobStatus.COMPLETED, closed_at=closed_at,
                    rating=5 if rated else None, rated_at=closed_at if rated else None),
                    tuple(alike)))
    return made


def assumed_jobs(account_id: str, first_night: date, nights: int, tally: Tally, tz: str,
                 days: int) -> Sequence[Job]:
    """The issue-free completed jobs "clean work continues" assumes for one account over
    `nights` nights from `first_night`, given the `tally` of its current window, in the
    order of their numbers.

    The jobs of night k (k = 1 for `first_night`) are ``assumed_count(k, ...) −
    assumed_count(k − 1, ...)`` jobs closed one second before that night's cut-off in
    `tz`, on their appointment date, with no issue; the j-th assumed job is rated 5 stars
    (when it closes) iff ``floor(j·|R|/|C|) > floor((j − 1)·|R|/|C|)``.
    """
    numbered = [(number, job if number == alike[0]
                 else with_job_id(job, _assumed_id(account_id, number)))
                for job, alike in assumed_batches(account_id, first_night, nights, tally, tz,
                                                  days)
                for number in alike]
    return [job for _, job in sorted(numbered, key=itemgetter(0))]


def assumed_tallies(batches: Iterable[tuple[Job, Sequence[int]]], first_night: date,
                    last_night: date, tz: str, days: int) -> dict[str, tuple[Tally, ...]]:
    """The nightly tallies (`nightly_tallies`' shape) of the jobs of `batches`, every job
    of a batch counted: a batch's jobs differ only in their ids, and no dispute names an
    assumed job, so each adds what its batch's first adds. The first jobs of the batches
    of one size are tallied together, and their tallies taken that many times."""
    by_size: dict[int, list[Job]] = {}
    for job, alike in batches:
        by_size.setdefault(len(alike), []).append(job)
    found: dict[str, list[Tally]] = {}
    for size, jobs in sorted(by_size.items()):
        nightly = nightly_tallies(Dataset(jobs), first_night, last_night, tz=tz, days=days)
        for account_id, series in nightly.items():
            sums = found.setdefault(account_id, [Tally()] * len(series))
            for position, tally in enumerate(series):
                if tally.jobs:
                    sums[position] += Tally(*(size * value for value in attrs.astuple(tally)))
    return {account_id: tuple(series) for account_id, series in sorted(found.items())}


def _assumed_id(account_id: str, number: int) -> str:
    return f"{ASSUMED} {account_id} #{number}"
