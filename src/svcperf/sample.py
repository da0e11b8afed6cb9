"""A realistic synthetic data set, the same for the same seed (the bundled sample).

Three provider accounts in five time zones with DST (and Phoenix, without), several
coverage areas, professions and technicians (some jobs unassigned), every issue
type, ratings (some received after the night), HG claims, attributed and
unattributed cancellations and reschedules, open jobs, jobs closed after the night,
disputes of every outcome, and an extra ``channel`` column.

The data is made relative to the fixed night `SAMPLE_NIGHT` (2026-11-15, whose
window spans the end of US daylight saving time on 2026-11-01), so evaluating the
sample as of that night gives the same dashboard on any day. Nothing is stored:
`generate` makes the records, `write` streams the files.

Appointments fall on the `days` local days that end on the night (`SAMPLE_DAYS` by
default: every one of the 90 nights up to the night has a full 60-day window of data,
so a 90-night history starts on realistic figures) and on the 6 days after it (open
jobs, jobs closed after the night). `load` gives the bundled sample with its night and
zone. A longer span spreads the same number of jobs
over more days, e.g. to evaluate every night of a year of history on realistic data;
the default gives exactly the bundled sample.

>>> jobs, disputes = generate(200, seed=1)
>>> len(jobs), jobs[0].job_id, jobs == generate(200, seed=1)[0]
(200, 'J0000000', True)
"""

from __future__ import annotations

import contextlib
import os
import random
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, timedelta, tzinfo

import attrs

from .dataset import Dataset
from .errors import InvalidArgumentError
from .io.interchange import FILE_FORMATS
from .io.writing import write_disputes, write_jobs
from .records import CORE_FIELDS, Dispute, DisputeOutcome, IssueType, Job, JobStatus
from .sample_defaults import SAMPLE_DAYS, SAMPLE_JOBS, SAMPLE_NIGHT, SAMPLE_SEED, SAMPLE_TZ
from .zones import fixed_offset, zone

__all__ = ["SAMPLE_DAYS", "SAMPLE_JOBS", "SAMPLE_NIGHT", "SAMPLE_SEED", "SAMPLE_TZ", "Sample",
           "generate", "load", "write"]

#: Jobs fall on the `SAMPLE_DAYS` local days ending on the night and on this many local
#: days after it.
_DAYS_AFTER = 6
_EXTRA_COLUMNS = ("channel",)
_CHANNELS = ("web", "web", "web", "app", "app", "phone", "partner")


@attrs.frozen
class _Profile:
    """How well one account performs: the chance of each issue, per job."""

    account_id: str
    weight: float
    areas: tuple[tuple[str, str], ...]  # (coverage area, time zone)
    professions: tuple[str, ...]
    cancel: float  # a job is cancelled
    cancel_attributed: float  # a cancellation is the provider's
    reschedule: float
    early_or_late: float  # started outside the arrival window
    late_completion: float
    hg_claim: float
    stars: tuple[float, ...]  # chances of 1..5 stars
    weak_technician: str  # a technician who arrives outside the window far more often


_PROFILES = (
    _Profile("acct-1001", 0.4,
             (("Denver Metro", "America/Denver"), ("Boulder", "America/Denver"),
              ("Phoenix", "America/Phoenix")),
             ("Plumbing", "Water Heaters", "Drain Cleaning"),
             cancel=0.03, cancel_attributed=0.12, reschedule=0.004, early_or_late=0.03,
             late_completion=0.003, hg_claim=0.003,
             stars=(0.001, 0.002, 0.012, 0.09, 0.895), weak_technician="T-1001-05"),
    _Profile("acct-2002", 0.35,
             (("Brooklyn", "America/New_York"), ("Queens", "America/New_York"),
              ("Jersey City", "America/New_York")),
             ("Electrical", "HVAC"),
             cancel=0.05, cancel_attributed=0.45, reschedule=0.02, early_or_late=0.09,
             late_completion=0.012, hg_claim=0.008,
             stars=(0.015, 0.015, 0.05, 0.2, 0.72), weak_technician="T-2002-02"),
    _Profile("acct-3003", 0.25,
             (("Seattle", "America/Los_Angeles"), ("Tacoma", "America/Los_Angeles"),
              ("Chicago South", "America/Chicago")),
             ("Handyman", "Appliance Repair", "Plumbing"),
             cancel=0.025, cancel_attributed=0.2, reschedule=0.005, early_or_late=0.04,
             late_completion=0.004, hg_claim=0.004,
             stars=(0.002, 0.003, 0.015, 0.08, 0.9), weak_technician="T-3003-08"),
)
_TECHNICIANS_PER_AREA = 3
_UNASSIGNED = 0.04


