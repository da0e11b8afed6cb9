"""Hypothesis strategies shared by every test module.

Zones include DST zones of both hemispheres, zones whose DST shift is not an hour
(Australia/Lord_Howe), zones with odd offsets (Asia/Kathmandu, Pacific/Chatham) and
zones whose DST change happens at midnight (America/Santiago, America/Havana).
Instants are drawn near DST transitions as often as anywhere else.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from dateutil import tz
from hypothesis import strategies as st

from svcperf import (
    SEED_TARGETS,
    Dispute,
    DisputeOutcome,
    IssueType,
    Job,
    JobStatus,
    Target,
    TargetSet,
    as_of_night,
)
from svcperf.zones import zone

ZONES = (
    "UTC",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/St_Johns",
    "America/Santiago",
    "America/Havana",
    "Europe/London",
    "Europe/Paris",
    "Australia/Lord_Howe",
    "Australia/Sydney",
    "Asia/Kathmandu",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "Pacific/Auckland",
)
DST_ZONES = tuple(z for z in ZONES if z not in ("UTC", "Asia/Kathmandu", "Asia/Kolkata"))

#: Every instant drawn lies in this span (UTC).
SPAN_START = datetime(2025, 6, 1, tzinfo=timezone.utc)
SPAN_END = datetime(2027, 6, 1, tzinfo=timezone.utc)


def _transitions(name: str) -> list[datetime]:
    """The UTC instants at which `name` changes its offset inside the span."""
    found = []
    step = timedelta(hours=1)
    here = SPAN_START
    offset = here.astimezone(zone(name)).utcoffset()
    while here < SPAN_END:
        nxt = here + step
        new = nxt.astimezone(zone(name)).utcoffset()
        if new != offset:
            # Narrow down to the minute.
            low, high = here, nxt
            while high - low > timedelta(minutes=1):
                mid = low + (high - low) / 2
                if mid.astimezone(zone(name)).utcoffset() == offset:
                    low = mid
                else:
                    high = mid
            found.append(high)
            offset = new
        here = nxt
    return found


TRANSITIONS = {name: _transitions(name) for name in DST_ZONES}
ALL_TRANSITIONS = sorted(t for ts in TRANSITIONS.values() for t in ts)

zones = st.sampled_from(ZONES)
dst_zones = st.sampled_from(DST_ZONES)


@st.composite
def instants(draw: st.DrawFn, start: datetime = SPAN_START, end: datetime = SPAN_END) -> datetime:
    """An aware instant in [start, end), often near a DST transition, shown in any zone."""
    span = int((end - start).total_seconds())
    near = [t for t in ALL_TRANSITIONS if start <= t < end]
    near_a_transition: bool = draw(st.booleans())
    if near and near_a_transition:
        base = draw(st.sampled_from(near))
        value = base + timedelta(seconds=draw(st.integers(-3 * 86400, 3 * 86400)))
        value = min(max(value, start), end - timedelta(seconds=1))
    else:
        value = start + timedelta(seconds=draw(st.integers(0, span - 1)))
    shown_in = draw(st.sampled_from(("UTC", *ZONES)))
    return value.astimezone(zone(shown_in)) if shown_in != "UTC" else value


@st.composite
def nights(draw: st.DrawFn) -> date:
    """A night well inside the span, often the night of a DST change."""
    if draw(st.booleans()):
        base = draw(st.sampled_from(ALL_TRANSITIONS)).date()
        day = base + timedelta(days=draw(st.integers(-2, 62)))
    else:
        day = date(2025, 9, 1) + timedelta(days=draw(st.integers(0, 540)))
    return day


ACCOUNTS = ("acct-1", "acct-2", "acct-3")
AREAS = ("North", "South", "East")
PROFESSIONS = ("Plumbing", "Electrical", "HVAC")
TECHNICIANS = ("tech-a", "tech-b", None)


@st.composite
def jobs(draw: st.DrawFn, job_id: str = "J", around: datetime | None = None,
         days: int = 70) -> Job:
    """One valid job. With `around`, its instants fall within `days` days of it."""
    if around is None:
        around = draw(instants(SPAN_START + timedelta(days=days), SPAN_END - timedelta(days=days)))
    lo, hi = around - timedelta(days=days), around + timedelta(days=days)
    timezone_name = draw(zones)
    status = draw(st.sampled_from(JobStatus))
    closed_at = draw(instants(lo, hi))
    appointment = (closed_at.astimezone(zone(timezone_name)).date()
                   + timedelta(days=draw(st.sampled_from((-2, -1, 0, 0, 0, 1)))))
    window_start = window_end = started_at = None
    if draw(st.integers(0, 3)):
        window_start = draw(instants(lo, hi))
        window_end = window_start.astimezone(timezone.utc) + timedelta(
            minutes=draw(st.sampled_from((0, 60, 120, 240))))
        if draw(st.integers(0, 4)):
            started_at = window_start + timedelta(minutes=draw(st.integers(-180, 420)))
    rating = draw(st.none() | st.integers(1, 5))
    rated_at = draw(instants(lo, hi)) if rating is not None else None
    hg_claim_at = draw(st.none() | instants(lo, hi)) if draw(st.integers(0, 3)) == 0 else None
    cancel_attributed = draw(st.booleans()) if status is JobStatus.CANCELLED else draw(
        st.none() | st.booleans())
    return Job(
        job_id=job_id,
        account_id=draw(st.sampled_from(ACCOUNTS)),
        coverage_area=draw(st.sampled_from(AREAS)),
        profession=draw(st.sampled_from(PROFESSIONS)),
        technician_id=draw(st.sampled_from(TECHNICIANS)),
        timezone=timezone_name,
        appointment_date=appointment,
        arrival_window_start=window_start,
        arrival_window_end=window_end,
        started_at=started_at,
        status=status,
        closed_at=None if status is JobStatus.OPEN and draw(st.booleans()) else closed_at,
        rating=rating,
        rated_at=rated_at,
        hg_claim_at=hg_claim_at,
        cancel_attributed=cancel_attributed,
        reschedule_attributed=draw(st.integers(0, 3)) == 0,
    )


@st.composite
def job_lists(draw: st.DrawFn, around: datetime | None = None, min_size: int = 0,
              max_size: int = 25) -> list[Job]:
    """A list of jobs with unique ids, their instants near `around`."""
    if around is None:
        around = draw(instants(SPAN_START + timedelta(days=80), SPAN_END - timedelta(days=80)))
    size = draw(st.integers(min_size, max_size))
    return [draw(jobs(job_id=f"J{index}", around=around)) for index in range(size)]


@st.composite
def disputes_for(draw: st.DrawFn, job_list: list[Job], max_size: int = 10) -> list[Dispute]:
    """Disputes naming jobs of `job_list`, of any type and outcome, decided near their job."""
    if not job_list:
        return []
    result = []
    for _ in range(draw(st.integers(0, max_size))):
        job = draw(st.sampled_from(job_list))
        outcome = draw(st.sampled_from(DisputeOutcome))
        base = job.closed_at or SPAN_START + timedelta(days=200)
        decided = None
        if outcome is not DisputeOutcome.PENDING or draw(st.booleans()):
            decided = draw(instants(base - timedelta(days=5), base + timedelta(days=40)))
        result.append(Dispute(job_id=job.job_id, issue_type=draw(st.sampled_from(IssueType)),
                              outcome=outcome, decided_at=decided))
    return result


@st.composite
def night_data(draw: st.DrawFn) -> tuple[date, list[Job], list[Dispute], str]:
    """A night, jobs and disputes around it, and an evaluation zone."""
    night = draw(nights())
    job_list = draw(job_lists(around=as_of_night(night, "UTC")))
    return night, job_list, draw(disputes_for(job_list)), draw(zones)


def utc(*args: int) -> datetime:
    """A UTC instant: ``utc(2026, 9, 14, 10)``."""
    return datetime(*args, tzinfo=timezone.utc)  # type: ignore[misc, arg-type]


def local(name: str, *args: int, fold: int = 0) -> datetime:
    """A wall time in zone `name`: ``local("America/Chicago", 2026, 9, 14, 10)``."""
    return tz.enfold(datetime(*args, tzinfo=zone(name)), fold)  # type: ignore[misc, arg-type]


#: The night most example tests evaluate: the window is [2026-07-17, 2026-09-15) UTC.
NIGHT = date(2026, 9, 14)
AS_OF = datetime(2026, 9, 15, tzinfo=timezone.utc)
WINDOW_START = datetime(2026, 7, 17, tzinfo=timezone.utc)


def make_job(**fields: object) -> Job:
    """A valid completed job closed on `NIGHT` in UTC, with `fields` changed.

    A cancelled job gets ``cancel_attributed=False`` unless `fields` says otherwise.
    """
    values: dict[str, object] = {
        "job_id": "J1",
        "account_id": "acct-1",
        "coverage_area": "North",
        "profession": "Plumbing",
        "timezone": "UTC",
        "appointment_date": NIGHT,
        "status": JobStatus.COMPLETED,
        "closed_at": datetime(2026, 9, 14, 15, tzinfo=timezone.utc),
    }
    values.update(fields)
    if values["status"] is JobStatus.CANCELLED and "cancel_attributed" not in fields:
        values["cancel_attributed"] = False
    return Job(**values)  # type: ignore[arg-type]


def make_dispute(job_id: str = "J1", issue_type: IssueType = IssueType.HG_CLAIM,
                 outcome: DisputeOutcome = DisputeOutcome.GRANTED,
                 decided_at: datetime | None = None) -> Dispute:
    """A dispute; one that is not pending is decided on 2026-09-01 UTC unless told otherwise."""
    if decided_at is None and outcome is not DisputeOutcome.PENDING:
        decided_at = datetime(2026, 9, 1, tzinfo=timezone.utc)
    return Dispute(job_id=job_id, issue_type=issue_type, outcome=outcome, decided_at=decided_at)


@st.composite
def history_inputs(draw: st.DrawFn) -> tuple[date, date, list[Job], list[Dispute], str,
                                             int, list[TargetSet]]:
    """A range of 10-40 nights (often around a DST change), jobs and disputes with facts
    arriving during it, a zone, a window length and target sets changing mid-range."""
    tz = draw(st.sampled_from(ZONES))
    if tz in TRANSITIONS and draw(st.booleans()):
        change = draw(st.sampled_from(TRANSITIONS[tz])).date()
        first = change - timedelta(days=draw(st.integers(0, 9)))
    else:
        first = draw(nights())
    last = first + timedelta(days=draw(st.integers(9, 39)))
    job_list = draw(job_lists(around=as_of_night(first + (last - first) / 2, tz)))
    stricter = TargetSet(as_of_night(draw(st.sampled_from((first, last))), tz),
                         {**SEED_TARGETS.targets, "reschedule_rate": Target.at_most("0%")})
    return (first, last, job_list, draw(disputes_for(job_list)), tz,
            draw(st.sampled_from((1, 7, 60))), [SEED_TARGETS, stricter])
