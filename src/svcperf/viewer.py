"""Who is looking: a viewer sees the jobs of the coverage areas assigned to it (SPEC §6).

This sits below `evaluation` so that `evaluate` and every view apply the same scope.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from .errors import InvalidArgumentError
from .records import Dispute, Job

__all__ = ["OWNER", "Viewer", "area_names", "as_viewer"]


def area_names(value: Iterable[str]) -> frozenset[str]:
    """Check a collection of coverage area names; raise `InvalidArgumentError` otherwise."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidArgumentError(f"areas: expected a collection of coverage area names, "
                                   f"got {value!r}")
    areas = frozenset(value)
    for area in areas:
        if not isinstance(area, str) or not area:
            raise InvalidArgumentError(f"areas: expected non-empty area names, got {area!r}")
    return areas


@attrs.frozen
class Viewer:
    """Someone looking at the data, assigned to some coverage areas.

    A viewer assigned to no area sees everything (so does the account owner, `OWNER`);
    one assigned to areas sees only the jobs whose `coverage_area` is one of them.

    >>> from datetime import date
    >>> from svcperf import Job, JobStatus
    >>> job = Job(job_id="J1", account_id="A", coverage_area="North", profession="Plumbing",
    ...           timezone="UTC", appointment_date=date(2026, 9, 14), status=JobStatus.OPEN)
    >>> Viewer({"North"}).sees(job), Viewer({"South"}).sees(job), OWNER.sees(job)
    (True, False, True)
    """

    areas: frozenset[str] = attrs.field(default=frozenset(), converter=area_names)

    def sees(self, job: Job) -> bool:
        """Whether this viewer may see `job`."""
        return not self.areas or job.coverage_area in self.areas

    def restrict(self, jobs: Sequence[Job],
                 disputes: Sequence[Dispute]) -> tuple[list[Job], list[Dispute]]:
        """The jobs this viewer sees, and the disputes on those jobs."""
        if not self.areas:
            return list(jobs), list(disputes)
        seen = [job for job in jobs if self.sees(job)]
        ids = {job.job_id for job in seen}
        return seen, [dispute for dispute in disputes if dispute.job_id in ids]


#: The account owner: sees every job.
OWNER = Viewer()


def as_viewer(value: object) -> Viewer:
    """Return `value` when it is a `Viewer`; raise `InvalidArgumentError` otherwise."""
    if not isinstance(value, Viewer):
        raise InvalidArgumentError(f"viewer: expected a Viewer (e.g. Viewer({{'North'}})), "
                                   f"got {value!r}")
    return value