def _offsets(zone_name: str, days: int) -> dict[date, tzinfo]:
    """The UTC offset of each local day around the night, read at local noon (for jobs
    on the `days` local days ending on the night and the `_DAYS_AFTER` after it).

    Every wall time the generator makes falls between 06:00 and 23:00, away from the
    DST changes of these zones (at 02:00).
    """
    found: dict[date, tzinfo] = {}
    named = zone(zone_name)
    day = SAMPLE_NIGHT - timedelta(days=days - 1 + 5)
    while day <= SAMPLE_NIGHT + timedelta(days=_DAYS_AFTER + 60):
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=named)
        offset = noon.utcoffset()
        assert offset is not None
        found[day] = fixed_offset(offset)
        day += timedelta(days=1)
    return found


def _raw(n_jobs: int, seed: int,
         days_before: int) -> Iterator[tuple[tuple[object, ...], list[Dispute]]]:
    """One job at a time: its field values (`CORE_FIELDS`, then `_EXTRA_COLUMNS`), and
    the disputes on it, appointments on the `days_before` local days ending on the night
    and the `_DAYS_AFTER` after it. Values are valid by construction."""
    random_ = random.Random(seed).random

    def randrange(start: int, stop: int | None = None) -> int:
        """Like `random.randrange`, several times faster (uniform enough for a sample)."""
        if stop is None:
            start, stop = 0, start
        return start + int(random_() * (stop - start))

    offsets = {name: _offsets(name, days_before)
               for profile in _PROFILES for _, name in profile.areas}
    weights = [profile.weight for profile in _PROFILES]
    cumulative = [sum(weights[:index + 1]) for index in range(len(weights))]
    technicians = {
        (profile.account_id, area): [f"T-{profile.account_id[-4:]}-"
                                     f"{index * _TECHNICIANS_PER_AREA + k + 1:02d}"
                                     for k in range(_TECHNICIANS_PER_AREA)]
        for profile in _PROFILES for index, (area, _) in enumerate(profile.areas)}
    completed, cancelled, open_ = JobStatus.COMPLETED, JobStatus.CANCELLED, JobStatus.OPEN
    negative, hg_claim = IssueType.NEGATIVE_FEEDBACK, IssueType.HG_CLAIM
    cancellation, reschedule = IssueType.CANCELLATION, IssueType.RESCHEDULE
    outside_window, late = IssueType.OUTSIDE_ARRIVAL_WINDOW, IssueType.LATE_COMPLETION
    width = max(7, len(str(n_jobs - 1)))
    hour, minute = timedelta(hours=1), timedelta(minutes=1)
    days = [SAMPLE_NIGHT + timedelta(days=offset)
            for offset in range(1 - days_before, _DAYS_AFTER + 1)]
    # Per zone, day and arrival slot: the slot's start as a wall time, and the window.
    slots = {name: [[_slot(day, 8 + 2 * slot, table) for slot in range(6)] for day in days]
             for name, table in offsets.items()}
    for index in range(n_jobs):
        profile = _PROFILES[_pick(cumulative, random_())]
        area, zone_name = profile.areas[randrange(len(profile.areas))]
        day_offsets = offsets[zone_name]
        day_index = randrange(len(days))
        if random_() < _UNASSIGNED:
            technician = None
        else:
            crew = technicians[(profile.account_id, area)]
            technician = crew[randrange(len(crew))]
        weak = technician == profile.weak_technician
        appointment = days[day_index]
        after_night = appointment > SAMPLE_NIGHT

        def at(wall: datetime, offsets: dict[date, tzinfo] = day_offsets) -> datetime:
            return wall.replace(tzinfo=offsets[wall.date()])

        window_start = window_end = started = closed = rated = claimed = None
        cancel_attributed: bool | None = None
        rating = None
        issues: list[IssueType] = []
        start_wall, slot_start, slot_end = slots[zone_name][day_index][randrange(6)]
        has_window = random_() < 0.93
        if has_window:
            window_start, window_end = slot_start, slot_end
        rescheduled = random_() < profile.reschedule
        if rescheduled:
            issues.append(reschedule)
        if (after_night and random_() < 0.7) or random_() < 0.01:
            status = open_
        elif random_() < profile.cancel:
            status = cancelled
            cancel_attributed = random_() < profile.cancel_attributed
            if cancel_attributed:
                issues.append(cancellation)
            closed = at(start_wall - timedelta(days=randrange(0, 3), hours=randrange(1, 3)))
        else:
            status = completed
            outside = random_() < (profile.early_or_late * (4 if weak else 1))
            if outside and random_() < 0.3:
                start = start_wall - minute * randrange(5, 60)
            elif outside:
                start = start_wall + 2 * hour + minute * randrange(1, 120)
            else:
                start = start_wall + minute * randrange(0, 120)
            if has_window and random_() < 0.97:
                started = at(start)
                if outside:
                    issues.append(outside_window)
            end = start + minute * randrange(30, 240)
            if random_() < profile.late_completion:
                end = end.replace(hour=9 + randrange(8)) + timedelta(days=1 + randrange(2))
            if end.date() > appointment:
                issues.append(late)
            closed = at(end)
            if random_() < 0.62:
                draw = random_()
                rating = 5
                for stars, chance in enumerate(profile.stars, start=1):
                    draw -= chance
                    if draw < 0:
                        rating = stars
                        break
                if rating <= 2:
                    issues.append(negative)
                rated = at(_daytime(end + timedelta(days=randrange(1, 10)), randrange))
        if closed is not None and random_() < profile.hg_claim * (3 if rating == 1 else 1):
            issues.append(hg_claim)
            claimed = at(_daytime(closed.replace(tzinfo=None)
                                  + timedelta(days=randrange(1, 20)), randrange))
        channel = _CHANNELS[randrange(len(_CHANNELS))] if random_() < 0.97 else None
        job_id = f"J{index:0{width}d}"
        values = (job_id, profile.account_id, area, profile.professions[
            randrange(len(profile.professions))], technician, zone_name, appointment,
            window_start, window_end, started, status, closed, rating, rated, claimed,
            cancel_attributed, rescheduled, channel)
        found = []
        if closed is not None:
            for issue in issues:  # about a third of the issues are disputed
                if randrange(100) < 35:
                    outcome = _OUTCOMES[randrange(len(_OUTCOMES))]
                    decided = None
                    if outcome is not DisputeOutcome.PENDING:
                        decided = closed + timedelta(days=randrange(2, 30), hours=randrange(24))
                    found.append(Dispute(job_id=job_id, issue_type=issue, outcome=outcome,
                                         decided_at=decided))
        yield values, found


