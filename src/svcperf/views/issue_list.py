"""The issue list ("Manage Jobs"): every job of the window with its issue types (SPEC §6)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import overload

import attrs

from ..engine_choice import Engine
from ..errors import InvalidArgumentError
from ..facts import outside_window
from ..inputs import DisputesInput, JobsInput
from ..records import IssueType, Job, JobStatus
from ..tabular import Tabular
from ..targets import SEED_TARGETS, TargetSet
from ..viewer import OWNER, Viewer, area_names
from ..window import DEFAULT_DAYS, Window
from .scope import scoped

__all__ = ["IssueList", "IssueRow", "issue_list"]


@attrs.frozen(kw_only=True)
class IssueRow:
    """One job of the window and the issue types it is flagged with (after disputes)."""

    account_id: str
    job_id: str
    coverage_area: str
    profession: str
    technician_id: str | None
    status: JobStatus
    closed_at: datetime
    issues: tuple[IssueType, ...]
    job: Job = attrs.field(repr=False)


@attrs.frozen
class IssueList(Sequence[IssueRow], Tabular):
    """The result of `issue_list`: its `window` and its `rows`, and a sequence of those
    rows (``len``, indexing, iteration). Two lists are equal when their windows and rows
    are."""

    window: Window
    rows: tuple[IssueRow, ...]

    @overload
    def __getitem__(self, index: int) -> IssueRow: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[IssueRow, ...]: ...

    def __getitem__(self, index: int | slice) -> IssueRow | tuple[IssueRow, ...]:
        return self.rows[index]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[IssueRow]:
        return iter(self.rows)

    def __repr__(self) -> str:
        return f"<IssueList as of {self.window.end.isoformat()}: {len(self.rows)} jobs>"


def _issue_types(value: Collection[IssueType | str] | None) -> frozenset[IssueType]:
    if value is None:
        return frozenset()
    if isinstance(value, str) or not isinstance(value, Collection):
        raise InvalidArgumentError(f"issue_types: expected a collection of issue types, "
                                   f"got {value!r}")
    try:
        return frozenset(IssueType(issue) for issue in value)
    except ValueError:
        raise InvalidArgumentError(f"issue_types: expected issue types among "
                                   f"{', '.join(IssueType)}, got {sorted(map(str, value))!r}"
                                   ) from None


def issue_list(
    jobs: JobsInput,
    as_of: Window | datetime | date,
    *,
    disputes: DisputesInput = (),
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
    engine: Engine = "auto",
    areas: Collection[str] | None = None,
    issue_types: Collection[IssueType | str] | None = None,
    account: str | None = None,
) -> IssueList:
    """Every job of the window the viewer sees, with its issue types, filtered.

    Filters (``None`` or empty: no filter; they only narrow what the viewer sees):
    `areas` keeps jobs in those coverage areas; `issue_types` keeps jobs flagged with
    at least one of those types (so it drops jobs with no issue); `account` keeps one
    account. Rows are ordered by (account_id, closed_at, job_id); the result carries
    the window.

    >>> issue_list([], date(2026, 9, 14), tz="UTC", issue_types=["hg_claim"])
    <IssueList as of 2026-09-15T00:00:00+00:00: 0 jobs>
    """
    data = scoped(jobs, as_of, disputes=disputes, tz=tz, days=days, targets=targets,
                  viewer=viewer, engine=engine)
    wanted_areas = frozenset() if areas is None else area_names(areas)
    wanted_issues = _issue_types(issue_types)
    rows = []
    for job in data.jobs:
        if ((account is not None and job.account_id != account)
                or (wanted_areas and job.coverage_area not in wanted_areas)
                or outside_window(job, data.window) is not None):
            continue
        assert job.closed_at is not None  # only closed jobs are in a window
        issues = data.job_facts(job).issues
        if wanted_issues and wanted_issues.isdisjoint(issues):
            continue
        rows.append(IssueRow(account_id=job.account_id, job_id=job.job_id,
                             coverage_area=job.coverage_area, profession=job.profession,
                             technician_id=job.technician_id, status=job.status,
                             closed_at=job.closed_at, issues=issues, job=job))
    rows.sort(key=lambda row: (row.account_id, row.closed_at, row.job_id))
    return IssueList(data.window, tuple(rows))
