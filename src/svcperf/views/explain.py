"""Explain a figure: every job considered, what part it plays and why (SPEC §1, §4).

Rows come from `facts.outside_window` (is the job in the window?) and `facts.job_facts`
(what each level makes of it); the figure comes from `fold` and `performance`, as on
the dashboard. An explanation's counts equal its figure exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

import attrs

from ..engine_choice import Engine, choose
from ..errors import InvalidArgumentError
from ..evaluation import Figure, fold, performance
from ..facts import outside_window
from ..frozen import FrozenMap
from ..inputs import DisputesInput, JobsInput
from ..metrics import SERVICE_LEVELS, Ratio, Reason, Role, defect_free_rate
from ..records import IssueType, Job, JobStatus
from ..tabular import Tabular
from ..tally import Tally, TallyCounter
from ..targets import SEED_TARGETS, TargetSet
from ..viewer import OWNER, Viewer
from ..window import DEFAULT_DAYS, Window
from .breakdown import slice_reader
from .scope import Scoped, scoped, scoped_account

__all__ = ["METRIC_KEYS", "ExplainRow", "Explanation", "explain"]

#: The figures `explain` can explain: the seven service levels, then the defect-free rate.
METRIC_KEYS = (*(level.key for level in SERVICE_LEVELS), defect_free_rate.KEY)

_ROLE_ORDER = {Role.NUMERATOR: 0, Role.DENOMINATOR: 1, Role.LEFT_OUT: 2}


@attrs.frozen(kw_only=True)
class ExplainRow:
    """One job and what it is to the figure: its role, the reason, and what it adds to
    the numerator (1 for a rate, its stars for the rating). `issues` lists the issue
    types of a job of the window (after disputes). The job's attributes come along
    (`closed_at` is ``None`` for an open job that has none)."""

    job_id: str
    account_id: str
    role: Role
    reason: Reason
    contribution: int
    issues: tuple[IssueType, ...] = ()
    coverage_area: str
    profession: str
    technician_id: str | None
    status: JobStatus
    closed_at: datetime | None
    job: Job = attrs.field(repr=False)

    @classmethod
    def of(cls, job: Job, role: Role, reason: Reason, contribution: int = 0,
           issues: tuple[IssueType, ...] = ()) -> ExplainRow:
        """The row of `job`, its attributes taken from it."""
        return cls(job_id=job.job_id, account_id=job.account_id, role=role, reason=reason,
                   contribution=contribution, issues=issues, coverage_area=job.coverage_area,
                   profession=job.profession, technician_id=job.technician_id,
                   status=job.status, closed_at=job.closed_at, job=job)


@attrs.frozen(kw_only=True)
class Explanation(Tabular):
    """A figure of one account (and slice), with one row per job of that account (and
    slice), the jobs left out included. Rows are ordered by role (numerator, denominator
    only, left out), then job id.

    ``sum(row.contribution) == numerator`` and the number of rows not left out is the
    denominator, exactly.
    """

    metric: str
    account_id: str
    window: Window
    where: Mapping[str, str | None]
    numerator: int
    denominator: int
    figure: Figure
    rows: tuple[ExplainRow, ...]

    def __repr__(self) -> str:
        where = "".join(f" {name}={value!r}" for name, value in self.where.items())
        return (f"<Explanation {self.metric} of {self.account_id!r}{where}: "
                f"{self.numerator}/{self.denominator}, {len(self.rows)} jobs>")


def _ratio(metric: str, tally: Tally) -> Ratio:
    if metric == defect_free_rate.KEY:
        return defect_free_rate.ratio(tally)
    return next(level for level in SERVICE_LEVELS if level.key == metric).ratio(tally)


def _row(data: Scoped, job: Job, metric: str) -> ExplainRow:
    left_out = outside_window(job, data.window)
    if left_out is not None:
        return ExplainRow.of(job, Role.LEFT_OUT, left_out)
    facts = data.job_facts(job)
    counter = TallyCounter()
    counter.add(job.status is JobStatus.COMPLETED, facts.stars, facts.issue_mask)
    contribution = _ratio(metric, counter.tally()).numerator
    if metric == defect_free_rate.KEY:
        role = Role.DENOMINATOR if facts.issue_mask else Role.NUMERATOR
        reason = Reason.FLAGGED if facts.issue_mask else Reason.NO_ISSUE
    else:
        index = METRIC_KEYS.index(metric)
        reason = facts.reasons[index]
        role = SERVICE_LEVELS[index].role(reason)
    return ExplainRow.of(job, role, reason, contribution, facts.issues)


def _account(found: tuple[str, ...], account: str | None) -> str:
    if account is None:
        if len(found) != 1:
            raise InvalidArgumentError(f"account: expected an account id since the data holds "
                                       f"{len(found)} accounts ({', '.join(found)})")
        return found[0]
    if account not in found:
        raise InvalidArgumentError(f"account: expected an account of the data "
                                   f"({', '.join(found)}), got {account!r}")
    return account


def _checked_slice(where: Mapping[str, str | None] | None) -> dict[str, str | None]:
    if where is None:
        return {}
    if not isinstance(where, Mapping):
        raise InvalidArgumentError(f"where: expected a mapping of attribute to value, "
                                   f"got {where!r}")
    for name, value in where.items():
        if value is not None and not isinstance(value, str):
            raise InvalidArgumentError(f"where[{name!r}]: expected text or None (the "
                                       f"no-value slice), got {value!r}")
    return dict(where)


def explain(
    jobs: JobsInput,
    as_of: Window | datetime | date,
    metric: str,
    *,
    disputes: DisputesInput = (),
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
    engine: Engine = "auto",
    account: str | None = None,
    where: Mapping[str, str | None] | None = None,
) -> Explanation:
    """Explain the figure `metric` (a service level key or ``"defect_free_rate"``) of one
    account, optionally of one slice (`where`: ``{"technician_id": None}`` is the
    no-technician slice). Other arguments as `svcperf.evaluate`.

    `account` may be left out when the viewer sees exactly one account.

    >>> from datetime import timezone
    >>> from svcperf import Job, JobStatus
    >>> job = Job(job_id="J1", account_id="A", coverage_area="North", profession="Plumbing",
    ...           timezone="UTC", appointment_date=date(2026, 9, 14), status=JobStatus.OPEN)
    >>> result = explain([job], date(2026, 9, 14), "hg_claim_rate", tz="UTC")
    >>> result.figure, [(row.job_id, row.role.value, row.reason.value) for row in result.rows]
    (<Figure hg_claim_rate no data target <= 1% ->, [('J1', 'left out', 'open job')])
    """
    if metric not in METRIC_KEYS:
        raise InvalidArgumentError(f"metric: expected one of {', '.join(METRIC_KEYS)}, "
                                   f"got {metric!r}")
    if account is not None and not where and choose(engine, jobs) == "columnar":
        # (One account's records, not every account's: the figure reads no other job.)
        data, account_ids = scoped_account(jobs, as_of, account, disputes=disputes, tz=tz,
                                           days=days, targets=targets, viewer=viewer)
    else:
        data = scoped(jobs, as_of, disputes=disputes, tz=tz, days=days, targets=targets,
                      viewer=viewer, engine=engine)
        account_ids = data.account_ids
    account_id = _account(account_ids, account)
    slice_of = _checked_slice(where)
    selected = [job for job in data.jobs if job.account_id == account_id]
    if slice_of:
        value_of = slice_reader(tuple(slice_of), data.jobs, argument="where")
        wanted = tuple(slice_of.values())
        selected = [job for job in selected if value_of(job) == wanted]
    tally = fold(selected, data.window, data.disputes, lambda job: None).tallies().get(
        None, Tally())
    result = performance(tally, data.targets)
    figure = result.defect_free if metric == defect_free_rate.KEY else result[metric]
    rows = sorted((_row(data, job, metric) for job in selected),
                  key=lambda row: (_ROLE_ORDER[row.role], row.job_id))
    return Explanation(metric=metric, account_id=account_id, window=data.window,
                       where=FrozenMap(slice_of), numerator=figure.numerator,
                       denominator=figure.denominator, figure=figure, rows=tuple(rows))