def _slot(day: date, hour: int, offsets: dict[date, tzinfo]) -> tuple[datetime, datetime,
                                                                     datetime]:
    """A two-hour arrival slot: its start as a wall time, then its start and end."""
    wall = datetime(day.year, day.month, day.day, hour)
    return wall, wall.replace(tzinfo=offsets[day]), (wall + timedelta(hours=2)).replace(
        tzinfo=offsets[day])


def _check_size(n_jobs: object) -> None:
    if type(n_jobs) is not int or n_jobs < 0:
        raise InvalidArgumentError(f"n_jobs: expected a whole number >= 0, got {n_jobs!r}")


def _check_days(days: object) -> None:
    if type(days) is not int or days < 1:
        raise InvalidArgumentError(f"days: expected a whole number of days >= 1, got {days!r}")


def _pick(cumulative: Sequence[float], draw: float) -> int:
    for index, bound in enumerate(cumulative):
        if draw * cumulative[-1] < bound:
            return index
    return len(cumulative) - 1


def _daytime(wall: datetime, randrange: Callable[[int], int]) -> datetime:
    """The same day at a random time between 07:00 and 21:59."""
    return wall.replace(hour=7 + randrange(15), minute=randrange(60))


_OUTCOMES = (DisputeOutcome.GRANTED, DisputeOutcome.GRANTED, DisputeOutcome.DENIED,
             DisputeOutcome.DENIED, DisputeOutcome.PENDING)


def _records(n_jobs: int, seed: int, days: int) -> Iterator[tuple[Job, list[Dispute]]]:
    """One job at a time, as a record, and the disputes on it."""
    for values, found in _raw(n_jobs, seed, days):
        fields = dict(zip(CORE_FIELDS, values, strict=False))
        extras = tuple((name, value) for name, value in
                       zip(_EXTRA_COLUMNS, values[len(CORE_FIELDS):], strict=True))
        yield Job(**fields, extras=extras), found  # type: ignore[arg-type]


