"""Scoped views: every view reads its jobs through `scoped`, which applies the viewer first.

The scoping guarantee: a view function never touches a job its viewer does not see.
Each view takes a `viewer` (default `OWNER`) and its first step is `scoped(...)` (or
`visible(...)` for `history`), which validates the whole input like `evaluate` does (an
invalid data set is invalid for every viewer), then keeps only the jobs the viewer sees
and the disputes on them. Everything after, windows, facts, tallies, figures, rows,
is computed from that `Scoped` data alone, so a scoped viewer cannot get an unscoped
figure by accident.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from operator import attrgetter

import attrs

from ..evaluation import check_references
from ..facts import DisputeIndex, JobFacts, job_facts
from ..records import Dispute, Job
from ..targets import TargetSet, target_set_in_force
from ..viewer import OWNER, Viewer, as_viewer
from ..window import Window, window_for

__all__ = ["OWNER", "Scoped", "Viewer", "scoped", "visible"]


def visible(jobs: Iterable[Job], disputes: Iterable[Dispute],
            viewer: Viewer) -> tuple[list[Job], list[Dispute]]:
    """Validate the whole input (`check_references`), then keep what `viewer` sees."""
    checked = as_viewer(viewer)
    job_list, dispute_list = list(jobs), list(disputes)
    check_references(job_list, dispute_list)
    return checked.restrict(job_list, dispute_list)


@attrs.frozen
class Scoped:
    """The data one view may look at: the window, the target set in force at its end,
    and only the jobs (and granted disputes) the viewer sees."""

    window: Window
    targets: TargetSet
    jobs: tuple[Job, ...]
    disputes: DisputeIndex = attrs.field(eq=False)
    #: Every account with a job the viewer sees, sorted.
    account_ids: tuple[str, ...] = attrs.field(init=False)

    @account_ids.default
    def _account_ids(self) -> tuple[str, ...]:
        return tuple(sorted(set(map(attrgetter("account_id"), self.jobs))))

    def facts(self, job: Job) -> JobFacts:
        """What the levels make of `job` (a job of the window) as of the window's end."""
        as_of = self.window.end
        return job_facts(job, as_of, self.disputes.granted(job.job_id, as_of))


def scoped(jobs: Iterable[Job], as_of: Window | datetime | date, *,
           disputes: Iterable[Dispute], tz: str, days: int,
           targets: TargetSet | Iterable[TargetSet], viewer: Viewer) -> Scoped:
    """Check the arguments and the input, then apply the viewer's scope (see the module)."""
    window = window_for(as_of, tz, days)
    job_list, dispute_list = visible(jobs, disputes, viewer)
    return Scoped(window, target_set_in_force(targets, window.end), tuple(job_list),
                  DisputeIndex(dispute_list))