def generate(n_jobs: int = SAMPLE_JOBS, seed: int = SAMPLE_SEED, *,
             days: int = SAMPLE_DAYS) -> tuple[list[Job], list[Dispute]]:
    """Make the sample's jobs and disputes: `n_jobs` jobs, the same ones for the same seed
    and `days`, with appointments spread over the `days` local days ending on the night
    (and the 6 days after it)."""
    _check_size(n_jobs)
    _check_days(days)
    jobs: list[Job] = []
    disputes: list[Dispute] = []
    for job, found in _records(n_jobs, seed, days):
        jobs.append(job)
        disputes.extend(found)
    return jobs, disputes


def _temporary(path: str) -> str:
    """A name for a new file beside `path`, named after it (``.jobs.csv.<hex>.tmp``)."""
    folder, name = os.path.split(path)
    return os.path.join(folder, f".{name}.{uuid.uuid4().hex[:12]}.tmp")


def write(out_dir: str | os.PathLike[str], n_jobs: int = SAMPLE_JOBS, seed: int = SAMPLE_SEED,
          *, format: str = "csv", days: int = SAMPLE_DAYS) -> tuple[str, str]:
    """Write the sample to ``jobs.<ext>`` and ``disputes.<ext>`` in `out_dir`, streaming.

    Returns the two paths. The files read back to exactly
    `generate(n_jobs, seed, days=days)` (Parquet, which needs pyarrow, to the same
    instants in UTC: it keeps no UTC offsets). They are written under temporary names and
    renamed once both are complete, so a failure (a full disk) leaves no partial file.
    """
    _check_size(n_jobs)
    _check_days(days)
    if format not in FILE_FORMATS:
        raise InvalidArgumentError(f"format: expected one of {', '.join(FILE_FORMATS)}, "
                                   f"got {format!r}")
    if format == "parquet":
        from .engines.parquet_writing import pyarrow_parquet

        pyarrow_parquet()  # (the extra is named before any folder is made)
    extension = format
    os.makedirs(out_dir, exist_ok=True)
    jobs_path = os.path.join(out_dir, f"jobs.{extension}")
    disputes_path = os.path.join(out_dir, f"disputes.{extension}")
    # Both files are written under temporary names, then renamed: a full disk or an
    # interrupt leaves the files that were there (or none), never a partial one.
    jobs_temp, disputes_temp = _temporary(jobs_path), _temporary(disputes_path)
    disputes: list[Dispute] = []

    def jobs() -> Iterator[Job]:
        for job, found in _records(n_jobs, seed, days):
            disputes.extend(found)
            yield job

    try:
        write_jobs(jobs_temp, jobs(), format=format, extras=_EXTRA_COLUMNS)
        write_disputes(disputes_temp, disputes, format=format)
        os.replace(jobs_temp, jobs_path)
        os.replace(disputes_temp, disputes_path)
    finally:
        for temp in (jobs_temp, disputes_temp):
            with contextlib.suppress(FileNotFoundError):
                os.remove(temp)
    return jobs_path, disputes_path


@attrs.frozen
class Sample:
    """The bundled sample: its jobs and disputes (and both as a checked `Dataset`), the
    night it is made for and the zone its dashboard is evaluated in."""

    jobs: tuple[Job, ...]
    disputes: tuple[Dispute, ...]
    night: date = SAMPLE_NIGHT
    tz: str = SAMPLE_TZ
    dataset: Dataset = attrs.field(init=False, eq=False, repr=False)

    @dataset.default
    def _dataset(self) -> Dataset:
        return Dataset(self.jobs, self.disputes)

    def __repr__(self) -> str:
        return (f"<Sample {len(self.jobs)} jobs, {len(self.disputes)} disputes, "
                f"night {self.night} in {self.tz}>")


def load() -> Sample:
    """The bundled sample (what ``svcperf evaluate --sample`` evaluates), made afresh.

    >>> data = load()
    >>> data.night, data.tz, len(data.jobs)
    (datetime.date(2026, 11, 15), 'America/Chicago', 5000)
    """
    jobs, disputes = generate()
    return Sample(jobs=tuple(jobs), disputes=tuple(disputes))
